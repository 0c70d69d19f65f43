/**
 * `safeshift schema`: the SQL it prints is run on a real PostgreSQL (PGlite) and the catalog it
 * builds is compared with running the migrations themselves on PGlite: same tables, columns,
 * types, defaults, constraints (validity included), indexes, partitions, sequences, enums,
 * domains and views. Objects the printer says it left out (a view whose query changed meaning,
 * a function renamed since it was created) are the only ones allowed to differ, and the test
 * checks that they are listed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { runSchemaPrinted } from '../../server/src/cli/schemaCommand';
import { differences, resetDatabase, runFidelity } from '../schema/harness';
import { fromDatabase } from '../schema/pgDump';
import type { SchemaSnapshot } from '../schema/snapshot';
import { ensureBuilt, run, ROOT } from './helpers';

const SCHEMA_FIXTURES = resolve(ROOT, 'test/schema/fixtures');
const PROJECTS = [
  ...readdirSync(SCHEMA_FIXTURES).map((name) => join(SCHEMA_FIXTURES, name)),
  // Tools whose files the fidelity harness also understands (up sections in the file).
  resolve(ROOT, 'test/projects/goose/migrations'),
].filter((dir) => statSync(dir).isDirectory());

let db: PGlite;

before(async () => {
  await initParser();
  db = new PGlite();
  await db.waitReady;
});

after(async () => {
  await db.close();
});

/**
 * Removes what the printer declared it left out, and what it never claims to print. A key's
 * connoinherit records how the key was made (by a parent's key, or by its own statement) and
 * changes nothing for a key, which is never inherited; DDL cannot set it on a standalone table.
 */
function withoutOmitted(snapshot: SchemaSnapshot, omitted: Array<{ kind: string; key: string }>): SchemaSnapshot {
  const copy = structuredClone(snapshot);
  copy.functions = [];
  for (const table of Object.values(copy.tables)) {
    for (const constraint of Object.values(table.constraints)) {
      if (constraint.kind === 'primary key' || constraint.kind === 'unique' || constraint.kind === 'exclusion') constraint.noInherit = false;
    }
  }
  for (const { kind, key } of omitted) {
    if (kind === 'view') delete copy.views[key];
    if (kind === 'index') delete copy.indexes[key];
    if (kind === 'trigger') {
      const dot = key.lastIndexOf('.');
      delete copy.tables[key.slice(0, dot)]?.triggers[key.slice(dot + 1)];
    }
  }
  return copy;
}

describe('safeshift schema rebuilds the schema on PostgreSQL', () => {
  for (const dir of PROJECTS) {
    test(`${dir.slice(ROOT.length + 1)}: the printed SQL builds what the migrations build`, async () => {
      const migrated = await runFidelity(db, dir);
      assert.deepEqual(migrated.databaseErrors, [], 'the migrations run on PostgreSQL');
      const printed = runSchemaPrinted({ dir }, ROOT);
      assert.deepEqual(printed.warnings, []);
      assert.ok(printed.omitted.every((o) => ['view', 'index', 'trigger', 'function'].includes(o.kind)), JSON.stringify(printed.omitted));
      for (const o of printed.omitted) assert.ok(printed.sql.includes('-- Not printed:'), `omission ${o.key} is said in the output`);

      await resetDatabase(db);
      try {
        await db.exec(printed.sql);
      } catch (error) {
        assert.fail(`PostgreSQL rejected the printed schema: ${(error as Error).message}\n${printed.sql}`);
      }
      const rebuilt = await fromDatabase(db);
      const diffs = differences(withoutOmitted(rebuilt, printed.omitted), withoutOmitted(migrated.database, printed.omitted));
      assert.equal(diffs.length, 0, `schemas differ:\n${diffs.join('\n')}\n\n${printed.sql}`);
      assert.ok(Object.keys(rebuilt.tables).length > 0);
    });
  }

  test('views and functions whose names still mean the same are printed, not omitted', () => {
    const printed = runSchemaPrinted({ dir: join(SCHEMA_FIXTURES, 'catalog'), at: '001_types_and_views.sql' }, ROOT);
    assert.deepEqual(printed.omitted, []);
    assert.match(printed.sql, /CREATE VIEW active_users AS SELECT/);
    assert.match(printed.sql, /CREATE TRIGGER users_touch BEFORE UPDATE/);
  });
});

describe('safeshift schema on the command line', () => {
  before(() => ensureBuilt());

  test('--at stops after the named migration', () => {
    const dir = join(SCHEMA_FIXTURES, 'shop');
    const all = run(['schema', dir]);
    const first = run(['schema', dir, '--at', '001_init.sql']);
    assert.equal(all.status, 0, all.stderr);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /through 001_init\.sql \(1 of 3 migrations\)/);
    assert.notEqual(first.stdout, all.stdout);
  });

  test('bad input is a usage error (exit 2) with a clear message', () => {
    const missing = run(['schema', join(ROOT, 'no-such-dir')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /is not a directory/);
    const unknown = run(['schema', join(SCHEMA_FIXTURES, 'shop'), '--at', '999']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /No migration "999"/);
    const noDir = run(['schema']);
    assert.equal(noDir.status, 2);
    assert.match(noDir.stderr, /Give the migrations directory/);
  });
});
