/**
 * Finds and reads `safeshift.json` for a file on disk. Shared by the language server and the CLI
 * so both read configuration the same way; the analysis itself never touches the disk.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { defaultSettings, findConfigFile, readConfig, type ConfigProblem, type Settings } from '../analysis/config/settings';
import { RULES_BY_ID } from '../analysis/rules/registry';

export interface LoadedSettings {
  settings: Settings;
  /** The config file used, if one was found. */
  configPath?: string;
  configText?: string;
  problems: ConfigProblem[];
}

const cache = new Map<string, { mtimeMs: number; size: number; loaded: LoadedSettings }>();

/** Reads a given config file, or the nearest one above `filePath`. Broken files fall back to defaults. */
export function loadSettings(filePath: string, explicitConfig?: string): LoadedSettings {
  const configPath = explicitConfig ? resolve(explicitConfig) : findConfigFile(dirname(resolve(filePath)), (p) => existsSync(p));
  if (!configPath) return { settings: defaultSettings(), problems: [] };
  return loadConfigFile(configPath);
}

export function loadConfigFile(configPath: string): LoadedSettings {
  let stat;
  try {
    stat = statSync(configPath);
  } catch {
    return { settings: defaultSettings(), configPath, problems: [{ message: `Cannot read ${configPath}.`, range: { start: 0, end: 0 }, severity: 'error' }] };
  }
  const cached = cache.get(configPath);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.loaded;
  const loaded = readConfigText(configPath, readFileSync(configPath, 'utf8'));
  cache.set(configPath, { mtimeMs: stat.mtimeMs, size: stat.size, loaded });
  return loaded;
}

/** Reads config text that may not be saved yet (an editor buffer). */
export function readConfigText(configPath: string, text: string): LoadedSettings {
  const { settings, problems } = readConfig(text, new Set(RULES_BY_ID.keys()));
  return { settings, configPath, configText: text, problems };
}

export function forgetConfig(configPath: string): void {
  cache.delete(configPath);
}

/** True when the file matches one of the config's `exclude` globs (relative to the config file). */
export function isExcluded(filePath: string, loaded: LoadedSettings): boolean {
  if (!loaded.configPath || loaded.settings.exclude.length === 0) return false;
  const relativePath = relative(dirname(loaded.configPath), resolve(filePath)).split(sep).join('/');
  return picomatch(loaded.settings.exclude, { dot: true })(relativePath);
}
