/**
 * Safeshift's own LSP messages. The VS Code client imports these types; other editors can send
 * the same JSON.
 */

/** `safeshift/status`: what the language status item shows for a document. */
export const STATUS_REQUEST = 'safeshift/status';

export interface StatusParams {
  uri: string;
}

export interface StatusResult {
  /** The PostgreSQL version the document is checked against, e.g. "16" or "14.2". */
  postgresVersion: string;
  /** The `safeshift.json` that applies, as a file system path, or null when none does. */
  configPath: string | null;
  /** Findings currently reported for the document (0 when it is not open or is excluded). */
  findings: number;
  /**
   * When the document is a migration whose earlier migrations were replayed: how many of them the
   * schema its rules check against reflects, and how many migrations the server has replayed so
   * far (an edit served from the cached catalog adds none).
   */
  schema?: { migrationsBefore: number; replayedMigrations: number };
  /** With `schema`: migrations replayed on the protocol thread for editor features (0: the lint worker answers them). */
  editorReplayedMigrations?: number;
}

/** Where a rule's documentation lives; diagnostics link here through `codeDescription`. */
export const RULE_DOCS_BASE = 'https://github.com/safeshift/safeshift/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE}${encodeURIComponent(ruleId)}.md`;
}

/**
 * Test and tuning knobs a client may pass in `initializationOptions`; editors never need them.
 * `settings` is used as the editor settings by clients that cannot answer `workspace/configuration`.
 */
export interface InitializationOptions {
  debounceMs?: number;
  configurationTimeoutMs?: number;
  /** Stop a single lint after this many milliseconds (default 20,000). */
  lintTimeoutMs?: number;
  settings?: unknown;
  /** The client shows the Migrations view and wants `safeshift/migrationsChanged` notifications. */
  migrationsView?: boolean;
}

/**
 * `safeshift/migrations`: every migration root of the workspace with its migrations in the tool's
 * order, for the Migrations view. `safeshift/migrationsChanged` (a notification, no params) tells
 * the client to ask again: files changed on disk, settings changed, or findings changed.
 */
export const MIGRATIONS_REQUEST = 'safeshift/migrations';
export const MIGRATIONS_CHANGED_NOTIFICATION = 'safeshift/migrationsChanged';

export interface MigrationsParams {
  /** Look for roots and migrations again (files were created or deleted that the server may not have heard of). */
  refresh?: boolean;
}

export interface MigrationsResult {
  roots: MigrationsRootInfo[];
}

export interface MigrationsRootInfo {
  /** File URI of the root directory. */
  uri: string;
  /** The directory relative to its workspace folder ('' for the folder itself), for display. */
  label: string;
  tool: string;
  toolName: string;
  /** True when safeshift.json named the tool; false when it was detected. */
  explicit: boolean;
  migrations: MigrationInfo[];
}

export interface MigrationInfo {
  id: string;
  /** URI of the file that holds the up section (or the first file of the migration). */
  uri: string;
  /** 0-based line of the up section's first statement, for "reveal". */
  line: number;
  kind: string;
  version?: string;
  description: string;
  /** "migration 3 of 6", or the kind for repeatable and callback migrations. */
  place: string;
  /** One line per section: "up: in a transaction". */
  envelopes: Array<{ direction: 'up' | 'down'; label: string; reason: string }>;
  /** Findings in the migration's files when they are open (and so checked); null when none is. */
  findings: { errors: number; warnings: number; other: number } | null;
  /** Project findings for the migration's files (duplicate version, missing down...). */
  projectFindings: number;
}
