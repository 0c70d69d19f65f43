/**
 * `safeshift check`: reads each file as bytes, finds its settings, lints it and converts the
 * findings to 1-based line/column diagnostics. Never throws for a bad file: unreadable files and
 * broken configs become tool problems (exit code 2) and the other files are still checked.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { lintText, levelOf } from '../analysis/lint';
import { defaultSettings, findConfigFile, type Settings, type Severity } from '../analysis/config/settings';
import { LineIndex } from '../analysis/text/lineIndex';
import { isExcluded, loadConfigFile, type LoadedSettings } from '../node/settingsLoader';
import { nodeProjectFs, ProjectModelCache, toModelPath } from '../node/projectFs';
import type { MigrationLintContext } from '../analysis/project/types';
import { replayPositionOf } from '../analysis/project/schemaHistory';
import type { CheckOptions } from './args';
import { collectFiles, describe, displayPath } from './collect';
import { decodeUtf8 } from './utf8';

export interface Diagnostic {
  rule: string;
  severity: Severity;
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  endLine: number;
  /** 1-based and exclusive: the column just after the last character. */
  endColumn: number;
}

export interface FileReport {
  /** As shown: relative to the working directory, forward slashes. */
  path: string;
  diagnostics: Diagnostic[];
}

/** Something that went wrong with the run itself rather than a finding in a migration. */
export interface ToolProblem {
  kind: 'unmatched' | 'unreadable' | 'config' | 'internal';
  severity: 'error' | 'warning';
  message: string;
  path?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface Counts {
  error: number;
  warning: number;
  info: number;
  hint: number;
}

export interface CheckReport {
  files: FileReport[];
  problems: ToolProblem[];
  /** Files skipped because they match `exclude` in their safeshift.json. */
  excluded: number;
  counts: Counts;
}

export interface CheckInput {
  cwd: string;
  /** Standard input's bytes, when --stdin is given. */
  stdin?: Uint8Array;
}

export function runCheck(options: CheckOptions, input: CheckInput): CheckReport {
  const { cwd } = input;
  if (!options.stdin) {
    const collected = collectChecked(options, cwd);
    return checkFiles(options, cwd, collected.files, collected.problems);
  }
  const report = emptyReport();
  const settingsFor = settingsResolver(options, cwd, report);
  const resolver = projectResolver(cwd);
  const absolute = resolve(cwd, options.stdinFilename ?? 'stdin.sql');
  const loaded = settingsFor(absolute);
  if (options.stdinFilename !== undefined && isExcluded(absolute, loaded)) report.excluded++;
  else {
    const path = options.stdinFilename !== undefined ? displayPath(absolute, cwd) : '<stdin>';
    const context = options.stdinFilename !== undefined ? (text: string) => resolver.contextOf(absolute, text, loaded, false) : undefined;
    report.files.push(checkBytes(path, input.stdin ?? new Uint8Array(), effective(loaded.settings, options), report, context));
  }
  return countFindings(report);
}

export function emptyReport(): CheckReport {
  return { files: [], problems: [], excluded: 0, counts: { error: 0, warning: 0, info: 0, hint: 0 } };
}

/** The files the paths and globs name, in order, and the problems finding them (unmatched patterns...). */
export function collectChecked(options: CheckOptions, cwd: string): { files: string[]; problems: ToolProblem[] } {
  const collected = collectFiles(options.paths, cwd);
  const problems: ToolProblem[] = [];
  for (const problem of collected.problems) {
    if (problem.unmatched && !options.errorOnUnmatchedPattern) continue;
    problems.push({ kind: problem.unmatched ? 'unmatched' : 'unreadable', severity: 'error', message: problem.message });
  }
  return { files: collected.files.map((file) => file.absolute), problems };
}

/**
 * Checks the given files (absolute paths); the part of a check a worker thread can take over.
 * Files are linted in the order their migration roots run them, so each root's history is replayed
 * once, forward, however the list was ordered; the report keeps the given order, and each file's
 * problems (config, unreadable, internal) stay where a check in list order would put them.
 */
export function checkFiles(options: CheckOptions, cwd: string, files: readonly string[], problems: ToolProblem[] = []): CheckReport {
  const report = emptyReport();
  report.problems.push(...problems);
  // Problems go to the report of the file being handled: its slot in list order.
  const sink = emptyReport();
  const settingsFor = settingsResolver(options, cwd, sink);
  const resolver = projectResolver(cwd);
  const slots = files.map((absolute) => {
    const slot = emptyReport();
    sink.problems = slot.problems;
    return { absolute, loaded: settingsFor(absolute), slot };
  });
  const checked = slots.filter((s) => !isExcluded(s.absolute, s.loaded));
  report.excluded = slots.length - checked.length;
  for (const { absolute, loaded, slot } of inReplayOrder(checked, (s) => resolver.placeOf(s.absolute, s.loaded))) {
    const path = displayPath(absolute, cwd);
    let bytes: Uint8Array;
    try {
      const size = statSync(absolute).size;
      if (size > MAX_READ_BYTES) {
        slot.files.push(tooLarge(path, size, loaded.settings));
        continue;
      }
      bytes = readFileSync(absolute);
    } catch (error) {
      slot.problems.push({ kind: 'unreadable', severity: 'error', path, message: `Cannot read ${path}: ${describe(error)}` });
      continue;
    }
    slot.files.push(checkBytes(path, bytes, effective(loaded.settings, options), slot, (text) => resolver.contextOf(absolute, text, loaded, !bomFirst(bytes))));
  }
  for (const { slot } of slots) {
    report.files.push(...slot.files);
    report.problems.push(...slot.problems);
  }
  return countFindings(report);
}

/**
 * The items sorted by root (in order of first appearance) and position in it; items outside any
 * root keep their place after them. Stable: files of one migration keep the list's order.
 */
export function inReplayOrder<T>(items: readonly T[], placeOf: (item: T) => { root: string; position: number } | undefined): T[] {
  const rootRank = new Map<string, number>();
  const keyed = items.map((item, index) => {
    const place = placeOf(item);
    if (place && !rootRank.has(place.root)) rootRank.set(place.root, rootRank.size);
    return { item, index, rank: place ? rootRank.get(place.root)! : Number.POSITIVE_INFINITY, position: place?.position ?? 0 };
  });
  keyed.sort((a, b) => a.rank - b.rank || a.position - b.position || a.index - b.index);
  return keyed.map((k) => k.item);
}

export function countFindings(report: CheckReport): CheckReport {
  report.counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const file of report.files) for (const d of file.diagnostics) report.counts[d.severity]++;
  return report;
}

/** Files above this are not even read: the analysis limit (maxFileSizeKb) is far lower anyway. */
const MAX_READ_BYTES = 256 * 1024 * 1024;

function tooLarge(path: string, size: number, settings: Settings): FileReport {
  const level = settings.rules['invalid-input'] ?? 'warning';
  if (level === 'off') return { path, diagnostics: [] };
  const mb = (size / (1024 * 1024)).toFixed(0);
  return {
    path,
    diagnostics: [
      {
        rule: 'invalid-input',
        severity: level,
        message: `This file is ${mb} MB, far above the ${Math.round(settings.maxFileSizeKb / 1024)} MB analysis limit, so Safeshift did not read it. Exclude it in safeshift.json.`,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
      },
    ],
  };
}

function bomFirst(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function effective(settings: Settings, options: CheckOptions): Settings {
  return options.pgVersion ? { ...settings, postgresVersion: options.pgVersion } : settings;
}

/** Finds and reads the config for each file once per directory and once per config file. */
function settingsResolver(options: CheckOptions, cwd: string, report: CheckReport): (absolute: string) => LoadedSettings {
  const reported = new Set<string>();
  const exists = new Map<string, boolean>();
  const configByDir = new Map<string, string | undefined>();
  const fileExists = (path: string) => {
    let known = exists.get(path);
    if (known === undefined) exists.set(path, (known = existsSync(path)));
    return known;
  };
  const explicit = options.config ? resolve(cwd, options.config) : undefined;
  const defaults = defaultSettings();
  return (absolute) => {
    let configPath = explicit;
    if (!configPath) {
      const dir = dirname(absolute);
      if (!configByDir.has(dir)) configByDir.set(dir, findConfigFile(dir, fileExists));
      configPath = configByDir.get(dir);
    }
    if (!configPath) return { settings: defaults, problems: [] };
    const loaded = loadConfigFile(configPath);
    if (!reported.has(configPath)) {
      reported.add(configPath);
      const path = displayPath(configPath, cwd);
      const index = loaded.configText !== undefined ? new LineIndex(loaded.configText) : undefined;
      for (const problem of loaded.problems) {
        const start = index?.positionAt(problem.range.start) ?? { line: 0, character: 0 };
        const end = index?.positionAt(problem.range.end) ?? start;
        report.problems.push({
          kind: 'config',
          severity: problem.severity,
          path,
          message: problem.message,
          line: start.line + 1,
          column: start.character + 1,
          endLine: end.line + 1,
          endColumn: end.character + 1,
        });
      }
    }
    return loaded;
  };
}

/**
 * The migration a file belongs to (tool, up/down sections, the transaction the tool wraps it in),
 * found once per migration root, as the language server does, so the CLI and the editor agree.
 * A file outside any recognised migration project is linted on its own.
 */
function projectResolver(cwd: string): ProjectResolver {
  // A check reads each file once: nothing is re-checked on disk while it runs (with the editor's
  // 500 ms, a long run re-stat-ed every earlier migration for each file, quadratic in the project).
  const cache = new ProjectModelCache(nodeProjectFs, { recheckMs: Number.POSITIVE_INFINITY });
  const boundaryOf = (absolute: string) => {
    const rel = relative(cwd, absolute);
    return rel.startsWith('..') || isAbsolute(rel) ? undefined : cwd;
  };
  return {
    placeOf(absolute, loaded) {
      try {
        const root = cache.rootFor(absolute, loaded.settings, loaded.configPath, boundaryOf(absolute));
        if (!root) return undefined;
        return { root: `${root.dir}\0${root.tool}`, position: replayPositionOf(root, toModelPath(absolute)) ?? root.migrations.length };
      } catch {
        return undefined; // only the order of the work depends on it
      }
    },
    contextOf(absolute, text, loaded, onDisk) {
      try {
        const boundary = boundaryOf(absolute);
        // The root was read from disk with this very text: take the file's context from it rather
        // than re-deriving the root per file, which would make a large project quadratic. Text that
        // differs from the disk (stdin, or a file whose byte-order mark the root keeps) takes the slower path.
        if (onDisk) {
          const root = cache.rootFor(absolute, loaded.settings, loaded.configPath, boundary);
          return root ? cache.contextFromRoot(root, absolute, loaded.settings) : undefined;
        }
        return cache.contextFor(absolute, text, loaded.settings, loaded.configPath, boundary);
      } catch {
        return undefined; // the project model is an aid: without it the file is still linted
      }
    },
  };
}

interface ProjectResolver {
  /** Where the file's root runs it: the key of the root and the file's migration position. */
  placeOf(absolute: string, loaded: LoadedSettings): { root: string; position: number } | undefined;
  contextOf(absolute: string, text: string, loaded: LoadedSettings, onDisk: boolean): MigrationLintContext | undefined;
}

/** Lints one file's bytes. Invalid UTF-8 is one `invalid-input` diagnostic, not a crash. */
export function checkBytes(
  path: string,
  bytes: Uint8Array,
  settings: Settings,
  report: CheckReport,
  migrationFor?: (text: string) => MigrationLintContext | undefined,
): FileReport {
  let decoded;
  try {
    decoded = decodeUtf8(bytes);
  } catch (error) {
    report.problems.push({ kind: 'internal', severity: 'error', path, message: `Cannot decode ${path}: ${describe(error)}` });
    return { path, diagnostics: [] };
  }
  if (!decoded.ok) {
    const level = levelOf('invalid-input', settings);
    if (level === 'off') return { path, diagnostics: [] };
    const at = new LineIndex(decoded.validPrefix).positionAt(decoded.validPrefix.length);
    return {
      path,
      diagnostics: [
        {
          rule: 'invalid-input',
          severity: level,
          message: `This file is not valid UTF-8 (byte 0x${decoded.byte.toString(16).padStart(2, '0').toUpperCase()} at byte offset ${decoded.offset} cannot be decoded), so Safeshift did not analyse it. Save it as UTF-8.`,
          line: at.line + 1,
          column: at.character + 1,
          endLine: at.line + 1,
          endColumn: at.character + 2,
        },
      ],
    };
  }
  try {
    // The report shows no fixes: none is built (fixes: 'none').
    const { document, findings } = lintText(decoded.text, settings, migrationFor?.(decoded.text), undefined, { fixes: 'none' });
    return {
      path,
      diagnostics: findings.map((finding) => {
        const start = document.lineIndex.positionAt(finding.range.start);
        const end = document.lineIndex.positionAt(Math.max(finding.range.start, finding.range.end));
        return {
          rule: finding.ruleId,
          severity: finding.severity,
          message: finding.message,
          line: start.line + 1,
          column: start.character + 1,
          endLine: end.line + 1,
          endColumn: end.character + 1,
        };
      }),
    };
  } catch (error) {
    report.problems.push({ kind: 'internal', severity: 'error', path, message: `Internal error while checking ${path}: ${describe(error)}` });
    return { path, diagnostics: [] };
  }
}
