/**
 * Command-line arguments: a small, strict parser. Every mistake is a `UsageError` (exit code 2)
 * with a message that says what to write instead.
 */
import { parsePgVersion, type PgVersion } from '../analysis/config/settings';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];
export const RULES_FORMATS = ['text', 'json'] as const;
export type RulesFormat = (typeof RULES_FORMATS)[number];

export class UsageError extends Error {}

export interface CheckOptions {
  command: 'check';
  paths: string[];
  stdin: boolean;
  stdinFilename?: string;
  format: CheckFormat;
  config?: string;
  pgVersion?: PgVersion;
  /** -1: no limit. */
  maxWarnings: number;
  errorOnUnmatchedPattern: boolean;
  /** undefined: decide from the terminal and NO_COLOR / FORCE_COLOR. */
  color?: boolean;
  /** Threads to check files on; undefined: one per core (used only for many files). */
  jobs?: number;
}

export interface RulesOptions {
  command: 'rules';
  format: RulesFormat;
}

export type Invocation =
  | CheckOptions
  | RulesOptions
  | { command: 'help'; topic?: 'check' | 'rules' }
  | { command: 'version' };

interface FlagSpec {
  /** Takes a value: `--flag value` or `--flag=value`. */
  value: boolean;
  commands: ReadonlyArray<'check' | 'rules'>;
}

const FLAGS: Record<string, FlagSpec> = {
  '--format': { value: true, commands: ['check', 'rules'] },
  '--config': { value: true, commands: ['check'] },
  '--pg-version': { value: true, commands: ['check'] },
  '--max-warnings': { value: true, commands: ['check'] },
  '--stdin': { value: false, commands: ['check'] },
  '--stdin-filename': { value: true, commands: ['check'] },
  '--no-error-on-unmatched-pattern': { value: false, commands: ['check'] },
  '--color': { value: false, commands: ['check'] },
  '--no-color': { value: false, commands: ['check'] },
  '--jobs': { value: true, commands: ['check'] },
};

const SHORT: Record<string, string> = { '-f': '--format', '-c': '--config' };

export function parseArgs(argv: readonly string[]): Invocation {
  if (argv.length === 0) throw new UsageError('No command given.');
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = rest[0];
    return { command: 'help', topic: topic === 'check' || topic === 'rules' ? topic : undefined };
  }
  if (first === '--version' || first === '-V' || first === 'version') return { command: 'version' };
  if (first !== 'check' && first !== 'rules') {
    if (first.startsWith('-')) throw new UsageError(`Unknown option "${first}" before the command.`);
    const hint = /\.sql$/i.test(first) || first.includes('/') ? ` To lint files, write: safeshift check ${argv.join(' ')}` : '';
    throw new UsageError(`Unknown command "${first}".${hint}`);
  }
  const command = first;
  const values = new Map<string, string | true>();
  const positional: string[] = [];
  let onlyPositional = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (onlyPositional || arg === '-' || !arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositional = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') return { command: 'help', topic: command };
    const eq = arg.indexOf('=');
    const rawName = eq >= 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const name = SHORT[rawName] ?? rawName;
    const spec = FLAGS[name];
    if (!spec) throw new UsageError(`Unknown option "${rawName}" for "safeshift ${command}".`);
    if (!spec.commands.includes(command)) throw new UsageError(`"${name}" does not apply to "safeshift ${command}".`);
    if (values.has(name)) throw new UsageError(`"${name}" is given more than once.`);
    if (!spec.value) {
      if (eq >= 0 && arg.startsWith('--')) throw new UsageError(`"${name}" takes no value.`);
      values.set(name, true);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0 && arg.startsWith('--')) value = arg.slice(eq + 1);
    else {
      value = rest[i + 1];
      if (value === undefined || (value.startsWith('-') && value !== '-' && !/^-\d+$/.test(value))) throw new UsageError(`"${name}" needs a value.`);
      i++;
    }
    if (value === '') throw new UsageError(`"${name}" needs a non-empty value.`);
    values.set(name, value);
  }
  const str = (name: string): string | undefined => {
    const value = values.get(name);
    return typeof value === 'string' ? value : undefined;
  };

  if (command === 'rules') {
    if (positional.length > 0) throw new UsageError(`"safeshift rules" takes no paths (got "${positional[0]}").`);
    return { command, format: oneOf(str('--format') ?? 'text', RULES_FORMATS, '--format') };
  }

  const stdin = values.has('--stdin');
  const stdinFilename = str('--stdin-filename');
  if (stdinFilename !== undefined && !stdin) throw new UsageError('"--stdin-filename" needs "--stdin".');
  if (stdin && positional.length > 0) throw new UsageError('Give either paths or "--stdin", not both.');
  if (!stdin && positional.length === 0) throw new UsageError('Give the files, directories or globs to check, or "--stdin".');

  let pgVersion: PgVersion | undefined;
  const pgText = str('--pg-version');
  if (pgText !== undefined) {
    pgVersion = parsePgVersion(pgText);
    if (!pgVersion) throw new UsageError(`"--pg-version" must be a PostgreSQL version such as 16 or 14.2 (got "${pgText}").`);
  }
  let maxWarnings = -1;
  const maxText = str('--max-warnings');
  if (maxText !== undefined) {
    if (!/^-?\d+$/.test(maxText) || Number(maxText) < -1) {
      throw new UsageError(`"--max-warnings" must be a whole number of warnings, 0 or more, or -1 for no limit (got "${maxText}").`);
    }
    maxWarnings = Number(maxText);
  }
  if (values.has('--color') && values.has('--no-color')) throw new UsageError('Give "--color" or "--no-color", not both.');
  const jobsText = str('--jobs');
  if (jobsText !== undefined && (!/^\d+$/.test(jobsText) || Number(jobsText) < 1 || Number(jobsText) > 256)) {
    throw new UsageError(`"--jobs" must be a number of threads from 1 to 256 (got "${jobsText}").`);
  }
  return {
    command,
    paths: positional,
    stdin,
    stdinFilename,
    format: oneOf(str('--format') ?? 'text', CHECK_FORMATS, '--format'),
    config: str('--config'),
    pgVersion,
    maxWarnings,
    errorOnUnmatchedPattern: !values.has('--no-error-on-unmatched-pattern'),
    color: values.has('--color') ? true : values.has('--no-color') ? false : undefined,
    ...(jobsText !== undefined ? { jobs: Number(jobsText) } : {}),
  };
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`"${flag}" must be one of ${allowed.join(', ')} (got "${value}").`);
}

export const MAIN_HELP = `Safeshift: lint PostgreSQL migrations for locks, rewrites, data loss and breaking changes.

Usage:
  safeshift check [options] <paths or globs...>   lint migration files
  safeshift check --stdin [--stdin-filename F]    lint SQL read from standard input
  safeshift rules [--format text|json]            list every rule
  safeshift schema <dir> [--at <migration>]       print the schema the migrations build, as SQL
  safeshift fix <file> [--rule <id>] [--dry-run]  apply the preferred quick fixes (new migrations included)
  safeshift run <file or dir> [options]          run migrations in a throwaway PostgreSQL: locks, rewrites, down check
  safeshift --help | --version

Run "safeshift check --help" for the options of check.
`;

export const CHECK_HELP = `Usage: safeshift check [options] <paths or globs...>

Lints PostgreSQL migration files. A directory is searched for *.sql files recursively (node_modules
and directories starting with "." are skipped); a glob such as "migrations/**/*.sql" is expanded
by Safeshift itself, so quote it. Each file uses the nearest safeshift.json above it.

Options:
  -f, --format <text|json|sarif|github>  output format (default: text)
  -c, --config <file>                    use this safeshift.json for every file
      --pg-version <version>             PostgreSQL version, such as 16 or 14.2 (overrides config)
      --max-warnings <n>                 exit 1 when there are more than n warnings (default: no limit)
      --stdin                            read SQL from standard input
      --stdin-filename <path>            path to report for standard input and to find its config by
      --no-error-on-unmatched-pattern    a path or glob that matches no file is not an error
      --color, --no-color                force or turn off colours in text output (default: on a
                                         terminal, unless NO_COLOR is set)
      --jobs <n>                         check on n threads (default: one per core, when there are
                                         enough files to gain from it; 1 turns threads off)
  -h, --help                             show this help

Exit codes:
  0  no finding at error severity, and warnings within --max-warnings
  1  at least one error, or more warnings than --max-warnings
  2  usage error, a path or glob that matches nothing, an unreadable file, or a config error
`;

export const RULES_HELP = `Usage: safeshift rules [--format text|json]

Lists every rule with its id, category, default severity and summary.
`;
