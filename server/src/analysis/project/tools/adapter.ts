/** The contract each migration tool's adapter fulfils. */
import type { ProjectFs } from '../fs';
import type { Migration, ProjectFinding, ToolId } from '../types';

export interface FlywaySettings {
  /** `executeInTransaction` from flyway.conf / flyway.toml; default true. */
  executeInTransaction: boolean;
  /** `mixed`; default false. */
  mixed: boolean;
  placeholders: Record<string, string>;
  /** The config file that set them, for reasons. */
  source?: string;
}

/** Facts found in config files and manifests while detecting, which change how a tool runs. */
export interface ToolConfig {
  flyway?: FlywaySettings;
  /** The Supabase CLI version from package.json, when pinned there. */
  supabaseCliVersion?: { major: number; minor: number };
}

export interface ToolContext {
  dir: string;
  fs: ProjectFs;
  config: ToolConfig;
}

export type UnsortedMigration = Omit<Migration, 'position'>;

export interface CollectedRoot {
  migrations: UnsortedMigration[];
  findings: ProjectFinding[];
  ignoredFiles: string[];
}

export interface ToolAdapter {
  id: ToolId;
  name: string;
  /**
   * How the tool orders migrations. Lexicographic tools get a warning when file-name order and
   * version order disagree (`9_x.sql` runs after `10_y.sql`).
   */
  ordering: 'numeric' | 'lexicographic' | 'manifest';
  /** The key under which two migrations collide in the tool's history table; undefined: no check. */
  historyKey?(migration: UnsortedMigration): string | undefined;
  collect(context: ToolContext): CollectedRoot;
}
