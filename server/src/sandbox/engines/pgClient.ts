/**
 * What the `url` and `container` engines share: connection URLs with their passwords kept out of
 * every message, connections with clear errors, the scratch and template databases Safeshift creates
 * (and only those), and the SQL session the runner drives over the `pg` client.
 *
 * Safety: the engine writes only to databases it created itself (named `safeshift_…`, commented
 * with the creating host and process), drops them afterwards, and at start drops only leftovers whose
 * creating process on this host is gone.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client, type Submittable } from 'pg';
import type { BlockingReport, Engine, EngineKind, EngineStartOptions, ExecResult, PgError, SqlSession } from '../types';
import { probeBlocking } from './probe';

// ─── Errors ──────────────────────────────────────────────────────────────────────────────────

export type EngineErrorKind =
  | 'config'
  | 'remote-refused'
  | 'unreachable'
  | 'auth'
  | 'privilege'
  | 'runtime-missing'
  | 'daemon'
  | 'image'
  | 'port'
  | 'startup'
  | 'cancelled';

/** An engine failure a person can act on. Its message never holds a password. */
export class EngineError extends Error {
  constructor(
    readonly kind: EngineErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

// ─── URLs and secrets ────────────────────────────────────────────────────────────────────────

export interface ServerTarget {
  /** The URL as given: may hold a password; never print it, print `redacted`. */
  url: string;
  redacted: string;
  host: string;
  port: number;
  user: string;
  database: string;
  password?: string;
}

/** Replaces secrets (and their URL-encoded forms) in text with `***`. */
export class Redactor {
  private readonly secrets: string[] = [];

  add(secret: string | undefined): void {
    if (!secret) return;
    for (const form of new Set([secret, encodeURIComponent(secret)])) if (!this.secrets.includes(form)) this.secrets.push(form);
    this.secrets.sort((a, b) => b.length - a.length);
  }

  text(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }
}

const POSTGRES_SCHEMES = new Set(['postgres:', 'postgresql:']);

/** The URL with its password (in the authority or a `password=` parameter) replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString().replace(/%2A%2A%2A/g, '***');
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@').replace(/password=[^&\s]*/gi, 'password=***');
  }
}

export function parseServerUrl(url: string): ServerTarget {
  const redacted = redactUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new EngineError('config', `The sandbox URL is not a valid PostgreSQL URL: ${redacted} (expected postgres://user:password@host:port/database).`);
  }
  if (!POSTGRES_SCHEMES.has(parsed.protocol)) {
    throw new EngineError('config', `The sandbox URL must start with postgres:// or postgresql://, not ${parsed.protocol}//: ${redacted}.`);
  }
  const decode = (value: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  const host = parsed.searchParams.get('host') ?? (decode(parsed.hostname).replace(/^\[(.*)\]$/, '$1') || 'localhost');
  const port = Number(parsed.searchParams.get('port') ?? (parsed.port || 5432));
  const user = decode(parsed.username) || parsed.searchParams.get('user') || process.env.PGUSER || 'postgres';
  const database = decode(parsed.pathname.replace(/^\//, '')) || parsed.searchParams.get('dbname') || user;
  const password = parsed.password ? decode(parsed.password) : (parsed.searchParams.get('password') ?? undefined);
  return { url, redacted, host, port, user, database, password };
}

/** Loopback addresses, `localhost` and Unix sockets: servers on this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h.startsWith('/')) return true;
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127(\.\d{1,3}){3}$/.test(h)) return true;
  return h === '::1' || h === '0:0:0:0:0:0:0:1' || h === '::ffff:127.0.0.1';
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  parsed.searchParams.delete('dbname');
  return parsed.toString();
}

// ─── Connections ─────────────────────────────────────────────────────────────────────────────

export interface ConnectOptions {
  timeoutMs: number;
  redactor: Redactor;
  applicationName?: string;
}

export async function connectClient(target: ServerTarget, database: string, options: ConnectOptions): Promise<Client> {
  const client = new Client({
    connectionString: withDatabase(target.url, database),
    connectionTimeoutMillis: options.timeoutMs,
    application_name: options.applicationName ?? 'safeshift sandbox',
  });
  // A connection the server drops later must not become an uncaught 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw describeConnectError(error, target, database, options);
  }
}

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; errors?: Array<{ code?: unknown }> };
  if (typeof e?.code === 'string') return e.code;
  const inner = e?.errors?.find((x) => typeof x?.code === 'string');
  return inner?.code as string | undefined;
}

export function describeConnectError(error: unknown, target: ServerTarget, database: string, options: ConnectOptions): EngineError {
  const where = target.host.startsWith('/') ? `the socket in ${target.host}` : `${target.host}:${target.port}`;
  const code = errorCode(error);
  const raw = options.redactor.text(error instanceof Error ? error.message : String(error));
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOENT':
      return new EngineError('unreachable', `Nothing accepts PostgreSQL connections at ${where} (connection refused). Is the server running? URL: ${target.redacted}`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new EngineError('unreachable', `The host "${target.host}" of the sandbox URL is unknown (DNS lookup failed). URL: ${target.redacted}`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new EngineError('unreachable', `${where} did not answer (${code}). URL: ${target.redacted}`);
    case '28P01':
      return new EngineError('auth', `PostgreSQL at ${where} rejected the password of user "${target.user}". URL: ${target.redacted}`);
    case '28000':
      return new EngineError('auth', `PostgreSQL at ${where} refused user "${target.user}": ${raw}. URL: ${target.redacted}`);
    case '3D000':
      return new EngineError('config', `Database "${database}" does not exist at ${where}; the URL must name a database Safeshift can connect to (it only creates its own scratch databases next to it). URL: ${target.redacted}`);
  }
  if (/timeout/i.test(raw)) {
    return new EngineError('unreachable', `${where} did not answer within ${Math.round(options.timeoutMs / 100) / 10} s. URL: ${target.redacted}`);
  }
  return new EngineError('unreachable', `Could not connect to PostgreSQL at ${where}: ${raw}. URL: ${target.redacted}`);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

// ─── Scratch and template databases ──────────────────────────────────────────────────────────

/** Every database Safeshift creates starts with this and carries a comment starting with MARK. */
export const DATABASE_PREFIX = 'safeshift_';
const MARK = 'safeshift sandbox';

interface Ownership {
  host: string;
  pid: number;
}

function ownershipComment(): string {
  return `${MARK} ${JSON.stringify({ host: hostname(), pid: process.pid, created: new Date().toISOString() })}`;
}

function parseOwnership(comment: string | null): Ownership | undefined {
  if (!comment?.startsWith(`${MARK} `)) return undefined;
  try {
    const value = JSON.parse(comment.slice(MARK.length + 1)) as Partial<Ownership>;
    return typeof value.host === 'string' && typeof value.pid === 'number' ? { host: value.host, pid: value.pid } : undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function randomName(kind: 'run' | 'base'): string {
  return `${DATABASE_PREFIX}${kind}_${randomBytes(6).toString('hex')}`;
}

/**
 * The databases one engine created on one server, through one maintenance connection to the
 * database the URL names (only CREATE/DROP/COMMENT ON DATABASE go through it, never a write).
 */
export class ScratchDatabases {
  private admin?: Client;
  private readonly created = new Set<string>();
  private serverVersionNum = 0;

  constructor(
    readonly target: ServerTarget,
    readonly options: ConnectOptions,
  ) {}

  get versionNum(): number {
    return this.serverVersionNum;
  }

  async open(): Promise<void> {
    if (this.admin) return;
    const admin = await connectClient(this.target, this.target.database, this.options);
    try {
      const row = (
        await admin.query<{ version: string; cancreate: boolean }>(
          `SELECT current_setting('server_version_num') AS version,
                  (SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user) AS cancreate`,
        )
      ).rows[0];
      this.serverVersionNum = Number(row?.version ?? 0);
      if (!row?.cancreate) {
        throw new EngineError(
          'privilege',
          `User "${this.target.user}" may not create databases on ${this.target.host}:${this.target.port}; the url engine needs a role with CREATEDB (ALTER ROLE ${quoteIdent(this.target.user)} CREATEDB) to make its scratch databases. URL: ${this.target.redacted}`,
        );
      }
    } catch (error) {
      await admin.end().catch(() => undefined);
      throw error;
    }
    this.admin = admin;
    await this.dropLeftovers();
  }

  private requireAdmin(): Client {
    if (!this.admin) throw new EngineError('config', 'The sandbox engine is not started.');
    return this.admin;
  }

  /** Databases of earlier Safeshift processes on this host that ended without cleaning up. */
  private async dropLeftovers(): Promise<void> {
    const rows = (
      await this.requireAdmin().query<{ name: string; comment: string | null }>(
        `SELECT d.datname AS name, shobj_description(d.oid, 'pg_database') AS comment
           FROM pg_database d WHERE d.datname LIKE 'safeshift\\_%'`,
      )
    ).rows;
    const here = hostname();
    for (const row of rows) {
      const owner = parseOwnership(row.comment);
      if (owner && owner.host === here && owner.pid !== process.pid && !processAlive(owner.pid)) {
        await this.dropDatabase(row.name).catch(() => undefined);
      }
    }
  }

  /** A new database, empty or copied from `template` (one of ours). */
  async create(kind: 'run' | 'base', template?: string): Promise<string> {
    const admin = this.requireAdmin();
    const name = randomName(kind);
    const from = template ? ` TEMPLATE ${quoteIdent(template)}` : ' TEMPLATE template0';
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}${from}`);
    } catch (error) {
      if (errorCode(error) === '42501') {
        throw new EngineError('privilege', `User "${this.target.user}" may not create databases (CREATEDB): ${this.options.redactor.text((error as Error).message)}`);
      }
      throw new EngineError('unreachable', `Could not create the scratch database ${name}: ${this.options.redactor.text((error as Error).message)}`);
    }
    this.created.add(name);
    await admin.query(`COMMENT ON DATABASE ${quoteIdent(name)} IS ${quoteLiteral(ownershipComment())}`);
    return name;
  }

  async drop(name: string): Promise<void> {
    if (!this.created.has(name)) throw new Error(`Refusing to drop ${name}: Safeshift did not create it.`);
    await this.dropDatabase(name);
    this.created.delete(name);
  }

  private async dropDatabase(name: string): Promise<void> {
    if (!name.startsWith(DATABASE_PREFIX)) throw new Error(`Refusing to drop ${name}: not a Safeshift database.`);
    const force = this.serverVersionNum >= 130000 ? ' WITH (FORCE)' : '';
    await this.requireAdmin().query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}${force}`);
  }

  /** Leaves `name` in place for the user: forgotten here, and marked so no cleanup ever drops it. */
  async keep(name: string): Promise<void> {
    if (!this.created.has(name)) return;
    await this.requireAdmin().query(`COMMENT ON DATABASE ${quoteIdent(name)} IS ${quoteLiteral(`${MARK}, kept by request on ${new Date().toISOString()}`)}`);
    this.created.delete(name);
  }

  async connect(database: string): Promise<Client> {
    return connectClient(this.target, database, this.options);
  }

  /** True while the maintenance connection works (a warm engine checks its server is still there). */
  async ping(): Promise<boolean> {
    try {
      await this.requireAdmin().query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Drops everything this instance created (unless the whole server is about to go, as a
   * container's does) and closes the maintenance connection.
   */
  async close(options: { drop?: boolean } = {}): Promise<void> {
    if (!this.admin) return;
    if (options.drop !== false) for (const name of [...this.created]) await this.drop(name).catch(() => undefined);
    this.created.clear();
    await this.admin.end().catch(() => undefined);
    this.admin = undefined;
  }

  /** Databases this instance created and has not dropped (tests and `keep`). */
  names(): string[] {
    return [...this.created];
  }
}

// ─── The SQL session ─────────────────────────────────────────────────────────────────────────

interface PgDatabaseError {
  code?: string;
  message: string;
  position?: string;
  detail?: string;
  hint?: string;
}

function toPgError(error: unknown, redactor: Redactor): PgError {
  const e = error as PgDatabaseError;
  const result: PgError = { sqlstate: typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : '08006', message: redactor.text(e?.message ?? String(error)) };
  if (e?.position) result.position = Number(e.position);
  if (e?.detail) result.detail = redactor.text(e.detail);
  if (e?.hint) result.hint = redactor.text(e.hint);
  return result;
}

const ROW_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY']);

interface PgResultLike {
  command?: string;
  rowCount?: number | null;
}

/** COPY … FROM STDIN over pg's protocol: the one Submittable pg itself does not provide. */
class CopyIn implements Submittable {
  private rows: number | null = null;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly done: (error: unknown, rows: number | null) => void,
  ) {}

  submit(connection: unknown): void {
    (connection as { query(text: string): void }).query(this.text);
  }

  handleCopyInResponse(connection: { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void }): void {
    const chunk = 64 * 1024;
    for (let i = 0; i < this.data.length; i += chunk) connection.sendCopyFromChunk(this.data.subarray(i, i + chunk));
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string }): void {
    const count = /(\d+)$/.exec(message.text ?? '');
    if (count) this.rows = Number(count[1]);
  }

  handleReadyForQuery(): void {
    this.done(null, this.rows);
  }

  handleError(error: unknown): void {
    this.done(error, null);
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
  handlePortalSuspended(): void {}
}

/** How long a cancel may take before the backend is terminated (and the session ends). */
const CANCEL_GRACE_MS = 3000;

/**
 * One connection to one scratch database. A second connection to the same database, opened on
 * first need, cancels running statements and probes blocking.
 */
export class PgSession implements SqlSession {
  private side?: Client;
  private running = 0;
  private dead = false;

  constructor(
    readonly database: string,
    private readonly client: Client,
    private readonly backendPid: number,
    private readonly databases: ScratchDatabases,
    private readonly redactor: Redactor,
  ) {
    client.on('error', () => {
      this.dead = true;
    });
    client.on('end', () => {
      this.dead = true;
    });
  }

  static async open(databases: ScratchDatabases, database: string, redactor: Redactor): Promise<PgSession> {
    const client = await databases.connect(database);
    const pid = Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
    return new PgSession(database, client, pid, databases, redactor);
  }

  get alive(): boolean {
    return !this.dead;
  }

  get pid(): number {
    return this.backendPid;
  }

  async execute(sql: string, signal?: AbortSignal): Promise<ExecResult> {
    const notices: string[] = [];
    const onNotice = (notice: { message?: string }): void => {
      if (notice.message) notices.push(this.redactor.text(notice.message));
    };
    const started = performance.now();
    if (signal?.aborted) return { rowsAffected: null, notices, durationMs: 0, error: { sqlstate: '57014', message: 'canceling statement due to user request' } };
    this.client.on('notice', onNotice);
    const stopWatching = this.watchAbort(signal);
    this.running++;
    try {
      const raw = (await this.client.query(sql)) as unknown as PgResultLike | PgResultLike[];
      const results = Array.isArray(raw) ? raw : [raw];
      let rows: number | null = null;
      for (const result of results) {
        if (result.command && ROW_COMMANDS.has(result.command) && typeof result.rowCount === 'number') rows = (rows ?? 0) + result.rowCount;
      }
      const command = results.at(-1)?.command;
      return { rowsAffected: rows, ...(command ? { command } : {}), notices, durationMs: performance.now() - started, error: null };
    } catch (error) {
      return { rowsAffected: null, notices, durationMs: performance.now() - started, error: toPgError(error, this.redactor) };
    } finally {
      this.running--;
      stopWatching();
      this.client.off('notice', onNotice);
    }
  }

  async query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]> {
    const result = await this.client.query<Row>(sql, params as unknown[] | undefined);
    return result.rows;
  }

  async copyFrom(copyStatement: string, data: string, signal?: AbortSignal): Promise<ExecResult> {
    const notices: string[] = [];
    const started = performance.now();
    const stopWatching = this.watchAbort(signal);
    this.running++;
    try {
      const rows = await new Promise<number | null>((resolve, reject) => {
        this.client.query(new CopyIn(copyStatement, Buffer.from(data, 'utf8'), (error, count) => (error ? reject(error) : resolve(count))));
      });
      return { rowsAffected: rows, command: 'COPY', notices, durationMs: performance.now() - started, error: null };
    } catch (error) {
      return { rowsAffected: null, notices, durationMs: performance.now() - started, error: toPgError(error, this.redactor) };
    } finally {
      this.running--;
      stopWatching();
    }
  }

  async probeBlocking(relations: string[], signal?: AbortSignal): Promise<BlockingReport> {
    try {
      return await probeBlocking({ migration: this.client, probe: await this.sideClient() }, relations, { signal });
    } catch (error) {
      // The second connection may have been dropped (idle timeout, server restart): once more on a fresh one.
      await this.dropSideClient();
      try {
        return await probeBlocking({ migration: this.client, probe: await this.sideClient() }, relations, { signal });
      } catch {
        throw new Error(`Measuring what the statement blocks failed: ${this.redactor.text((error as Error).message)}`);
      }
    }
  }

  /** The second connection, to the same database. */
  private async sideClient(): Promise<Client> {
    if (!this.side) this.side = await this.databases.connect(this.database);
    return this.side;
  }

  private async dropSideClient(): Promise<void> {
    const side = this.side;
    this.side = undefined;
    await side?.end().catch(() => undefined);
  }

  /** On abort: pg_cancel_backend from the side connection; if that does not stop it, terminate. */
  private watchAbort(signal: AbortSignal | undefined): () => void {
    if (!signal) return () => undefined;
    const onAbort = (): void => {
      void this.cancelRunning();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener('abort', onAbort);
  }

  private async cancelRunning(): Promise<void> {
    try {
      const side = await this.sideClient();
      if (this.running === 0) return;
      await side.query('SELECT pg_cancel_backend($1)', [this.backendPid]);
      const deadline = Date.now() + CANCEL_GRACE_MS;
      while (this.running > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      if (this.running > 0) {
        await side.query('SELECT pg_terminate_backend($1)', [this.backendPid]);
        this.dead = true;
      }
    } catch {
      // The side connection failed: end the session's own connection, which stops the statement.
      this.dead = true;
      await this.client.end().catch(() => undefined);
    }
  }

  /** True when the connection works and is outside any transaction. */
  async isIdle(): Promise<boolean> {
    try {
      // now() is the transaction's start: equal to the statement's only outside a transaction block.
      const row = (await this.client.query<{ fresh: boolean }>('SELECT now() = statement_timestamp() AS fresh')).rows[0];
      return row?.fresh === true;
    } catch {
      return false;
    }
  }

  async end(): Promise<void> {
    this.dead = true;
    await Promise.all([this.client.end().catch(() => undefined), this.side?.end().catch(() => undefined)]);
    this.side = undefined;
  }
}

// ─── An engine over a PostgreSQL server ──────────────────────────────────────────────────────

/**
 * The engine behaviour the url and container engines share, once `databases` is connected:
 * sessions on fresh scratch databases, baselines as template databases, cleanup.
 */
export abstract class ServerEngine implements Engine {
  abstract readonly kind: EngineKind;
  readonly supportsMeasuredBlocking = true;
  protected databases?: ScratchDatabases;
  protected readonly redactor = new Redactor();
  private readonly baselines = new Map<string, string>();
  private readonly sessions = new Set<PgSession>();
  /** The baseline each open session's database was copied from. */
  private readonly sessionBaseline = new Map<PgSession, string>();
  /** Per baseline, a session whose run rolled everything back: the next run of it starts here at once. */
  private readonly pristine = new Map<string, PgSession>();

  private starting?: Promise<void>;

  abstract describe(): string;
  /** Starts (or checks) the server; called only through start(), one at a time. */
  protected abstract startServer(options: EngineStartOptions): Promise<void>;

  /** Idempotent; concurrent calls share one start. */
  start(options: EngineStartOptions = {}): Promise<void> {
    this.starting ??= this.startServer(options).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** A stop() during start() waits for it, so what the start creates is released too. */
  protected async startSettled(): Promise<void> {
    await this.starting?.catch(() => undefined);
  }

  /** Kept after stop, so a report written afterwards still names the version it ran on. */
  private lastVersion?: number;

  serverVersion(): number | undefined {
    const version = this.databases?.versionNum || this.lastVersion;
    this.lastVersion = version;
    return version;
  }

  protected requireDatabases(): ScratchDatabases {
    if (!this.databases) throw new EngineError('config', `The ${this.kind} engine is not started.`);
    return this.databases;
  }

  hasBaseline(key: string): boolean {
    return this.baselines.has(key);
  }

  async openSession(key: string | undefined): Promise<SqlSession> {
    const databases = this.requireDatabases();
    let template: string | undefined;
    if (key !== undefined) {
      template = this.baselines.get(key);
      if (!template) throw new Error(`No cached baseline ${key}.`);
      const reusable = await this.takePristine(key);
      if (reusable) return reusable;
    }
    const name = await databases.create('run', template);
    try {
      const session = await PgSession.open(databases, name, this.redactor);
      this.track(session, key);
      return session;
    } catch (error) {
      await databases.drop(name).catch(() => undefined);
      throw error;
    }
  }

  /** Copies the session's database into a template (which needs the session to disconnect). */
  async saveBaseline(session: SqlSession, key: string): Promise<SqlSession> {
    const databases = this.requireDatabases();
    const pg = this.own(session);
    await this.untrack(pg);
    await this.discardPristine(key);
    const template = await databases.create('base', pg.database);
    const previous = this.baselines.get(key);
    this.baselines.set(key, template);
    if (previous) await databases.drop(previous).catch(() => undefined);
    const reopened = await PgSession.open(databases, pg.database, this.redactor);
    this.track(reopened, key);
    return reopened;
  }

  /**
   * `pristine`: the caller rolled everything back, so the database equals its baseline and is kept,
   * connected, for the next session of that baseline (no copy, no connect: a warm re-run).
   */
  async closeSession(session: SqlSession, options: { keep?: boolean; pristine?: boolean } = {}): Promise<string | undefined> {
    const pg = this.own(session);
    const key = this.sessionBaseline.get(pg);
    if (options.pristine && !options.keep && key !== undefined && pg.alive && !this.pristine.has(key) && this.baselines.has(key)) {
      this.sessions.delete(pg);
      this.sessionBaseline.delete(pg);
      this.pristine.set(key, pg);
      return undefined;
    }
    await this.untrack(pg);
    if (options.keep) {
      await this.requireDatabases().keep(pg.database);
      return `database ${pg.database} on ${this.describe()}`;
    }
    await this.requireDatabases().drop(pg.database);
    return undefined;
  }

  async reset(): Promise<void> {
    for (const key of [...this.pristine.keys()]) await this.discardPristine(key);
    const databases = this.databases;
    for (const template of this.baselines.values()) await databases?.drop(template).catch(() => undefined);
    this.baselines.clear();
  }

  /** Ends every session and drops every database this engine created (`drop: false`: the server goes with them). */
  protected async closeDatabases(options: { drop?: boolean } = {}): Promise<void> {
    this.serverVersion();
    for (const session of [...this.sessions, ...this.pristine.values()]) await session.end();
    this.sessions.clear();
    this.sessionBaseline.clear();
    this.pristine.clear();
    this.baselines.clear();
    await this.databases?.close(options);
    this.databases = undefined;
  }

  private track(session: PgSession, key: string | undefined): void {
    this.sessions.add(session);
    if (key !== undefined) this.sessionBaseline.set(session, key);
  }

  private async untrack(session: PgSession): Promise<void> {
    await session.end();
    this.sessions.delete(session);
    this.sessionBaseline.delete(session);
  }

  private async takePristine(key: string): Promise<PgSession | undefined> {
    const session = this.pristine.get(key);
    if (!session) return undefined;
    this.pristine.delete(key);
    if (session.alive && (await session.isIdle())) {
      this.track(session, key);
      return session;
    }
    await session.end();
    await this.databases?.drop(session.database).catch(() => undefined);
    return undefined;
  }

  private async discardPristine(key: string): Promise<void> {
    const session = this.pristine.get(key);
    if (!session) return;
    this.pristine.delete(key);
    await session.end();
    await this.databases?.drop(session.database).catch(() => undefined);
  }

  abstract stop(): Promise<void>;

  private own(session: SqlSession): PgSession {
    if (!(session instanceof PgSession) || !this.sessions.has(session)) throw new Error('This session does not belong to this engine.');
    return session;
  }
}
