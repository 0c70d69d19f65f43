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
  const { migrations, indexOfFile } = versionedMigrations(root);
  const current = indexOfFile.get(file) ?? -1;
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

interface VersionedMigrations {
  /** Shared by every file of the root: read-only. */
  migrations: MigrationFixContext['migrations'];
  /** The first migration holding each file, as one of its files or sections. */
  indexOfFile: Map<string, number>;
}

/** Once per root, not once per file: a check of a 700-migration project would otherwise be quadratic. */
const versionedByRoot = new WeakMap<MigrationRoot, VersionedMigrations>();

function versionedMigrations(root: MigrationRoot): VersionedMigrations {
  let entry = versionedByRoot.get(root);
  if (entry) return entry;
  const versioned = root.migrations.filter((m) => m.kind === 'versioned' || m.kind === 'setup' || m.kind === 'baseline');
  const indexOfFile = new Map<string, number>();
  versioned.forEach((m, i) => {
    for (const path of [...m.files, ...m.sections.map((s) => s.file)]) if (!indexOfFile.has(path)) indexOfFile.set(path, i);
  });
  entry = { migrations: versioned.map((m) => ({ id: m.id, version: m.version, description: m.description, files: m.files })), indexOfFile };
  versionedByRoot.set(root, entry);
  return entry;
}
