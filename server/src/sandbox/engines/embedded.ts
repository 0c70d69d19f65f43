/**
 * The embedded engine: PGlite (PostgreSQL compiled to WebAssembly) in worker threads, nothing to
 * install. One instance is one database with one connection, so blocking is derived, not measured.
 *
 * Speed comes from never replaying what is already known:
 * - the WASM modules are compiled once per process and shared with every worker;
 * - a freshly initialised cluster is cached on disk (initdb costs seconds; loading it, one);
 * - each baseline is a data-directory snapshot in memory, keyed by the content that built it;
 * - a run that rolled everything back leaves its instance exactly at its baseline, so the next run
 *   of the same target reuses it as is; otherwise a spare instance is loaded in the background.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Engine, EngineStartOptions, ExecResult, SqlSession } from '../types';
import type { RequestReply, StartupReply, WorkerInit, WorkerReply, WorkerRequest } from './pgliteWorker';

/** How many baseline snapshots to keep (each is a ~40 MB data directory). */
const MAX_BASELINES = 4;
type RequestBody = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

const CANCELLED = { sqlstate: '57014', message: 'canceling statement due to user request' };

/** Node has WebAssembly; this project's TypeScript lib list does not describe it. */
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<object> };

interface Assets {
  pgliteWasm: object;
  initdbWasm: object;
  fsBundle: ArrayBuffer;
  version: string;
}

let sharedAssets: Promise<Assets> | undefined;

/**
 * PGlite's files: beside the bundle in dist/ (and in the .vsix), or in node_modules when running
 * from compiled sources (tests).
 */
export function pgliteAssetDir(): string {
  const candidates = [__dirname, join(__dirname, 'pglite')];
  try {
    candidates.push(dirname(require.resolve('@electric-sql/pglite')));
  } catch {
    // Bundled: there is no node_modules, and the assets sit beside the bundle.
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'pglite.wasm')) && existsSync(join(dir, 'pglite.data')));
  if (!found) throw new Error(`The embedded PostgreSQL (PGlite) files pglite.wasm and pglite.data were not found in ${candidates.join(' or ')}.`);
  return found;
}

function loadAssets(): Promise<Assets> {
  sharedAssets ??= (async () => {
    const dir = pgliteAssetDir();
    const [pgliteWasm, initdbWasm] = await Promise.all([
      WebAssembly.compile(readFileSync(join(dir, 'pglite.wasm'))),
      WebAssembly.compile(readFileSync(join(dir, 'initdb.wasm'))),
    ]);
    const data = readFileSync(join(dir, 'pglite.data'));
    const fsBundle = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
    // The cached cluster must come from the same PGlite build: name it after the files' sizes.
    const version = `${statSync(join(dir, 'pglite.wasm')).size}-${statSync(join(dir, 'initdb.wasm')).size}-${data.byteLength}`;
    return { pgliteWasm, initdbWasm, fsBundle, version };
  })();
  sharedAssets.catch(() => (sharedAssets = undefined));
  return sharedAssets;
}

/** A PGlite instance living in its own worker thread. */
class PgliteInstance {
  readonly ready: Promise<number>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (reply: RequestReply) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private dead = false;

  constructor(assets: Assets, dataDir?: ArrayBuffer, private readonly onEnd: () => void = () => {}) {
    const init: WorkerInit = { pgliteWasm: assets.pgliteWasm, initdbWasm: assets.initdbWasm, fsBundle: assets.fsBundle, dataDir };
    this.worker = new Worker(join(__dirname, 'pgliteWorker.js'), { workerData: init });
    this.worker.unref();
    this.ready = new Promise<number>((resolve, reject) => {
      const onFirst = (reply: StartupReply) => {
        if (reply.op === 'ready') resolve(reply.serverVersion);
        else reject(new Error(`The embedded PostgreSQL did not start: ${reply.message}`));
      };
      this.worker.on('message', (reply: WorkerReply) => ('op' in reply ? onFirst(reply) : this.settle(reply)));
      this.worker.on('error', (error) => this.fail(error, reject));
      this.worker.on('exit', (code) => this.fail(new Error(`The embedded PostgreSQL stopped (worker exit code ${code}).`), reject));
    });
    this.ready.catch(() => undefined);
  }

  get alive(): boolean {
    return !this.dead;
  }

  async request(message: RequestBody): Promise<RequestReply> {
    await this.ready;
    if (this.dead) throw new Error('The embedded PostgreSQL instance was stopped.');
    const id = this.nextId++;
    return new Promise<RequestReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id } as WorkerRequest);
    });
  }

  /** Kills the instance at once, whatever it is running: the only way to stop a PGlite statement. */
  async terminate(): Promise<void> {
    if (this.dead) return;
    this.dead = true;
    this.onEnd();
    await this.worker.terminate();
  }

  private settle(reply: RequestReply): void {
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    waiter.resolve(reply);
  }

  private fail(error: Error, rejectReady: (error: Error) => void): void {
    this.dead = true;
    this.onEnd();
    rejectReady(error);
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

class EmbeddedSession implements SqlSession {
  constructor(
    readonly instance: PgliteInstance,
    readonly baselineKey: string | undefined,
  ) {}

  get alive(): boolean {
    return this.instance.alive;
  }

  execute(sql: string, signal?: AbortSignal): Promise<ExecResult> {
    return this.run({ op: 'exec', sql }, signal);
  }

  copyFrom(copyStatement: string, data: string, signal?: AbortSignal): Promise<ExecResult> {
    // PGlite reads COPY data from its virtual /dev/blob device.
    const sql = copyStatement.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'");
    return this.run({ op: 'copy', sql, data }, signal);
  }

  async query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]> {
    const reply = await this.instance.request({ op: 'query', sql, params });
    if (!reply.ok) throw new Error(reply.message);
    return (reply.rows ?? []) as Row[];
  }

  async dump(): Promise<ArrayBuffer> {
    const reply = await this.instance.request({ op: 'dump' });
    if (!reply.ok || !reply.dump) throw new Error(`Could not snapshot the embedded database: ${reply.ok ? 'empty snapshot' : reply.message}`);
    return reply.dump;
  }

  private async run(message: RequestBody, signal?: AbortSignal): Promise<ExecResult> {
    if (signal?.aborted) return cancelled(0);
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    let onAbort = () => {};
    const aborted = new Promise<'aborted'>((resolve) => {
      onAbort = () => void this.instance.terminate().then(() => resolve('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const reply = await Promise.race([this.instance.request(message), aborted]);
      if (reply === 'aborted') return cancelled(elapsed());
      if (reply.ok && reply.exec) return reply.exec;
      const failure = reply.ok ? undefined : reply;
      return { rowsAffected: null, notices: [], durationMs: elapsed(), error: failure?.error ?? { sqlstate: 'XX000', message: failure?.message ?? 'The embedded PostgreSQL sent no result.' } };
    } catch (error) {
      if (signal?.aborted) return cancelled(elapsed());
      return { rowsAffected: null, notices: [], durationMs: elapsed(), error: { sqlstate: '08006', message: error instanceof Error ? error.message : String(error) } };
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

function cancelled(durationMs: number): ExecResult {
  return { rowsAffected: null, notices: [], durationMs, error: { ...CANCELLED } };
}

export interface EmbeddedEngineOptions {
  /** Where the initialised empty cluster is cached between processes; default the OS cache dir. Null: no disk cache. */
  cacheDir?: string | null;
  /**
   * Snapshot baselines for later runs (default true). A one-shot process (the CLI) runs once, so
   * a snapshot, and a spare instance loaded from it, would only cost time.
   */
  cacheBaselines?: boolean;
}

export class EmbeddedEngine implements Engine {
  readonly kind = 'embedded' as const;
  readonly supportsMeasuredBlocking = false;
  private readonly baselines = new Map<string, ArrayBuffer>();
  private emptyCluster?: ArrayBuffer;
  private spare?: { key: string | undefined; instance: PgliteInstance };
  private readonly kept: PgliteInstance[] = [];
  /** Every instance this engine started and has not terminated: stop() ends them all. */
  private readonly live = new Set<PgliteInstance>();
  private version?: number;
  private starting?: Promise<void>;
  private readonly cacheDir: string | null;
  private readonly cacheBaselines: boolean;

  constructor(options: EmbeddedEngineOptions = {}) {
    this.cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
    this.cacheBaselines = options.cacheBaselines ?? true;
  }

  describe(): string {
    const version = this.version ? ` (PostgreSQL ${Math.floor(this.version / 10000)}.${this.version % 100})` : '';
    return `embedded PGlite${version}`;
  }

  serverVersion(): number | undefined {
    return this.version;
  }

  /** Compiles PGlite and starts the first instance (an empty cluster), kept as the spare. */
  start(options: EngineStartOptions = {}): Promise<void> {
    this.starting ??= this.startFirst(options).catch((error) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async startFirst(options: EngineStartOptions): Promise<void> {
    options.progress?.({ message: 'Starting the embedded PostgreSQL (PGlite)…' });
    const assets = await loadAssets();
    this.emptyCluster ??= this.readCachedCluster(assets);
    const instance = this.newInstance(assets, this.emptyCluster);
    this.version = await instance.ready;
    if (!this.emptyCluster) {
      // The first start ran initdb: keep the fresh cluster so later starts only load it.
      const session = new EmbeddedSession(instance, undefined);
      this.emptyCluster = await session.dump();
      this.writeCachedCluster(assets, this.emptyCluster);
    }
    this.replaceSpare({ key: undefined, instance });
  }

  async stop(): Promise<void> {
    const all = [...this.live];
    this.live.clear();
    this.kept.splice(0);
    this.spare = undefined;
    this.starting = undefined;
    await Promise.all(all.map((i) => i.terminate()));
  }

  hasBaseline(key: string): boolean {
    return this.baselines.has(key);
  }

  async openSession(key: string | undefined, options: EngineStartOptions = {}): Promise<SqlSession> {
    await this.start(options);
    if (key !== undefined && !this.baselines.has(key)) throw new Error(`No cached baseline ${key}.`);
    const spare = this.spare;
    if (spare && spare.key === key && spare.instance.alive) {
      this.spare = undefined;
      try {
        await spare.instance.ready;
        return new EmbeddedSession(spare.instance, key);
      } catch {
        // A spare that failed to load: fall through and load a fresh one.
      }
    }
    const instance = await this.instanceAt(key);
    return new EmbeddedSession(instance, key);
  }

  async saveBaseline(session: SqlSession, key: string): Promise<SqlSession> {
    const embedded = asEmbedded(session);
    if (!this.cacheBaselines) return embedded;
    this.baselines.delete(key);
    this.baselines.set(key, await embedded.dump());
    while (this.baselines.size > MAX_BASELINES) this.baselines.delete(this.baselines.keys().next().value as string);
    return new EmbeddedSession(embedded.instance, key);
  }

  async closeSession(session: SqlSession, options: { keep?: boolean; pristine?: boolean } = {}): Promise<string | undefined> {
    const embedded = asEmbedded(session);
    if (options.keep) {
      this.kept.push(embedded.instance);
      // A one-shot process (the CLI) ends right after: say so rather than promise a database.
      return this.cacheBaselines
        ? 'the embedded database is kept in memory until Reset Sandbox or the end of the session'
        : 'the embedded database lives only as long as this process; use the container or url engine to keep one you can connect to';
    }
    if (options.pristine && embedded.alive) {
      this.replaceSpare({ key: embedded.baselineKey, instance: embedded.instance });
      return undefined;
    }
    await embedded.instance.terminate();
    // Load the next run's database now, while the developer reads the report.
    if (!this.spare && this.cacheBaselines) void this.prepareSpare(embedded.baselineKey);
    return undefined;
  }

  async reset(): Promise<void> {
    this.baselines.clear();
    await Promise.all(this.kept.splice(0).map((i) => i.terminate()));
    if (this.spare?.key !== undefined) {
      await this.spare.instance.terminate();
      this.spare = undefined;
    }
  }

  private async instanceAt(key: string | undefined): Promise<PgliteInstance> {
    const assets = await loadAssets();
    const data = key === undefined ? this.emptyCluster : this.baselines.get(key);
    const instance = this.newInstance(assets, data);
    await instance.ready;
    return instance;
  }

  private async prepareSpare(key: string | undefined): Promise<void> {
    if (key !== undefined && !this.baselines.has(key)) return;
    try {
      const assets = await loadAssets();
      const instance = this.newInstance(assets, key === undefined ? this.emptyCluster : this.baselines.get(key));
      this.replaceSpare({ key, instance });
    } catch {
      // Only a head start; openSession loads one itself.
    }
  }

  private newInstance(assets: Assets, dataDir?: ArrayBuffer): PgliteInstance {
    const instance = new PgliteInstance(assets, dataDir, () => this.live.delete(instance));
    this.live.add(instance);
    return instance;
  }

  private replaceSpare(spare: { key: string | undefined; instance: PgliteInstance }): void {
    const old = this.spare;
    this.spare = spare;
    if (old && old.instance !== spare.instance) void old.instance.terminate();
  }

  private clusterCachePath(assets: Assets): string | undefined {
    return this.cacheDir ? join(this.cacheDir, `pglite-cluster-${assets.version}.tar`) : undefined;
  }

  private readCachedCluster(assets: Assets): ArrayBuffer | undefined {
    const path = this.clusterCachePath(assets);
    if (!path || !existsSync(path)) return undefined;
    try {
      const data = readFileSync(path);
      return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
    } catch {
      return undefined;
    }
  }

  private writeCachedCluster(assets: Assets, cluster: ArrayBuffer): void {
    const path = this.clusterCachePath(assets);
    if (!path) return;
    try {
      mkdirSync(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, new Uint8Array(cluster));
      renameSync(temporary, path);
    } catch {
      // A cache only: a read-only home just means initdb next time.
    }
  }
}

function asEmbedded(session: SqlSession): EmbeddedSession {
  if (!(session instanceof EmbeddedSession)) throw new Error('This session does not belong to the embedded engine.');
  return session;
}

/** `$XDG_CACHE_HOME/safeshift`, `~/Library/Caches/safeshift`, `%LOCALAPPDATA%\safeshift`, or the temp dir. */
export function defaultCacheDir(): string {
  const env = process.env;
  if (env.SAFESHIFT_CACHE_DIR) return env.SAFESHIFT_CACHE_DIR;
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'safeshift');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'safeshift');
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'safeshift');
  const home = homedir();
  return home ? join(home, '.cache', 'safeshift') : join(tmpdir(), 'safeshift-cache');
}
