/** The contract each migration tool's adapter fulfils. */
import type { ProjectFs } from '../fs';
import type { Migration, ProjectFinding, ToolConfig, ToolId } from '../types';

export type { FlywaySettings, ToolConfig } from '../types';

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
