/**
 * Replay fidelity: every fixture project under test/schema/fixtures/ is applied to the catalog model
 * and, for real, to PGlite (PostgreSQL 18); both catalogs are read into one shape (snapshot.ts,
 * pgDump.ts) and must be equal: tables, columns, types, nullability, defaults, constraints with
 * validity, indexes, partitions, views with the columns they read, sequences, enums, domains,
 * functions and triggers. Expressions are compared after canonical.ts, which undoes only the
 * rewrites PostgreSQL applies when it stores them.
 *
 * Any other directory of ordered .sql migrations can be checked the same way:
 *
 *   SAFESHIFT_REPLAY_DIR=/path/to/migrations node --test out/test/schema/fidelity.test.js
 *
 * Files are taken in natural name order; `*.down.sql` are skipped and a folder per migration
 * contributes its `up.sql` (or `migration.sql`). The extensions btree_gin, btree_gist, citext,
 * hstore, ltree, pg_trgm, pgcrypto and uuid-ossp can be created. Statements PostgreSQL rejects and
 * statements the model could not apply are printed as diagnostics; the two schemas must still be
 * equal. Known differences on real projects: PostgreSQL prints some typed literals in its own
 * form (`interval '12 months'` as `'1 year'::interval`), which the comparison does not undo.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite, type Extensions } from '@electric-sql/pglite';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { differences, runFidelity } from './harness';

const FIXTURES = resolve(__dirname, '../../../test/schema/fixtures');

let db: PGlite;

const replayDir = process.env.SAFESHIFT_REPLAY_DIR;

before(async () => {
  await initParser();
  // Real projects create extensions; PGlite has the common ones but loads them only when asked.
  db = new PGlite(replayDir ? { extensions: await contribExtensions() } : {});
  await db.waitReady;
});

/** The contrib bundles are ES modules; a CommonJS test loads them with import(). */
async function contribExtensions(): Promise<Extensions> {
  const names = ['btree_gin', 'btree_gist', 'citext', 'hstore', 'ltree', 'pg_trgm', 'pgcrypto', 'uuid_ossp'];
  const entries = await Promise.all(names.map(async (name) => [name, ((await import(`@electric-sql/pglite/contrib/${name}`)) as Record<string, unknown>)[name]]));
  return Object.fromEntries(entries) as Extensions;
}

after(async () => {
  await db.close();
});

const projects = readdirSync(FIXTURES).filter((name) => statSync(join(FIXTURES, name)).isDirectory());

describe('replay fidelity on the fixture projects', () => {
  for (const project of projects) {
    test(`${project}: the model and PostgreSQL end with the same schema`, async () => {
      const run = await runFidelity(db, join(FIXTURES, project));
      assert.deepEqual(run.parseProblems, []);
      assert.deepEqual(run.databaseErrors, [], 'every fixture statement runs on PostgreSQL');
      assert.deepEqual(run.modelFailures.map((f) => `${f.message}: ${f.text}`), [], 'every fixture statement applies to the model');
      const diffs = differences(run.model, run.database);
      assert.equal(diffs.length, 0, `schemas differ:\n${diffs.join('\n')}`);
      // The comparison is only worth something if the fixtures actually built things.
      assert.ok(Object.keys(run.database.tables).length > 2);
    });
  }
});

describe('replay fidelity on SAFESHIFT_REPLAY_DIR', { skip: replayDir ? false : 'SAFESHIFT_REPLAY_DIR is not set' }, () => {
  test(`${replayDir}: the model and PostgreSQL end with the same schema`, async (t) => {
    const run = await runFidelity(db, resolve(replayDir ?? '.'));
    t.diagnostic(`${run.files.length} migration files, ${Object.keys(run.database.tables).length} tables in PostgreSQL`);
    for (const problem of run.parseProblems) t.diagnostic(`parse: ${problem}`);
    for (const error of run.databaseErrors) t.diagnostic(`PostgreSQL rejected (${error.file}): ${error.message}`);
    for (const failure of run.modelFailures) t.diagnostic(`model failed (${failure.origin?.migration}): ${failure.message}`);
    const diffs = differences(run.model, run.database);
    assert.equal(diffs.length, 0, `schemas differ:\n${diffs.join('\n')}`);
  });
});
