/**
 * Builds the MigrationFixContext of a linted file from its migration root: the order and names of
 * the migrations (to name a new one right after the current one) and the texts of the tool's small
 * side files a fix may edit.
 */
import type { ProjectFs } from '../project/fs';
import { dirnameOf, joinPath } from '../project/paths';
import type { MigrationRoot } from '../project/types';
import type { MigrationFixContext } from './types';

export function migrationFixContext(root: MigrationRoot, file: string, fs?: ProjectFs): MigrationFixContext {
  const versioned = root.migrations.filter((m) => m.kind === 'versioned' || m.kind === 'setup' || m.kind === 'baseline');
  const migrations = versioned.map((m) => ({ id: m.id, version: m.version, description: m.description, files: m.files }));
  const current = versioned.findIndex((m) => m.files.includes(file) || m.sections.some((s) => s.file === file));
  const related: Record<string, string> = {};
  const remember = (path: string) => {
    const text = fs?.read(path);
    if (text !== undefined) related[path] = text;
  };
  if (root.tool === 'drizzle') remember(joinPath(root.dir, 'meta', '_journal.json'));
  if (root.tool === 'diesel') remember(joinPath(dirnameOf(file), 'metadata.toml'));
  if (root.tool === 'flyway') remember(`${file}.conf`);
  return { tool: root.tool, rootDir: root.dir, file, migrations, current, flyway: root.config.flyway, related };
}
