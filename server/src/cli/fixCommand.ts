/**
 * `safeshift fix <file> [--rule <id>] [--dry-run] [--pg-version <v>] [--config <path>]`: applies
 * the preferred quick fix of every finding in the file (or of one rule), the same fixes the editor
 * offers, creating new migration files where a fix needs them. With --dry-run it prints a unified
 * diff of every file it would change or create and touches nothing. Glue only: the fixes come from
 * the analysis, with the file's migration project as the language server sees it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parsePgVersion, type PgVersion } from '../analysis/config/settings';
import { lintText } from '../analysis/lint';
import type { Finding, Fix, TextEdit } from '../analysis/rules/types';
import { RULES_BY_ID } from '../analysis/rules/registry';
import { ProjectModelCache } from '../node/projectFs';
import { loadSettings } from '../node/settingsLoader';
import { UsageError } from './args';
import { unifiedDiff } from './unifiedDiff';

export const FIX_HELP = `Usage: safeshift fix <file> [--rule <id>] [--dry-run] [--pg-version <version>] [--config <path>]

Applies the preferred quick fix of each finding in <file>: the same rewrites the editor offers
(CREATE INDEX CONCURRENTLY moved out of the transaction, NOT VALID then VALIDATE in a following
migration, ...). Fixes that need a migration of their own create it, named and numbered for the
detected migration tool. Fixes whose edits overlap an earlier one, and fixes that create
migrations after one that already did (both would take the same version), are skipped: run fix
again.

  --rule <id>         only fix findings of this rule
  --dry-run           print a unified diff of every change and new file; change nothing
  --pg-version <v>    the PostgreSQL version the fixes target (overrides safeshift.json)
  --config <path>     the safeshift.json to use (default: found upward from the file)

Exit codes: 0 fixed (or nothing to fix), 2 usage error or unreadable file.
`;

export interface FixOptions {
  file: string;
  rule?: string;
  dryRun: boolean;
  pgVersion?: PgVersion;
  config?: string;
}

export function parseFixArgs(argv: readonly string[]): FixOptions | 'help' {
  const options: Partial<FixOptions> & { dryRun: boolean } = { dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--dry-run') options.dryRun = true;
    else if (flag === '--rule') options.rule = value();
    else if (flag === '--config' || flag === '-c') options.config = value();
    else if (flag === '--pg-version') {
      const raw = value();
      const parsed = parsePgVersion(raw);
      if (!parsed) throw new UsageError(`--pg-version must be a PostgreSQL version such as 16 or 14.4, not "${raw}".`);
      options.pgVersion = parsed;
    } else if (flag.startsWith('-')) throw new UsageError(`Unknown option "${flag}" for fix.`);
    else if (options.file !== undefined) throw new UsageError('fix takes one file.');
    else options.file = arg;
  }
  if (options.file === undefined) throw new UsageError('fix needs a file: safeshift fix <file>.');
  if (options.rule !== undefined && !RULES_BY_ID.has(options.rule)) throw new UsageError(`Unknown rule "${options.rule}". Run "safeshift rules" to list them.`);
  return options as FixOptions;
}

export interface FileResult {
  path: string;
  before?: string;
  after: string;
}

export interface FixResult {
  /** Fixes applied (or that would be), with their rule. */
  applied: Array<{ ruleId: string; title: string }>;
  /** Findings with a preferred fix left out because it overlapped one already taken. */
  skipped: Array<{ ruleId: string; title: string }>;
  files: FileResult[];
}

/** Computes the fixes of a file; writes nothing. */
export function planFixes(options: FixOptions, cwd: string): FixResult {
  const path = resolve(cwd, options.file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${options.file}: ${(error as Error).message}`);
  }
  const loaded = loadSettings(path, options.config);
  const settings = options.pgVersion ? { ...loaded.settings, postgresVersion: options.pgVersion } : loaded.settings;
  const migration = new ProjectModelCache().contextFor(path, text, settings, loaded.configPath, cwd);
  const findings = lintText(text, settings, migration).findings.filter((f) => options.rule === undefined || f.ruleId === options.rule);
  const files = new Map<string, FileResult>();
  const ownEdits: TextEdit[] = [];
  const applied: FixResult['applied'] = [];
  const skipped: FixResult['skipped'] = [];
  // Each fix numbers its new migrations against the project as it is on disk, so once one fix has
  // created migrations, a second would take the same version: it waits for the next run.
  let createdMigrations = false;
  for (const { finding, fix } of preferredFixes(findings)) {
    const creates = (fix.fileChanges ?? []).filter((c) => c.kind === 'create').map((c) => c.path);
    const clash =
      fix.edits.some((e) => ownEdits.some((o) => overlaps(o, e))) ||
      creates.some((p) => files.has(p) || existsSync(p)) ||
      (creates.length > 0 && createdMigrations) ||
      (fix.fileChanges ?? []).some((c) => c.kind === 'edit' && files.has(c.path));
    if (clash) {
      skipped.push({ ruleId: finding.ruleId, title: fix.title });
      continue;
    }
    if (creates.length > 0) createdMigrations = true;
    ownEdits.push(...fix.edits);
    for (const change of fix.fileChanges ?? []) {
      if (change.kind === 'create') files.set(change.path, { path: change.path, after: change.text });
      else files.set(change.path, { path: change.path, before: change.original, after: applyEdits(change.original, change.edits) });
    }
    applied.push({ ruleId: finding.ruleId, title: fix.title });
  }
  if (ownEdits.length) files.set(path, { path, before: text, after: applyEdits(text, ownEdits) });
  return { applied, skipped, files: [...files.values()] };
}

function preferredFixes(findings: Finding[]): Array<{ finding: Finding; fix: Fix }> {
  const chosen: Array<{ finding: Finding; fix: Fix }> = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.preferred);
    if (fix) chosen.push({ finding, fix });
  }
  return chosen;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.range.start < b.range.end && b.range.start < a.range.end || (a.range.start === b.range.start && a.range.end === b.range.end);
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end)) {
    out = out.slice(0, edit.range.start) + edit.newText + out.slice(edit.range.end);
  }
  return out;
}

/** Writes the planned files; a new file never overwrites one that appeared meanwhile. */
export function writeFixes(result: FixResult): void {
  for (const file of result.files) {
    if (file.before === undefined && existsSync(file.path)) throw new UsageError(`${file.path} already exists; not overwriting it.`);
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.after);
  }
}

/** The dry run's output: one unified diff per file, paths relative to `cwd`. */
export function formatDiff(result: FixResult, cwd: string): string {
  return result.files.map((f) => unifiedDiff(relative(cwd, f.path) || f.path, f.before, f.after)).join('');
}

export function formatSummary(result: FixResult, cwd: string, dryRun: boolean): string {
  const lines: string[] = [];
  if (result.applied.length === 0) lines.push('Nothing to fix.');
  for (const fix of result.applied) lines.push(`${dryRun ? 'Would fix' : 'Fixed'} ${fix.ruleId}: ${fix.title}`);
  for (const file of result.files) if (file.before === undefined) lines.push(`${dryRun ? 'Would create' : 'Created'} ${relative(cwd, file.path)}`);
  for (const fix of result.skipped) lines.push(`Skipped ${fix.ruleId} (overlaps an earlier fix or needs the migrations it creates; run fix again): ${fix.title}`);
  return lines.join('\n') + '\n';
}
