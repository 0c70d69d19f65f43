import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { fileContext, lintText } from '../../server/src/analysis/lint';
import { parseDocument } from '../../server/src/analysis/parse/parseDocument';
import { defaultSettings, type Settings } from '../../server/src/analysis/config/settings';

before(() => initParser());

const settings = (overrides: Partial<Settings> = {}): Settings => ({ ...defaultSettings(), ...overrides });
const ids = (text: string, s = settings()) => lintText(text, s).findings.map((f) => f.ruleId);

test('transaction state follows BEGIN/START/COMMIT/ROLLBACK and the assumed envelope', () => {
  const doc = parseDocument('SELECT 1; BEGIN; SELECT 2; COMMIT; START TRANSACTION; SELECT 3; ROLLBACK; SELECT 4;');
  const states = fileContext(doc, settings()).transactions.map((t) => t.inTransaction);
  assert.deepEqual(states, [false, false, true, true, false, true, true, false]);
  const wrapped = fileContext(parseDocument('SELECT 1; COMMIT; SELECT 2;'), settings({ assumeInTransaction: true })).transactions;
  assert.deepEqual(wrapped.map((t) => t.envelope), [true, true, false]);
});

test('rules can be turned off or re-levelled', () => {
  const text = 'CREATE INDEX i ON t (c);';
  assert.ok(ids(text).includes('require-concurrent-index-creation'));
  assert.ok(!ids(text, settings({ rules: { 'require-concurrent-index-creation': 'off' } })).includes('require-concurrent-index-creation'));
  const errors = lintText(text, settings({ rules: { 'require-concurrent-index-creation': 'error' } })).findings;
  assert.equal(errors.find((f) => f.ruleId === 'require-concurrent-index-creation')?.severity, 'error');
});

test('safeshift-ignore and squawk-ignore before a statement, trailing, and file-wide', () => {
  const rule = 'require-concurrent-index-creation';
  assert.ok(!ids(`-- safeshift-ignore ${rule} -- built at night\nCREATE INDEX i ON t (c);`).includes(rule));
  assert.ok(!ids(`/* squawk-ignore ${rule} */\nCREATE INDEX i ON t (c);`).includes(rule));
  assert.ok(!ids(`CREATE INDEX i ON t (c); -- safeshift-ignore ${rule}`).includes(rule));
  assert.ok(!ids(`-- safeshift-ignore-file ${rule}\nSELECT 1;\nCREATE INDEX i ON t (c);`).includes(rule));
  // An ignore covers only the statement it precedes.
  assert.ok(ids(`-- safeshift-ignore ${rule}\nCREATE INDEX i ON t (c);\nCREATE INDEX j ON t (d);`).includes(rule));
});

test('unused-ignore: unknown names and ignores that suppress nothing', () => {
  const findings = lintText('-- safeshift-ignore no-such-rule\nSELECT 1;\n-- safeshift-ignore require-concurrent-index-creation\nSELECT 2;', settings()).findings;
  const unused = findings.filter((f) => f.ruleId === 'unused-ignore');
  assert.equal(unused.length, 2);
  assert.match(unused[0].message, /Unknown rule "no-such-rule"/);
  assert.match(unused[1].message, /suppresses nothing/);
  assert.equal(unused[1].severity, 'hint');
  // A squawk-ignore that our rules make unnecessary is not nagged about; an unknown name still is.
  assert.ok(!lintText('-- squawk-ignore require-concurrent-index-creation\nSELECT 1;', settings()).findings.some((f) => f.ruleId === 'unused-ignore'));
  assert.ok(lintText('-- squawk-ignore no-such-rule\nSELECT 1;', settings()).findings.some((f) => f.ruleId === 'unused-ignore'));
  // Squawk rule names we recognise are not "unknown".
  assert.ok(!lintText('-- squawk-ignore prefer-robust-stmts\nCREATE INDEX i ON t (c);', settings()).findings.some((f) => /Unknown/.test(f.message)));
});

test('ignore fixes insert a comment above the statement, or extend one that is there', () => {
  const text = 'SELECT 1;\n  CREATE INDEX i ON t (c);';
  const finding = lintText(text, settings()).findings.find((f) => f.ruleId === 'require-concurrent-index-creation')!;
  const fix = finding.fixes.find((f) => f.title.includes('for this statement'))!;
  const edit = fix.edits[0];
  const fixed = text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
  assert.equal(fixed, 'SELECT 1;\n  -- safeshift-ignore require-concurrent-index-creation\n  CREATE INDEX i ON t (c);');
  assert.ok(!ids(fixed).includes('require-concurrent-index-creation'));
});

test('a syntax error does not hide findings in later statements', () => {
  const found = ids('ALTER TABLE t ADD COLUMN x int NOT NUL;\nCREATE INDEX i ON t (c);');
  assert.ok(found.includes('syntax-error'));
  assert.ok(found.includes('require-concurrent-index-creation'));
});
