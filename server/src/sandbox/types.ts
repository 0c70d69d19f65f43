/**
 * The sandbox's contracts: the engines it runs migrations on, the SQL session an engine hands the
 * runner, and the report a run produces (the JSON result of `safeshift run --format json` and of
 * the `safeshift.sandbox.*` LSP commands). Node-side; the analysis layer never imports this.
 *
 * Flow: runMigrations(options) → engine.start → baseline (cached per engine, keyed by the content
 * of the earlier migrations, seed and synthetic rows) → target statement by statement → report.
 */
import { defaultSandboxSettings, SANDBOX_ENGINE_KINDS, type SandboxEngineKind, type SandboxSettings } from '../analysis/config/settings';
import type { LockMode } from '../analysis/locks/locks';

// ─── Settings ────────────────────────────────────────────────────────────────────────────────

export type EngineKind = SandboxEngineKind;

export const ENGINE_KINDS = SANDBOX_ENGINE_KINDS;

/** `sandbox` in safeshift.json and `safeshift.sandbox.*` in VS Code; defined with the other settings. */
export type { SandboxSettings };
export { defaultSandboxSettings };

// ─── Report (the JSON contract; lines and columns are 1-based) ───────────────────────────────

export interface RunReport {
  version: 1;
  engine: EngineKind;
  /** In the order they ran. */
  migrations: MigrationReport[];
  /** Whole run, milliseconds. */
  durationMs?: number;
  /** True when the run was cancelled; the migration that was running is reported as far as it got. */
  cancelled?: boolean;
}

export interface MigrationReport {
  /** The migration file, as given (relative to the working directory in the CLI, absolute in the LSP). */
  path: string;
  /** The project model's id (path relative to the root, plus `#author:id` for Liquibase). */
  id?: string;
  ok: boolean;
  statements: StatementReport[];
  down: DownReport;
  /** Why the migration could not run at all (baseline failure, engine failure, cancel); absent when it ran. */
  error?: RunFailure | null;
  baseline?: BaselineInfo;
  data?: DataInfo;
  /** With `keep`: where the engine left the database the run changed. */
  kept?: string;
}

export interface StatementReport {
  /** 1-based lines of the statement in `path`. */
  line: number;
  endLine: number;
  sql: string;
  durationMs: number;
  /** Table-level locks this statement's backend newly holds, strongest per relation. */
  locks: LockReport[];
  /** Relations (tables, indexes, materialized views) whose relfilenode changed: rewritten. */
  rewrites: string[];
  /** Rows inserted, updated, deleted or copied; null when the statement has no row count. */
  rowsAffected: number | null;
  /** NOTICE/WARNING messages PostgreSQL sent while the statement ran. */
  notices: string[];
  blocks: BlockingReport;
  error: StatementError | null;
  /** True when the statement ran outside the transaction (CONCURRENTLY, VACUUM, a T4 script). */
  outsideTransaction?: boolean;
  /** How the sandbox ran it differently from the tool, and why. */
  note?: string;
}

export interface LockReport {
  /** schema.name of the relation. */
  relation: string;
  mode: LockMode;
  /**
   * `observed` in pg_locks; `documented` from PostgreSQL's documentation of the command, for
   * statements that cannot run in a transaction, whose locks are gone before they can be seen.
   */
  source?: 'observed' | 'documented';
}

export interface BlockingReport {
  /** Plain SELECTs on a locked relation would wait. */
  reads: boolean;
  /** INSERT/UPDATE/DELETE would wait. */
  writes: boolean;
  /** `measured`: a second connection tried; `derived`: from PostgreSQL's lock conflict table. */
  source: 'measured' | 'derived';
  /** Per relation, when known (measured probes try each touched table). */
  relations?: Array<{ relation: string; reads: boolean; writes: boolean }>;
}

export interface StatementError {
  /** PostgreSQL's SQLSTATE, e.g. 23502; `57014` when cancelled. */
  sqlstate: string;
  message: string;
  /** 1-based position in the file: PG's error position when it gave one, else the statement's start. */
  line: number;
  column: number;
  detail?: string;
  hint?: string;
}

export interface DownReport {
  checked: boolean;
  /** True when the down script brought the catalog back exactly to the baseline. */
  restored: boolean;
  /** One sentence per difference, e.g. "index public.menu_price_idx still exists after down". */
  differences: string[];
  /** Why it was not checked (tool has no down scripts, not asked, the up failed), or how it failed. */
  reason?: string;
  /** Statements of the down script, when it ran. */
  statements?: StatementReport[];
}

export interface RunFailure {
  message: string;
  /** The file and 1-based position the failure is about (a broken baseline migration), when known. */
  file?: string;
  line?: number;
  column?: number;
  sqlstate?: string;
}

export interface BaselineInfo {
  /** Earlier migrations the baseline holds. */
  migrations: number;
  /** True when the baseline came from the cache instead of replaying history. */
  cached: boolean;
  durationMs: number;
}

export interface DataInfo {
  seed?: string;
  syntheticRows?: number;
  /** Rows inserted per table (schema.name). */
  rows?: Record<string, number>;
  /** What could not be filled and why ("public.x: column y has a CHECK the generator cannot satisfy"). */
  skipped: string[];
}

// ─── Engines ─────────────────────────────────────────────────────────────────────────────────

/** A PostgreSQL error as an engine reports it. `position` is PG's 1-based character position in the SQL sent. */
export interface PgError {
  sqlstate: string;
  message: string;
  position?: number;
  detail?: string;
  hint?: string;
}

export interface ExecResult {
  /** Rows affected by INSERT/UPDATE/DELETE/MERGE/COPY, else null. */
  rowsAffected: number | null;
  /** The command tag's verb ("CREATE INDEX", "INSERT"), when known. */
  command?: string;
  notices: string[];
  durationMs: number;
  error: PgError | null;
}

/**
 * One connection to one throwaway database, as the runner sees it. All SQL of a run goes through
 * one session; the engine owns the database behind it.
 */
export interface SqlSession {
  /**
   * Sends `sql` (one statement, or a batch the tool sends as one string) as a simple query and
   * never throws for SQL errors: they come back in `error`. Aborting `signal` cancels the running
   * statement (error sqlstate 57014) or, when the engine cannot cancel, ends the session.
   */
  execute(sql: string, signal?: AbortSignal): Promise<ExecResult>;
  /** Runs a catalog query (pg_locks, pg_class…) and returns its rows; throws on error. */
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Loads text in COPY … FROM stdin format into `copyStatement` (for plain pg_dump seeds). */
  copyFrom(copyStatement: string, data: string, signal?: AbortSignal): Promise<ExecResult>;
  /**
   * Measured blocking (container/url engines only): while this session holds its locks, a second
   * connection tries SELECT, INSERT, UPDATE and SELECT FOR UPDATE on each relation under a tiny
   * lock_timeout and rolls back.
   */
  probeBlocking?(relations: string[], signal?: AbortSignal): Promise<BlockingReport>;
  /** False once the session is unusable (cancel killed it, the server went away). */
  readonly alive: boolean;
}

export type ProgressReporter = (event: RunProgress) => void;

export interface RunProgress {
  /** A line a person reads: "Pulling postgres:18 …", "Baseline: 12 of 40 migrations". */
  message: string;
  /** 0–100 when the step knows how far it is. */
  percentage?: number;
}

export interface EngineStartOptions {
  progress?: ProgressReporter;
  signal?: AbortSignal;
}

/**
 * A PostgreSQL the sandbox may destroy. `start` is idempotent (a warm engine is reused between
 * runs); baselines are cached by key (PGlite data-dir snapshot, or a template database).
 */
export interface Engine {
  readonly kind: EngineKind;
  /** True when sessions implement `probeBlocking` (more than one connection). */
  readonly supportsMeasuredBlocking: boolean;
  /** "embedded PGlite 0.5 (PostgreSQL 17.5)", "podman postgres:18 on 127.0.0.1:49153"; never a password. */
  describe(): string;
  /** PostgreSQL server_version_num once started (e.g. 170005). */
  serverVersion?(): number | undefined;
  start(options?: EngineStartOptions): Promise<void>;
  /** Releases everything the engine created (containers, scratch and template databases, instances). */
  stop(): Promise<void>;
  /** True when a baseline with this key is cached and `openSession(key)` would not replay history. */
  hasBaseline(key: string): boolean;
  /**
   * A session on a fresh database: a copy of the cached baseline `key`, or empty when `key` is
   * undefined. Throws when `key` is not cached.
   */
  openSession(key: string | undefined, options?: EngineStartOptions): Promise<SqlSession>;
  /**
   * Stores the session's current database as baseline `key` (outside any transaction). Returns the
   * session to continue with: an engine may have to reconnect to copy the database.
   */
  saveBaseline(session: SqlSession, key: string): Promise<SqlSession>;
  /**
   * Ends the session and drops its database, or leaves it in place when `keep` (then says where).
   * `pristine`: the run rolled everything back, so the database is exactly the baseline it was
   * opened from and an engine may reuse it for the next session of that baseline.
   */
  closeSession(session: SqlSession, options?: { keep?: boolean; pristine?: boolean }): Promise<string | undefined>;
  /** Forgets every cached baseline (the Reset Sandbox command). */
  reset(): Promise<void>;
}

// ─── The runner's entry point ────────────────────────────────────────────────────────────────

export interface RunOptions {
  /**
   * Migration files to run (each with the migrations before it as the baseline), or directories
   * (every migration of the root, in order, each down-checked). Absolute or relative to `cwd`.
   */
  paths: string[];
  cwd?: string;
  settings: SandboxSettings;
  /** Check down scripts (always on for a directory). */
  checkDown?: boolean;
  /** Only the down check of the target (the Check Down Migration command). */
  downOnly?: boolean;
  /** An engine the caller keeps warm between runs (the language server); else one is made and stopped. */
  engine?: Engine;
  /** Unsaved editor text by absolute path; wins over the file on disk. */
  overlay?: ReadonlyMap<string, string>;
  /** Explicit roots from safeshift.json, as the project model takes them. */
  configPath?: string;
}

/** The signature of `runMigrations` in ./runner (declared here so the LSP and CLI code against it). */
export type RunMigrations = (options: RunOptions, signal: AbortSignal, progress: ProgressReporter) => Promise<RunReport>;
