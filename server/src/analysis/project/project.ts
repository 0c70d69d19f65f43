/**
 * Entry points of the project model: build a migration root, find the root of a file, discover
 * every root in a workspace, and hand the lint engine the context of one file.
 */
import type { MigrationRootSetting } from '../config/settings';
import { detectTool, type DetectOptions, type DirectoryDetection } from './detect';
import { duplicateVersions, foreignDownSections, lexicographicOrderPitfalls } from './findings';
import { cachedFs, type ProjectFs } from './fs';
import { basenameOf, dirnameOf, isInside, joinPath } from './paths';
import type { UnsortedMigration } from './tools/adapter';
import { TOOL_ADAPTERS, toolName } from './tools/index';
import type { Detection, Migration, MigrationLintContext, MigrationRoot, Script, ToolConfig, ToolId } from './types';
import { migrationFixContext } from '../fixes/context';

export interface ExplicitRoot {
  /** Absolute directory. */
  dir: string;
  tool: ToolId;
}

export interface ProjectOptions extends DetectOptions {
  /** Roots named in safeshift.json; they win over detection. */
  explicitRoots?: ExplicitRoot[];
}

/** `migrations` entries of safeshift.json, resolved against the directory of the config file. */
export function explicitRootsFromSettings(migrations: readonly MigrationRootSetting[], configDir: string): ExplicitRoot[] {
  return migrations.map((m) => ({ dir: joinPath(configDir, m.dir), tool: m.tool }));
}

/** Builds the ordered model of one root with a known tool. */
export function loadRoot(dir: string, tool: ToolId, fs: ProjectFs, config: ToolConfig = {}, detection?: Detection): MigrationRoot {
  const adapter = TOOL_ADAPTERS[tool];
  const collected = adapter.collect({ dir, fs, config });
  const migrations = sortMigrations(collected.migrations);
  const readFile = (path: string) => fs.read(path) ?? '';
  return {
    dir,
    tool,
    detection: detection ?? { tool, score: 0, explicit: true, evidence: ['named in safeshift.json'], alternatives: [], ambiguous: false },
    migrations,
    findings: [
      ...collected.findings,
      ...duplicateVersions(adapter, migrations, readFile),
      ...lexicographicOrderPitfalls(adapter, migrations, readFile),
      ...foreignDownSections(adapter, migrations, readFile),
    ],
    ignoredFiles: collected.ignoredFiles,
    config,
  };
}

function sortMigrations(unsorted: UnsortedMigration[]): Migration[] {
  return [...unsorted]
    .sort((a, b) => (a.orderKey < b.orderKey ? -1 : a.orderKey > b.orderKey ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((m, position) => ({ ...m, position }));
}

/** Detects and builds the root at `dir`; undefined when it holds no migrations. */
export function rootAt(dir: string, fs: ProjectFs, options: ProjectOptions = {}): MigrationRoot | undefined {
  const explicit = explicitRootFor(dir, options, true);
  if (explicit) return loadExplicit(explicit, fs, options);
  const detected = detectTool(dir, fs, options);
  return detected ? loadDetected(dir, detected, fs) : undefined;
}

function loadDetected(dir: string, detected: DirectoryDetection, fs: ProjectFs): MigrationRoot {
  return loadRoot(dir, detected.detection.tool, fs, detected.config, detected.detection);
}

function loadExplicit(explicit: ExplicitRoot, fs: ProjectFs, options: ProjectOptions): MigrationRoot {
  // Config files (flyway.conf, package.json versions) still shape how the named tool runs.
  const config = detectTool(explicit.dir, fs, options)?.config ?? {};
  const detection: Detection = { tool: explicit.tool, score: 0, explicit: true, evidence: ['named in safeshift.json'], alternatives: [], ambiguous: false };
  return loadRoot(explicit.dir, explicit.tool, fs, config, detection);
}

function explicitRootFor(path: string, options: ProjectOptions, exact = false): ExplicitRoot | undefined {
  const matches = (options.explicitRoots ?? []).filter((r) => (exact ? r.dir === path : r.dir === path || isInside(r.dir, path)));
  return matches.sort((a, b) => b.dir.length - a.dir.length)[0];
}

/** The root that runs `file`, or undefined when the file is not part of any migration root. */
export function findRootForFile(file: string, fs: ProjectFs, options: ProjectOptions = {}): MigrationRoot | undefined {
  const cached = cachedFs(fs);
  const explicit = explicitRootFor(file, options);
  if (explicit) return loadExplicit(explicit, cached, options);
  for (const dir of candidateDirs(file)) {
    const detected = detectTool(dir, cached, options);
    if (!detected) continue;
    const root = widenNestedRoot(loadDetected(dir, detected, cached), file, cached, options);
    if (containsFile(root, file)) return root;
  }
  return undefined;
}

/** Nearest first; folder-layout files (Diesel up.sql, Prisma migration.sql) belong one level up. */
function candidateDirs(file: string): string[] {
  const parent = dirnameOf(file);
  const dirs = ['up.sql', 'down.sql', 'migration.sql', 'metadata.toml'].includes(basenameOf(file)) ? [dirnameOf(parent), parent] : [parent];
  let dir = dirs[dirs.length - 1];
  for (let i = 0; i < 3 && dirnameOf(dir) !== dir; i++) dirs.push((dir = dirnameOf(dir)));
  return dirs;
}

/** Flyway and Liquibase scan recursively: a subfolder of their root is not a root of its own. */
function widenNestedRoot(root: MigrationRoot, file: string, fs: ProjectFs, options: ProjectOptions): MigrationRoot {
  if (root.tool !== 'flyway' && root.tool !== 'liquibase') return root;
  // A config file that names this very directory settles it.
  const namedByConfig = (r: MigrationRoot) => r.detection.evidence.some((e) => e.startsWith('marker:'));
  if (namedByConfig(root)) return root;
  let best = root;
  let dir = root.dir;
  for (let i = 0; i < 3 && dirnameOf(dir) !== dir; i++) {
    dir = dirnameOf(dir);
    if (options.boundary && !isInside(options.boundary, dir) && dir !== options.boundary) break;
    const detected = detectTool(dir, fs, options);
    if (detected?.detection.tool !== root.tool) continue;
    const wider = loadDetected(dir, detected, fs);
    if (!containsFile(wider, file)) continue;
    best = wider;
    if (namedByConfig(wider)) break;
  }
  return best;
}

export function containsFile(root: MigrationRoot, file: string): boolean {
  return root.migrations.some((m) => m.files.includes(file)) || root.ignoredFiles.includes(file) || root.findings.some((f) => f.file === file);
}

const SKIPPED_DIRS = new Set(['node_modules', 'target', 'vendor', '.git', 'dist', 'build', 'out', '.next', '.venv', '__pycache__']);
const MAX_DEPTH = 10;
const MAX_DIRS = 5000;

/** Every migration root under `workspaceDir`, outermost first; nested roots are not reported twice. */
export function discoverRoots(workspaceDir: string, fs: ProjectFs, options: ProjectOptions = {}): MigrationRoot[] {
  const cached = cachedFs(fs);
  const opts = { boundary: workspaceDir, ...options };
  const roots: MigrationRoot[] = [];
  for (const explicit of options.explicitRoots ?? []) roots.push(loadExplicit(explicit, cached, opts));
  const queue: Array<{ dir: string; depth: number }> = [{ dir: workspaceDir, depth: 0 }];
  let visited = 0;
  while (queue.length > 0 && visited++ < MAX_DIRS) {
    const { dir, depth } = queue.shift()!;
    if (roots.some((r) => r.dir === dir || isInside(r.dir, dir))) continue;
    const root = looksLikeMigrations(dir, cached) ? rootAt(dir, cached, opts) : undefined;
    if (root && isConvincing(root)) {
      roots.push(root);
      continue;
    }
    if (depth >= MAX_DEPTH) continue;
    for (const entry of cached.list(dir)) {
      if (entry.isDirectory && !SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) queue.push({ dir: joinPath(dir, entry.name), depth: depth + 1 });
    }
  }
  return roots;
}

function looksLikeMigrations(dir: string, fs: ProjectFs): boolean {
  return fs.list(dir).some((e) => (!e.isDirectory && e.name.toLowerCase().endsWith('.sql')) || (e.isDirectory && /^[\d-]+_/.test(e.name)) || e.name === 'migration_lock.toml');
}

/** Two numbered files make a plain root; any recognised tool needs one migration. */
function isConvincing(root: MigrationRoot): boolean {
  return root.tool === 'plain' ? root.migrations.length >= 2 : root.migrations.length > 0 || root.detection.explicit;
}

/** The migrations and sections that live in `file`. */
export function locateFile(root: MigrationRoot, file: string): { migrations: Migration[]; scripts: Script[] } {
  const migrations = root.migrations.filter((m) => m.sections.some((s) => s.file === file));
  return { migrations, scripts: migrations.flatMap((m) => m.sections.filter((s) => s.file === file)) };
}

/** What `lintText` needs to lint `file` with the envelope the tool really gives it. */
export function migrationLintContext(root: MigrationRoot, file: string, fs?: ProjectFs): MigrationLintContext | undefined {
  const { migrations, scripts } = locateFile(root, file);
  const findings = root.findings.filter((f) => f.file === file);
  if (migrations.length === 0 && findings.length === 0) return undefined;
  return {
    tool: root.tool,
    toolName: toolName(root.tool),
    migrationId: migrations[0]?.id ?? file,
    scripts,
    findings,
    placeholders: Object.assign({}, ...migrations.map((m) => m.placeholders)),
    fixes: migrationFixContext(root, file, fs),
  };
}

/**
 * The lint context of `file` from its current, possibly unsaved, text, without re-reading the
 * whole root: the root's other SQL files read as empty, because only their names (and the tool's
 * config files, read as they are) matter for this file's sections, order and findings. Keeps an
 * edit in the newest of 700 migrations cheap once the root is known.
 */
export function migrationLintContextForText(root: MigrationRoot, file: string, text: string, fs: ProjectFs): MigrationLintContext | undefined {
  const siblings = filesOfSameMigration(root, file);
  const focused: ProjectFs = {
    list: (dir) => fs.list(dir),
    exists: (path) => path === file || fs.exists(path),
    read: (path) => (path === file ? text : path.toLowerCase().endsWith('.sql') && !siblings.has(path) ? '' : fs.read(path)),
  };
  return migrationLintContext(loadRoot(root.dir, root.tool, focused, root.config, root.detection), file, fs);
}

/** Files of the same migration as `file` (a paired down file, a Flyway undo) keep their text; found once, not per file read. */
function filesOfSameMigration(root: MigrationRoot, file: string): Set<string> {
  return new Set(root.migrations.filter((m) => m.files.includes(file)).flatMap((m) => m.files));
}
