/**
 * The migration project model: which tool runs a directory of migrations, in what order, which
 * part of each file is up and which is down, and how each part is wrapped in a transaction.
 * Everything here is plain data so the LSP, the CLI and the sandbox can share it.
 */
import type { OffsetRange } from '../text/lineIndex';
import type { MigrationFixContext } from '../fixes/types';
import type { SchemaBefore } from './schemaHistory';

export const TOOL_IDS = [
  'flyway',
  'liquibase',
  'golang-migrate',
  'dbmate',
  'goose',
  'sql-migrate',
  'sqlx',
  'diesel',
  'prisma',
  'drizzle',
  'supabase',
  'node-pg-migrate',
  'plain',
] as const;

export type ToolId = (typeof TOOL_IDS)[number];

/**
 * How the tool wraps a script in a transaction (the research note's T1–T5):
 * - `per-migration` (T1): BEGIN … COMMIT around each migration, block or changeset;
 * - `all-pending` (T2): one transaction around every pending migration;
 * - `implicit` (T3): no BEGIN, but the script goes to PostgreSQL as one multi-statement string,
 *   which PostgreSQL runs as one implicit transaction;
 * - `none` (T4): no transaction, statements sent one by one;
 * - `script-managed` (T5): the tool adds nothing; the script's own BEGIN/COMMIT decide;
 * - `unknown`: no tool was recognised, so the `assumeInTransaction` setting decides.
 */
export type EnvelopeKind = 'per-migration' | 'all-pending' | 'implicit' | 'none' | 'script-managed' | 'unknown';

/** What the tool does with statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM…). */
export type NonTransactionalHandling =
  /** Flyway's default: a script of only such statements runs without a transaction; a mix fails. */
  | 'alone-only'
  /** Flyway with `mixed=true`: any such statement makes the whole script run without a transaction. */
  | 'whole-script'
  /** Supabase CLI ≥ 2.109: each such statement is taken out of the batch and run on its own. */
  | 'split-out';

export interface TransactionEnvelope {
  kind: EnvelopeKind;
  /** The research note's code: T1 … T5, or `?` for unknown. */
  code: 'T1' | 'T2' | 'T3' | 'T4' | 'T5' | '?';
  /** Why, in a sentence a user can act on, naming the directive or the tool's default. */
  reason: string;
  /** The directive or sidecar setting that chose this envelope, when one did. */
  directive?: Directive;
  nonTransactional?: NonTransactionalHandling;
}

export interface Directive {
  /** A short name such as `goose NO TRANSACTION` or `flyway executeInTransaction=false`. */
  name: string;
  file: string;
  range: OffsetRange;
  /** What it changes, in words. */
  effect: string;
}

export type Direction = 'up' | 'down';

/** One runnable part of a migration: a whole file, or a section of one. */
export interface Script {
  direction: Direction;
  file: string;
  /** The part of the file the tool runs, in UTF-16 offsets, markers excluded. */
  range: OffsetRange;
  /**
   * When the SQL sits inside comments (Liquibase `--rollback <sql>` lines), the exact ranges of
   * SQL within `range`; absent means the whole range is SQL.
   */
  pieces?: OffsetRange[];
  envelope: TransactionEnvelope;
  /** How the tool sends the script: as one string (one Exec), or statement by statement. */
  execution: 'one-string' | 'statement-by-statement';
  /**
   * Ranges sent as one string although the script is otherwise sent statement by statement, or
   * the chunks of a one-string script (Drizzle breakpoints, goose StatementBegin/End blocks).
   */
  batches?: OffsetRange[];
}

export type MigrationKind = 'versioned' | 'repeatable' | 'callback' | 'baseline' | 'setup' | 'code';

export interface Migration {
  /** Unique within the root: the file's path relative to the root, plus `#author:id` for Liquibase. */
  id: string;
  tool: ToolId;
  kind: MigrationKind;
  /** The version the tool records in its history table, as written. */
  version?: string;
  description: string;
  /** Sorts migrations in the tool's own order with plain string comparison (`<`), not localeCompare. */
  orderKey: string;
  /** Position in the root's order, from 0. */
  position: number;
  /** The first up section; `sections` has them all (dbmate allows several pairs per file). */
  up?: Script;
  down?: Script;
  sections: Script[];
  /** Every file that belongs to the migration (paired down file, sidecar, metadata.toml…). */
  files: string[];
  directives: Directive[];
  /** Placeholder values the tool substitutes before running (Flyway built-ins and config). */
  placeholders: Record<string, string>;
}

export type ProjectFindingCode =
  | 'duplicate-migration-version'
  | 'migration-order'
  | 'missing-down-migration'
  | 'drizzle-journal-mismatch'
  | 'flyway-migration-name'
  | 'flyway-in-file-directive'
  | 'migration-structure'
  | 'ignored-by-tool';

export const PROJECT_FINDING_CODES: readonly ProjectFindingCode[] = [
  'duplicate-migration-version',
  'migration-order',
  'missing-down-migration',
  'drizzle-journal-mismatch',
  'flyway-migration-name',
  'flyway-in-file-directive',
  'migration-structure',
  'ignored-by-tool',
];

export interface RelatedLocation {
  file: string;
  range: OffsetRange;
  message: string;
}

export interface ProjectFinding {
  code: ProjectFindingCode;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  file: string;
  range: OffsetRange;
  related?: RelatedLocation[];
}

export interface ToolScore {
  tool: ToolId;
  score: number;
  evidence: string[];
}

export interface Detection {
  tool: ToolId;
  score: number;
  /** True when `migrations` in safeshift.json named the tool. */
  explicit: boolean;
  evidence: string[];
  /** Other tools that scored, best first. */
  alternatives: ToolScore[];
  /** Another tool scored within 20 points: worth asking the user once. */
  ambiguous: boolean;
}

export interface MigrationRoot {
  dir: string;
  tool: ToolId;
  detection: Detection;
  /** In the tool's order. */
  migrations: Migration[];
  findings: ProjectFinding[];
  /** Files in the root that the tool does not run. */
  ignoredFiles: string[];
  /** Tool settings read from config files (Flyway's executeInTransaction, the Supabase CLI version). */
  config: ToolConfig;
}

/** Facts found in config files and manifests while detecting, which change how a tool runs. */
export interface ToolConfig {
  flyway?: FlywaySettings;
  /** The Supabase CLI version from package.json, when pinned there. */
  supabaseCliVersion?: { major: number; minor: number };
}

export interface FlywaySettings {
  /** `executeInTransaction` from flyway.conf / flyway.toml; default true. */
  executeInTransaction: boolean;
  /** `mixed`; default false. */
  mixed: boolean;
  placeholders: Record<string, string>;
  /** The config file that set them, for reasons. */
  source?: string;
}

/** What the lint engine needs to know about the file it lints when that file is a migration. */
export interface MigrationLintContext {
  tool: ToolId;
  toolName: string;
  migrationId: string;
  /** The sections of the linted file, up and down, each with its envelope. */
  scripts: Script[];
  /** Project findings located in the linted file. */
  findings: ProjectFinding[];
  placeholders: Record<string, string>;
  /**
   * The schema before the linted file, replayed from the earlier migrations of its root; absent
   * when it was not computed. Rules read it as of each statement through `StatementContext.catalog()`.
   */
  schema?: SchemaBefore;
  /** What quick fixes need to name new migrations and edit the tool's side files. */
  fixes?: MigrationFixContext;
}
