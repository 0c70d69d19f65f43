/**
 * The sandbox runs a migration inside the transaction envelope its tool gives it: the script's own
 * BEGIN/COMMIT, goose's NO TRANSACTION, and a CONCURRENTLY statement the tool would send inside
 * its transaction (run outside, with a note). Real PGlite.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultSandboxSettings } from '../../server/src/analysis/config/settings';
import { EmbeddedEngine } from '../../server/src/sandbox/engines/embedded';
import { runMigrations } from '../../server/src/sandbox/runner';
import type { RunReport } from '../../server/src/sandbox/types';

let project: string;
const engine = new EmbeddedEngine({ cacheDir: null });

before(() => {
  project = mkdtempSync(join(tmpdir(), 'safeshift-envelopes-'));
});

after(async () => {
  await engine.stop();
  rmSync(project, { recursive: true, force: true });
});

function write(relative: string, text: string): string {
  const path = join(project, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function run(path: string): Promise<RunReport> {
  return runMigrations({ paths: [path], cwd: project, settings: defaultSandboxSettings(), engine }, new AbortController().signal, () => undefined);
}

describe('transaction envelopes in the sandbox', { timeout: 600_000 }, () => {
  test("a script's own BEGIN … COMMIT holds its locks across statements", async () => {
    write('plain/001_t.sql', 'CREATE TABLE t (id int PRIMARY KEY, a int, b int);\n');
    const target = write('plain/002_change.sql', 'BEGIN;\nALTER TABLE t ADD COLUMN c int;\nUPDATE t SET a = 1;\nCOMMIT;\nSELECT 1;\n');
    const statements = (await run(target)).migrations[0].statements;
    assert.deepEqual(statements.map((s) => s.line), [1, 2, 3, 4, 5]);
    const [, alter, update, , select] = statements;
    assert.deepEqual(alter.locks, [{ relation: 'public.t', mode: 'AccessExclusiveLock', source: 'observed' }]);
    assert.equal(alter.outsideTransaction, false);
    // The UPDATE's ROW EXCLUSIVE is weaker than what the transaction holds: nothing new, still blocking.
    assert.deepEqual(update.locks, []);
    assert.equal(update.blocks.reads, true, 'the ACCESS EXCLUSIVE lock is held until COMMIT');
    assert.equal(update.rowsAffected, 0);
    assert.equal(select.outsideTransaction, true);
    assert.deepEqual(select.locks, []);
  });

  test('goose NO TRANSACTION: each statement on its own, its locks still read', async () => {
    write('goose/00001_t.sql', '-- +goose Up\nCREATE TABLE g (id int PRIMARY KEY, name text);\n-- +goose Down\nDROP TABLE g;\n');
    const target = write('goose/00002_idx.sql', '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX g_name_idx ON g (name);\nALTER TABLE g ADD COLUMN x int;\n-- +goose Down\nDROP INDEX g_name_idx;\n');
    const report = await run(target);
    const [index, alter] = report.migrations[0].statements;
    assert.equal(index.outsideTransaction, true, JSON.stringify(report));
    assert.deepEqual(index.locks, [{ relation: 'public.g', mode: 'ShareLock', source: 'observed' }]);
    assert.deepEqual(alter.locks, [{ relation: 'public.g', mode: 'AccessExclusiveLock', source: 'observed' }], 'the index lock was released with its own transaction');
    assert.equal(report.migrations[0].ok, true);
  });

  test('CONCURRENTLY inside a tool transaction runs outside it, with a note saying the tool would fail', async () => {
    write('dbmate/db/migrations/20240101000000_t.sql', '-- migrate:up\nCREATE TABLE d (id int);\n-- migrate:down\nDROP TABLE d;\n');
    const target = write('dbmate/db/migrations/20240102000000_idx.sql', '-- migrate:up\nCREATE INDEX CONCURRENTLY d_id_idx ON d (id);\n-- migrate:down\nDROP INDEX d_id_idx;\n');
    const statement = (await run(target)).migrations[0].statements[0];
    assert.equal(statement.error, null);
    assert.equal(statement.outsideTransaction, true);
    assert.match(statement.note ?? '', /dbmate would send it inside its transaction, where it fails \(SQLSTATE 25001\)/);
  });
});
