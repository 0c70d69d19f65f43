/**
 * Version gates of adding-column-with-rewrite and attaching-partition-with-scan, on both sides:
 * the fixtures check where the rules fire; these check what changes with the version.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { lintText } from '../../server/src/analysis/lint';
import { defaultSettings } from '../../server/src/analysis/config/settings';
import type { Finding } from '../../server/src/analysis/rules/types';

before(() => initParser());

function findings(text: string, major: number, rule: string, rules: Record<string, 'off'> = {}): Finding[] {
  return lintText(text, { ...defaultSettings(), postgresVersion: { major, minor: 0 }, rules }).findings.filter((f) => f.ruleId === rule);
}

const STORED = 'ALTER TABLE stock ADD COLUMN total numeric GENERATED ALWAYS AS (qty * price) STORED;';
const VIRTUAL = 'ALTER TABLE stock ADD COLUMN total numeric GENERATED ALWAYS AS (qty * price) VIRTUAL;';

test('adding-column-with-rewrite: STORED rewrites on 17 and 18; the VIRTUAL fix and hint only from 18', () => {
  // With adding-field-with-default on, that rule reports STORED columns (below) and this one stays quiet.
  const off = { 'adding-field-with-default': 'off' } as const;
  assert.deepEqual(findings(STORED, 18, 'adding-column-with-rewrite'), []);
  const on17 = findings(STORED, 17, 'adding-column-with-rewrite', off);
  const on18 = findings(STORED, 18, 'adding-column-with-rewrite', off);
  assert.equal(on17.length, 1);
  assert.equal(on18.length, 1);
  const virtualFix = (f: Finding) => f.fixes.find((x) => x.title.startsWith('Make it VIRTUAL'));
  assert.equal(virtualFix(on17[0]), undefined);
  assert.doesNotMatch(on17[0].message, /VIRTUAL/);
  assert.ok(virtualFix(on18[0]));
  assert.match(on18[0].message, /VIRTUAL generated column needs no rewrite/);
  assert.equal(virtualFix(on18[0])!.edits[0].newText, 'VIRTUAL');
  assert.deepEqual(findings(VIRTUAL, 18, 'adding-column-with-rewrite', off), []);
});

test('adding-field-with-default offers the same VIRTUAL fix for a STORED column from 18 only', () => {
  const make = (f: Finding) => f.fixes.find((x) => x.title.startsWith('Make it VIRTUAL'));
  const [on17] = findings(STORED, 17, 'adding-field-with-default');
  const [on18] = findings(STORED, 18, 'adding-field-with-default');
  assert.equal(make(on17), undefined);
  assert.equal(make(on18)?.edits[0].newText, 'VIRTUAL');
  assert.equal(make(on18)?.preferred, true);
});

test('attaching-partition-with-scan: the parent is locked too before 12, not from 12', () => {
  const text = "ALTER TABLE measurements ATTACH PARTITION measurements_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');";
  const [on11] = findings(text, 11, 'attaching-partition-with-scan');
  const [on12] = findings(text, 12, 'attaching-partition-with-scan');
  assert.match(on11.message, /before PostgreSQL 12 it also takes an ACCESS EXCLUSIVE lock on "measurements"/);
  assert.doesNotMatch(on12.message, /"measurements"/);
  assert.match(on12.message, /"measurements_2026"/);
});
