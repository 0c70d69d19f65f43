/**
 * The `safeshift` command. Glue only: arguments → check or rules → a format → standard output and
 * an exit code (0 clean, 1 findings at error severity or too many warnings, 2 the run itself went
 * wrong: usage, unmatched path, unreadable file, config error).
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { initParser, useBaselineWasmCompiler } from '../analysis/parse/pgParser';
import { CHECK_HELP, MAIN_HELP, parseArgs, RULES_HELP, UsageError, type CheckOptions } from './args';
import { type CheckReport } from './check';
import { isCheckWorker, runCheckParallel, runCheckWorker } from './parallel';
import { describe } from './collect';
import { formatGithub } from './formats/github';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { ANSI, formatProblems, formatText, PLAIN, useColour } from './formats/text';
import { TOOL_VERSION } from './meta';
import { formatRules } from './rulesCommand';
import { parseSchemaArgs, runSchema, SCHEMA_HELP } from './schemaCommand';
import { FIX_HELP, formatDiff, formatSummary, parseFixArgs, planFixes, writeFixes } from './fixCommand';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_TOOL = 2;

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'schema') return schema(argv.slice(1));
  if (argv[0] === 'fix') return fix(argv.slice(1));
  if (argv[0] === 'run') return runSandbox(argv.slice(1));
  let invocation;
  try {
    invocation = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`safeshift: ${error.message}\nRun "safeshift --help" for usage.\n`);
      return EXIT_TOOL;
    }
    throw error;
  }
  switch (invocation.command) {
    case 'help':
      await write(process.stdout, invocation.topic === 'check' ? CHECK_HELP : invocation.topic === 'rules' ? RULES_HELP : MAIN_HELP);
      return EXIT_OK;
    case 'version':
      await write(process.stdout, `${TOOL_VERSION}\n`);
      return EXIT_OK;
    case 'rules':
      await write(process.stdout, formatRules(invocation.format));
      return EXIT_OK;
    case 'check':
      return check(invocation);
  }
}

async function check(options: CheckOptions): Promise<number> {
  const cwd = process.cwd();
  if (options.config !== undefined) {
    const configPath = resolve(cwd, options.config);
    let problem: string | undefined;
    try {
      if (!statSync(configPath).isFile()) problem = 'it is not a file';
    } catch (error) {
      problem = describe(error);
    }
    if (problem) {
      process.stderr.write(`safeshift: cannot read the config file ${options.config}: ${problem}\n`);
      return EXIT_TOOL;
    }
  }
  const parserLoading = initParser(); // compiles off-thread while standard input is read
  const stdin = options.stdin ? await readStdin() : undefined;
  await parserLoading;
  const report = await runCheckParallel(options, { cwd, stdin }, options.jobs);
  const code = exitCode(report, options);
  const style = useColour(options.color, process.stdout.isTTY === true, process.env) ? ANSI : PLAIN;
  const errStyle = useColour(options.color, process.stderr.isTTY === true, process.env) ? ANSI : PLAIN;

  if (options.format !== 'github' && report.problems.length) await write(process.stderr, formatProblems(report.problems, errStyle));
  let out: string;
  switch (options.format) {
    case 'text':
      out = formatText(report, style) + tooManyWarnings(report, options);
      break;
    case 'json':
      out = formatJson(report);
      break;
    case 'sarif':
      out = formatSarif(report, cwd, code);
      break;
    case 'github':
      out = formatGithub(report);
      break;
  }
  await write(process.stdout, out);
  return code;
}

/**
 * `safeshift run`: the sandbox (pg, the engines, node:crypto) is loaded only for this command, so
 * every other command starts without it.
 */
function runSandbox(argv: readonly string[]): Promise<number> {
  const { runCommand } = require('./runCommand') as typeof import('./runCommand');
  return runCommand(argv);
}

async function schema(argv: readonly string[]): Promise<number> {
  try {
    const options = parseSchemaArgs(argv);
    if (options === 'help') {
      await write(process.stdout, SCHEMA_HELP);
      return EXIT_OK;
    }
    await initParser();
    const result = runSchema(options, process.cwd());
    for (const warning of result.warnings) await write(process.stderr, `safeshift: ${warning}\n`);
    await write(process.stdout, result.sql);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`safeshift: ${error.message}\nRun "safeshift schema --help" for usage.\n`);
    return EXIT_TOOL;
  }
}

/** `safeshift fix`: the preferred quick fixes of a file, applied or shown as a diff (--dry-run). */
async function fix(argv: readonly string[]): Promise<number> {
  try {
    const options = parseFixArgs(argv);
    if (options === 'help') {
      await write(process.stdout, FIX_HELP);
      return EXIT_OK;
    }
    await initParser();
    const cwd = process.cwd();
    const result = planFixes(options, cwd);
    if (options.dryRun) await write(process.stdout, formatDiff(result, cwd));
    else writeFixes(result);
    await write(options.dryRun ? process.stderr : process.stdout, formatSummary(result, cwd, options.dryRun));
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`safeshift: ${error.message}\nRun "safeshift fix --help" for usage.\n`);
    return EXIT_TOOL;
  }
}

export function exitCode(report: CheckReport, options: Pick<CheckOptions, 'maxWarnings'>): number {
  if (report.problems.some((p) => p.severity === 'error')) return EXIT_TOOL;
  if (report.counts.error > 0) return EXIT_FINDINGS;
  if (options.maxWarnings >= 0 && report.counts.warning > options.maxWarnings) return EXIT_FINDINGS;
  return EXIT_OK;
}

function tooManyWarnings(report: CheckReport, options: CheckOptions): string {
  if (options.maxWarnings < 0 || report.counts.warning <= options.maxWarnings) return '';
  return `Too many warnings: ${report.counts.warning}, more than --max-warnings ${options.maxWarnings}.\n`;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Writes and waits until the text is flushed, so large outputs survive a pipe before exit. */
function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  return new Promise((resolvePromise) => {
    stream.write(text, () => resolvePromise());
  });
}

function run(): void {
  // A closed pipe (`safeshift check … | head`) is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }

  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`safeshift: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT_TOOL;
    },
  );
}

// The same bundle runs check's worker threads (parallel.ts); they check files, nothing else.
if (isCheckWorker()) runCheckWorker();
else {
  useBaselineWasmCompiler();
  run();
}
