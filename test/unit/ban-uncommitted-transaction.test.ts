/**
 * ban-uncommitted-transaction with a migration project: the up and down sections of one file run
 * separately, and a BEGIN inside the tool's own transaction is the tool's to commit.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings } from '../../server/src/analysis/config/settings';
import { lintText } from '../../server/src/analysis/lint';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { memoryFs } from '../../server/src/analysis/project/fs';
import { migrationLintContext, rootAt } from '../../server/src/analysis/project/project';

before(() => initParser());

const RULE = 'ban-uncommitted-transaction';
const FILE = '/p/db/migrations/20240101000000_add_note.sql';

function lines(text: string): number[] {
  const root = rootAt('/p/db/migrations', memoryFs({ [FILE]: text }), { explicitRoots: [{ dir: '/p/db/migrations', tool: 'dbmate' }] });
  assert.ok(root, 'no dbmate root');
  const context = migrationLintContext(root, FILE);
  assert.ok(context, 'no migration context');
  return lintText(text, defaultSettings(), context)
    .findings.filter((f) => f.ruleId === RULE)
    .map((f) => text.slice(0, f.range.start).split('\n').length);
}

test('a COMMIT in the down section does not end the up section\'s transaction', () => {
  const text = ['-- migrate:up transaction:false', 'BEGIN;', 'ALTER TABLE accounts ADD COLUMN note text;', '', '-- migrate:down transaction:false', 'COMMIT;', 'ALTER TABLE accounts DROP COLUMN note;', ''].join('\n');
  assert.deepEqual(lines(text), [2]);
});

test('BEGIN … COMMIT inside one section is fine', () => {
  const text = ['-- migrate:up transaction:false', 'BEGIN;', 'ALTER TABLE accounts ADD COLUMN note text;', 'COMMIT;', '', '-- migrate:down transaction:false', 'ALTER TABLE accounts DROP COLUMN note;', ''].join('\n');
  assert.deepEqual(lines(text), []);
});

test('a BEGIN inside the transaction dbmate wraps the section in is committed by dbmate', () => {
  const text = ['-- migrate:up', 'BEGIN;', 'ALTER TABLE accounts ADD COLUMN note text;', '', '-- migrate:down', 'ALTER TABLE accounts DROP COLUMN note;', ''].join('\n');
  assert.deepEqual(lines(text), []);
});
