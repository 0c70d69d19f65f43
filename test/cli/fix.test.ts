/**
 * `safeshift fix` through the built CLI: --dry-run prints a unified diff (new files included) and
 * changes nothing; without it the fixes are written and the finding is gone on the next check.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, project, removeProject, run } from './helpers';

before(ensureBuilt);

const FILES = {
  'migrations/00001_create_orders.sql': '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n-- +goose Down\nDROP TABLE orders;\n',
  'migrations/00002_index_orders.sql': '-- +goose Up\nALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\n-- +goose Down\nSELECT 1;\n',
};
const FILE = 'migrations/00002_index_orders.sql';
const CREATED = 'migrations/00003_index_orders_customer_id_idx_concurrently.sql';

describe('safeshift fix', () => {
  test('--dry-run prints the diff of the edited file and of the new migration, and writes nothing', () => {
    const dir = project(FILES);
    try {
      const result = run(['fix', FILE, '--rule', 'require-concurrent-index-creation', '--dry-run'], { cwd: dir });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /^--- a\/migrations\/00002_index_orders\.sql\n\+\+\+ b\/migrations\/00002_index_orders\.sql\n@@ /m);
      assert.match(result.stdout, /^-CREATE INDEX orders_customer_id_idx ON orders \(customer_id\);$/m);
      assert.match(result.stdout, new RegExp(`^--- /dev/null\\n\\+\\+\\+ b/${CREATED.replace(/\./g, '\\.')}\\n@@ -0,0 \\+1,\\d+ @@\\n\\+-- \\+goose NO TRANSACTION$`, 'm'));
      assert.match(result.stdout, /^\+CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders \(customer_id\);$/m);
      assert.match(result.stderr, /Would create migrations\/00003_index_orders_customer_id_idx_concurrently\.sql/);
      assert.equal(readFileSync(join(dir, FILE), 'utf8'), FILES[FILE]);
      assert.equal(existsSync(join(dir, CREATED)), false);
    } finally {
      removeProject(dir);
    }
  });

  test('applies the fix, creates the migration, and check no longer reports the rule', () => {
    const dir = project(FILES);
    try {
      const before = run(['check', FILE], { cwd: dir });
      assert.match(before.stdout, /require-concurrent-index-creation/);
      const result = run(['fix', FILE, '--rule', 'require-concurrent-index-creation'], { cwd: dir });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /Fixed require-concurrent-index-creation: /);
      assert.match(result.stdout, /Created migrations\/00003_index_orders_customer_id_idx_concurrently\.sql/);
      assert.match(readFileSync(join(dir, CREATED), 'utf8'), /CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx/);
      const after = run(['check', FILE, CREATED], { cwd: dir });
      assert.doesNotMatch(after.stdout, /require-concurrent-index-creation/);
      // A second run finds nothing left to fix for the rule and never overwrites the new file.
      const again = run(['fix', FILE, '--rule', 'require-concurrent-index-creation'], { cwd: dir });
      assert.equal(again.status, 0);
      assert.match(again.stdout, /Nothing to fix\./);
    } finally {
      removeProject(dir);
    }
  });

  test('two fixes that each create a migration: the second waits for the next run, so versions never collide', () => {
    const twoIndexes = 'migrations/00002_index_orders.sql';
    const dir = project({
      ...FILES,
      [twoIndexes]: '-- +goose Up\nALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\nCREATE INDEX orders_note_idx ON orders (note);\n-- +goose Down\nSELECT 1;\n',
    });
    try {
      const first = run(['fix', twoIndexes, '--rule', 'require-concurrent-index-creation'], { cwd: dir });
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /Created migrations\/00003_/);
      assert.match(first.stdout, /Skipped require-concurrent-index-creation .*run fix again/);
      const second = run(['fix', twoIndexes, '--rule', 'require-concurrent-index-creation'], { cwd: dir });
      assert.equal(second.status, 0, second.stderr);
      assert.match(second.stdout, /Created migrations\/00004_/);
      const versions = readdirSync(join(dir, 'migrations')).map((name) => name.slice(0, 5));
      assert.deepEqual(versions, [...new Set(versions)], `duplicate versions in ${versions.join(', ')}`);
      const after = run(['check', 'migrations'], { cwd: dir });
      assert.doesNotMatch(after.stdout, /require-concurrent-index-creation|duplicate/);
    } finally {
      removeProject(dir);
    }
  });

  test('usage errors exit 2 with a message', () => {
    const dir = project(FILES);
    try {
      const unknown = run(['fix', FILE, '--rule', 'no-such-rule'], { cwd: dir });
      assert.equal(unknown.status, 2);
      assert.match(unknown.stderr, /Unknown rule "no-such-rule"/);
      const missing = run(['fix'], { cwd: dir });
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /fix needs a file/);
      const unreadable = run(['fix', 'nope.sql'], { cwd: dir });
      assert.equal(unreadable.status, 2);
      assert.match(unreadable.stderr, /Cannot read nope\.sql/);
    } finally {
      removeProject(dir);
    }
  });
});
