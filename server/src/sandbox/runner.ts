/**
 * Runs migrations in a throwaway PostgreSQL and reports what each statement did:
 *
 *   project model → engine → baseline (earlier migrations, cached by content) → data (seed,
 *   synthetic rows) → the target statement by statement inside the tool's envelope, traced →
 *   down check (up, down, compare the catalog, up again) → roll back to the baseline (or keep).
 *
 * A file runs with every migration before it as the baseline; a directory runs every migration of
 * its root in order, each down-checked, on one database: the regression test for CI.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { initParser } from '../analysis/parse/pgParser';
import { envelope, script, wholeFile } from '../analysis/project/envelopes';
import { overlayFs, type ProjectFs } from '../analysis/project/fs';
import { basenameOf, dirnameOf } from '../analysis/project/paths';
import { explicitRootsFromSettings, findRootForFile, rootAt } from '../analysis/project/project';
import type { Migration, MigrationRoot } from '../analysis/project/types';
import type { Settings } from '../analysis/config/settings';
import { nodeProjectFs, toModelPath } from '../node/projectFs';
import { loadSettings } from '../node/settingsLoader';
import { catalogSnapshot, compareCatalogs } from './catalogSnapshot';
import { DataError, fillSyntheticRows, loadSeed } from './data';
import { createEngine } from './engines/index';
import { appliesSchema, downScripts, planScript, upScripts, type PlannedStatement, type ScriptPlan } from './plan';
import { derivedBlocking, documentedLocks, heldLocks, locksOnExisting, newlyHeld, relationSnapshot, rewrittenRelations, type RelationState } from './tracer';
import type {
  DataInfo,
  DownReport,
  Engine,
  LockReport,
  MigrationReport,
  ProgressReporter,
  RunFailure,
  RunOptions,
  RunReport,
  SqlSession,
  StatementError,
  StatementReport,
} from './types';

/** Changes when the way baselines are built changes, so old snapshots are not reused. */
const BASELINE_FORMAT = 'safeshift-baseline-1';

/** A problem with the request itself (no such file, no migrations): the CLI exits with 2. */
export class RunRequestError extends Error {}

interface Target {
  kind: 'file' | 'directory';
  /** As given, for messages and the report. */
  given: string;
  path: string;
  root: MigrationRoot;
  settings: Settings;
}

interface RunContext {
  engine: Engine;
  options: RunOptions;
  signal: AbortSignal;
  progress: ProgressReporter;
  fs: ProjectFs;
  cwd: string;
}

export async function runMigrations(options: RunOptions, signal: AbortSignal, progress: ProgressReporter): Promise<RunReport> {
  const started = performance.now();
  await initParser();
  const cwd = options.cwd ?? process.cwd();
  const fs = options.overlay ? overlayFs(nodeProjectFs, modelOverlay(options.overlay)) : nodeProjectFs;
  const targets = options.paths.map((p) => resolveTarget(p, cwd, fs, options.configPath));
  const engine = options.engine ?? createEngine(options.settings);
  const report: RunReport = { version: 1, engine: engine.kind, migrations: [] };
  const context: RunContext = { engine, options, signal, progress, fs, cwd };
  try {
    await engine.start({ progress, signal });
    for (const target of targets) {
      if (signal.aborted) break;
      const reports = target.kind === 'file' ? await runFile(target, context) : await runDirectory(target, context);
      report.migrations.push(...reports);
    }
  } catch (error) {
    // The engine could not start, or failed between migrations: one report entry says why.
    report.migrations.push({ path: targets[0]?.given ?? '', ok: false, statements: [], down: notChecked('the run failed before the down check'), error: { message: messageOf(error) } });
  } finally {
    if (!options.engine) await engine.stop().catch(() => undefined);
  }
  if (signal.aborted) report.cancelled = true;
  report.durationMs = round(performance.now() - started);
  return report;
}

function modelOverlay(overlay: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...overlay].map(([path, text]) => [toModelPath(resolve(path)), text]));
}

function resolveTarget(given: string, cwd: string, fs: ProjectFs, configPath: string | undefined): Target {
  const absolute = toModelPath(isAbsolute(given) ? given : resolve(cwd, given));
  const loaded = loadSettings(absolute, configPath);
  const settings = loaded.settings;
  const explicitRoots = loaded.configPath ? explicitRootsFromSettings(settings.migrations, dirnameOf(toModelPath(loaded.configPath))) : [];
  if (!fs.exists(absolute)) throw new RunRequestError(`${given}: no such file or directory.`);
  if (isDirectoryPath(absolute)) {
    const root = rootAt(absolute, fs, { explicitRoots });
    if (!root || root.migrations.length === 0) throw new RunRequestError(`${given}: no migrations found in this directory.`);
    return { kind: 'directory', given, path: absolute, root, settings };
  }
  const root = findRootForFile(absolute, fs, { explicitRoots }) ?? standaloneRoot(absolute, fs);
  return { kind: 'file', given, path: absolute, root, settings };
}

function isDirectoryPath(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A file that belongs to no recognised migration folder runs alone, with an empty baseline. */
function standaloneRoot(file: string, fs: ProjectFs): MigrationRoot {
  const text = fs.read(file);
  if (text === undefined) throw new RunRequestError(`${file}: cannot read this file.`);
  const txEnvelope = envelope('unknown', 'No migration tool was recognised for this file; the assumeInTransaction setting decides.');
  const up = script('up', file, wholeFile(text), txEnvelope, 'statement-by-statement');
  const migration: Migration = {
    id: basenameOf(file),
    tool: 'plain',
    kind: 'versioned',
    description: basenameOf(file),
    orderKey: '0',
    position: 0,
    up,
    sections: [up],
    files: [file],
    directives: [],
    placeholders: {},
  };
  const detection = { tool: 'plain' as const, score: 0, explicit: false, evidence: [], alternatives: [], ambiguous: false };
  return { dir: dirnameOf(file), tool: 'plain', detection, migrations: [migration], findings: [], ignoredFiles: [], config: {} };
}

// ─── A file: baseline, then the file's migrations ────────────────────────────────────────────

async function runFile(target: Target, context: RunContext): Promise<MigrationReport[]> {
  const migrations = target.root.migrations.filter((m) => appliesSchema(m) && upScripts(m).some((s) => s.file === target.path));
  const shown = displayPath(target.path, context);
  if (migrations.length === 0) {
    const down = target.root.migrations.find((m) => m.files.includes(target.path));
    const message = down ? `${shown} is the down script of ${down.id}; run its up migration (the down check runs this file).` : `${shown} holds no up migration that ${target.root.tool} runs.`;
    throw new RunRequestError(message);
  }
  const first = migrations[0];
  const earlier = target.root.migrations.slice(0, first.position).filter(appliesSchema);
  const checkDown = context.options.checkDown === true || context.options.downOnly === true;
  const keep = context.options.settings.keep;
  const key = baselineKey(earlier, target, context);
  const prepared = await prepareBaseline(earlier, key, target, context);
  if ('failure' in prepared) return [failedMigration(shown, first.id, prepared.failure)];
  const session = prepared.session;
  const reports: MigrationReport[] = [];
  let pristine = true;
  try {
    for (const migration of migrations) {
      const rollback = migrations.length === 1 && !keep && !checkDown;
      const outcome = await runTarget(migration, target, session, context, { checkDown, rollback, shown });
      outcome.report.baseline = prepared.info;
      if (prepared.data) outcome.report.data = prepared.data;
      reports.push(outcome.report);
      pristine &&= outcome.pristine;
      if (!outcome.report.ok || context.signal.aborted) break;
    }
  } finally {
    const kept = await closeQuietly(context.engine, session, keep, pristine && !keep);
    if (kept && reports.length > 0) reports[reports.length - 1].kept = kept;
  }
  return reports;
}

interface PreparedBaseline {
  session: SqlSession;
  info: MigrationReport['baseline'];
  data?: DataInfo;
}

async function prepareBaseline(earlier: Migration[], key: string, target: Target, context: RunContext): Promise<PreparedBaseline | { failure: RunFailure }> {
  const started = performance.now();
  const { engine, progress, signal } = context;
  if (engine.hasBaseline(key)) {
    const session = await engine.openSession(key, { progress, signal });
    return { session, info: { migrations: earlier.length, cached: true, durationMs: round(performance.now() - started) }, data: cachedData.get(key) };
  }
  let session = await engine.openSession(undefined, { progress, signal });
  try {
    for (const [index, migration] of earlier.entries()) {
      if (signal.aborted) return { failure: { message: 'Cancelled while building the baseline.' } };
      progress({ message: `Baseline: ${migration.id} (${index + 1} of ${earlier.length})`, percentage: Math.round((index / Math.max(1, earlier.length)) * 50) });
      const failure = await applyMigration(migration, target, session, context);
      if (failure) {
        await closeQuietly(engine, session, false, false);
        return { failure };
      }
    }
    const data = await loadData(session, target, context);
    if (data && 'failure' in data) {
      await closeQuietly(engine, session, false, false);
      return { failure: data.failure };
    }
    session = await engine.saveBaseline(session, key);
    if (data) cachedData.set(key, data);
    return { session, info: { migrations: earlier.length, cached: false, durationMs: round(performance.now() - started) }, data };
  } catch (error) {
    await closeQuietly(engine, session, false, false);
    throw error;
  }
}

/** What data a cached baseline holds, so a re-run reports it without reloading. */
const cachedData = new Map<string, DataInfo>();

async function loadData(session: SqlSession, target: Target, context: RunContext): Promise<DataInfo | { failure: RunFailure } | undefined> {
  const { seed, syntheticRows } = context.options.settings;
  if (!seed && !syntheticRows) return undefined;
  const info: DataInfo = { skipped: [] };
  try {
    if (seed) {
      const seedPath = seedFile(seed, target, context);
      const text = context.fs.read(seedPath);
      if (text === undefined) return { failure: { message: `Cannot read the seed file ${seed} (looked for ${seedPath}).`, file: seedPath } };
      context.progress({ message: `Loading the seed ${displayPath(seedPath, context)}` });
      await loadSeed(session, displayPath(seedPath, context), text, context.signal);
      info.seed = displayPath(seedPath, context);
    }
    if (syntheticRows) {
      context.progress({ message: `Generating ${syntheticRows} rows per table` });
      const filled = await fillSyntheticRows(session, syntheticRows, context.signal);
      info.syntheticRows = syntheticRows;
      info.rows = filled.rows;
      info.skipped.push(...filled.skipped);
    }
  } catch (error) {
    if (error instanceof DataError) return { failure: error.failure };
    throw error;
  }
  return info;
}

/** A seed path is relative to safeshift.json when there is one, else to the working directory. */
function seedFile(seed: string, target: Target, context: RunContext): string {
  if (isAbsolute(seed)) return toModelPath(seed);
  const config = loadSettings(target.path, context.options.configPath).configPath;
  return toModelPath(resolve(config ? dirnameOf(toModelPath(config)) : context.cwd, seed));
}

function baselineKey(earlier: Migration[], target: Target, context: RunContext): string {
  const hash = createHash('sha256');
  const settings = context.options.settings;
  hash.update(JSON.stringify([BASELINE_FORMAT, target.settings.assumeInTransaction, target.settings.placeholders, settings.syntheticRows]));
  for (const migration of earlier) {
    for (const up of upScripts(migration)) {
      hash.update(`\0${migration.id}\0${up.envelope.kind}\0${up.execution}\0`);
      hash.update(context.fs.read(up.file) ?? '');
    }
  }
  if (settings.seed) hash.update(`\0seed\0${context.fs.read(seedFile(settings.seed, target, context)) ?? ''}`);
  return hash.digest('hex').slice(0, 32);
}

/** Applies one earlier migration, untraced; a failure names the file and line. */
async function applyMigration(migration: Migration, target: Target, session: SqlSession, context: RunContext): Promise<RunFailure | undefined> {
  for (const up of upScripts(migration)) {
    const text = context.fs.read(up.file);
    const shown = displayPath(up.file, context);
    if (text === undefined) return { message: `Cannot read the baseline migration ${shown}.`, file: shown };
    const plan = planScript(migration, up, text, planOptions(target));
    if (plan.syntaxError) {
      const { line, column, message } = plan.syntaxError;
      return { message: `The baseline migration ${shown} has a syntax error at line ${line}, column ${column}: ${message}`, file: shown, line, column, sqlstate: '42601' };
    }
    const run = await runScript(plan, session, context, { trace: false, rollback: false });
    if (run.failed) {
      const error = run.failed.error!;
      return { message: `The baseline migration ${shown} failed at line ${error.line}, column ${error.column}: ${error.message} (SQLSTATE ${error.sqlstate})`, file: shown, line: error.line, column: error.column, sqlstate: error.sqlstate };
    }
  }
  return undefined;
}

function planOptions(target: Target) {
  return { assumeInTransaction: target.settings.assumeInTransaction, placeholders: target.settings.placeholders };
}

// ─── A directory: every migration in order, each down-checked ────────────────────────────────

async function runDirectory(target: Target, context: RunContext): Promise<MigrationReport[]> {
  const migrations = target.root.migrations.filter(appliesSchema);
  const session = await context.engine.openSession(undefined, { progress: context.progress, signal: context.signal });
  const reports: MigrationReport[] = [];
  try {
    for (const [index, migration] of migrations.entries()) {
      if (context.signal.aborted) break;
      context.progress({ message: `${migration.id} (${index + 1} of ${migrations.length})`, percentage: Math.round((index / migrations.length) * 100) });
      const shown = displayPath(upScripts(migration)[0].file, context);
      const outcome = await runTarget(migration, target, session, context, { checkDown: true, rollback: false, shown });
      outcome.report.baseline = { migrations: index, cached: false, durationMs: 0 };
      reports.push(outcome.report);
      // Later migrations build on this one: after a failed up their results would mean nothing.
      if (outcome.report.error || outcome.report.statements.some((s) => s.error) || !session.alive) break;
    }
  } finally {
    const kept = await closeQuietly(context.engine, session, context.options.settings.keep, false);
    if (kept && reports.length > 0) reports[reports.length - 1].kept = kept;
  }
  if (context.options.settings.seed || context.options.settings.syntheticRows) {
    const first = reports[0];
    if (first) first.data = { skipped: ['seed and synthetic rows apply when one migration runs against its baseline, not to a directory run'] };
  }
  return reports;
}

// ─── One migration, traced, with its down check ──────────────────────────────────────────────

interface TargetOptions {
  checkDown: boolean;
  /** End the migration's own transaction with ROLLBACK (nothing else needs its result). */
  rollback: boolean;
  shown: string;
}

async function runTarget(migration: Migration, target: Target, session: SqlSession, context: RunContext, options: TargetOptions): Promise<{ report: MigrationReport; pristine: boolean }> {
  const report: MigrationReport = { path: options.shown, id: migration.id, ok: true, statements: [], down: notChecked('not requested (use --down)'), error: null };
  const ups = plansFor(migration, upScripts(migration), target, context);
  if ('failure' in ups) return { report: { ...report, ok: false, error: ups.failure, down: notChecked('the up migration has a syntax error') }, pristine: true };
  const before = options.checkDown ? await catalogSnapshot(session) : undefined;
  let pristine = true;
  for (const plan of ups.plans) {
    const run = await runScript(plan, session, context, { trace: true, rollback: options.rollback, label: migration.id });
    report.statements.push(...run.statements);
    pristine &&= run.pristine;
    if (run.failed || run.cancelled) {
      report.ok = false;
      report.down = notChecked(run.cancelled ? 'cancelled' : 'the up migration failed');
      // A failed statement rolls its transaction back: nothing changed unless something was committed.
      return { report, pristine: pristine && !run.cancelled };
    }
  }
  if (options.checkDown && before) report.down = await checkDown(migration, ups.plans, before, target, session, context);
  else if (!options.checkDown && downScripts(migration).length === 0) report.down = notChecked(`${migration.tool} migrations have no down script here`);
  report.ok = report.statements.every((s) => !s.error) && (!report.down.checked || report.down.restored);
  return { report, pristine: pristine && !options.checkDown };
}

function plansFor(migration: Migration, scripts: Migration['sections'], target: Target, context: RunContext): { plans: ScriptPlan[] } | { failure: RunFailure } {
  const plans: ScriptPlan[] = [];
  for (const section of scripts) {
    const text = context.fs.read(section.file);
    const shown = displayPath(section.file, context);
    if (text === undefined) return { failure: { message: `Cannot read ${shown}.`, file: shown } };
    const plan = planScript(migration, section, text, planOptions(target));
    if (plan.syntaxError) {
      const { line, column, message } = plan.syntaxError;
      return { failure: { message: `Syntax error at line ${line}, column ${column}: ${message}`, file: shown, line, column, sqlstate: '42601' } };
    }
    plans.push(plan);
  }
  return { plans };
}

async function checkDown(migration: Migration, ups: ScriptPlan[], before: Awaited<ReturnType<typeof catalogSnapshot>>, target: Target, session: SqlSession, context: RunContext): Promise<DownReport> {
  const downs = downScripts(migration);
  if (downs.length === 0) return notChecked(`${migration.tool === 'plain' ? 'this migration' : migration.id} has no down script`);
  const plans = plansFor(migration, downs, target, context);
  if ('failure' in plans) return { checked: true, restored: false, differences: [], reason: `The down script cannot run: ${plans.failure.message}` };
  const down: DownReport = { checked: true, restored: false, differences: [], statements: [] };
  context.progress({ message: `Checking the down migration of ${migration.id}` });
  for (const plan of plans.plans) {
    const run = await runScript(plan, session, context, { trace: true, rollback: false, label: `${migration.id} (down)` });
    down.statements!.push(...run.statements);
    if (run.failed || run.cancelled) {
      const error = run.failed?.error;
      down.reason = run.cancelled ? 'cancelled' : `The down script failed at line ${error?.line}: ${error?.message}`;
      return down;
    }
  }
  down.differences = compareCatalogs(before, await catalogSnapshot(session));
  down.restored = down.differences.length === 0;
  // Up again: a down that leaves something behind often makes the next up fail.
  for (const plan of ups) {
    const again = await runScript(plan, session, context, { trace: false, rollback: false });
    if (again.failed) {
      const error = again.failed.error!;
      down.restored = false;
      down.differences.push(`the up migration fails when run again after down: ${error.message} (line ${error.line})`);
      break;
    }
  }
  return down;
}

function notChecked(reason: string): DownReport {
  return { checked: false, restored: false, differences: [], reason };
}

function failedMigration(path: string, id: string, failure: RunFailure): MigrationReport {
  return { path, id, ok: false, statements: [], down: notChecked('the baseline could not be built'), error: failure };
}

// ─── One script, statement by statement ──────────────────────────────────────────────────────

interface ScriptRunOptions {
  trace: boolean;
  rollback: boolean;
  label?: string;
}

interface ScriptRun {
  statements: StatementReport[];
  failed?: StatementReport;
  cancelled: boolean;
  /** Nothing was committed: the database is as it was before the script. */
  pristine: boolean;
}

async function runScript(plan: ScriptPlan, session: SqlSession, context: RunContext, options: ScriptRunOptions): Promise<ScriptRun> {
  const { signal } = context;
  const run: ScriptRun = { statements: [], cancelled: false, pristine: true };
  const relations = options.trace ? await relationSnapshot(session) : new Map<string, RelationState>();
  let envelopeOpen = false;
  let explicitOpen = false;
  let locksBefore: LockReport[] = [];
  const control = async (sql: string) => {
    const result = await session.execute(sql);
    if (result.error) throw new Error(`${sql} failed: ${result.error.message}`);
  };
  for (const [index, step] of plan.statements.entries()) {
    if (signal.aborted) {
      run.cancelled = true;
      break;
    }
    if (options.trace) context.progress({ message: `${options.label ?? plan.file}: statement ${index + 1} of ${plan.statements.length} (line ${step.line})` });
    if (step.inEnvelope && !envelopeOpen && !explicitOpen) {
      await control('BEGIN');
      envelopeOpen = true;
      locksBefore = [];
    }
    if (!step.inEnvelope && envelopeOpen && step.nonTransactional) {
      // The tool's transaction ends here for the sandbox: PostgreSQL refuses this statement inside one.
      await control('COMMIT');
      envelopeOpen = false;
      run.pristine = false;
    }
    const inTransaction = envelopeOpen || explicitOpen;
    // A statement the tool sends on its own runs in a transaction of its own, so its locks can be read before COMMIT.
    const ownTransaction = options.trace && !inTransaction && !step.nonTransactional && !step.transactionControl;
    if (ownTransaction) {
      await control('BEGIN');
      locksBefore = [];
    }
    const result = await session.execute(step.sql, signal);
    if (step.transactionControl === 'begin') {
      explicitOpen = true;
      locksBefore = [];
    }
    if (step.transactionControl === 'end') {
      explicitOpen = false;
      envelopeOpen = false;
      run.pristine = false;
    }
    if (!inTransaction && !ownTransaction && !step.transactionControl) run.pristine = false;
    const report = options.trace ? await traceStatement(step, plan, result, session, relations, locksBefore, signal) : bareReport(step, plan, result);
    if (options.trace && !result.error && session.alive) locksBefore = locksOnExisting(await heldLocks(session), relations);
    // As the tool runs it: the sandbox's own BEGIN/COMMIT around a lone statement is only for tracing.
    report.outsideTransaction = step.nonTransactional || (!inTransaction && !step.transactionControl);
    if (ownTransaction && session.alive) {
      await control(result.error ? 'ROLLBACK' : 'COMMIT');
      if (!result.error) run.pristine = false;
    }
    run.statements.push(report);
    if (result.error) {
      run.failed = report;
      run.cancelled = result.error.sqlstate === '57014' && signal.aborted;
      if ((envelopeOpen || explicitOpen) && session.alive) await control('ROLLBACK');
      envelopeOpen = explicitOpen = false;
      return run;
    }
  }
  if ((envelopeOpen || explicitOpen) && session.alive) {
    const end = run.cancelled || options.rollback ? 'ROLLBACK' : 'COMMIT';
    await control(end);
    if (end === 'COMMIT') run.pristine = false;
  }
  return run;
}

async function traceStatement(
  step: PlannedStatement,
  plan: ScriptPlan,
  result: Awaited<ReturnType<SqlSession['execute']>>,
  session: SqlSession,
  relations: Map<string, RelationState>,
  locksBefore: LockReport[],
  signal: AbortSignal,
): Promise<StatementReport> {
  const report = bareReport(step, plan, result);
  if (result.error || !session.alive) return report;
  if (step.nonTransactional) {
    report.locks = documentedLocks(step.statement, relations);
    report.blocks = derivedBlocking(report.locks);
  } else {
    const held = locksOnExisting(await heldLocks(session), relations);
    report.locks = newlyHeld(held, locksBefore);
    report.blocks = session.probeBlocking && held.length > 0 ? await session.probeBlocking(held.map((l) => l.relation), signal) : derivedBlocking(held);
  }
  const rewritten = await rewrittenRelations(session, relations);
  // TRUNCATE swaps in empty files: new relfilenodes, but nothing is rewritten.
  report.rewrites = step.statement.kind === 'TruncateStmt' ? [] : rewritten;
  return report;
}

function bareReport(step: PlannedStatement, plan: ScriptPlan, result: Awaited<ReturnType<SqlSession['execute']>>): StatementReport {
  const report: StatementReport = {
    line: step.line,
    endLine: step.endLine,
    sql: step.sql.trim(),
    durationMs: round(result.durationMs),
    locks: [],
    rewrites: [],
    rowsAffected: result.rowsAffected,
    notices: result.notices,
    blocks: { reads: false, writes: false, source: 'derived' },
    error: result.error ? statementError(step, plan, result.error) : null,
  };
  if (step.note) report.note = step.note;
  return report;
}

/** PostgreSQL's error position is a 1-based character index into the SQL sent; map it to the file. */
function statementError(step: PlannedStatement, plan: ScriptPlan, error: NonNullable<Awaited<ReturnType<SqlSession['execute']>>['error']>): StatementError {
  let offset = step.statement.range.start;
  if (error.position !== undefined && step.sql === step.statement.text) offset += utf16Offset(step.sql, error.position - 1);
  const at = plan.lineIndex.positionAt(offset);
  const mapped: StatementError = { sqlstate: error.sqlstate, message: error.message, line: at.line + 1, column: at.character + 1 };
  if (error.detail) mapped.detail = error.detail;
  if (error.hint) mapped.hint = error.hint;
  return mapped;
}

function utf16Offset(text: string, characters: number): number {
  let units = 0;
  for (let i = 0; i < characters && units < text.length; i++) units += text.codePointAt(units)! > 0xffff ? 2 : 1;
  return units;
}

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────

/** Ends the session; with `keep`, returns where the engine left the database. */
async function closeQuietly(engine: Engine, session: SqlSession, keep: boolean, pristine: boolean): Promise<string | undefined> {
  try {
    return await engine.closeSession(session, { keep, pristine: pristine && session.alive });
  } catch {
    // Closing is cleanup; the report already says what happened.
    return undefined;
  }
}

function displayPath(path: string, context: RunContext): string {
  if (!context.options.cwd) return path;
  const shown = relative(context.cwd, path);
  return shown.startsWith('..') || isAbsolute(shown) ? path : shown.split('\\').join('/');
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
