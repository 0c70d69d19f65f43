/**
 * `safeshift check` on every core: the file list is cut into contiguous runs of about equal size,
 * this thread checks the first run and worker threads (the same bundle, started with a marker in
 * workerData) check the others; the reports are joined in file order, so the output is the same
 * as a single-threaded run's. Contiguous runs keep each migration project in one thread as far as
 * possible, so its history is replayed once, not once per thread.
 *
 * A worker that fails or cannot start costs nothing but time: its run is checked here instead.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { compiledParser, initParser, type CompiledParser } from '../analysis/parse/pgParser';
import type { CheckOptions } from './args';
import { checkFiles, collectChecked, countFindings, emptyReport, runCheck, type CheckInput, type CheckReport, type ToolProblem } from './check';

const WORKER_ROLE = 'safeshift-check-worker';

/**
 * A thread pays for itself only with enough files: starting one and loading its parser takes
 * about 0.2 s, about what 100 typical migrations take to check.
 */
const MIN_FILES_PER_THREAD = 100;

interface WorkerJob {
  role: typeof WORKER_ROLE;
  options: CheckOptions;
  cwd: string;
  files: string[];
  /** The main thread's compiled parser, so the worker does not compile it again. */
  parser?: CompiledParser;
}

type WorkerReply = { ok: true; report: CheckReport } | { ok: false; error: string };

export function isCheckWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | undefined)?.role === WORKER_ROLE;
}

/** The worker's side: check the files it was given and send the report back. */
export function runCheckWorker(): void {
  const job = workerData as WorkerJob;
  initParser(job.parser).then(
    () => {
      let reply: WorkerReply;
      try {
        reply = { ok: true, report: checkFiles(job.options, job.cwd, job.files) };
      } catch (error) {
        reply = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      }
      parentPort!.postMessage(reply);
    },
    (error: unknown) => parentPort!.postMessage({ ok: false, error: `The PostgreSQL parser did not load: ${String(error)}` } satisfies WorkerReply),
  );
}

/** How many threads to use: `jobs` when given (1 turns threads off), else one per core. */
export function threadCount(files: number, jobs: number | undefined): number {
  const wanted = jobs ?? availableParallelism();
  return Math.max(1, Math.min(wanted, Math.floor(files / MIN_FILES_PER_THREAD)));
}

export async function runCheckParallel(options: CheckOptions, input: CheckInput, jobs?: number): Promise<CheckReport> {
  if (options.stdin) return runCheck(options, input);
  const { files, problems } = collectChecked(options, input.cwd);
  const threads = threadCount(files.length, jobs);
  if (threads <= 1) return checkFiles(options, input.cwd, files, problems);
  const runs = splitBySize(files, threads);
  // Start the workers first: they load while this thread, whose parser is ready, checks the first run.
  const others = runs.slice(1).map((run) => inWorker(options, input.cwd, run));
  const first = checkFiles(options, input.cwd, runs[0], problems);
  return joinReports([first, ...(await Promise.all(others))]);
}

function inWorker(options: CheckOptions, cwd: string, files: string[]): Promise<CheckReport> {
  const fallback = () => checkFiles(options, cwd, files);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (report: () => CheckReport) => {
      if (settled) return;
      settled = true;
      resolve(report());
    };
    let worker: Worker;
    try {
      worker = new Worker(__filename, { workerData: { role: WORKER_ROLE, options, cwd, files, parser: compiledParser() } satisfies WorkerJob, stdout: true, stderr: true });
    } catch {
      settle(fallback);
      return;
    }
    worker.on('message', (reply: WorkerReply) => {
      settle(() => (reply.ok ? reply.report : fallback()));
      void worker.terminate();
    });
    worker.on('error', () => settle(fallback));
    worker.on('exit', () => settle(fallback));
  });
}

/** Contiguous runs of about equal total size (bytes), in order. */
export function splitBySize(files: readonly string[], parts: number): string[][] {
  const sizes = files.map((file) => {
    try {
      return statSync(file).size + 512; // a per-file cost on top of its bytes
    } catch {
      return 512;
    }
  });
  const total = sizes.reduce((a, b) => a + b, 0);
  const runs: string[][] = [[]];
  let filled = 0;
  for (let i = 0; i < files.length; i++) {
    if (filled >= (total * runs.length) / parts && runs.length < parts) runs.push([]);
    runs[runs.length - 1].push(files[i]);
    filled += sizes[i];
  }
  return runs;
}

/** One report from the threads' reports, in file order; a config problem each thread met is listed once. */
export function joinReports(reports: CheckReport[]): CheckReport {
  const joined = emptyReport();
  const seen = new Set<string>();
  for (const report of reports) {
    joined.files.push(...report.files);
    joined.excluded += report.excluded;
    for (const problem of report.problems) {
      const key = problemKey(problem);
      if (problem.kind === 'config' && seen.has(key)) continue;
      seen.add(key);
      joined.problems.push(problem);
    }
  }
  return countFindings(joined);
}

function problemKey(problem: ToolProblem): string {
  return JSON.stringify([problem.kind, problem.path, problem.line, problem.column, problem.message]);
}
