import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { parseDocument } from '../../server/src/analysis/parse/parseDocument';
import { lintDocument, lintText } from '../../server/src/analysis/lint';
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
  // The out-of-statement fix (statement 1) is never stored, so statement 1 runs again as well.
  assert.deepEqual({ ...runs }, { local: 1, prefix: 2, file: 5, outside: 2 });
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
