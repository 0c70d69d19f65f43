/**
 * `safeshift schema <dir> [--at <migration>]`: replays a migration root's up scripts, in the
 * tool's order, into the catalog model and prints the result as SQL (analysis/schema/toSql.ts).
 * Glue only: arguments, the disk, and the statements each object came from.
 */
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { scriptText } from '../analysis/project/envelopes';
import { discoverRoots, explicitRootsFromSettings, rootAt } from '../analysis/project/project';
import { dirnameOf } from '../analysis/project/paths';
import type { Migration, MigrationRoot } from '../analysis/project/types';
import { parseDocument } from '../analysis/parse/parseDocument';
import { applyStatement } from '../analysis/schema/apply';
import { createCatalog, type Catalog } from '../analysis/schema/model';
import { printCatalog, type Omission, type SourceStatement } from '../analysis/schema/toSql';
import { toolName } from '../analysis/project/tools/index';
import { nodeProjectFs, toModelPath } from '../node/projectFs';
import { loadSettings } from '../node/settingsLoader';
import { UsageError } from './args';

export const SCHEMA_HELP = `Usage: safeshift schema <migrations dir> [--at <migration>]

Replays the up scripts of a migration directory, in its tool's order, into Safeshift's schema model
(no database) and prints the schema as SQL: schemas, types, sequences, tables with columns,
defaults, identity and constraints (NOT VALID kept), indexes, partitions, foreign keys, views,
functions and triggers. The tool is detected as for "check", or named in safeshift.json.

Options:
  --at <migration>   stop after this migration: its version, file name or id (default: the newest)
`;

export interface SchemaOptions {
  dir: string;
  at?: string;
}

export function parseSchemaArgs(argv: readonly string[]): SchemaOptions | 'help' {
  let dir: string | undefined;
  let at: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--at' || arg.startsWith('--at=')) {
      if (at !== undefined) throw new UsageError('"--at" is given more than once.');
      at = arg === '--at' ? argv[++i] : arg.slice('--at='.length);
      if (!at) throw new UsageError('"--at" needs a migration: its version, file name or id.');
      continue;
    }
    if (arg.startsWith('-')) throw new UsageError(`Unknown option "${arg}" for "safeshift schema".`);
    if (dir !== undefined) throw new UsageError(`"safeshift schema" takes one directory (got "${dir}" and "${arg}").`);
    dir = arg;
  }
  if (dir === undefined) throw new UsageError('Give the migrations directory: safeshift schema <dir>.');
  return { dir, ...(at !== undefined ? { at } : {}) };
}

export interface SchemaResult {
  sql: string;
  /** Problems worth a line on standard error: statements that did not parse or apply. */
  warnings: string[];
}

/** Finds the root, replays it and prints it. Throws UsageError for a bad directory or migration. */
export function runSchema(options: SchemaOptions, cwd: string): SchemaResult {
  const { sql, warnings } = runSchemaPrinted(options, cwd);
  return { sql, warnings };
}

/** runSchema, with the objects the SQL leaves out (for tests and tools that check completeness). */
export function runSchemaPrinted(options: SchemaOptions, cwd: string): SchemaResult & { omitted: Omission[] } {
  const root = findRoot(resolve(cwd, options.dir), options.dir);
  const applied = migrationsUpTo(root, options.at);
  const { catalog, sources, warnings } = replayWithSources(applied);
  const last = applied[applied.length - 1];
  const header = `Schema of ${root.dir} (${toolName(root.tool)}), replayed by Safeshift ${last ? `through ${last.id} (${applied.length} of ${runnable(root).length} migrations)` : 'with no migrations'}.`;
  const printed = printCatalog(catalog, { header, source: (origin) => sources.get(`${origin.migration ?? ''}\0${origin.statement}`) });
  return { sql: printed.sql, warnings, omitted: printed.omitted };
}

function findRoot(dir: string, given: string): MigrationRoot {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new UsageError(`"${given}" is not a directory.`);
  const modelDir = toModelPath(dir);
  const loaded = loadSettings(`${dir}/.safeshift-probe.sql`);
  const explicitRoots = loaded.configPath ? explicitRootsFromSettings(loaded.settings.migrations ?? [], dirnameOf(toModelPath(loaded.configPath))) : [];
  const root = rootAt(modelDir, nodeProjectFs, { explicitRoots });
  if (root && root.migrations.length > 0) return root;
  const nested = discoverRoots(modelDir, nodeProjectFs, { explicitRoots });
  if (nested.length === 1) return nested[0];
  if (nested.length > 1) throw new UsageError(`"${given}" holds several migration directories; name one: ${nested.map((r) => r.dir).join(', ')}.`);
  throw new UsageError(`No migrations found in "${given}".`);
}

/** Migrations a database gets from the tool's "up": not callbacks, not code migrations. */
function runnable(root: MigrationRoot): Migration[] {
  return root.migrations.filter((m) => m.kind !== 'callback' && m.kind !== 'code' && m.up);
}

function migrationsUpTo(root: MigrationRoot, at: string | undefined): Migration[] {
  const all = runnable(root);
  if (at === undefined) return all;
  const matches = all.filter((m) => m.id === at || m.version === at || basename(m.up!.file) === at || m.id.startsWith(at) || m.files.some((f) => f === toModelPath(resolve(at))));
  const exact = matches.filter((m) => m.id === at || m.version === at || basename(m.up!.file) === at);
  const chosen = exact.length === 1 ? exact : matches;
  if (chosen.length === 0) throw new UsageError(`No migration "${at}" in ${root.dir}. Give its version, file name or id.`);
  if (chosen.length > 1) throw new UsageError(`"${at}" matches several migrations: ${chosen.map((m) => m.id).join(', ')}.`);
  return all.slice(0, all.indexOf(chosen[0]) + 1);
}

/**
 * Applies each migration's up statements like `replay` does (search_path starts afresh per
 * migration), remembering each statement and the search_path it ran under for the printer.
 */
function replayWithSources(migrations: Migration[]): { catalog: Catalog; sources: Map<string, SourceStatement>; warnings: string[] } {
  const catalog = createCatalog();
  const sources = new Map<string, SourceStatement>();
  const warnings: string[] = [];
  for (const migration of migrations) {
    const up = migration.up!;
    const fileText = nodeProjectFs.read(up.file);
    if (fileText === undefined) {
      warnings.push(`${up.file}: cannot be read; its statements are missing from the schema.`);
      continue;
    }
    const document = parseDocument(scriptText(up, fileText), { placeholders: migration.placeholders });
    for (const problem of document.problems.filter((p) => p.severity === 'error')) {
      const line = document.lineIndex.positionAt(problem.range.start).line + 1;
      warnings.push(`${up.file}:${line}: ${problem.message} (statement skipped)`);
    }
    catalog.searchPath = ['public'];
    for (const statement of document.statements) {
      sources.set(`${migration.id}\0${statement.index}`, { kind: statement.kind, node: statement.node, text: statement.text, searchPath: [...catalog.searchPath] });
      const outcome = applyStatement(catalog, statement, migration.id);
      if (outcome.status === 'failed') {
        const line = document.lineIndex.positionAt(statement.range.start).line + 1;
        warnings.push(`${up.file}:${line}: ${outcome.message}`);
      }
    }
    catalog.searchPath = ['public'];
  }
  return { catalog, sources, warnings };
}
