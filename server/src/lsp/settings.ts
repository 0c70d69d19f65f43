/**
 * Where the language server's settings come from, in order of precedence:
 *   1. `safeshift.json` (nearest above the file; an open, unsaved buffer of it wins over the disk),
 *   2. the editor's settings (`workspace/configuration`, section "safeshift"),
 *   3. the defaults.
 * A key counts as set by `safeshift.json` only when it is present and valid there; a broken config
 * file is reported on the file itself and contributes nothing.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseTree, findNodeAtLocation, type ParseError } from 'jsonc-parser';
import { CONFIG_FILE_NAME, findConfigFile, parsePgVersion, type PgVersion, type RuleLevel, type Settings } from '../analysis/config/settings';
import { applySandboxValue, defaultSandboxSettings, defaultSettings, SANDBOX_SETTING_KEYS, type SandboxSettings } from '../analysis/config/settings';
import { loadConfigFile, readConfigText, type LoadedSettings } from '../node/settingsLoader';

export type TraceLevel = 'off' | 'messages' | 'verbose';

/** The "safeshift" section of the editor's settings, validated. Absent keys defer to the defaults. */
export interface EditorSettings {
  postgresVersion?: PgVersion;
  assumeInTransaction?: boolean;
  rules: Record<string, RuleLevel>;
  trace: TraceLevel;
  /** `safeshift.sandbox.*`: only the valid keys the editor sets. */
  sandbox: Partial<SandboxSettings>;
}

const LEVELS: readonly string[] = ['error', 'warning', 'info', 'hint', 'off'];

export function emptyEditorSettings(): EditorSettings {
  return { rules: {}, trace: 'off', sandbox: {} };
}

/** Lenient: anything malformed is ignored rather than rejected, since the editor validates its own settings UI. */
export function parseEditorSettings(value: unknown): EditorSettings {
  const settings = emptyEditorSettings();
  if (!value || typeof value !== 'object' || Array.isArray(value)) return settings;
  const section = value as Record<string, unknown>;
  const version = section.postgresVersion === null || section.postgresVersion === '' ? undefined : parsePgVersion(section.postgresVersion);
  if (version) settings.postgresVersion = version;
  if (typeof section.assumeInTransaction === 'boolean') settings.assumeInTransaction = section.assumeInTransaction;
  if (section.rules && typeof section.rules === 'object' && !Array.isArray(section.rules)) {
    for (const [id, level] of Object.entries(section.rules as Record<string, unknown>)) {
      if (typeof level === 'string' && LEVELS.includes(level)) settings.rules[id] = level as RuleLevel;
    }
  }
  const trace = typeof section.trace === 'object' && section.trace !== null ? (section.trace as { server?: unknown }).server : section.trace;
  if (trace === 'messages' || trace === 'verbose') settings.trace = trace;
  settings.sandbox = parseEditorSandbox(section.sandbox);
  return settings;
}

/** Valid `safeshift.sandbox.*` values; empty strings mean "not set" (VS Code's defaults for text settings). */
function parseEditorSandbox(value: unknown): Partial<SandboxSettings> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const parsed: Partial<SandboxSettings> = {};
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (raw === '' || raw === null || raw === undefined) continue;
    const probe = defaultSandboxSettings();
    if (applySandboxValue(probe, key, raw) === undefined) Object.assign(parsed, { [key]: probe[key as keyof SandboxSettings] });
  }
  return parsed;
}

/** The keys `safeshift.json` sets validly, so they win over the editor's settings. */
function configuredKeys(configText: string | undefined): Set<string> {
  const keys = new Set<string>();
  if (configText === undefined) return keys;
  const errors: ParseError[] = [];
  const root = parseTree(configText, errors, { allowTrailingComma: true, disallowComments: false });
  // A file that is not valid JSON contributes nothing (the analysis falls back to the defaults for it).
  if (errors.length > 0 || !root || root.type !== 'object') return keys;
  const version = findNodeAtLocation(root, ['postgresVersion']);
  if (version && parsePgVersion(version.value)) keys.add('postgresVersion');
  const assume = findNodeAtLocation(root, ['assumeInTransaction']);
  if (assume && typeof assume.value === 'boolean') keys.add('assumeInTransaction');
  for (const key of SANDBOX_SETTING_KEYS) {
    const node = findNodeAtLocation(root, ['sandbox', key]);
    if (node && applySandboxValue(defaultSandboxSettings(), key, node.value) === undefined) keys.add(`sandbox.${key}`);
  }
  return keys;
}

/** Merges the three layers. `loaded.settings` is already the config file over the defaults. */
export function effectiveSettings(loaded: LoadedSettings, editor: EditorSettings): Settings {
  const fromFile = configuredKeys(loaded.configText);
  const settings: Settings = { ...loaded.settings, rules: { ...editor.rules, ...loaded.settings.rules } };
  if (!fromFile.has('postgresVersion') && editor.postgresVersion) settings.postgresVersion = { ...editor.postgresVersion };
  if (!fromFile.has('assumeInTransaction') && editor.assumeInTransaction !== undefined) settings.assumeInTransaction = editor.assumeInTransaction;
  settings.sandbox = { ...loaded.settings.sandbox };
  for (const [key, value] of Object.entries(editor.sandbox)) {
    if (!fromFile.has(`sandbox.${key}`)) Object.assign(settings.sandbox, { [key]: value });
  }
  return settings;
}

/** A `file:` URI's path, or undefined for other schemes (untitled buffers get no config file). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

export function isConfigPath(path: string | undefined): boolean {
  return path !== undefined && basename(path) === CONFIG_FILE_NAME;
}

/**
 * The config for a file: the nearest `safeshift.json` above it, read from an open editor buffer
 * when there is one (so unsaved edits apply at once), else from the disk.
 */
export function resolveConfig(filePath: string | undefined, openBuffer: (configPath: string) => string | undefined): LoadedSettings {
  if (filePath === undefined) return { settings: defaultSettings(), problems: [] };
  const configPath = findConfigFile(dirname(resolve(filePath)), (candidate) => openBuffer(candidate) !== undefined || existsSync(candidate));
  if (!configPath) return { settings: defaultSettings(), problems: [] };
  const buffer = openBuffer(configPath);
  return buffer !== undefined ? readConfigText(configPath, buffer) : loadConfigFile(configPath);
}
