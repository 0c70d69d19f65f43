/**
 * `safeshift run`: migrations in a throwaway PostgreSQL, with what each statement locks, rewrites
 * and blocks. Glue only: arguments and settings → runMigrations → a format → exit code
 * (0 every migration ok, 1 a failure or a down that does not restore the schema, 2 usage or config).
 */
import { resolve } from 'node:path';
import { applySandboxValue, defaultSandboxSettings, type SandboxSettings } from '../analysis/config/settings';
import { loadSettings } from '../node/settingsLoader';
import { createEngine } from '../sandbox/engines/index';
import { ANSI_STYLE, formatRunMarkdown, formatRunText, PLAIN_STYLE } from '../sandbox/format';
import { RunRequestError, runMigrations } from '../sandbox/runner';
import type { RunReport } from '../sandbox/types';
import { UsageError } from './args';
import { useColour } from './formats/text';

export const RUN_FORMATS = ['text', 'json', 'markdown'] as const;
export type RunFormat = (typeof RUN_FORMATS)[number];

export interface RunCommandOptions {
  paths: string[];
  format: RunFormat;
  down: boolean;
  config?: string;
  color?: boolean;
  /** Sandbox settings given on the command line; they win over safeshift.json. */
  overrides: Partial<Record<keyof SandboxSettings, unknown>>;
}

export const RUN_HELP = `Usage: safeshift run [options] <migration file or directory...>

Runs migrations in a throwaway PostgreSQL and reports, per statement: duration, the locks it
takes, the tables it rewrites, what those locks block, rows affected, and errors at their line.
A file runs with every migration before it as the baseline (cached between runs); a directory
runs every migration of its folder in order, each with its down migration checked.

Options:
  --engine <name>           embedded (default: PGlite, nothing to install), container, url
  --url <url>               server for the url engine (or SAFESHIFT_DATABASE_URL)
  --allow-remote            let the url engine use a host that is not this machine
  --image <image>           container image (default postgres:<version>)
  --container-command <c>   docker (default) or podman
  --down                    also check the down migration of a file (always on for a directory)
  --seed <file>             load a SQL file or plain pg_dump after the baseline
  --synthetic-rows <n>      fill every baseline table with n generated rows
  --keep                    keep the database as the run left it
  --format <format>         text (default), json, markdown
  --config <file>           use this safeshift.json
  --color, --no-color       force or disable colours

Exit codes: 0 every migration ran and its down check passed, 1 a statement failed or a down
migration does not restore the schema, 2 usage or configuration error.
`;

const VALUE_OPTIONS: Record<string, keyof SandboxSettings | 'format' | 'config'> = {
  '--engine': 'engine',
  '--url': 'url',
  '--image': 'image',
  '--container-command': 'containerCommand',
  '--seed': 'seed',
  '--synthetic-rows': 'syntheticRows',
  '--format': 'format',
  '--config': 'config',
};

export function parseRunArgs(argv: readonly string[]): RunCommandOptions | 'help' {
  const options: RunCommandOptions = { paths: [], format: 'text', down: false, overrides: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--') {
      options.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-')) {
      options.paths.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '--down') options.down = true;
    else if (name === '--keep') options.overrides.keep = true;
    else if (name === '--allow-remote') options.overrides.allowRemote = true;
    else if (name === '--color') options.color = true;
    else if (name === '--no-color') options.color = false;
    else if (name in VALUE_OPTIONS) {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`${name} needs a value.`);
      applyValue(options, VALUE_OPTIONS[name], name, value);
    } else throw new UsageError(`Unknown option "${name}" for "safeshift run".`);
  }
  if (options.paths.length === 0) throw new UsageError('safeshift run needs a migration file or directory.');
  return options;
}

function applyValue(options: RunCommandOptions, key: keyof SandboxSettings | 'format' | 'config', flag: string, value: string): void {
  if (key === 'format') {
    if (!(RUN_FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format must be one of ${RUN_FORMATS.join(', ')}.`);
    options.format = value as RunFormat;
    return;
  }
  if (key === 'config') {
    options.config = value;
    return;
  }
  const typed = key === 'syntheticRows' ? (/^\d+$/.test(value) ? Number(value) : NaN) : value;
  const problem = applySandboxValue(defaultSandboxSettings(), key, typed);
  if (problem) throw new UsageError(`${flag}: ${problem.replace(/^sandbox\.\w+/, 'the value')}`);
  options.overrides[key] = typed;
}

/** The sandbox settings of the first path's safeshift.json, with the command line on top. */
export function effectiveSandboxSettings(options: RunCommandOptions, cwd: string): SandboxSettings {
  const loaded = loadSettings(resolve(cwd, options.paths[0]), options.config ? resolve(cwd, options.config) : undefined);
  const settings: SandboxSettings = { ...loaded.settings.sandbox };
  for (const [key, value] of Object.entries(options.overrides)) Object.assign(settings, { [key]: value });
  // A seed named on the command line is relative to where the command runs.
  if (typeof options.overrides.seed === 'string') settings.seed = resolve(cwd, options.overrides.seed);
  return settings;
}

export function runExitCode(report: RunReport): number {
  return report.migrations.length > 0 && report.migrations.every((m) => m.ok) && !report.cancelled ? 0 : 1;
}

/** The whole command; returns the exit code. */
export async function runCommand(argv: readonly string[], io: { cwd?: string; stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream } = {}): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let options: RunCommandOptions | 'help';
  try {
    options = parseRunArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`safeshift: ${error.message}\nRun "safeshift run --help" for usage.\n`);
    return 2;
  }
  if (options === 'help') {
    stdout.write(RUN_HELP);
    return 0;
  }
  const settings = effectiveSandboxSettings(options, cwd);
  const engine = createEngine(settings, process.env, { oneShot: true });
  const controller = new AbortController();
  // Ctrl-C cancels the running statement; the report still prints, marked cancelled.
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const showProgress = options.format === 'text' && stderr.isTTY === true;
  const progress = (event: { message: string }) => {
    if (showProgress) stderr.write(`\r\u001b[K${event.message.slice(0, (stderr.columns ?? 100) - 1)}`);
  };
  let report: RunReport;
  try {
    report = await runMigrations({ paths: options.paths, cwd, settings, checkDown: options.down, engine, configPath: options.config ? resolve(cwd, options.config) : undefined }, controller.signal, progress);
  } catch (error) {
    if (showProgress) stderr.write('\r\u001b[K');
    if (error instanceof RunRequestError) {
      stderr.write(`safeshift: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
    await engine.stop().catch(() => undefined);
  }
  if (showProgress) stderr.write('\r\u001b[K');
  const description = engine.describe();
  const style = useColour(options.color, stdout.isTTY === true, process.env) ? ANSI_STYLE : PLAIN_STYLE;
  const output = options.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : options.format === 'markdown' ? formatRunMarkdown(report, description) : formatRunText(report, style, description);
  await new Promise<void>((done) => stdout.write(output, () => done()));
  return runExitCode(report);
}
