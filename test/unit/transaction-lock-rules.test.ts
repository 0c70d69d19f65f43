/**
 * wide-lock-window, statement-after-access-exclusive and multiple-alter-table look back over the
 * transaction: they must stay linear on files with thousands of statements in one transaction, and
 * give the same answer however the linter visits statements.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { fileContext, lintText } from '../../server/src/analysis/lint';
import { parseDocument } from '../../server/src/analysis/parse/parseDocument';
import { defaultSettings, type Settings } from '../../server/src/analysis/config/settings';
import { transactionLocks } from '../../server/src/analysis/rules/wide-lock-window';
import type { StatementContext } from '../../server/src/analysis/rules/types';
import { RULES as ALL_RULES } from '../../server/src/analysis/rules/registry';

before(() => initParser());

const RULES = ['wide-lock-window', 'statement-after-access-exclusive', 'multiple-alter-table'];

function only(overrides: Partial<Settings> = {}): Settings {
  const base = defaultSettings();
  const rules = Object.fromEntries(ALL_RULES.map((r) => [r.meta.id, RULES.includes(r.meta.id) ? ('warning' as const) : ('off' as const)]));
  return { ...base, rules, ...overrides };
}

test('3,000 ALTERs of distinct tables in one transaction lint in linear time', () => {
  const text = ['BEGIN;', ...Array.from({ length: 3000 }, (_, i) => `ALTER TABLE t${i} ADD COLUMN c text;`), 'UPDATE x SET a = 1 WHERE b;', 'COMMIT;'].join('\n');
  const started = Date.now();
  const findings = lintText(text, only()).findings;
  const elapsed = Date.now() - started;
  assert.equal(findings.filter((f) => f.ruleId === 'wide-lock-window').length, 2999);
  assert.equal(findings.filter((f) => f.ruleId === 'statement-after-access-exclusive').length, 1);
  assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
  const long = findings.find((f) => f.ruleId === 'wide-lock-window' && f.message.includes('more'));
  assert.match(long?.message ?? '', /and \d+ more/, 'long lists of held locks are shortened');
});

test('3,000 ALTERs of one table without a transaction: each one after the first is reported', () => {
  const text = Array.from({ length: 3000 }, (_, i) => `ALTER TABLE t ADD COLUMN c${i} text;`).join('\n');
  const findings = lintText(text, only()).findings.filter((f) => f.ruleId === 'multiple-alter-table');
  assert.equal(findings.length, 2999);
});

test('transactionLocks answers for any statement, in any order', () => {
  const document = parseDocument('BEGIN;\nALTER TABLE a ADD COLUMN x text;\nALTER TABLE b ADD COLUMN x text;\nCOMMIT;\nALTER TABLE c ADD COLUMN x text;');
  const file = fileContext(document, only());
  const at = (index: number) => transactionLocks({ file, statement: document.statements[index], transaction: file.transactions[index], previous: document.statements.slice(0, index) } as unknown as StatementContext);
  const tables = (index: number) => at(index).strong.map((h) => h.lock.name.name);
  assert.deepEqual(tables(3), ['a', 'b']);
  assert.deepEqual(tables(2), ['a']);
  assert.deepEqual(tables(4), []);
  assert.equal(at(2).openedBy, document.statements[0]);
});
