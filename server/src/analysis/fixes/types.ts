/**
 * What a fix may do beyond editing the linted document: create migration files and edit other
 * files of the project (a Drizzle journal, a Diesel metadata.toml, a Flyway sidecar). Plain data,
 * so findings cross the lint worker's thread boundary as they are.
 */
import type { OffsetRange } from '../text/lineIndex';
import type { ToolId, FlywaySettings } from '../project/types';

export interface FileEdit {
  range: OffsetRange;
  newText: string;
}

export type FileChange =
  /** A new file; `path` is absolute and '/'-separated. Never overwrites: the fix is not offered when it exists. */
  | { kind: 'create'; path: string; text: string }
  /**
   * Edits to an existing file other than the linted one. `original` is the text the offsets refer
   * to, so the editor can place them and a stale fix can be refused.
   */
  | { kind: 'edit'; path: string; edits: FileEdit[]; original: string };

/** One migration of the root, as a fix needs it to name and place a new one. */
export interface FixMigrationEntry {
  id: string;
  /** The version as written (`1.1`, `000002`, `20240102000000`), when the tool has one. */
  version?: string;
  description: string;
  files: string[];
}

/**
 * What quick fixes need to add or change migration files, built by the project model for the
 * linted file (see fixes/context.ts). Absent for files outside a migration project.
 */
export interface MigrationFixContext {
  tool: ToolId;
  rootDir: string;
  /** The linted file, absolute. */
  file: string;
  /** The versioned migrations of the root in the tool's order. */
  migrations: FixMigrationEntry[];
  /** Index in `migrations` of the linted file's migration, or -1. */
  current: number;
  flyway?: FlywaySettings;
  /**
   * Texts of the small non-SQL files a fix may edit, by path: the Drizzle journal, the current
   * migration's Diesel metadata.toml and Flyway sidecar, when they exist.
   */
  related: Record<string, string>;
}
