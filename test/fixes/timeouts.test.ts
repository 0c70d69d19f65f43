/**
 * Recipe 13 (issue #5): a migration that locks an existing table without timeouts gets the
 * preamble, SET LOCAL inside the tool's transaction, proven on PGlite.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeDatabase, lintFile, proveFix, rows, settingsFor, writeProject } from './harness';
import { join } from 'node:path';

after(closeDatabase);

function goose(risky: string, noTransaction = false): string {
  return writeProject({
    'migrations/00001_create.sql': '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, note text);\n-- +goose Down\nDROP TABLE orders;\n',
    'migrations/00002_change.sql': `${noTransaction ? '-- +goose NO TRANSACTION\n' : ''}-- +goose Up\n${risky}\n-- +goose Down\nSELECT 1;\n`,
  });
}

describe('recipe 13: missing lock_timeout / statement_timeout → the preamble', () => {
  for (const ruleId of ['require-lock-timeout', 'require-statement-timeout']) {
    test(`${ruleId}: both timeouts as SET LOCAL at the top of the wrapped migration`, async () => {
      const dir = goose('-- keep the old rows readable\nALTER TABLE orders ADD COLUMN status text;');
      const result = await proveFix({
        dir,
        file: 'migrations/00002_change.sql',
        ruleId,
        settings: settingsFor(16),
        title: /timeout preamble/,
        seedBefore: { '00002': 'INSERT INTO orders SELECT g FROM generate_series(1, 10) g;' },
        facts: async (db) => assert.deepEqual(await rows(db, "SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'status'"), [{ n: 1 }]),
      });
      assert.equal(
        result.text,
        "-- +goose Up\n-- Fail fast instead of queueing traffic behind a lock wait or a slow statement; retry the migration if it times out.\nSET LOCAL lock_timeout = '2s';\nSET LOCAL statement_timeout = '15min';\n-- keep the old rows readable\nALTER TABLE orders ADD COLUMN status text;\n-- +goose Down\nSELECT 1;\n",
      );
      // The preamble answers both rules at once.
      const after = await lintFile(join(dir, 'migrations/00002_change.sql'), settingsFor(16));
      assert.deepEqual(after.findings.filter((f) => /timeout/.test(f.ruleId)).map((f) => f.ruleId), []);
    });
  }

  test('outside a transaction the preamble uses plain SET', async () => {
    const dir = goose('ALTER TABLE orders ADD COLUMN status text;', true);
    const result = await proveFix({ dir, file: 'migrations/00002_change.sql', ruleId: 'require-lock-timeout', settings: settingsFor(16), facts: async () => undefined });
    assert.match(result.text, /^SET lock_timeout = '2s';\nSET statement_timeout = '15min';\nALTER TABLE/m);
  });

  test('when statement_timeout is already set, only lock_timeout is inserted', async () => {
    const dir = goose("SET LOCAL statement_timeout = '5min';\nALTER TABLE orders ADD COLUMN status text;");
    const result = await proveFix({ dir, file: 'migrations/00002_change.sql', ruleId: 'require-lock-timeout', settings: settingsFor(16), facts: async () => undefined });
    assert.match(result.fix.title, /^Insert SET LOCAL lock_timeout = '2s';$/);
    assert.match(result.text, /^SET LOCAL lock_timeout = '2s';\nSET LOCAL statement_timeout = '5min';$/m);
  });
});
