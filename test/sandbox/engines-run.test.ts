/**
 * Whole migrations through the runner (runMigrations) on the url engine (a real PostgreSQL 18 from
 * ./pgServer) and the container engine (podman and the local image): the JSON report of issue #6,
 * with blocking measured by a second connection.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultSandboxSettings } from '../../server/src/analysis/config/settings';
import { ContainerEngine } from '../../server/src/sandbox/engines/container';
import { UrlEngine } from '../../server/src/sandbox/engines/url';
import { runMigrations } from '../../server/src/sandbox/runner';
import type { Engine, RunReport, StatementReport } from '../../server/src/sandbox/types';
import { repoRoot, startPgServer, type TestPgServer } from './pgServer';

const CREATE_MENU = `-- migrate:up
CREATE TABLE menu (id bigserial PRIMARY KEY, name text, price int);
INSERT INTO menu (name, price) SELECT 'dish ' || g, g FROM generate_series(1, 200) g;

-- migrate:down
DROP TABLE menu;
`;

// The down forgets the index and the type change: the down check must name both.
const CHANGE_MENU = `-- migrate:up
CREATE INDEX menu_price_idx ON menu (price);
ALTER TABLE menu ALTER COLUMN name SET NOT NULL;
ALTER TABLE menu ALTER COLUMN price TYPE bigint;

-- migrate:down
ALTER TABLE menu ALTER COLUMN name DROP NOT NULL;
`;

const BROKEN = `-- migrate:up
ALTER TABLE menu ADD COLUMN city text;
ALTER TABLE menu ALTER COLUMN city SET NOT NULL;
SELECT 1;

-- migrate:down
ALTER TABLE menu DROP COLUMN city;
`;

let project: string;
let server: TestPgServer;

before(async () => {
  project = mkdtempSync(join(tmpdir(), 'safeshift-run-'));
  const migrations = join(project, 'db', 'migrations');
  mkdirSync(migrations, { recursive: true });
  writeFileSync(join(migrations, '20240101000000_create_menu.sql'), CREATE_MENU);
  writeFileSync(join(migrations, '20240102000000_change_menu.sql'), CHANGE_MENU);
  writeFileSync(join(migrations, '20240103000000_broken.sql'), BROKEN);
  server = await startPgServer();
});

after(async () => {
  await server?.stop();
  rmSync(project, { recursive: true, force: true });
});

function run(engine: Engine, file: string, checkDown = true): Promise<RunReport> {
  const settings = { ...defaultSandboxSettings(), engine: engine.kind };
  return runMigrations({ paths: [join(project, 'db', 'migrations', file)], cwd: project, settings, checkDown, engine }, new AbortController().signal, () => undefined);
}

function statementAt(report: RunReport, line: number): StatementReport {
  const found = report.migrations[0]?.statements.find((s) => s.line === line);
  assert.ok(found, `a statement at line ${line}: ${JSON.stringify(report.migrations[0]?.statements.map((s) => s.line))}`);
  return found;
}

/** The facts issue #6 asks for, the same on every engine that measures blocking. */
function assertChangeReport(report: RunReport, kind: 'url' | 'container'): void {
  assert.equal(report.version, 1);
  assert.equal(report.engine, kind);
  const migration = report.migrations[0];
  assert.ok(migration, JSON.stringify(report));
  assert.equal(migration.error ?? null, null, JSON.stringify(migration.error));
  assert.equal(migration.ok, false, 'the wrong down makes the migration fail the check');

  const index = statementAt(report, 2);
  assert.match(index.sql, /^CREATE INDEX menu_price_idx/);
  assert.deepEqual(index.locks.filter((l) => l.relation === 'public.menu').map((l) => l.mode), ['ShareLock']);
  assert.deepEqual({ reads: index.blocks.reads, writes: index.blocks.writes, source: index.blocks.source }, { reads: false, writes: true, source: 'measured' });
  assert.equal(index.error, null);

  const notNull = statementAt(report, 3);
  assert.ok(notNull.locks.some((l) => l.relation === 'public.menu' && l.mode === 'AccessExclusiveLock'));
  assert.deepEqual({ reads: notNull.blocks.reads, writes: notNull.blocks.writes, source: notNull.blocks.source }, { reads: true, writes: true, source: 'measured' });

  const retype = statementAt(report, 4);
  assert.ok(retype.rewrites.includes('public.menu'), `int → bigint rewrites the table: ${JSON.stringify(retype.rewrites)}`);

  assert.equal(migration.down.checked, true);
  assert.equal(migration.down.restored, false);
  const differences = migration.down.differences.join('\n');
  assert.match(differences, /menu_price_idx/, differences);
  assert.match(differences, /price/, differences);
}

function assertBrokenReport(report: RunReport): void {
  const migration = report.migrations[0];
  assert.ok(migration);
  assert.equal(migration.ok, false);
  const failed = migration.statements.find((s) => s.error);
  assert.ok(failed, JSON.stringify(migration));
  assert.equal(failed.error?.sqlstate, '23502', 'SET NOT NULL over the 200 NULL cities');
  assert.equal(failed.error?.line, 3);
  assert.equal(failed.line, 3);
}

describe('runner on the url engine', () => {
  let engine: UrlEngine;
  let databasesBefore: string[];

  before(async () => {
    const client = await server.connect();
    databasesBefore = (await client.query<{ datname: string }>('SELECT datname FROM pg_database ORDER BY 1')).rows.map((r) => r.datname);
    await client.end();
    engine = new UrlEngine({ url: server.url });
  });
  after(async () => {
    await engine.stop();
    const client = await server.connect();
    const left = (await client.query<{ datname: string }>('SELECT datname FROM pg_database ORDER BY 1')).rows.map((r) => r.datname);
    await client.end();
    assert.deepEqual(left, databasesBefore, 'every database the runs made is dropped');
  });

  test('CREATE INDEX blocks writes, SET NOT NULL blocks both (measured), int → bigint rewrites, the wrong down is named', async () => {
    const report = await run(engine, '20240102000000_change_menu.sql');
    assertChangeReport(report, 'url');
    assert.ok(!JSON.stringify(report).includes(server.password), 'no password in the report');
  });

  test('a re-run starts from the cached baseline', async () => {
    const report = await run(engine, '20240102000000_change_menu.sql', false);
    assert.equal(report.migrations[0]?.baseline?.cached, true, JSON.stringify(report.migrations[0]?.baseline));
    assert.equal(statementAt(report, 2).blocks.source, 'measured');
  });

  test('a failing statement is reported at its line', async () => {
    assertBrokenReport(await run(engine, '20240103000000_broken.sql', false));
  });

  test('cancelling stops the running statement', async () => {
    const slow = join(project, 'slow');
    mkdirSync(join(slow, 'db', 'migrations'), { recursive: true });
    writeFileSync(join(slow, 'db', 'migrations', '20240101000000_slow.sql'), '-- migrate:up\nCREATE TABLE t (id int);\nSELECT pg_sleep(60);\n\n-- migrate:down\nDROP TABLE t;\n');
    const controller = new AbortController();
    const settings = { ...defaultSandboxSettings(), engine: 'url' as const };
    const started = performance.now();
    const running = runMigrations({ paths: [join(slow, 'db', 'migrations', '20240101000000_slow.sql')], cwd: slow, settings, engine }, controller.signal, (event) => {
      if (/pg_sleep|line 3|statement 2/i.test(event.message)) setTimeout(() => controller.abort(), 200);
    });
    setTimeout(() => controller.abort(), 4000); // in case no progress names the statement
    const report = await running;
    const elapsed = performance.now() - started;
    assert.equal(report.cancelled, true);
    assert.ok(elapsed < 20_000, `the run ended ${elapsed.toFixed(0)} ms after it started, not after pg_sleep(60)`);
    const sleep = report.migrations[0]?.statements.find((s) => /pg_sleep/.test(s.sql));
    assert.equal(sleep?.error?.sqlstate, '57014', JSON.stringify(report.migrations[0]));
  });
});

describe('runner on the container engine', () => {
  const runtime = process.env.SAFESHIFT_TEST_CONTAINER_COMMAND || 'podman';
  const image = process.env.SAFESHIFT_TEST_PG_IMAGE || 'localhost/safeshift-postgres:18';
  let engine: ContainerEngine;

  before(() => {
    const built = spawnSync('bash', [join(repoRoot(), 'scripts', 'build-pg-image.sh')], {
      encoding: 'utf8',
      env: { ...process.env, SAFESHIFT_CONTAINER_COMMAND: runtime, SAFESHIFT_PG_IMAGE: image },
    });
    assert.equal(built.status, 0, `scripts/build-pg-image.sh failed: ${built.stderr}${built.stdout}`);
    engine = new ContainerEngine({ command: runtime, image });
  });
  after(async () => {
    const id = engine.containerId();
    await engine.stop();
    if (id) assert.notEqual(spawnSync(runtime, ['container', 'exists', id]).status, 0, 'the container is removed');
  });

  test('the same migration in a container: the same measured facts', async () => {
    const report = await run(engine, '20240102000000_change_menu.sql');
    assertChangeReport(report, 'container');
  });

  test('a failing statement is reported at its line', async () => {
    assertBrokenReport(await run(engine, '20240103000000_broken.sql', false));
  });
});
