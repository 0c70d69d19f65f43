/**
 * The sandbox runner on the embedded engine (real PGlite in worker threads): locks, rewrites and
 * derived blocking per statement, errors at their line and column, the down check, cancellation,
 * baseline errors, data (seed and synthetic rows) and the baseline cache.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultSandboxSettings, type SandboxSettings } from '../../server/src/analysis/config/settings';
import { EmbeddedEngine } from '../../server/src/sandbox/engines/embedded';
import { runMigrations } from '../../server/src/sandbox/runner';
import type { RunOptions, RunReport, StatementReport } from '../../server/src/sandbox/types';

const MIGRATIONS: Record<string, string> = {
  '20240101000000_create_menu.sql': `-- migrate:up
CREATE TABLE menu (id bigserial PRIMARY KEY, name text, price int);
INSERT INTO menu (name, price) SELECT 'dish ' || g, g FROM generate_series(1, 200) g;

-- migrate:down
DROP TABLE menu;
`,
  '20240102000000_index_menu.sql': `-- migrate:up
CREATE INDEX menu_price_idx ON menu (price);

-- migrate:down
DROP INDEX menu_price_idx;
`,
  '20240103000000_tighten_menu.sql': `-- migrate:up
ALTER TABLE menu ALTER COLUMN name SET NOT NULL;
ALTER TABLE menu ALTER COLUMN price TYPE bigint;

-- migrate:down
ALTER TABLE menu ALTER COLUMN price TYPE int;
ALTER TABLE menu ALTER COLUMN name DROP NOT NULL;
`,
  // The down forgets the index: the down check must name it.
  '20240104000000_wrong_down.sql': `-- migrate:up
CREATE INDEX menu_name_idx ON menu (name);
ALTER TABLE menu ADD COLUMN city text;

-- migrate:down
ALTER TABLE menu DROP COLUMN city;
`,
  '20240105000000_fails.sql': `-- migrate:up
ALTER TABLE menu ADD COLUMN note text;
UPDATE menu
   SET note = nope;

-- migrate:down
ALTER TABLE menu DROP COLUMN note;
`,
};

let project: string;
let migrations: string;
const engine = new EmbeddedEngine({ cacheDir: null });

before(() => {
  project = mkdtempSync(join(tmpdir(), 'safeshift-embedded-'));
  migrations = join(project, 'db', 'migrations');
  mkdirSync(migrations, { recursive: true });
  for (const [name, text] of Object.entries(MIGRATIONS)) writeFileSync(join(migrations, name), text);
});

after(async () => {
  await engine.stop();
  rmSync(project, { recursive: true, force: true });
});

function run(paths: string[], extra: Partial<RunOptions> = {}, settings: Partial<SandboxSettings> = {}, signal = new AbortController().signal): Promise<RunReport> {
  return runMigrations({ paths, cwd: project, settings: { ...defaultSandboxSettings(), ...settings }, engine, ...extra }, signal, () => undefined);
}

function file(name: string): string {
  return join(migrations, name);
}

function statementAt(report: RunReport, line: number): StatementReport {
  const found = report.migrations[0]?.statements.find((s) => s.line === line);
  assert.ok(found, `a statement at line ${line} in ${JSON.stringify(report, null, 1)}`);
  return found;
}

describe('embedded sandbox runs', { timeout: 600_000 }, () => {
  test('CREATE INDEX takes a SHARE lock that blocks writes but not reads (derived)', async () => {
    const report = await run([file('20240102000000_index_menu.sql')]);
    assert.equal(report.version, 1);
    assert.equal(report.engine, 'embedded');
    const migration = report.migrations[0];
    assert.equal(migration.ok, true, JSON.stringify(migration));
    assert.equal(migration.path, 'db/migrations/20240102000000_index_menu.sql');
    assert.equal(migration.baseline?.migrations, 1);
    const index = statementAt(report, 2);
    assert.equal(index.sql, 'CREATE INDEX menu_price_idx ON menu (price);');
    assert.deepEqual(index.locks, [{ relation: 'public.menu', mode: 'ShareLock', source: 'observed' }]);
    assert.deepEqual({ reads: index.blocks.reads, writes: index.blocks.writes, source: index.blocks.source }, { reads: false, writes: true, source: 'derived' });
    assert.deepEqual(index.rewrites, []);
    assert.equal(index.error, null);
    assert.ok(index.durationMs >= 0);
  });

  test('SET NOT NULL blocks reads and writes; int to bigint rewrites the table and its indexes', async () => {
    const report = await run([file('20240103000000_tighten_menu.sql')]);
    const setNotNull = statementAt(report, 2);
    assert.deepEqual(setNotNull.locks, [{ relation: 'public.menu', mode: 'AccessExclusiveLock', source: 'observed' }]);
    assert.equal(setNotNull.blocks.reads, true);
    assert.equal(setNotNull.blocks.writes, true);
    assert.deepEqual(setNotNull.rewrites, []);
    const retype = statementAt(report, 3);
    assert.ok(retype.rewrites.includes('public.menu'), JSON.stringify(retype));
    assert.ok(retype.rewrites.includes('public.menu_pkey'), 'the primary key index is rebuilt too');
    // Already held in that mode by the statement before, in the same transaction: not new.
    assert.deepEqual(retype.locks.filter((l) => l.relation === 'public.menu'), []);
  });

  test('a wrong down migration is caught and the difference named; a right one restores the catalog', async () => {
    const wrong = await run([file('20240104000000_wrong_down.sql')], { checkDown: true });
    const down = wrong.migrations[0].down;
    assert.equal(down.checked, true);
    assert.equal(down.restored, false);
    assert.ok(down.differences.includes('index public.menu_name_idx still exists after down'), down.differences.join('\n'));
    assert.ok(down.differences.some((d) => d.startsWith('the up migration fails when run again after down')), down.differences.join('\n'));
    assert.equal(wrong.migrations[0].ok, false);

    const right = await run([file('20240103000000_tighten_menu.sql')], { checkDown: true });
    assert.deepEqual(right.migrations[0].down.differences, []);
    assert.equal(right.migrations[0].down.restored, true);
    assert.equal(right.migrations[0].ok, true);
    assert.equal(right.migrations[0].down.statements?.length, 2);
  });

  test('a failing statement is reported at its line and column, with its SQLSTATE', async () => {
    const report = await run([file('20240105000000_fails.sql')]);
    const migration = report.migrations[0];
    assert.equal(migration.ok, false);
    const failed = migration.statements.find((s) => s.error);
    assert.ok(failed);
    assert.equal(failed.line, 3);
    assert.equal(failed.endLine, 4);
    assert.deepEqual({ sqlstate: failed.error!.sqlstate, line: failed.error!.line, column: failed.error!.column }, { sqlstate: '42703', line: 4, column: 15 });
    assert.match(failed.error!.message, /column "nope" does not exist/);
    assert.equal(migration.down.checked, false);
  });

  test('the baseline is cached: a re-run does not replay history', async () => {
    const first = await run([file('20240103000000_tighten_menu.sql')]);
    const again = await run([file('20240103000000_tighten_menu.sql')]);
    assert.equal(first.migrations[0].baseline?.migrations, 2);
    assert.equal(again.migrations[0].baseline?.cached, true);
    assert.ok(again.migrations[0].ok);
    // The rolled-back run left the database exactly at the baseline, so it is reused as is.
    assert.deepEqual(again.migrations[0].statements.map((s) => s.error), [null, null]);
  });

  test('cancellation stops a long statement', async () => {
    const slow = join(project, 'slow');
    mkdirSync(slow, { recursive: true });
    writeFileSync(join(slow, 'sleep.sql'), 'SELECT 1;\nSELECT pg_sleep(60);\n');
    const controller = new AbortController();
    let sleepStarted = 0;
    // Cancel half a second into the sleep, as the editor's Cancel button would.
    const progress = (event: { message: string }) => {
      if (!sleepStarted && /statement 2 of 2/.test(event.message)) {
        sleepStarted = Date.now();
        setTimeout(() => controller.abort(), 500);
      }
    };
    const settings = defaultSandboxSettings();
    const report = await runMigrations({ paths: [join(slow, 'sleep.sql')], cwd: project, settings, engine }, controller.signal, progress);
    const elapsed = Date.now() - sleepStarted;
    assert.ok(sleepStarted > 0, 'the sleep started');
    assert.ok(elapsed < 20_000, `stopped ${elapsed} ms after the sleep started`);
    assert.equal(report.cancelled, true);
    const sleep = report.migrations[0].statements.find((s) => s.line === 2);
    assert.equal(sleep?.error?.sqlstate, '57014');
    assert.equal(report.migrations[0].ok, false);
  });

  test('a syntax error in a baseline migration names that file and line', async () => {
    const broken = join(project, 'broken', 'db', 'migrations');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, '20240101000000_a.sql'), '-- migrate:up\nCREATE TABLE a (id int);\n\nCREATE TABLE b (id int,, name text);\n-- migrate:down\nDROP TABLE a;\n');
    writeFileSync(join(broken, '20240102000000_b.sql'), '-- migrate:up\nALTER TABLE a ADD COLUMN x int;\n-- migrate:down\nALTER TABLE a DROP COLUMN x;\n');
    const report = await run([join(broken, '20240102000000_b.sql')]);
    const migration = report.migrations[0];
    assert.equal(migration.ok, false);
    assert.equal(migration.error?.file, 'broken/db/migrations/20240101000000_a.sql');
    assert.equal(migration.error?.line, 4);
    assert.match(migration.error!.message, /baseline migration broken\/db\/migrations\/20240101000000_a\.sql has a syntax error at line 4/);
  });

  test('synthetic rows and a seed make SET NOT NULL fail over NULLs', async () => {
    const dir = join(project, 'data', 'db', 'migrations');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '20240101000000_dishes.sql'), '-- migrate:up\nCREATE TABLE dishes (id int PRIMARY KEY, name text NOT NULL, city text, price numeric(6,2) CHECK (price > 0));\nCREATE TABLE orders (id int PRIMARY KEY, dish_id int NOT NULL REFERENCES dishes (id), note varchar(3));\n-- migrate:down\nDROP TABLE orders; DROP TABLE dishes;\n');
    writeFileSync(join(dir, '20240102000000_require_city.sql'), '-- migrate:up\nALTER TABLE dishes ALTER COLUMN city SET NOT NULL;\n-- migrate:down\nALTER TABLE dishes ALTER COLUMN city DROP NOT NULL;\n');
    const target = join(dir, '20240102000000_require_city.sql');

    const empty = await run([target]);
    assert.equal(empty.migrations[0].ok, true, 'no rows, nothing to fail');

    const synthetic = await run([target], {}, { syntheticRows: 100 });
    const data = synthetic.migrations[0].data;
    assert.equal(data?.rows?.['public.dishes'], 100);
    assert.equal(data?.rows?.['public.orders'], 100, JSON.stringify(data));
    const failed = synthetic.migrations[0].statements[0];
    assert.equal(failed.error?.sqlstate, '23502', JSON.stringify(synthetic.migrations[0]));
    assert.equal(failed.error?.line, 2);

    const seed = join(project, 'data', 'seed.sql');
    writeFileSync(seed, "SET search_path = '';\nINSERT INTO public.dishes (id, name) VALUES (1, 'soup');\nCOPY public.dishes (id, name, city) FROM stdin;\n2\tstew\tLyon\n3\tpie\t\\N\n\\.\n");
    const seeded = await run([target], {}, { seed });
    assert.equal(seeded.migrations[0].statements[0].error?.sqlstate, '23502');
    assert.equal(seeded.migrations[0].data?.seed, 'data/seed.sql');
  });

  test('CREATE INDEX CONCURRENTLY runs outside the transaction, with its documented lock', async () => {
    const dir = join(project, 'concurrently', 'db', 'migrations');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '20240101000000_t.sql'), '-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\nDROP TABLE t;\n');
    writeFileSync(join(dir, '20240102000000_idx.sql'), '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY t_id_idx ON t (id);\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY t_id_idx;\n');
    const report = await run([join(dir, '20240102000000_idx.sql')], { checkDown: true });
    const index = report.migrations[0].statements[0];
    assert.equal(index.error, null, JSON.stringify(report));
    assert.equal(index.outsideTransaction, true);
    assert.deepEqual(index.locks, [{ relation: 'public.t', mode: 'ShareUpdateExclusiveLock', source: 'documented' }]);
    assert.equal(index.blocks.writes, false);
    assert.equal(report.migrations[0].down.restored, true, JSON.stringify(report.migrations[0].down));
  });

  test('a directory runs every migration in order, each down-checked, and stops at a failure', async () => {
    const report = await run([migrations]);
    const ids = report.migrations.map((m) => m.id);
    assert.deepEqual(ids, ['20240101000000_create_menu.sql', '20240102000000_index_menu.sql', '20240103000000_tighten_menu.sql', '20240104000000_wrong_down.sql', '20240105000000_fails.sql']);
    assert.deepEqual(report.migrations.map((m) => m.down.checked), [true, true, true, true, false]);
    assert.deepEqual(report.migrations.map((m) => m.ok), [true, true, true, false, false]);
    assert.ok(report.migrations[3].down.differences.includes('index public.menu_name_idx still exists after down'));
  });
});
