/**
 * Settings as the analysis sees them, and the reader for `safeshift.json`. File access is
 * injected: this module never touches the disk itself.
 */
import { parseTree, findNodeAtLocation, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { OffsetRange } from '../text/lineIndex';
import { TOOL_IDS, type ToolId } from '../project/types';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type RuleLevel = Severity | 'off';

export interface PgVersion {
  major: number;
  minor: number;
}

export interface Settings {
  postgresVersion: PgVersion;
  /** Per-rule level overrides, keyed by rule id. */
  rules: Record<string, RuleLevel>;
  /** The migration tool wraps every file in a transaction. */
  assumeInTransaction: boolean;
  /** Globs (relative to the config file) of files not to analyse. */
  exclude: string[];
  /** Values for migration-tool placeholders such as Flyway `${schema}`. */
  placeholders: Record<string, string>;
  /** Files larger than this are reported and not analysed. */
  maxFileSizeKb: number;
  /** Migration roots named explicitly; they override tool detection. */
  migrations: MigrationRootSetting[];
  /** The throwaway PostgreSQL that `safeshift run` and the sandbox commands use. */
  sandbox: SandboxSettings;
}

export type SandboxEngineKind = 'embedded' | 'container' | 'url';

export const SANDBOX_ENGINE_KINDS: readonly SandboxEngineKind[] = ['embedded', 'container', 'url'];

/** `sandbox` in safeshift.json (and `safeshift.sandbox.*` in the editor). */
export interface SandboxSettings {
  engine: SandboxEngineKind;
  /** A SQL file or plain-format pg_dump loaded after the baseline; relative to safeshift.json as written. */
  seed?: string;
  /** Rows to put in every baseline table (0: none). */
  syntheticRows: number;
  /** Keep what the run did instead of rolling back to the baseline. */
  keep: boolean;
  /** Container image; default `postgres:<postgresVersion>`. */
  image?: string;
  /** `docker`, `podman`, or a path to either. */
  containerCommand: string;
  /** Server for the url engine; `SAFESHIFT_DATABASE_URL` when unset. May hold a password: never log it. */
  url?: string;
  /** Let the url engine use a host that is not loopback. */
  allowRemote: boolean;
  /** PostgreSQL major version of the container image, e.g. "18". */
  postgresVersion: string;
}

export const SANDBOX_SETTING_KEYS = ['engine', 'seed', 'syntheticRows', 'keep', 'image', 'containerCommand', 'url', 'allowRemote', 'postgresVersion'] as const;

export function defaultSandboxSettings(): SandboxSettings {
  return { engine: 'embedded', syntheticRows: 0, keep: false, containerCommand: 'docker', allowRemote: false, postgresVersion: '18' };
}

export interface MigrationRootSetting {
  /** Relative to the config file's directory. */
  dir: string;
  tool: ToolId;
}

export const DEFAULT_PG_VERSION: PgVersion = { major: 16, minor: 0 };

export function defaultSettings(): Settings {
  return {
    postgresVersion: { ...DEFAULT_PG_VERSION },
    rules: {},
    assumeInTransaction: false,
    exclude: [],
    placeholders: {},
    maxFileSizeKb: 2048,
    migrations: [],
    sandbox: defaultSandboxSettings(),
  };
}

export const CONFIG_FILE_NAME = 'safeshift.json';

export interface ConfigProblem {
  message: string;
  range: OffsetRange;
  severity: 'error' | 'warning';
}

export interface ConfigReadResult {
  /** The settings the file asks for, merged over the defaults; defaults where it is broken. */
  settings: Settings;
  problems: ConfigProblem[];
}

const RULE_LEVELS: readonly RuleLevel[] = ['error', 'warning', 'info', 'hint', 'off'];
const KNOWN_KEYS = ['$schema', 'postgresVersion', 'rules', 'assumeInTransaction', 'exclude', 'placeholders', 'maxFileSizeKb', 'migrations', 'sandbox'];

export function parsePgVersion(value: unknown): PgVersion | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const match = /^(\d{1,2})(?:\.(\d{1,3}))?$/.exec(text);
  if (!match) return undefined;
  const major = Number(match[1]);
  if (major < 9 || major > 30) return undefined;
  return { major, minor: match[2] === undefined ? 0 : Number(match[2]) };
}

export function formatPgVersion(version: PgVersion): string {
  return version.minor ? `${version.major}.${version.minor}` : String(version.major);
}

export function versionAtLeast(version: PgVersion, major: number, minor = 0): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

/**
 * Reads `safeshift.json` text. `knownRuleIds` lets it flag misspelt rule names. Every problem has
 * the range of the offending value, so the editor can underline it in the config file.
 */
export function readConfig(text: string, knownRuleIds: ReadonlySet<string>): ConfigReadResult {
  const settings = defaultSettings();
  const problems: ConfigProblem[] = [];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    problems.push({
      message: `safeshift.json is not valid JSON (${first ? printParseErrorCode(first.error) : 'empty file'}); the defaults are used.`,
      range: first ? { start: first.offset, end: first.offset + Math.max(1, first.length) } : { start: 0, end: 0 },
      severity: 'error',
    });
    return { settings: defaultSettings(), problems };
  }
  if (root.type !== 'object') {
    problems.push({ message: 'safeshift.json must hold a JSON object; the defaults are used.', range: rangeOf(root), severity: 'error' });
    return { settings, problems };
  }
  const report = (node: JsonNode, message: string, severity: 'error' | 'warning' = 'error') =>
    problems.push({ message, range: rangeOf(node), severity });

  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = String(keyNode.value);
    if (!KNOWN_KEYS.includes(key)) report(keyNode, `Unknown setting "${key}".`, 'warning');
  }
  const value = (key: string) => findNodeAtLocation(root, [key]);

  const version = value('postgresVersion');
  if (version) {
    const parsed = parsePgVersion(version.value);
    if (parsed) settings.postgresVersion = parsed;
    else report(version, 'postgresVersion must be a PostgreSQL version such as 16 or "14.2".');
  }
  const assume = value('assumeInTransaction');
  if (assume) {
    if (typeof assume.value === 'boolean') settings.assumeInTransaction = assume.value;
    else report(assume, 'assumeInTransaction must be true or false.');
  }
  const maxSize = value('maxFileSizeKb');
  if (maxSize) {
    if (typeof maxSize.value === 'number' && maxSize.value > 0) settings.maxFileSizeKb = maxSize.value;
    else report(maxSize, 'maxFileSizeKb must be a positive number of kilobytes.');
  }
  const exclude = value('exclude');
  if (exclude) {
    if (exclude.type === 'array' && (exclude.children ?? []).every((c) => typeof c.value === 'string')) {
      settings.exclude = (exclude.children ?? []).map((c) => c.value as string);
    } else report(exclude, 'exclude must be an array of glob strings.');
  }
  const placeholders = value('placeholders');
  if (placeholders) {
    if (placeholders.type === 'object') {
      for (const property of placeholders.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (valueNode && typeof valueNode.value === 'string') settings.placeholders[String(keyNode.value)] = valueNode.value;
        else if (valueNode) report(valueNode, 'Placeholder values must be strings.');
      }
    } else report(placeholders, 'placeholders must be an object of name → value strings.');
  }
  const migrations = value('migrations');
  if (migrations) settings.migrations = readMigrationRoots(migrations, report);
  const sandbox = value('sandbox');
  if (sandbox) readSandbox(sandbox, settings.sandbox, report);
  const rules = value('rules');
  if (rules) {
    if (rules.type === 'object') {
      for (const property of rules.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const id = String(keyNode.value);
        if (!knownRuleIds.has(id)) {
          report(keyNode, `Unknown rule "${id}".`, 'warning');
          continue;
        }
        if (RULE_LEVELS.includes(valueNode.value as RuleLevel)) settings.rules[id] = valueNode.value as RuleLevel;
        else report(valueNode, `The level of "${id}" must be one of ${RULE_LEVELS.map((l) => `"${l}"`).join(', ')}.`);
      }
    } else report(rules, 'rules must be an object of rule id → "error" | "warning" | "info" | "hint" | "off".');
  }
  return { settings, problems };
}

/** `migrations: [{ "dir": "db/migrations", "tool": "goose" }]`; broken entries are reported and skipped. */
function readMigrationRoots(node: JsonNode, report: (node: JsonNode, message: string, severity?: 'error' | 'warning') => void): MigrationRootSetting[] {
  if (node.type !== 'array') {
    report(node, 'migrations must be an array of { "dir": ..., "tool": ... } objects.');
    return [];
  }
  const roots: MigrationRootSetting[] = [];
  for (const entry of node.children ?? []) {
    if (entry.type !== 'object') {
      report(entry, 'Each migrations entry must be an object with "dir" and "tool".');
      continue;
    }
    const dir = findNodeAtLocation(entry, ['dir']);
    const tool = findNodeAtLocation(entry, ['tool']);
    for (const property of entry.children ?? []) {
      const key = property.children?.[0];
      if (key && key.value !== 'dir' && key.value !== 'tool') report(key, `Unknown migrations key "${String(key.value)}".`, 'warning');
    }
    if (!dir || typeof dir.value !== 'string' || dir.value.trim() === '') report(dir ?? entry, 'A migrations entry needs "dir": the migrations folder, relative to safeshift.json.');
    else if (!tool || !TOOL_IDS.includes(tool.value as ToolId)) report(tool ?? entry, `"tool" must be one of ${TOOL_IDS.map((t) => `"${t}"`).join(', ')}.`);
    else roots.push({ dir: dir.value, tool: tool.value as ToolId });
  }
  return roots;
}

type Report = (node: JsonNode, message: string, severity?: 'error' | 'warning') => void;

/** `sandbox: { engine, seed, syntheticRows, … }`; a broken value is reported and the default kept. */
function readSandbox(node: JsonNode, into: SandboxSettings, report: Report): void {
  if (node.type !== 'object') {
    report(node, 'sandbox must be an object such as { "engine": "embedded" }.');
    return;
  }
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = String(keyNode.value);
    const problem = applySandboxValue(into, key, valueNode.value);
    if (problem === 'unknown') report(keyNode, `Unknown sandbox setting "${key}".`, 'warning');
    else if (problem) report(valueNode, problem);
  }
}

/**
 * Sets one sandbox key from an untyped value (safeshift.json or the editor's settings). Returns a
 * message when the value is invalid, 'unknown' for an unknown key, undefined when it was applied.
 */
export function applySandboxValue(into: SandboxSettings, key: string, value: unknown): string | undefined {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  switch (key) {
    case 'engine':
      if (!SANDBOX_ENGINE_KINDS.includes(value as SandboxEngineKind)) return `sandbox.engine must be one of ${SANDBOX_ENGINE_KINDS.map((k) => `"${k}"`).join(', ')}.`;
      into.engine = value as SandboxEngineKind;
      return undefined;
    case 'syntheticRows':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10_000_000) return 'sandbox.syntheticRows must be a whole number of rows from 0 to 10000000.';
      into.syntheticRows = value;
      return undefined;
    case 'keep':
    case 'allowRemote':
      if (typeof value !== 'boolean') return `sandbox.${key} must be true or false.`;
      into[key] = value;
      return undefined;
    case 'postgresVersion': {
      const version = typeof value === 'number' ? String(value) : text(value);
      if (!version || !/^\d{1,2}(\.\d{1,3})?$/.test(version)) return 'sandbox.postgresVersion must be a PostgreSQL version such as 18 or "17".';
      into.postgresVersion = version;
      return undefined;
    }
    case 'containerCommand':
      if (!text(value)) return 'sandbox.containerCommand must name a program, such as "docker" or "podman".';
      into.containerCommand = text(value)!;
      return undefined;
    case 'seed':
    case 'image':
    case 'url':
      if (value !== null && value !== '' && typeof value !== 'string') return `sandbox.${key} must be a string.`;
      into[key] = text(value);
      return undefined;
    default:
      return 'unknown';
  }
}

function rangeOf(node: JsonNode): OffsetRange {
  return { start: node.offset, end: node.offset + node.length };
}

/** The directories from `startDir` up to the root, nearest first. */
export function ancestorDirectories(startDir: string): string[] {
  const separator = startDir.includes('\\') && !startDir.includes('/') ? '\\' : '/';
  const parts = startDir.split(separator);
  const dirs: string[] = [];
  for (let i = parts.length; i > 0; i--) {
    const dir = parts.slice(0, i).join(separator);
    dirs.push(dir === '' ? separator : dir);
  }
  return dirs;
}

/** Walks up from `startDir` to the nearest `safeshift.json`. */
export function findConfigFile(startDir: string, exists: (path: string) => boolean): string | undefined {
  for (const dir of ancestorDirectories(startDir)) {
    const candidate = dir.endsWith('/') || dir.endsWith('\\') ? dir + CONFIG_FILE_NAME : `${dir}/${CONFIG_FILE_NAME}`;
    if (exists(candidate)) return candidate;
  }
  return undefined;
}
