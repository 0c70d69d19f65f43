/**
 * Which tool runs a directory of migrations, scored as in the research note (section 6): marker
 * files that name the directory (100), content sniffed from the files (90), file-name and layout
 * patterns (60, or 30 for bare numbered files that many tools accept), and the language manifests
 * of the enclosing project (40). Scores add up per tool; the best wins, and a runner-up within 20
 * points marks the result ambiguous.
 */
import { parse as parseJson } from 'jsonc-parser';
import type { ProjectFs } from './fs';
import { asBoolean, asStringList, readMiniToml, readProperties } from './miniToml';
import { basenameOf, dirnameOf, isInside, joinPath } from './paths';
import { firstNonBlankLine } from './text';
import type { FlywaySettings, ToolConfig } from './tools/adapter';
import { DEFAULT_FLYWAY_SETTINGS } from './tools/flyway';
import { LIQUIBASE_HEADER } from './tools/liquibase';
import { PAIRED_FILE } from './tools/paired';
import { TOOL_IDS, type Detection, type ToolId, type ToolScore } from './types';

export const SCORE = { marker: 100, sniff: 90, pattern: 60, sharedPattern: 30, manifest: 40 } as const;
type Category = 'marker' | 'sniff' | 'pattern' | 'manifest';

/** When scores tie, the tool listed first wins: the common choice, or no guess at all (plain). */
const PREFERENCE: readonly ToolId[] = ['plain', 'golang-migrate', 'sqlx', 'node-pg-migrate', ...TOOL_IDS];
const MAX_SNIFFED_FILES = 15;
const MAX_ANCESTORS = 8;

export interface DetectOptions {
  /** Markers and manifests are looked for up to here (the workspace folder); else up to a `.git` folder. */
  boundary?: string;
}

export interface DirectoryDetection {
  detection: Detection;
  config: ToolConfig;
}

class Scores {
  private readonly byTool = new Map<ToolId, { parts: Partial<Record<Category, number>>; evidence: string[] }>();

  add(tool: ToolId, category: Category, score: number, evidence: string): void {
    const entry = this.byTool.get(tool) ?? { parts: {}, evidence: [] };
    if ((entry.parts[category] ?? 0) < score) entry.parts[category] = score;
    if (!entry.evidence.includes(evidence)) entry.evidence.push(evidence);
    this.byTool.set(tool, entry);
  }

  ranked(): ToolScore[] {
    return [...this.byTool.entries()]
      .map(([tool, { parts, evidence }]) => ({ tool, score: Object.values(parts).reduce((a, b) => a + (b ?? 0), 0), evidence }))
      .sort((a, b) => b.score - a.score || PREFERENCE.indexOf(a.tool) - PREFERENCE.indexOf(b.tool));
  }
}

/** Detects the tool of `dir`; undefined when nothing in it looks like a migration. */
export function detectTool(dir: string, fs: ProjectFs, options: DetectOptions = {}): DirectoryDetection | undefined {
  const scores = new Scores();
  const config: ToolConfig = {};
  scoreLayout(dir, fs, scores);
  scoreContent(dir, fs, scores);
  scoreAncestors(dir, fs, options, scores, config);
  const ranked = scores.ranked().filter((s) => s.score >= SCORE.sharedPattern);
  const best = ranked[0];
  if (!best || !hasMigrationFiles(scores, best.tool)) return undefined;
  const alternatives = ranked.slice(1);
  return {
    detection: { tool: best.tool, score: best.score, explicit: false, evidence: best.evidence, alternatives, ambiguous: alternatives.some((a) => best.score - a.score < 20) },
    config,
  };
}

/** A manifest alone (a go.mod naming goose) does not make a folder a migration root. */
function hasMigrationFiles(scores: Scores, tool: ToolId): boolean {
  const entry = scores.ranked().find((s) => s.tool === tool);
  return entry !== undefined && entry.evidence.some((e) => !e.startsWith('manifest:') && !e.startsWith('config:'));
}

function scoreLayout(dir: string, fs: ProjectFs, scores: Scores): void {
  const entries = fs.list(dir);
  const names = entries.filter((e) => !e.isDirectory).map((e) => e.name);
  const sqlNames = names.filter((n) => n.toLowerCase().endsWith('.sql'));
  if (names.includes('migration_lock.toml')) scores.add('prisma', 'marker', SCORE.marker, 'marker: migration_lock.toml');
  if (fs.exists(joinPath(dir, 'meta', '_journal.json'))) scores.add('drizzle', 'marker', SCORE.marker, 'marker: meta/_journal.json');
  if (names.some((n) => n.endsWith('.sql.conf'))) scores.add('flyway', 'marker', SCORE.marker, 'marker: a <script>.sql.conf sidecar');
  const flywayNamed = (n: string) => /^[VUB]\d+(?:[._]\d+)*__.+\.sql$/.test(n) || /^R__.+\.sql$/.test(n);
  const nested = entries.filter((e) => e.isDirectory).flatMap((e) => fs.list(joinPath(dir, e.name)).map((c) => c.name));
  if (sqlNames.some(flywayNamed) || nested.some(flywayNamed)) scores.add('flyway', 'pattern', SCORE.pattern, 'files named V<version>__<description>.sql');
  if (sqlNames.some((n) => PAIRED_FILE.test(n))) {
    for (const tool of ['golang-migrate', 'sqlx', 'node-pg-migrate'] as const) scores.add(tool, 'pattern', SCORE.pattern, 'files named <version>_<title>.up.sql / .down.sql');
  }
  const numbered = sqlNames.filter((n) => /^\d+.*\.sql$/.test(n) && !PAIRED_FILE.test(n));
  if (numbered.length > 0) {
    for (const tool of ['plain', 'goose', 'dbmate', 'sqlx', 'sql-migrate', 'node-pg-migrate'] as const) scores.add(tool, 'pattern', SCORE.sharedPattern, 'numbered .sql files');
    if (dir.endsWith('supabase/migrations')) scores.add('supabase', 'pattern', SCORE.pattern, 'numbered files in supabase/migrations');
  }
  for (const sub of entries.filter((e) => e.isDirectory)) {
    const inner = fs.list(joinPath(dir, sub.name)).map((e) => e.name);
    if (/^[\d-]+_.+$/.test(sub.name) && inner.includes('up.sql')) scores.add('diesel', 'pattern', SCORE.pattern, 'folders <version>_<name>/up.sql');
    if (/^\d+_.+$/.test(sub.name) && inner.includes('migration.sql')) {
      if (inner.includes('snapshot.json')) scores.add('drizzle', 'pattern', SCORE.pattern, 'folders <timestamp>_<name>/migration.sql + snapshot.json (Drizzle v1)');
      else scores.add('prisma', 'pattern', SCORE.pattern, 'folders <timestamp>_<name>/migration.sql');
    }
  }
}

/** The tool a file's own text names, if any (section 6, step 4). */
export function sniffTool(text: string): ToolId | undefined {
  if (LIQUIBASE_HEADER.test(firstNonBlankLine(text) ?? '')) return 'liquibase';
  if (text.startsWith('-- no-transaction')) return 'sqlx';
  const head = text.length > 8192 ? text.slice(0, 8192) : text;
  if (/^--\s*\+goose\s/im.test(head)) return 'goose';
  if (/^--\s*\+migrate\s+(Up|Down)\b/m.test(head)) return 'sql-migrate';
  if (/^--\s*migrate:(up|down)\b/m.test(head)) return 'dbmate';
  if (/^\s*--[\s-]*(up|down)\s+migration/im.test(head)) return 'node-pg-migrate';
  if (head.includes('--> statement-breakpoint')) return 'drizzle';
  return undefined;
}

function scoreContent(dir: string, fs: ProjectFs, scores: Scores): void {
  const files: string[] = [];
  for (const entry of fs.list(dir)) {
    const path = joinPath(dir, entry.name);
    if (!entry.isDirectory && entry.name.toLowerCase().endsWith('.sql')) files.push(path);
    else if (entry.isDirectory) {
      for (const inner of ['migration.sql', 'up.sql']) if (fs.exists(joinPath(path, inner))) files.push(joinPath(path, inner));
    }
  }
  files.sort();
  // The newest files show the current conventions best; the oldest may predate them.
  const sample = files.length <= MAX_SNIFFED_FILES ? files : [...files.slice(0, 5), ...files.slice(-(MAX_SNIFFED_FILES - 5))];
  for (const file of sample) {
    const tool = sniffTool(fs.read(file) ?? '');
    if (tool) scores.add(tool, 'sniff', SCORE.sniff, `content: ${basenameOf(file)} has ${tool} markers`);
  }
}

function scoreAncestors(dir: string, fs: ProjectFs, options: DetectOptions, scores: Scores, config: ToolConfig): void {
  const seen = new Set<string>();
  let ancestor = dir;
  for (let level = 0; level < MAX_ANCESTORS; level++) {
    const names = new Set(fs.list(ancestor).map((e) => e.name));
    scoreMarkers(ancestor, dir, names, fs, scores, config);
    scoreManifests(ancestor, names, fs, scores, config, seen);
    if (ancestor === options.boundary || names.has('.git')) break;
    const parent = dirnameOf(ancestor);
    if (parent === ancestor || (options.boundary && !isInside(options.boundary, parent))) break;
    ancestor = parent;
  }
}

/** Marker files name the migrations directory; they score high only when it is this one. */
function scoreMarkers(at: string, dir: string, names: Set<string>, fs: ProjectFs, scores: Scores, config: ToolConfig): void {
  const pointsHere = (tool: ToolId, marker: string, locations: string[]) => {
    // Only the named directory itself: a subfolder of a recursively scanned location is not a root.
    const matches = locations.some((location) => dir === joinPath(at, location));
    scores.add(tool, matches ? 'marker' : 'manifest', matches ? SCORE.marker : SCORE.manifest, `${matches ? 'marker' : 'config'}: ${joinPath(at, marker)}`);
  };
  for (const marker of ['flyway.toml', 'flyway.conf', 'conf/flyway.conf']) {
    const path = joinPath(at, marker);
    if (!(names.has(marker) || (marker.startsWith('conf/') && names.has('conf') && fs.exists(path)))) continue;
    const flyway = readFlywayConfig(path, fs.read(path) ?? '');
    config.flyway ??= flyway.settings;
    pointsHere('flyway', marker, flyway.locations);
  }
  const drizzleConfig = [...names].find((n) => /^drizzle\.config\.(ts|js|mjs|cjs|mts|cts|json)$/.test(n));
  if (drizzleConfig) {
    const text = fs.read(joinPath(at, drizzleConfig)) ?? '';
    pointsHere('drizzle', drizzleConfig, [/["']?out["']?\s*:\s*["'`]([^"'`]+)["'`]/.exec(text)?.[1] ?? 'drizzle']);
  }
  if (names.has('diesel.toml')) {
    const dirSetting = readMiniToml(fs.read(joinPath(at, 'diesel.toml')) ?? '')['migrations_directory.dir'];
    pointsHere('diesel', 'diesel.toml', [typeof dirSetting === 'string' ? dirSetting : 'migrations']);
  }
  if (names.has('sqlx.toml')) {
    const dirSetting = readMiniToml(fs.read(joinPath(at, 'sqlx.toml')) ?? '')['migrate.migrations-dir'];
    pointsHere('sqlx', 'sqlx.toml', [typeof dirSetting === 'string' ? dirSetting : 'migrations']);
  }
  if (names.has('dbconfig.yml')) {
    const dirs = [...(fs.read(joinPath(at, 'dbconfig.yml')) ?? '').matchAll(/^\s*dir:\s*["']?([^"'\s#]+)/gm)].map((m) => m[1]);
    pointsHere('sql-migrate', 'dbconfig.yml', dirs.length ? dirs : ['migrations']);
  }
  if (names.has('liquibase.properties')) {
    const properties = readProperties(fs.read(joinPath(at, 'liquibase.properties')) ?? '');
    const changelog = properties['changelog-file'] ?? properties['changeLogFile'];
    pointsHere('liquibase', 'liquibase.properties', changelog ? [dirnameOf(changelog)] : []);
  }
  if (names.has('supabase') && fs.exists(joinPath(at, 'supabase', 'config.toml'))) pointsHere('supabase', 'supabase/config.toml', ['supabase/migrations']);
}

export function readFlywayConfig(path: string, text: string): { settings: FlywaySettings; locations: string[] } {
  const isToml = path.endsWith('.toml');
  const values: Record<string, unknown> = isToml ? readMiniToml(text) : readProperties(text);
  const get = (key: string) => values[`flyway.${key}`] ?? values[`environments.default.flyway.${key}`];
  const placeholders: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const match = /(?:^|\.)placeholders\.(.+)$/.exec(key);
    if (match && (typeof value === 'string' || typeof value === 'number')) placeholders[match[1]] = String(value);
  }
  const settings: FlywaySettings = {
    executeInTransaction: asBoolean(get('executeInTransaction') as string | boolean | undefined) ?? DEFAULT_FLYWAY_SETTINGS.executeInTransaction,
    mixed: asBoolean(get('mixed') as string | boolean | undefined) ?? DEFAULT_FLYWAY_SETTINGS.mixed,
    placeholders,
    source: path,
  };
  const configured = asStringList(get('locations') as string | string[] | undefined);
  const locations = (configured.length ? configured : [isToml ? 'filesystem:migrations' : 'filesystem:sql', 'classpath:db/migration']).map(flywayLocationPath);
  // Relative locations resolve against the directory Flyway runs in: the one holding flyway.toml,
  // flyway.conf, or the conf/ folder.
  return { settings, locations };
}

function flywayLocationPath(location: string): string {
  if (location.startsWith('classpath:')) return `src/main/resources/${location.slice('classpath:'.length).replace(/^\/+/, '')}`;
  return location.replace(/^filesystem:/, '').replace(/\/\*\*.*$/, '');
}

const GO_MODULES: Array<[string, ToolId]> = [
  ['github.com/golang-migrate/migrate', 'golang-migrate'],
  ['github.com/pressly/goose', 'goose'],
  ['github.com/amacneil/dbmate', 'dbmate'],
  ['github.com/rubenv/sql-migrate', 'sql-migrate'],
];
const NPM_PACKAGES: Array<[string, ToolId]> = [
  ['prisma', 'prisma'],
  ['@prisma/client', 'prisma'],
  ['drizzle-kit', 'drizzle'],
  ['node-pg-migrate', 'node-pg-migrate'],
  ['supabase', 'supabase'],
  ['dbmate', 'dbmate'],
];

/** Language manifests: only the nearest of each kind counts. */
function scoreManifests(at: string, names: Set<string>, fs: ProjectFs, scores: Scores, config: ToolConfig, seen: Set<string>): void {
  const once = (name: string) => names.has(name) && !seen.has(name) && (seen.add(name), true);
  const manifest = (tool: ToolId, file: string) => scores.add(tool, 'manifest', SCORE.manifest, `manifest: ${joinPath(at, file)}`);
  if (once('go.mod')) {
    const text = fs.read(joinPath(at, 'go.mod')) ?? '';
    for (const [module, tool] of GO_MODULES) if (text.includes(module)) manifest(tool, 'go.mod');
  }
  if (once('Cargo.toml')) {
    const text = fs.read(joinPath(at, 'Cargo.toml')) ?? '';
    if (/^\s*sqlx(-cli)?\s*=/m.test(text) || /\[dependencies\.sqlx\]/.test(text)) manifest('sqlx', 'Cargo.toml');
    if (/^\s*diesel(_migrations)?\s*=/m.test(text) || /\[dependencies\.diesel\]/.test(text)) manifest('diesel', 'Cargo.toml');
  }
  if (once('package.json')) {
    const json = parseJson(fs.read(joinPath(at, 'package.json')) ?? '{}') as Record<string, Record<string, string> | undefined> | undefined;
    const deps = { ...json?.dependencies, ...json?.devDependencies };
    for (const [name, tool] of NPM_PACKAGES) if (typeof deps[name] === 'string') manifest(tool, 'package.json');
    const supabaseVersion = /(\d+)\.(\d+)/.exec(deps['supabase'] ?? '');
    if (supabaseVersion) config.supabaseCliVersion = { major: Number(supabaseVersion[1]), minor: Number(supabaseVersion[2]) };
  }
  for (const build of ['pom.xml', 'build.gradle', 'build.gradle.kts']) {
    if (!once(build)) continue;
    const text = fs.read(joinPath(at, build)) ?? '';
    if (text.includes('org.flywaydb')) manifest('flyway', build);
    if (text.includes('org.liquibase')) manifest('liquibase', build);
  }
}
