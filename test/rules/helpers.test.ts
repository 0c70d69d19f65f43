/**
 * Unit tests of the helpers rules share (server/src/analysis/rules/helpers.ts), and exact text of
 * the token-level fixes, which the fixture tests only check by re-linting.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlterTableStmt, ColumnDef } from 'libpg-query';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { parseDocument } from '../../server/src/analysis/parse/parseDocument';
import { fileContext, lintText, statementContext } from '../../server/src/analysis/lint';
import { defaultSettings, type Settings } from '../../server/src/analysis/config/settings';
import { nodeOfKind, typeInfo, type TypeInfo } from '../../server/src/analysis/ast';
import {
  alterTableCommands,
  columnsAddedEarlier,
  deleteStatement,
  lockPhraseOnAll,
  sameTransactionBefore,
  transactionOrigin,
} from '../../server/src/analysis/rules/helpers';
import { noRewrite } from '../../server/src/analysis/rules/changing-column-type';
import type { StatementContext } from '../../server/src/analysis/rules/types';
import { memoryFs } from '../../server/src/analysis/project/fs';
import { migrationLintContext, migrationLintContextForText, rootAt } from '../../server/src/analysis/project/project';

before(() => initParser());

const settings = (overrides: Partial<Settings> = {}): Settings => ({ ...defaultSettings(), ...overrides });

function commandTexts(sql: string): string[] {
  const document = parseDocument(sql);
  const statement = document.statements[0];
  return alterTableCommands(statement).map((c) => {
    assert.ok(c.located, `not located in ${sql}`);
    return sql.slice(c.range.start, c.range.end);
  });
}

/** A statement context as lint.ts builds it, for the helpers that take one. */
function contextAt(sql: string, index: number, s = settings()): StatementContext {
  const document = parseDocument(sql);
  const file = fileContext(document, s);
  return statementContext(file, document.statements[index]);
}

test('alterTableCommands: one range per subcommand, commas inside parentheses kept', () => {
  assert.deepEqual(commandTexts('ALTER TABLE t ADD COLUMN a numeric(10, 2), ALTER COLUMN b TYPE varchar(5);'), [
    'ADD COLUMN a numeric(10, 2)',
    'ALTER COLUMN b TYPE varchar(5)',
  ]);
  assert.deepEqual(commandTexts('alter table if exists "My Schema"."T" * drop column x , add check ((a, b) <> (1, 2));'), [
    'drop column x',
    'add check ((a, b) <> (1, 2))',
  ]);
  assert.deepEqual(commandTexts('ALTER TABLE ONLY t DROP COLUMN x, ADD CHECK (a > 0);'), ['DROP COLUMN x', 'ADD CHECK (a > 0)']);
  assert.deepEqual(commandTexts('ALTER TABLE cat.s.t DROP COLUMN x, ADD CHECK (a > 0);'), [
    'DROP COLUMN x',
    'ADD CHECK (a > 0)',
  ]);
  // Comments and strings containing commas are not separators.
  assert.deepEqual(commandTexts("ALTER TABLE s.t\n  ADD COLUMN a text DEFAULT 'x, y', -- one, two\n  DROP COLUMN b /* , */\n;"), [
    "ADD COLUMN a text DEFAULT 'x, y'",
    'DROP COLUMN b',
  ]);
});

test('alterTableCommands: ranges are UTF-16 offsets of the original text', () => {
  const sql = "SELECT 'crème 🍮';\nALTER TABLE \"tâble\" ADD COLUMN \"çity\" text, DROP COLUMN old;";
  const document = parseDocument(sql);
  const texts = alterTableCommands(document.statements[1]).map((c) => sql.slice(c.range.start, c.range.end));
  assert.deepEqual(texts, ['ADD COLUMN "çity" text', 'DROP COLUMN old']);
});

test('alterTableCommands: non-ALTER TABLE statements have none', () => {
  assert.deepEqual(alterTableCommands(parseDocument('SELECT 1;').statements[0]), []);
});

test('lockPhraseOnAll names every table', () => {
  assert.equal(lockPhraseOnAll('ShareRowExclusiveLock', [{ name: 'a' }, { schema: 's', name: 'b' }, { name: 'c' }]), 'takes a SHARE ROW EXCLUSIVE lock on "a", "s.b" and "c": blocks INSERT, UPDATE and DELETE');
  assert.equal(lockPhraseOnAll('AccessExclusiveLock', [{ name: 'a' }]), 'takes an ACCESS EXCLUSIVE lock on "a": blocks all reads and writes');
});

test('sameTransactionBefore: back to the BEGIN, nothing outside a transaction, the whole envelope', () => {
  const sql = 'SELECT 1; BEGIN; SELECT 2; SELECT 3; COMMIT; SELECT 4;';
  const texts = (index: number, s?: Settings) => sameTransactionBefore(contextAt(sql, index, s)).map((x) => x.text);
  assert.deepEqual(texts(3), ['SELECT 2;']);
  assert.deepEqual(texts(2), []);
  assert.deepEqual(texts(5), []);
  // Under the envelope a BEGIN opens nothing new: the transaction began with the file.
  assert.deepEqual(texts(3, settings({ assumeInTransaction: true })), ['SELECT 1;', 'BEGIN;', 'SELECT 2;']);
  assert.deepEqual(texts(5, settings({ assumeInTransaction: true })), []);
});

test('transactionOrigin names the BEGIN line or the envelope', () => {
  assert.equal(transactionOrigin(contextAt('SELECT 1;\nSTART TRANSACTION;\nSELECT 2;', 2)), 'it runs inside the transaction opened on line 2');
  assert.match(transactionOrigin(contextAt('SELECT 1;', 0, settings({ assumeInTransaction: true }))), /assumeInTransaction/);
});

test('columnsAddedEarlier: only earlier ADD COLUMNs of the same table', () => {
  const sql = 'ALTER TABLE t ADD COLUMN a int, ADD COLUMN b text; ALTER TABLE u ADD COLUMN c int; ALTER TABLE public.t DROP COLUMN a; ALTER TABLE t ADD COLUMN d int;';
  const added = columnsAddedEarlier(contextAt(sql, 2), { schema: 'public', name: 't' });
  assert.deepEqual([...added.keys()], ['a', 'b']);
});

test('typeInfo keeps a zero modifier', () => {
  const statement = parseDocument('ALTER TABLE t ADD COLUMN a timestamp(0), ADD COLUMN b numeric(10, 0);').statements[0];
  const infos = ((statement.node as AlterTableStmt).cmds ?? []).map((c) => typeInfo(nodeOfKind<ColumnDef>(nodeOfKind<{ def?: never }>(c, 'AlterTableCmd')?.def, 'ColumnDef')?.typeName));
  assert.deepEqual(infos.map((i) => i?.modifiers), [[0], [10, 0]]);
});

test('noRewrite: the binary-compatible type changes, and only those', () => {
  const t = (name: string, modifiers: number[] = [], isArray = false): TypeInfo => ({ name, modifiers, isArray });
  assert.ok(noRewrite(t('varchar', [10]), t('varchar', [20])));
  assert.ok(noRewrite(t('varchar', [10]), t('text')));
  assert.ok(noRewrite(t('varchar', [10]), t('varchar')));
  assert.ok(noRewrite(t('text'), t('varchar')));
  assert.ok(noRewrite(t('numeric', [10, 2]), t('numeric', [12, 2])));
  assert.ok(noRewrite(t('numeric', [10, 2]), t('numeric')));
  assert.ok(noRewrite(t('timestamptz', [0]), t('timestamptz', [6])));
  assert.ok(noRewrite(t('cidr'), t('inet')));
  assert.ok(noRewrite(t('int4'), t('int4')));
  assert.ok(!noRewrite(t('varchar', [20]), t('varchar', [10])));
  assert.ok(!noRewrite(t('text'), t('varchar', [10])));
  assert.ok(!noRewrite(t('numeric', [10, 2]), t('numeric', [12, 3])));
  assert.ok(!noRewrite(t('numeric'), t('numeric', [12, 2])));
  assert.ok(!noRewrite(t('int4'), t('int8')));
  assert.ok(!noRewrite(t('timestamp'), t('timestamptz')));
  assert.ok(!noRewrite(t('varchar', [10], true), t('text')));
});

function applyFix(sql: string, ruleId: string, title: RegExp, s = settings()): string {
  const finding = lintText(sql, s).findings.find((f) => f.ruleId === ruleId);
  assert.ok(finding, `${ruleId} did not fire on ${sql}`);
  const fix = finding.fixes.find((f) => title.test(f.title));
  assert.ok(fix, `no fix ${title} on ${ruleId}`);
  let text = sql;
  for (const edit of [...fix.edits].sort((a, b) => b.range.start - a.range.start)) text = text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
  return text;
}

test('"Add NOT VALID" goes right after the constraint, before comments, commas and the semicolon', () => {
  assert.equal(
    applyFix('ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) -- why\n;', 'constraint-missing-not-valid', /^Add NOT VALID/),
    'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID -- why\n;',
  );
  assert.equal(
    applyFix('ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES p (id) ON DELETE CASCADE, DROP COLUMN b;', 'adding-foreign-key-constraint', /^Add NOT VALID/),
    'ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES p (id) ON DELETE CASCADE NOT VALID, DROP COLUMN b;',
  );
});

test('the renaming-table fix adds the view on the next line, after a trailing comment', () => {
  assert.equal(
    applyFix('ALTER TABLE stock RENAME TO inventory; -- rename\nSELECT 1;', 'renaming-table', /CREATE VIEW/),
    'ALTER TABLE stock RENAME TO inventory; -- rename\nCREATE VIEW stock AS SELECT * FROM inventory;\nSELECT 1;',
  );
  assert.equal(
    applyFix('ALTER TABLE "Kitchen".stock RENAME TO "New Stock";\r\n', 'renaming-table', /CREATE VIEW/),
    'ALTER TABLE "Kitchen".stock RENAME TO "New Stock";\r\nCREATE VIEW "Kitchen".stock AS SELECT * FROM "Kitchen"."New Stock";\r\n',
  );
});

test('messages name the lock, the table, what it blocks, and the way out', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['BEGIN; CREATE INDEX CONCURRENTLY i ON users (a); COMMIT;', 'ban-concurrent-index-creation-in-transaction', /without a transaction.*SHARE UPDATE EXCLUSIVE lock on "users"/],
    ['ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id);', 'adding-foreign-key-constraint', /SHARE ROW EXCLUSIVE lock on "orders" and "users": blocks INSERT, UPDATE and DELETE.*NOT VALID/],
    ['ALTER TABLE users ALTER COLUMN a SET NOT NULL;', 'adding-not-nullable-field', /ACCESS EXCLUSIVE lock on "users": blocks all reads and writes.*CHECK \("a" IS NOT NULL\) NOT VALID/],
    ['ALTER TABLE users ADD COLUMN a int NOT NULL;', 'adding-required-field', /ACCESS EXCLUSIVE lock on "users": blocks all reads and writes.*DEFAULT/],
    ['ALTER TABLE users DROP COLUMN a;', 'ban-drop-column', /ACCESS EXCLUSIVE lock on "users": blocks all reads and writes.*deploy/],
    ['DROP TABLE users;', 'ban-drop-table', /ACCESS EXCLUSIVE lock on "users": blocks all reads and writes.*deploy/],
    ['ALTER TABLE users RENAME COLUMN a TO b;', 'renaming-column', /ACCESS EXCLUSIVE lock on "users": blocks all reads and writes.*expand\/contract/],
    ['ALTER TABLE users RENAME TO people;', 'renaming-table', /ACCESS EXCLUSIVE lock on "users": blocks all reads and writes.*CREATE VIEW users/],
    ['ALTER TABLE users ALTER COLUMN a TYPE bigint;', 'changing-column-type', /ACCESS EXCLUSIVE lock on "users": blocks all reads and writes.*expand\/contract/],
    ['ALTER TABLE users ADD CHECK (a > 0);', 'constraint-missing-not-valid', /ACCESS EXCLUSIVE lock on "users": blocks all reads and writes.*NOT VALID/],
  ];
  for (const [sql, ruleId, pattern] of cases) {
    const finding = lintText(sql, settings()).findings.find((f) => f.ruleId === ruleId);
    assert.ok(finding, `${ruleId} did not fire on ${sql}`);
    assert.match(finding.message, pattern, ruleId);
  }
});

test('adding-not-nullable-field gives the alternative that exists in the target version', () => {
  const message = (major: number) =>
    lintText('ALTER TABLE users ALTER COLUMN a SET NOT NULL;', settings({ postgresVersion: { major, minor: 0 } })).findings.find((f) => f.ruleId === 'adding-not-nullable-field')!.message;
  assert.match(message(11), /11 and older always scan/);
  assert.match(message(16), /skips the scan/);
  assert.match(message(18), /NOT NULL "a" NOT VALID/);
});

test('deleteStatement removes the line when the statement owns it, else only the statement', () => {
  const del = (sql: string, index: number) => {
    const document = parseDocument(sql);
    const edit = deleteStatement(document, document.statements[index]);
    return sql.slice(0, edit.range.start) + edit.newText + sql.slice(edit.range.end);
  };
  assert.equal(del('BEGIN;\nSELECT 1;\nCOMMIT;\n', 0), 'SELECT 1;\nCOMMIT;\n');
  assert.equal(del('BEGIN;\r\nSELECT 1;\r\nCOMMIT; -- done\r\n', 2), 'BEGIN;\r\nSELECT 1;\r\n');
  assert.equal(del('BEGIN; SELECT 1; COMMIT;', 0), 'SELECT 1; COMMIT;');
  assert.equal(del('SELECT 1;\n  COMMIT', 1), 'SELECT 1;\n');
  // A block comment that runs past the line stays whole.
  assert.equal(del('BEGIN; /* one\ntwo */\nSELECT 1;', 0), '/* one\ntwo */\nSELECT 1;');
});

test('the ban-concurrent-index-creation-in-transaction fix unwraps a transaction that holds only the index', () => {
  assert.equal(
    applyFix('-- index\nBEGIN;\nCREATE INDEX CONCURRENTLY i ON t (c);\nCOMMIT;\n', 'ban-concurrent-index-creation-in-transaction', /^Remove the surrounding/),
    '-- index\nCREATE INDEX CONCURRENTLY i ON t (c);\n',
  );
  // With anything else in the transaction there is no such fix.
  const finding = lintText("BEGIN;\nSET LOCAL lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY i ON t (c);\nCOMMIT;", settings()).findings.find((f) => f.ruleId === 'ban-concurrent-index-creation-in-transaction');
  assert.ok(finding && !finding.fixes.some((f) => f.title.startsWith('Remove')));
});

describe('rules with a migration project (the tool decides the transaction)', () => {
  const goose = (up: string, down = '') => `-- +goose Up\n${up}\n${down ? `-- +goose Down\n${down}\n` : ''}`;
  function lintInProject(name: string, text: string) {
    const files = { '/p/migrations/00001_init.sql': goose('CREATE TABLE users (id bigint PRIMARY KEY, email text);'), [`/p/migrations/${name}`]: text };
    const fs = memoryFs(files);
    const root = rootAt('/p/migrations', fs);
    assert.ok(root, 'goose root');
    const context = migrationLintContext(root, `/p/migrations/${name}`) ?? migrationLintContextForText(root, `/p/migrations/${name}`, text, fs);
    assert.ok(context, 'migration context');
    return lintText(text, settings(), context).findings;
  }

  test('a lone CONCURRENTLY in a goose file is in goose\'s transaction, whatever Squawk assumes', () => {
    const text = goose('CREATE INDEX CONCURRENTLY users_email_idx ON users (email);');
    const finding = lintInProject('00002_index.sql', text).find((f) => f.ruleId === 'ban-concurrent-index-creation-in-transaction');
    assert.ok(finding);
    assert.match(finding.message, /goose/i);
    const outside = goose('-- +goose NO TRANSACTION\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);');
    assert.ok(!lintInProject('00002_index.sql', outside).some((f) => f.ruleId === 'ban-concurrent-index-creation-in-transaction'));
  });

  test('VALIDATE in the down section is not in the transaction of the up section', () => {
    const text = goose(
      'ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> \'\') NOT VALID;',
      'ALTER TABLE users VALIDATE CONSTRAINT users_email_check;',
    );
    assert.ok(!lintInProject('00002_check.sql', text).some((f) => f.ruleId === 'constraint-missing-not-valid'));
    const same = goose("ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> '') NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_check;");
    assert.ok(lintInProject('00002_check.sql', same).some((f) => f.ruleId === 'constraint-missing-not-valid'));
  });
});

test('ADD COLUMN … REFERENCES: the fix moves the reference to ADD FOREIGN KEY … NOT VALID', () => {
  const fix = (sql: string) => applyFix(sql, 'adding-foreign-key-constraint', /^Move REFERENCES/);
  assert.equal(
    fix('ALTER TABLE inventory ADD COLUMN warehouse_id bigint REFERENCES warehouses (id);'),
    'ALTER TABLE inventory ADD COLUMN warehouse_id bigint, ADD FOREIGN KEY (warehouse_id) REFERENCES warehouses (id) NOT VALID;',
  );
  assert.equal(
    fix('ALTER TABLE t ADD COLUMN "Owner" bigint CONSTRAINT "My FK" REFERENCES p (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED NOT NULL DEFAULT 0, DROP COLUMN x;'),
    'ALTER TABLE t ADD COLUMN "Owner" bigint NOT NULL DEFAULT 0, ADD CONSTRAINT "My FK" FOREIGN KEY ("Owner") REFERENCES p (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED NOT VALID, DROP COLUMN x;',
  );
});
