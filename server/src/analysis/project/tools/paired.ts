/**
 * golang-migrate, sqlx and node-pg-migrate's "sql" loader share one file shape:
 * `<version>_<title>.up.sql` with an optional `<version>_<title>.down.sql`.
 */
import type { ProjectFinding } from '../types';
import { normalizedInteger, firstLineRange } from '../text';
import type { ToolContext } from './adapter';
import { matchSqlFiles, readText, type NamedFile } from './common';

export const PAIRED_FILE = /^(\d+)_(.*)\.(up|down)\.sql$/;

export interface PairedVersion {
  version: string;
  title: string;
  ups: NamedFile[];
  downs: NamedFile[];
}

/** Paired files grouped by version, plus the `.sql` files that are not paired-shaped. */
export function pairedFiles(context: ToolContext): { versions: PairedVersion[]; unmatched: string[] } {
  const { matched, unmatched } = matchSqlFiles(context, PAIRED_FILE);
  const byVersion = new Map<string, PairedVersion>();
  for (const file of matched) {
    const key = normalizedInteger(file.match[1]);
    const entry = byVersion.get(key) ?? { version: file.match[1], title: file.match[2], ups: [], downs: [] };
    (file.match[3] === 'up' ? entry.ups : entry.downs).push(file);
    byVersion.set(key, entry);
  }
  return { versions: [...byVersion.values()], unmatched };
}

export function missingDown(toolName: string, up: NamedFile, context: ToolContext, consequence: string): ProjectFinding {
  const expected = up.name.replace(/\.up\.sql$/, '.down.sql');
  return {
    code: 'missing-down-migration',
    severity: 'warning',
    message: `${toolName} pairs every up migration with a down migration, but ${expected} does not exist; ${consequence}`,
    file: up.path,
    range: firstLineRange(readText(context, up.path)),
  };
}

export function downWithoutUp(toolName: string, down: NamedFile, context: ToolContext): ProjectFinding {
  return {
    code: 'migration-structure',
    severity: 'warning',
    message: `${toolName} finds no up migration with version ${down.match[1]} for this down migration.`,
    file: down.path,
    range: firstLineRange(readText(context, down.path)),
  };
}
