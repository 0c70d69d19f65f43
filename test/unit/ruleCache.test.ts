import { before, test } from 'node:test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { parseDocument } from '../../server/src/analysis/parse/parseDocument';
import { fileContext, lintDocument, lintText, statementContext } from '../../server/src/analysis/lint';
import { TRACKED_CONTEXT_KEYS } from '../../server/src/analysis/ruleCache';
import { memoryFs } from '../../server/src/analysis/project/fs';
import { migrationLintContextForText, rootAt } from '../../server/src/analysis/project/project';
import { SchemaHistory, schemaBeforeFile } from '../../server/src/analysis/project/schemaHistory';
import { defaultSettings, type Settings } from '../../server/src/analysis/config/settings';
import type { Finding, Rule, RuleFinding, StatementContext } from '../../server/src/analysis/rules/types';

before(() => initParser());

/** Statements that trip many rules: local ones, ones that look back (timeouts, new tables), ones that look at the whole file. */
const BASE = [
  "SET lock_timeout = '2s';",
  'CREATE TABLE warehouses (id serial PRIMARY KEY, name varchar(40) NOT NULL, opened timestamp); -- new',
  'ALTER TABLE warehouses ADD COLUMN city text NOT NULL;',
  'BEGIN;',
  '/* the city */ ALTER TABLE stock ADD CONSTRAINT stock_wh_fk FOREIGN KEY (warehouse_id) REFERENCES warehouses (id);',
  'ALTER TABLE stock ALTER COLUMN amount SET NOT NULL;',
  'CREATE INDEX stock_city_idx ON stock (city);',
  'COMMIT;',
  '-- safeshift-ignore require-concurrent-index-creation',
  'CREATE INDEX warehouses_city_idx ON warehouses (city);',
  'ALTER TABLE stock DROP CONSTRAINT IF EXISTS stock_amount_check;',
  'ALTER TABLE stock ADD CONSTRAINT stock_amount_check CHECK (amount > 0);',
  "UPDATE stock SET city = 'Köln' WHERE city IS NULL;",
  'ALTER TABLE stock RENAME COLUMN city TO town;',
  'DROP INDEX stock_city_idx;',
  'CREATE TYPE mood AS ENUM (\'sad\', \'ok\');',
  "ALTER TYPE mood ADD VALUE 'happy';",
  'ALTER TABLE stock ADD COLUMN a_very_long_column_name_that_postgres_will_truncate_for_certain_xx int;',
  'DROP TABLE old_stock;',
].join('\n');

const SNIPPETS = [';', "'", '/*', '*/', '--', '\n', ' ', 'x', 'BEGIN;', 'COMMIT;', 'SELECT 1;', "SET statement_timeout = '1s';", 'CREATE TABLE stock (id int);', '(', ')', 'é', 'CONCURRENTLY ', 'IF EXISTS '];

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const SEEDS = (process.env.SAFESHIFT_FUZZ_SEEDS ?? '42,7,1234').split(',').map(Number);

/** A finding with everything a client sees. */
function observable(findings: Finding[]) {
  return findings.map((f) => ({ ...f, fixes: f.fixes.map((fix) => ({ ...fix })) }));
}

test('reusing rule results after an edit gives exactly what a fresh lint gives', () => {
  const settingsVariants: Settings[] = [defaultSettings(), { ...defaultSettings(), assumeInTransaction: true }];
  for (const seed of SEEDS) {
    const next = random(seed);
    let text = BASE;
    let settings = settingsVariants[0];
    let previous = lintText(text, settings).document;
    for (let step = 0; step < 250; step++) {
      const at = Math.floor(next() * (text.length + 1));
      if (next() < 0.35 && text.length > 0) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 6));
      else text = text.slice(0, at) + SNIPPETS[Math.floor(next() * SNIPPETS.length)] + text.slice(at);
      if (step % 10 === 9) text = BASE;
      if (step % 25 === 24) settings = settingsVariants[(step / 25) % 2 | 0];
      const reused = lintText(text, settings, undefined, previous);
      const fresh = lintText(text, settings);
      assert.deepEqual(observable(reused.findings), observable(fresh.findings), `seed ${seed} step ${step}: ${JSON.stringify(text)}`);
      previous = reused.document;
    }
  }
});

/** Rules that count their runs: one reads only its statement, one the statements before it, one the file. */
function countingRules() {
  const runs = { local: 0, prefix: 0, file: 0, outside: 0 };
  const meta = (id: string) => ({ id, category: 'style' as const, defaultSeverity: 'warning' as const, summary: id, docs: { badExample: '', why: '', safeAlternative: '' } });
  const rules: Rule[] = [
    { meta: meta('t-local'), check: ({ statement }) => (runs.local++, statement.kind === 'DropStmt' ? [{ message: 'drop', range: statement.range }] : []) },
    { meta: meta('t-prefix'), check: (c: StatementContext) => (runs.prefix++, [{ message: `after ${c.previous.length}` }]) },
    { meta: meta('t-file'), check: (c: StatementContext) => (runs.file++, [{ message: `of ${c.file.document.statements.length}` }]) },
    // A fix that edits outside the statement (the file's start) cannot be moved with it.
    { meta: meta('t-outside'), check: ({ statement }): RuleFinding[] => (runs.outside++, statement.index === 1 ? [{ message: 'x', fixes: [{ title: 't', edits: [{ range: { start: 0, end: 0 }, newText: '-- x\n' }] }] }] : []) },
  ];
  return { runs, rules };
}

test('after an edit, only the results that may have changed are computed again', () => {
  const settings = defaultSettings();
  const { runs, rules } = countingRules();
  const text = 'SELECT 1;\nSELECT 2;\nDROP TABLE a;\nSELECT 4;\nSELECT 5;\n';
  const first = parseDocument(text);
  const initial = lintDocument(first, settings, rules);
  assert.deepEqual({ ...runs }, { local: 5, prefix: 5, file: 5, outside: 5 });

  // Edit the fourth statement (index 3): SELECT 4 → SELECT 40.
  const edited = text.replace('SELECT 4;', 'SELECT 40;');
  const second = parseDocument(edited, {}, first);
  Object.assign(runs, { local: 0, prefix: 0, file: 0, outside: 0 });
  const findings = lintDocument(second, settings, rules, undefined, first);
  // Local: only the edited statement. Prefix: the edited one and those after it. File: all.
  // t-outside reads statement.index (a prefix read): the edited statement and the one after it run
  // again, and statement 1, whose out-of-statement fix is never stored, as well.
  assert.deepEqual({ ...runs }, { local: 1, prefix: 2, file: 5, outside: 3 });
  assert.deepEqual(observable(findings), observable(lintDocument(parseDocument(edited), settings, rules)));

  // The reused finding moved with its statement when text before it grew.
  const grown = `-- header\n${text}`;
  const third = lintDocument(parseDocument(grown, {}, first), settings, rules, undefined, first);
  const drop = third.find((f) => f.ruleId === 't-local');
  assert.equal(grown.slice(drop!.range.start, drop!.range.end), 'DROP TABLE a;');
  assert.ok(initial.some((f) => f.ruleId === 't-local'));
});

test('changed settings drop every stored result', () => {
  const { runs, rules } = countingRules();
  const text = 'SELECT 1;\nDROP TABLE a;\n';
  const first = parseDocument(text);
  lintDocument(first, defaultSettings(), rules);
  Object.assign(runs, { local: 0, prefix: 0, file: 0, outside: 0 });
  lintDocument(parseDocument(text, {}, first), { ...defaultSettings(), assumeInTransaction: true }, rules, undefined, first);
  assert.deepEqual({ ...runs }, { local: 2, prefix: 2, file: 2, outside: 2 });
});

/** Statements whose findings hang on what other statements say about the same names: renaming any name changes answers. */
const LOOKBACK = [
  "SET lock_timeout = '2s';",
  'CREATE TABLE parts (id bigint PRIMARY KEY, batch_id bigint REFERENCES batches (id), kind text) PARTITION BY LIST (kind);',
  'CREATE INDEX CONCURRENTLY parts_kind_idx ON parts (kind);',
  'CREATE TABLE batches (id bigserial PRIMARY KEY, owner_id int REFERENCES owners (id), note varchar(20));',
  'CREATE INDEX batches_owner_idx ON batches (owner_id);',
  'ALTER TABLE orders ADD CONSTRAINT orders_batch_fk FOREIGN KEY (batch_id) REFERENCES batches (id);',
  'ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_total_check;',
  'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total > 0);',
  'ALTER TABLE batches ADD COLUMN owner_name text NOT NULL;',
  'ALTER TABLE orders ADD COLUMN placed_at timestamptz NOT NULL;',
  'BEGIN;',
  'ALTER TABLE orders ALTER COLUMN total TYPE numeric;',
  'DROP INDEX batches_owner_idx;',
  'CREATE INDEX orders_placed_idx ON orders (placed_at);',
  'COMMIT;',
  '-- safeshift-ignore fk-without-index',
  'ALTER TABLE parts ADD CONSTRAINT parts_owner_fk FOREIGN KEY (kind) REFERENCES owners (name);',
  "SET statement_timeout = '5s';",
  'ALTER TABLE batches RENAME COLUMN note TO memo;',
].join('\n');

/** Names in LOOKBACK, and edits that rename, split, join or comment out statements. */
const NAMES = ['parts', 'batches', 'orders', 'owners', 'orders_total_check', 'kind', 'owner_id', 'batch_id'];
const STRUCTURAL = [';', '\n', 'x', 'BEGIN;\n', 'COMMIT;\n', '-- ', '-- safeshift-ignore prefer-robust-stmts\n', 'CREATE TABLE orders (id int);\n', 'ALTER TABLE parts DROP CONSTRAINT IF EXISTS parts_owner_fk;\n', ' CASCADE', '(', 'é'];

test('reuse matches a fresh lint over random renames, splits and joins in a file of look-backs', () => {
  for (const seed of SEEDS) {
    const next = random(seed * 31 + 5);
    let text = LOOKBACK;
    const settings = seed % 2 ? defaultSettings() : { ...defaultSettings(), assumeInTransaction: true };
    let previous = lintText(text, settings).document;
    for (let step = 0; step < 250; step++) {
      const roll = next();
      if (roll < 0.45) {
        // Type a letter into, or delete one from, one occurrence of a name: answers change for that name only.
        const name = NAMES[Math.floor(next() * NAMES.length)];
        const occurrences = [...text.matchAll(new RegExp(`\\b${name}\\b`, 'g'))].map((m) => m.index!);
        const at = occurrences[Math.floor(next() * occurrences.length)];
        if (at !== undefined) text = next() < 0.7 ? text.slice(0, at + name.length) + 's' + text.slice(at + name.length) : text.slice(0, at + name.length - 1) + text.slice(at + name.length);
      } else if (roll < 0.85) {
        const at = Math.floor(next() * (text.length + 1));
        text = text.slice(0, at) + STRUCTURAL[Math.floor(next() * STRUCTURAL.length)] + text.slice(at);
      } else {
        // Remove a whole line (a statement, BEGIN/COMMIT or an ignore comment).
        const lines = text.split('\n');
        lines.splice(Math.floor(next() * lines.length), 1);
        text = lines.join('\n');
      }
      if (step % 40 === 39) text = LOOKBACK;
      // The editor lints without fixes and asks for them on a lightbulb: both kinds of lint reuse the same results.
      const options = step % 3 === 0 ? { fixes: 'none' as const } : undefined;
      const reused = lintText(text, settings, undefined, previous, options);
      const fresh = lintText(text, settings, undefined, undefined, options);
      assert.deepEqual(observable(reused.findings), observable(fresh.findings), `seed ${seed} step ${step}: ${JSON.stringify(text)}`);
      previous = reused.document;
    }
  }
});

test('the tracking context offers exactly the statement context properties lint.ts builds', () => {
  const document = parseDocument('SELECT 1;');
  const plain = statementContext(fileContext(document, defaultSettings()), document.statements[0]);
  assert.deepEqual(Object.keys(plain).sort(), [...TRACKED_CONTEXT_KEYS].sort());
});

test('a result that asked questions is reused while their answers hold, also after a syntax error shifts the statements', () => {
  const runs = { asks: 0, local: 0 };
  const meta = (id: string) => ({ id, category: 'style' as const, defaultSeverity: 'warning' as const, summary: id, docs: { badExample: '', why: '', safeAlternative: '' } });
  const rules: Rule[] = [
    { meta: meta('t-asks'), check: (c) => (runs.asks++, c.statement.kind === 'IndexStmt' && c.isNewTable({ name: 'a' }) ? [{ message: 'new a' }] : []) },
    { meta: meta('t-local'), check: ({ statement }) => (runs.local++, [{ message: statement.kind }]) },
  ];
  const settings = defaultSettings();
  const text = 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);\nCREATE INDEX ON a (id);\nCREATE INDEX ON b (id);\n';
  const first = parseDocument(text);
  lintDocument(first, settings, rules);
  const reset = () => Object.assign(runs, { asks: 0, local: 0 });

  // Renaming b changes no answer about a: only the edited statement runs again (both indexes ask about a).
  reset();
  const renamed = text.replace('TABLE b', 'TABLE bx');
  const second = parseDocument(renamed, {}, first);
  const afterRename = lintDocument(second, settings, rules, undefined, first);
  assert.deepEqual({ asks: runs.asks, local: runs.local }, { asks: 1, local: 1 });
  assert.deepEqual(observable(afterRename), observable(lintDocument(parseDocument(renamed), settings, rules)));

  // Renaming a changes the answer both indexes got: they run again with the edited statement.
  reset();
  const renamedA = renamed.replace('TABLE a', 'TABLE ax');
  const third = parseDocument(renamedA, {}, second);
  const findings = lintDocument(third, settings, rules, undefined, second);
  assert.deepEqual({ asks: runs.asks, local: runs.local }, { asks: 3, local: 1 });
  assert.ok(!findings.some((f) => f.message === 'new a'));

  // A syntax error in the first statement drops it: every later statement moves down one index and keeps its results.
  reset();
  const broken = renamedA.replace('CREATE TABLE ax', 'CREATE TABLEx ax');
  const fourth = parseDocument(broken, {}, third);
  const afterError = lintDocument(fourth, settings, rules, undefined, third);
  assert.equal(runs.local, 0);
  assert.deepEqual(observable(afterError), observable(lintDocument(parseDocument(broken), settings, rules)));
});

/** Every .sql file under `dir`, in a stable order. */
function sqlFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sqlFiles(path));
    else if (entry.name.endsWith('.sql')) found.push(path);
  }
  return found;
}

const corpus = process.env.SAFESHIFT_CORPUS;
test('reuse matches a fresh lint after random edits of every file of the real corpus (SAFESHIFT_CORPUS)', { skip: corpus && existsSync(corpus) ? false : 'SAFESHIFT_CORPUS is not set' }, () => {
  const next = random(99);
  const settings = defaultSettings();
  let compared = 0;
  for (const path of sqlFiles(corpus!)) {
    let text = readFileSync(path, 'utf8');
    if (text.length > 200_000) continue;
    let previous = lintText(text, settings).document;
    for (let step = 0; step < 3; step++) {
      // Type a letter after a random identifier (a table name, often), or drop a random line.
      const words = [...text.matchAll(/[a-z_][a-z_0-9]*/gi)];
      if (step === 2 || words.length === 0) {
        const lines = text.split('\n');
        lines.splice(Math.floor(next() * lines.length), 1);
        text = lines.join('\n');
      } else {
        const word = words[Math.floor(next() * words.length)];
        const at = word.index! + word[0].length;
        text = text.slice(0, at) + 'x' + text.slice(at);
      }
      const options = step === 1 ? { fixes: 'none' as const } : undefined;
      const reused = lintText(text, settings, undefined, previous, options);
      const fresh = lintText(text, settings, undefined, undefined, options);
      assert.deepEqual(observable(reused.findings), observable(fresh.findings), `${path} step ${step}`);
      previous = reused.document;
      compared++;
    }
  }
  assert.ok(compared > 0);
});

test('reuse matches a fresh lint in a migration project (tool transactions, sections, replayed schema)', () => {
  const files: Record<string, string> = {
    '/p/migrations/00001_init.sql': '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, batch_id bigint, total numeric);\nCREATE TABLE owners (id bigint PRIMARY KEY, name text UNIQUE);\n',
  };
  const name = '/p/migrations/00002_next.sql';
  const initial = `-- +goose Up\n${LOOKBACK}\n-- +goose Down\nDROP TABLE parts;\nALTER TABLE orders DROP CONSTRAINT orders_total_check;\n`;
  const fs = memoryFs({ ...files, [name]: initial });
  const root = rootAt('/p/migrations', fs);
  assert.ok(root, 'goose root');
  // With the schema replayed from the earlier migration, as the editor lints (catalog rules, sibling tables).
  const history = new SchemaHistory({ placeholders: {}, maxFileBytes: 1 << 20 });
  const contextFor = (text: string) => {
    const context = migrationLintContextForText(root, name, text, memoryFs({ ...files, [name]: text }));
    assert.ok(context, 'migration context');
    const schema = schemaBeforeFile(history, root, name, (path) => (path === name ? text : files[path]));
    assert.ok(schema, 'replayed schema');
    return { ...context, schema };
  };
  for (const seed of SEEDS) {
    const next = random(seed * 17 + 3);
    let text = initial;
    const settings = defaultSettings();
    let previous = lintText(text, settings, contextFor(text)).document;
    for (let step = 0; step < 120; step++) {
      const roll = next();
      if (roll < 0.5) {
        const word = NAMES[Math.floor(next() * NAMES.length)];
        const occurrences = [...text.matchAll(new RegExp(`\\b${word}\\b`, 'g'))].map((m) => m.index!);
        const at = occurrences[Math.floor(next() * occurrences.length)];
        if (at !== undefined) text = text.slice(0, at + word.length) + 's' + text.slice(at + word.length);
      } else if (roll < 0.85) {
        const at = Math.floor(next() * (text.length + 1));
        text = text.slice(0, at) + [...STRUCTURAL, '-- +goose NO TRANSACTION\n', '-- +goose Down\n'][Math.floor(next() * (STRUCTURAL.length + 2))] + text.slice(at);
      } else {
        const lines = text.split('\n');
        lines.splice(1 + Math.floor(next() * (lines.length - 1)), 1);
        text = lines.join('\n');
      }
      if (step % 30 === 29) text = initial;
      const migration = contextFor(text);
      const options = step % 3 === 0 ? { fixes: 'none' as const } : undefined;
      const reused = lintText(text, settings, migration, previous, options);
      const fresh = lintText(text, settings, contextFor(text), undefined, options);
      assert.deepEqual(observable(reused.findings), observable(fresh.findings), `seed ${seed} step ${step}: ${JSON.stringify(text)}`);
      previous = reused.document;
    }
  }
});
