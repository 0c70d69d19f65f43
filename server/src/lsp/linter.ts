/**
 * Runs the analysis off the protocol thread. The language server hands each lint to a worker
 * thread (dist/lintWorker.js, a bundle of this file alone, started with a marker in workerData),
 * so a slow or pathological file never stalls hovers, code actions or other documents, and a
 * lint that runs too long is stopped by terminating the worker. Jobs are queued one at a time;
 * a queued job for a document is superseded by a newer one for the same document, and a running
 * one is cut short when it is superseded after running a while.
 *
 * Where worker threads are unavailable the runner lints inline, with the same results.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Settings } from '../analysis/config/settings';
import { fileContext, lintText, type LintOptions } from '../analysis/lint';
import type { LockMode } from '../analysis/locks/locks';
import { statementLocks } from '../analysis/locks/statementLocks';
import type { ParsedDocument } from '../analysis/parse/parseDocument';
import type { MigrationLintContext } from '../analysis/project/types';
import { initParser } from '../analysis/parse/pgParser';
import type { Finding, Fix } from '../analysis/rules/types';
import { rangesTouch, type OffsetRange } from '../analysis/text/lineIndex';
import { ProjectModelCache } from '../node/projectFs';
import type { ProjectRequest } from './project';
import { answerEditorQuery, forgetEditorDocument, type EditorAnswer, type EditorQuery } from './editorQuery';
import { applyArrayDelta, diffArrays, sameFinding, sameLockInfo, shiftFinding, shiftLockInfo, type ArrayDelta, type Shift } from './outputDelta';

/** What hover needs to know about a statement, computed where the parse tree lives. */
export interface StatementLockInfo {
  start: number;
  end: number;
  inTransaction: boolean;
  locks: Array<{ relation: string; mode: LockMode; reason: string }>;
}

export interface LintOutput {
  findings: Finding[];
  /** Statements that take at least one table lock, in document order. */
  statements: StatementLockInfo[];
  /** When the file is a migration with a replayed history: what the schema before it reflects. */
  schema?: SchemaInfo;
}

export interface SchemaInfo {
  /** Earlier migrations of the file's root, replayed into the catalog its rules check against. */
  migrationsBefore: number;
  /** Migrations this linting thread has replayed since it started: an edit that reuses the cache adds none. */
  replayedMigrations: number;
}

interface JobRequest {
  id: number;
  /** The document URI: the worker keeps its last parse to re-parse only what an edit touched. */
  key: string;
  text: string;
  settings: Settings;
  /** The file's place in its migration project, when it has one. */
  migration?: MigrationLintContext;
  /** Or where to look it up: the worker finds the project and replays its schema itself. */
  project?: ProjectRequest;
  /** Not a lint: a hover, definition or completion answered from the worker's cached schema. */
  query?: EditorQuery;
  /** Not a lint for diagnostics: the quick fixes of the findings touching a range (a lightbulb). */
  fixesIn?: FixesRequest;
  /** The output of this document the protocol thread holds: the worker may answer with a delta against it. */
  base?: number;
}

/** A lint's output as the changes since the output `base` (see outputDelta.ts). */
interface LintDelta {
  base: number;
  shift: Shift;
  findings: ArrayDelta<Finding>;
  statements: ArrayDelta<StatementLockInfo>;
  schema?: SchemaInfo;
}

/** The document's key (its cached parse) and the offset range the client asks about. */
interface FixesRequest {
  document: string;
  range: OffsetRange;
}

/** The findings touching the requested range that have fixes, with their fixes. */
export interface FixesOutput {
  fixes: Finding[];
}

/** The document closed: drop its cached parse. */
interface ForgetRequest {
  forget: string;
}

type JobReply =
  /** `outputId` names a lint's output, so the next job for the document can ask for a delta against it. */
  | { id: number; ok: true; output: LintOutput | EditorAnswer | FixesOutput; outputId?: number }
  | { id: number; ok: true; delta: LintDelta; outputId: number }
  | { id: number; ok: false; error: string };

/** Sent once the worker's parser has loaded: lint time limits count from then. */
interface ReadyMessage {
  ready: true;
}

const WORKER_MARKER = 'safeshift-lint-worker';

/** True in the lint worker: main.ts checks this before it opens a connection. */
export function isLintWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | undefined)?.role === WORKER_MARKER;
}

/** Last parse per document, for incremental re-parsing; a few documents at most. */
const previousParses = new Map<string, ParsedDocument>();
const MAX_CACHED_PARSES = 16;

function rememberParse(key: string, document: ParsedDocument): void {
  if (!key) return;
  previousParses.delete(key);
  previousParses.set(key, document);
  while (previousParses.size > MAX_CACHED_PARSES) previousParses.delete(previousParses.keys().next().value!);
}

/**
 * The one project cache of the thread that lints (the worker, or the server's thread when linting
 * inline): roots found once, the schema before each migration replayed once (node/projectFs.ts).
 */
let projectCache: ProjectModelCache | undefined;
let seenClearEpoch = -1;
let seenForget = 0;

/** The cache, brought up to date with the invalidations the request carries. */
export function lintProjectCache(request?: Pick<ProjectRequest, 'clearEpoch' | 'forgets'>): ProjectModelCache {
  projectCache ??= new ProjectModelCache();
  if (!request) return projectCache;
  const oldest = request.forgets[0]?.seq;
  if (request.clearEpoch !== seenClearEpoch || (oldest !== undefined && oldest > seenForget + 1)) {
    // Cleared, or forgets were missed: drop every root (replayed schemas stay; they check the files' texts).
    projectCache.clear();
    seenClearEpoch = request.clearEpoch;
  } else {
    for (const forget of request.forgets) if (forget.seq > seenForget) projectCache.forget(forget.path);
  }
  seenForget = request.forgets[request.forgets.length - 1]?.seq ?? seenForget;
  return projectCache;
}

/** The document's lint context, or undefined when it is not a migration or its project cannot be read. */
function projectContext(request: ProjectRequest, text: string, settings: Settings): MigrationLintContext | undefined {
  try {
    return lintProjectCache(request).contextFor(request.path, text, settings, request.configPath, request.workspaceDir);
  } catch {
    return undefined; // the project model is an aid: without it the file is still linted
  }
}

/** An editor query, answered from this thread's project cache (the one linting filled). */
export function answerQuery(query: EditorQuery): Promise<EditorAnswer> {
  return answerEditorQuery(query, query.project ? lintProjectCache(query.project) : undefined);
}

/** Lints with the thread's cached parse of the document (and so its stored rule results), and keeps the new one. */
function lintCached(key: string, text: string, settings: Settings, migration: MigrationLintContext | undefined, options: LintOptions) {
  const previous = previousParses.get(key);
  previousParses.delete(key);
  const result = lintText(text, settings, migration, previous, options);
  rememberParse(key, result.document);
  return result;
}

/**
 * The pure part, shared by the worker and the inline fallback. Diagnostics need no fixes: none is
 * built here (a lightbulb asks for them with fixesToOutput).
 */
export function lintToOutput(key: string, text: string, settings: Settings, migration?: MigrationLintContext, project?: ProjectRequest): LintOutput {
  if (!migration && project) migration = projectContext(project, text, settings);
  const result = lintCached(key, text, settings, migration, { fixes: 'none' });
  const statements: StatementLockInfo[] = [];
  let transactions: ReturnType<typeof fileContext>['transactions'] | undefined;
  for (const statement of result.document.statements) {
    let locks: ReturnType<typeof statementLocks> = [];
    try {
      locks = statementLocks(statement);
    } catch {
      continue;
    }
    if (locks.length === 0) continue;
    transactions ??= fileContext(result.document, settings, migration).transactions;
    statements.push({
      start: statement.range.start,
      end: statement.range.end,
      inTransaction: transactions[statement.index]?.inTransaction ?? false,
      locks: locks.map((l) => ({ relation: l.relation, mode: l.mode, reason: l.reason })),
    });
  }
  const findings = result.findings.map(plainFinding);
  const schema = migration?.schema ? { migrationsBefore: migration.schema.position, replayedMigrations: lintProjectCache().replayedMigrations } : undefined;
  return { findings, statements, ...(schema ? { schema } : {}) };
}

/**
 * The findings touching `range` that have quick fixes, with them: the same findings and fixes a
 * lint of every fix gives there (statements elsewhere reuse their stored rule results).
 */
export function fixesToOutput(key: string, text: string, settings: Settings, range: OffsetRange, migration?: MigrationLintContext, project?: ProjectRequest): FixesOutput {
  if (!migration && project) migration = projectContext(project, text, settings);
  const result = lintCached(key, text, settings, migration, { fixes: range });
  const fixes = result.findings.filter((f) => f.fixes.length > 0 && rangesTouch(f.range, range)).map(plainFinding);
  return { fixes };
}

/** A plain copy: rules may hang anything on their findings, and only data crosses threads. */
function plainFinding(f: Finding): Finding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    range: { start: f.range.start, end: f.range.end },
    fixes: f.fixes.length === 0 ? [] : f.fixes.map(plainFix),
    ...(f.statementIndex !== undefined ? { statementIndex: f.statementIndex } : {}),
  };
}

function plainFix(fix: Fix): Fix {
  return {
    title: fix.title,
    edits: fix.edits.map((e) => ({ range: { start: e.range.start, end: e.range.end }, newText: e.newText })),
    ...(fix.preferred ? { preferred: true } : {}),
    // New migration files and side-file edits are plain data already.
    ...(fix.fileChanges ? { fileChanges: fix.fileChanges } : {}),
  };
}

/** The last lint output sent for each document (worker side), to send the next as a delta. */
const sentOutputs = new Map<string, { id: number; output: LintOutput; textLength: number; statementCount: number }>();
let nextOutputId = 1;

/** A lint job's reply: a delta when the protocol thread still holds the output the worker sent last, else the output. */
function lintReply(job: JobRequest, output: LintOutput): JobReply {
  const id = nextOutputId++;
  if (!job.key) return { id: job.id, ok: true, output };
  const last = sentOutputs.get(job.key);
  const current = { id, output, textLength: job.text.length, statementCount: previousParses.get(job.key)?.statements.length ?? 0 };
  sentOutputs.delete(job.key);
  sentOutputs.set(job.key, current);
  while (sentOutputs.size > MAX_CACHED_PARSES) sentOutputs.delete(sentOutputs.keys().next().value!);
  if (!last || job.base === undefined || last.id !== job.base) return { id: job.id, ok: true, output, outputId: id };
  const shift: Shift = { offset: current.textLength - last.textLength, index: current.statementCount - last.statementCount };
  const delta: LintDelta = {
    base: last.id,
    shift,
    findings: diffArrays(last.output.findings, output.findings, sameFinding, shift),
    statements: diffArrays(last.output.statements, output.statements, sameLockInfo, shift),
    ...(output.schema ? { schema: output.schema } : {}),
  };
  return { id: job.id, ok: true, delta, outputId: id };
}

/** The output a delta stands for, given the output it was made against. */
function applyLintDelta(base: LintOutput, delta: LintDelta): LintOutput {
  return {
    findings: applyArrayDelta(base.findings, delta.findings, (f) => shiftFinding(f, delta.shift)),
    statements: applyArrayDelta(base.statements, delta.statements, (s) => shiftLockInfo(s, delta.shift)),
    ...(delta.schema ? { schema: delta.schema } : {}),
  };
}

/** The worker's side: load the parser once, then answer jobs in order. */
export function runLintWorker(): void {
  const port = parentPort!;
  const ready = initParser();
  ready.then(() => port.postMessage({ ready: true } satisfies ReadyMessage)).catch(() => undefined);
  port.on('message', (job: JobRequest | ForgetRequest) => {
    if ('forget' in job) {
      previousParses.delete(job.forget);
      sentOutputs.delete(job.forget);
      forgetEditorDocument(job.forget);
      return;
    }
    void ready.then(
      async () => {
        let reply: JobReply;
        try {
          if (job.query) reply = { id: job.id, ok: true, output: await answerQuery(job.query) };
          else if (job.fixesIn) reply = { id: job.id, ok: true, output: fixesToOutput(job.fixesIn.document, job.text, job.settings, job.fixesIn.range, job.migration, job.project) };
          else reply = lintReply(job, lintToOutput(job.key, job.text, job.settings, job.migration, job.project));
        } catch (error) {
          reply = { id: job.id, ok: false, error: errorText(error) };
        }
        port.postMessage(reply);
      },
      (error: unknown) => port.postMessage({ id: job.id, ok: false, error: `The PostgreSQL parser did not load: ${String(error)}` } satisfies JobReply),
    );
  });
}

export type LintOutcome =
  | { kind: 'done'; output: LintOutput }
  /** A newer job for the same document replaced this one. */
  | { kind: 'superseded' }
  | { kind: 'timeout'; ms: number }
  | { kind: 'failed'; error: string };

/** What a job ends with: a lint's output or a query's answer. */
type JobOutcome = Exclude<LintOutcome, { kind: 'done' }> | { kind: 'done'; output: LintOutput | EditorAnswer | FixesOutput };

interface Job extends JobRequest {
  resolve: (outcome: JobOutcome) => void;
  started?: number;
  timer?: NodeJS.Timeout;
}

export interface LintRunnerOptions {
  /** Stop a single lint after this long. */
  timeoutMs: number;
  /** A superseded running job is cut short once it has run this long (a restart costs less than waiting). */
  abandonAfterMs: number;
  /** Lint on the calling thread instead of a worker. */
  inline?: boolean;
  log: (message: string) => void;
}

export class LintRunner {
  private worker: Worker | undefined;
  private workerReady = false;
  private running: Job | undefined;
  private readonly queue: Job[] = [];
  private nextId = 1;
  private inline: boolean;
  private disposed = false;
  /** Workers that died before ever answering, in a row; after a few, lint inline instead. */
  private deadOnArrival = 0;
  /** The last lint output received for each document, with the worker's id for it (deltas come against it). */
  private readonly received = new Map<string, { id: number; output: LintOutput }>();

  constructor(private readonly options: LintRunnerOptions) {
    this.inline = options.inline ?? false;
  }

  /** Lints `text`; `key` (the document URI) lets a newer job for the same document replace this one. */
  lint(key: string, text: string, settings: Settings, migration?: MigrationLintContext, project?: ProjectRequest): Promise<LintOutcome> {
    if (this.inline) return this.lintInline(key, text, settings, migration, project);
    return new Promise<JobOutcome>((resolve) => {
      for (let i = this.queue.length - 1; i >= 0; i--) {
        if (this.queue[i].key === key) {
          this.queue[i].resolve({ kind: 'superseded' });
          this.queue.splice(i, 1);
        }
      }
      const running = this.running;
      if (running && running.key === key && running.started !== undefined && Date.now() - running.started >= this.options.abandonAfterMs) {
        this.restartWorker();
        this.finish(running, { kind: 'superseded' });
      }
      this.queue.push({ id: this.nextId++, key, text, settings, migration, project, resolve });
      this.pump();
    }) as Promise<LintOutcome>;
  }

  /**
   * Answers a hover, definition or completion in the worker, from the schema it replayed for
   * linting. Queued like a lint (never superseded by one) and under the same time limit; null when
   * it fails, times out, or the worker restarts or stops under it.
   */
  async query(query: EditorQuery): Promise<EditorAnswer> {
    if (this.inline) return this.queryInline(query);
    const outcome = await this.enqueueAlongside('query', { text: '', settings: query.settings, query });
    if (outcome.kind === 'done') return outcome.output as EditorAnswer;
    if (outcome.kind === 'failed') this.options.log(`[safeshift] textDocument/${query.kind} failed in the lint worker: ${outcome.error}`);
    return null;
  }

  /**
   * The quick fixes of the findings of `text` (the document `key` as last linted) that touch
   * `range`: a lint of that text with those fixes, in the worker. Queued like a lint, but neither
   * replaces nor is replaced by one. Undefined when it fails, times out or the worker restarts
   * under it; the caller checks that the document is still at the version of `text`.
   */
  async fixes(key: string, text: string, settings: Settings, range: OffsetRange, project?: ProjectRequest): Promise<Finding[] | undefined> {
    const fixesIn: FixesRequest = { document: key, range };
    let outcome: JobOutcome;
    if (this.inline) outcome = await this.fixesInline(text, settings, fixesIn, project);
    else {
      outcome = await this.enqueueAlongside('fixes', { text, settings, project, fixesIn });
    }
    if (outcome.kind === 'done') return (outcome.output as FixesOutput).fixes;
    if (outcome.kind === 'failed') this.options.log(`[safeshift] textDocument/codeAction failed in the lint worker: ${outcome.error}`);
    return undefined;
  }

  /** Queues a job under a key no lint uses, so it neither replaces nor is replaced by other jobs. */
  private enqueueAlongside(kind: string, job: Omit<JobRequest, 'id' | 'key'>): Promise<JobOutcome> {
    return new Promise<JobOutcome>((resolve) => {
      const id = this.nextId++;
      this.queue.push({ ...job, id, key: `\0${kind}:${id}`, resolve });
      this.pump();
    });
  }

  private fixesInline(text: string, settings: Settings, fixesIn: FixesRequest, project?: ProjectRequest, migration?: MigrationLintContext): Promise<JobOutcome> {
    return inlineOutcome(() => fixesToOutput(fixesIn.document, text, settings, fixesIn.range, migration, project));
  }

  private async queryInline(query: EditorQuery): Promise<EditorAnswer> {
    await initParser();
    return answerQuery(query);
  }

  /** The document closed: its cached parse is no longer useful. */
  forget(key: string): void {
    if (this.inline) {
      previousParses.delete(key);
      forgetEditorDocument(key);
    } else {
      this.received.delete(key);
      this.worker?.postMessage({ forget: key } satisfies ForgetRequest);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) job.resolve({ kind: 'superseded' });
    if (this.running) this.finish(this.running, { kind: 'superseded' });
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private lintInline(key: string, text: string, settings: Settings, migration?: MigrationLintContext, project?: ProjectRequest): Promise<LintOutcome> {
    return inlineOutcome(() => lintToOutput(key, text, settings, migration, project));
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const job = this.queue.shift();
    if (!job) return;
    const worker = this.inline ? undefined : this.ensureWorker();
    if (!worker) {
      // Worker threads are unavailable: everything runs inline from now on.
      void this.runInline(job).then((outcome) => {
        job.resolve(outcome);
        for (const queued of this.queue.splice(0)) void this.runInline(queued).then(queued.resolve);
      });
      return;
    }
    this.running = job;
    job.started = Date.now();
    if (this.workerReady) this.startClock(job);
    try {
      const base = job.query || job.fixesIn ? undefined : this.received.get(job.key)?.id;
      worker.postMessage({ id: job.id, key: job.key, text: job.text, settings: job.settings, migration: job.migration, project: job.project, query: job.query, fixesIn: job.fixesIn, base } satisfies JobRequest);
    } catch (error) {
      // Something in the job cannot cross threads: fail this job, keep the worker.
      this.finish(job, { kind: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  }

  private runInline(job: Job): Promise<JobOutcome> {
    if (job.fixesIn) return this.fixesInline(job.text, job.settings, job.fixesIn, job.project, job.migration);
    if (!job.query) return this.lintInline(job.key, job.text, job.settings, job.migration, job.project);
    const query = job.query;
    return inlineOutcome(() => answerQuery(query));
  }

  /** The time limit runs from when the worker can lint, not from while it loads the parser. */
  private startClock(job: Job): void {
    job.started = Date.now();
    job.timer = setTimeout(() => {
      this.options.log(`[safeshift] A ${job.query ? `${job.query.kind} request` : job.fixesIn ? 'code action request' : 'lint'} ran longer than ${this.options.timeoutMs} ms and was stopped.`);
      this.restartWorker();
      this.finish(job, { kind: 'timeout', ms: this.options.timeoutMs });
    }, this.options.timeoutMs);
  }

  private finish(job: Job, outcome: JobOutcome): void {
    clearTimeout(job.timer);
    if (this.running === job) this.running = undefined;
    job.resolve(outcome);
    // Let the caller's continuation run before the next job starts.
    setImmediate(() => this.pump());
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(lintWorkerScript(), {
        workerData: { role: WORKER_MARKER },
        stdout: true,
        stderr: true,
        // A runaway analysis dies alone (and is reported on its file) instead of taking the server down.
        resourceLimits: { maxOldGenerationSizeMb: 1536 },
      });
      worker.unref();
      this.workerReady = false;
      // Output ids are the worker's: a new worker's deltas can only be against its own outputs.
      this.received.clear();
      worker.on('message', (reply: JobReply | ReadyMessage) => {
        if ('ready' in reply) {
          if (this.worker !== worker) return;
          this.workerReady = true;
          this.deadOnArrival = 0;
          if (this.running && !this.running.timer) this.startClock(this.running);
          return;
        }
        const job = this.running;
        if (!job || job.id !== reply.id || this.worker !== worker) return;
        this.deadOnArrival = 0;
        if (!reply.ok) return this.finish(job, { kind: 'failed', error: reply.error });
        let output: LintOutput | EditorAnswer | FixesOutput;
        if ('delta' in reply) {
          const base = this.received.get(job.key);
          if (base?.id !== reply.delta.base) {
            // Cannot happen (the job named this base); should it, ask for the whole output.
            this.received.delete(job.key);
            worker.postMessage({ id: job.id, key: job.key, text: job.text, settings: job.settings, migration: job.migration, project: job.project } satisfies JobRequest);
            return;
          }
          output = applyLintDelta(base.output, reply.delta);
        } else output = reply.output;
        if (reply.outputId !== undefined) this.received.set(job.key, { id: reply.outputId, output: output as LintOutput });
        this.finish(job, { kind: 'done', output });
      });
      worker.on('error', (error) => this.workerGone(worker, `The lint worker failed: ${errorText(error)}`));
      worker.on('exit', (code) => this.workerGone(worker, `The lint worker exited (code ${code}).`));
      // The worker's own output must never reach our stdout, which may be the protocol stream.
      worker.stdout?.on('data', (chunk: Buffer) => this.options.log(`[safeshift worker] ${chunk.toString().trimEnd()}`));
      worker.stderr?.on('data', (chunk: Buffer) => this.options.log(`[safeshift worker] ${chunk.toString().trimEnd()}`));
      this.worker = worker;
      return worker;
    } catch (error) {
      this.options.log(`[safeshift] Worker threads are unavailable (${String(error)}); linting on the main thread.`);
      this.inline = true;
      return undefined;
    }
  }

  /** The worker died under a job (out of memory, a WASM trap...): fail that job and start afresh. */
  private workerGone(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (!this.workerReady && ++this.deadOnArrival >= 3) {
      this.options.log('[safeshift] The lint worker keeps failing to start; linting on the main thread from now on.');
      this.inline = true;
    }
    const job = this.running;
    if (job) {
      this.options.log(`[safeshift] ${message}`);
      this.finish(job, { kind: 'failed', error: message });
    }
  }

  /** Stops the worker mid-job and starts a fresh one, so the next lint does not wait for the parser to load. */
  private restartWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.workerReady = false;
    void worker?.terminate();
    if (!this.disposed) this.ensureWorker();
  }
}

/**
 * The worker's script: the lean bundle beside server.js (scripts/build.mjs builds it from this
 * file alone), else this file itself (the compiled tests run from out/).
 */
function lintWorkerScript(): string {
  const bundle = join(__dirname, 'lintWorker.js');
  return existsSync(bundle) ? bundle : __filename;
}

if (isLintWorker()) runLintWorker();

/** A job run on this thread once the parser is loaded, as the outcome a worker would report. */
async function inlineOutcome<T>(run: () => T | Promise<T>): Promise<{ kind: 'done'; output: T } | { kind: 'failed'; error: string }> {
  try {
    await initParser();
    return { kind: 'done', output: await run() };
  } catch (error) {
    return { kind: 'failed', error: errorText(error) };
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
