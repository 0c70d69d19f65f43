/**
 * `safeshift/migrations`: the data of the Migrations view, from the project model. Finding counts
 * come from the documents the server has checked (the open ones); other files show none rather
 * than being linted in bulk behind the user's back.
 */
import { relative } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { summarizeMigration } from '../analysis/project/summary';
import { toolName } from '../analysis/project/tools/index';
import type { Migration, MigrationRoot } from '../analysis/project/types';
import { nodeProjectFs } from '../node/projectFs';
import { migrationPlace } from './codeLens';
import type { MigrationInfo, MigrationsResult, MigrationsRootInfo } from './protocol';
import { pathToUri } from './settings';

export interface MigrationsSources {
  roots: MigrationRoot[];
  workspaceFolders: string[];
  /** The diagnostics last computed for a file path, when the server has checked it. */
  diagnosticsOf: (path: string) => Diagnostic[] | undefined;
  /** Line numbers already found, by `file\0offset`; kept by the caller until files change. */
  lines: Map<string, number>;
}

export function migrationsResult(sources: MigrationsSources): MigrationsResult {
  return { roots: sources.roots.map((root) => rootInfo(root, sources)) };
}

function rootInfo(root: MigrationRoot, sources: MigrationsSources): MigrationsRootInfo {
  const folder = sources.workspaceFolders.filter((f) => root.dir === f || root.dir.startsWith(`${f}/`)).sort((a, b) => b.length - a.length)[0];
  return {
    uri: pathToUri(root.dir),
    label: folder ? relative(folder, root.dir).replace(/\\/g, '/') : root.dir,
    tool: root.tool,
    toolName: toolName(root.tool),
    explicit: root.detection.explicit,
    migrations: root.migrations.map((migration) => migrationInfo(root, migration, sources)),
  };
}

function migrationInfo(root: MigrationRoot, migration: Migration, sources: MigrationsSources): MigrationInfo {
  const summary = summarizeMigration(root, migration);
  const main = migration.up ?? migration.sections[0];
  const file = main?.file ?? migration.files[0];
  return {
    id: migration.id,
    uri: pathToUri(file),
    line: main && main.range.start > 0 ? lineOf(file, main.range.start, sources.lines) : 0,
    kind: migration.kind,
    ...(migration.version !== undefined ? { version: migration.version } : {}),
    description: migration.description,
    place: migrationPlace(root, migration),
    envelopes: summary.sections.map((s) => ({ direction: s.direction, label: s.label, reason: s.reason })),
    findings: findingCounts(migration.files.map(sources.diagnosticsOf)),
    projectFindings: root.findings.filter((f) => migration.files.includes(f.file)).length,
  };
}

function findingCounts(perFile: Array<Diagnostic[] | undefined>): MigrationInfo['findings'] {
  const checked = perFile.filter((d): d is Diagnostic[] => d !== undefined);
  if (checked.length === 0) return null;
  const counts = { errors: 0, warnings: 0, other: 0 };
  for (const diagnostic of checked.flat()) {
    if (diagnostic.severity === 1) counts.errors++;
    else if (diagnostic.severity === 2) counts.warnings++;
    else counts.other++;
  }
  return counts;
}

/** The view refreshes after every check: read each file for its line once, not every time. */
function lineOf(file: string, offset: number, lines: Map<string, number>): number {
  const key = `${file}\0${offset}`;
  const known = lines.get(key);
  if (known !== undefined) return known;
  const text = nodeProjectFs.read(file) ?? '';
  let line = 0;
  for (let i = 0; i < Math.min(offset, text.length); i++) if (text.charCodeAt(i) === 10) line++;
  lines.set(key, line);
  return line;
}
