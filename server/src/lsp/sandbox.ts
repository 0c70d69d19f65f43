/**
 * The sandbox through standard LSP: `workspace/executeCommand` runs a migration (or a whole root,
 * or a down check) on the configured engine, reports `$/progress`, stops when the client cancels
 * the request or the progress, answers with the JSON run report, and turns failures into
 * diagnostics (source "safeshift sandbox") that server.ts publishes alongside the lint ones.
 *
 * Progress: the client's `workDoneToken` when it sent one (it wants to show the progress itself,
 * as the VS Code client does in a notification), else a server-initiated
 * `window/workDoneProgress/create` when the client supports it, else none. Cancel: `$/cancelRequest`
 * answers RequestCancelled; `window/workDoneProgress/cancel` answers with the partial report
 * (`cancelled: true`). Either aborts the AbortSignal the runner passes to the running statement.
 *
 * One run at a time: the engine is warm and shared, so runs queue behind each other.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import {
  DiagnosticSeverity,
  LSPErrorCodes,
  ResponseError,
  WorkDoneProgressReporter,
  type CancellationToken,
  type ClientCapabilities,
  type CodeLens,
  type Connection,
  type Diagnostic,
  type ExecuteCommandParams,
} from 'vscode-languageserver/node';
import type { Settings } from '../analysis/config/settings';
import { explicitRootsFromSettings, findRootForFile } from '../analysis/project/project';
import { LineIndex } from '../analysis/text/lineIndex';
import { nodeProjectFs, toModelPath } from '../node/projectFs';
import type { LoadedSettings } from '../node/settingsLoader';
import type { Engine, MigrationReport, RunMigrations, RunOptions, RunReport, SandboxSettings, StatementReport } from '../sandbox/types';
import { registerLensProvider, sectionLine, type LensContext } from './codeLens';
import {
  SANDBOX_COMMANDS,
  SANDBOX_DIAGNOSTIC_SOURCE,
  SERVER_SANDBOX_COMMANDS,
  type SandboxCommandResult,
  type SandboxResetResult,
} from './sandboxProtocol';
import { loadSandboxBackend } from './sandboxBackend';
import { pathToUri, uriToPath } from './settings';

/** What the sandbox needs from the runner and the engines (sandbox/), injected for the server. */
export interface SandboxBackend {
  runMigrations: RunMigrations;
  createEngine(settings: SandboxSettings): Engine;
  /** The CLI's `--format markdown` rendering of a report. */
  markdown?(report: RunReport, engineDescription: string): string;
}

export interface SandboxHost {
  connection: Connection;
  /** Settings for a file (safeshift.json + editor settings) and the config they came from. */
  settingsFor(uri: string): Promise<{ settings: Settings; loaded: LoadedSettings }>;
  /** The text of every open document (unsaved edits included), with its file path when it has one. */
  openTexts(): Array<{ path: string | undefined; text: string }>;
  /** Publishes the sandbox diagnostics of `path` (merged with its lint diagnostics when it is open). */
  publish(path: string): void;
  log(message: string): void;
  logError(where: string, error: unknown): void;
}

type Command = (typeof SANDBOX_COMMANDS)[keyof typeof SANDBOX_COMMANDS];

const PROGRESS_TITLES: Record<string, string> = {
  [SANDBOX_COMMANDS.run]: 'Safeshift sandbox: run',
  [SANDBOX_COMMANDS.checkDown]: 'Safeshift sandbox: check down',
  [SANDBOX_COMMANDS.runAll]: 'Safeshift sandbox: run all',
};

/** Engine settings that need a new engine when they change (the others apply per run). */
const ENGINE_KEYS = ['engine', 'image', 'containerCommand', 'url', 'allowRemote', 'postgresVersion'] as const;

export class SandboxFeature {
  private workDoneProgress = false;
  private engine: { signature: string; engine: Engine } | undefined;
  /** Sandbox diagnostics by absolute path. */
  private readonly diagnostics = new Map<string, Diagnostic[]>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly host: SandboxHost,
    private readonly backend: () => Promise<SandboxBackend> = loadSandboxBackend,
  ) {}

  initialize(capabilities: ClientCapabilities): void {
    this.workDoneProgress = capabilities.window?.workDoneProgress === true;
  }

  static readonly capabilities = { executeCommandProvider: { commands: [...SERVER_SANDBOX_COMMANDS] } };

  /** The code lenses and the `workspace/executeCommand` handler (the server has no other commands). */
  register(): void {
    registerLensProvider('sandbox', sandboxLenses);
    this.host.connection.onExecuteCommand(async (params, token, workDoneProgress) => {
      try {
        return await this.execute(params, token, workDoneProgress);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        this.host.logError(`workspace/executeCommand ${String(params?.command)}`, error);
        throw new ResponseError(LSPErrorCodes.RequestFailed, error instanceof Error ? error.message : String(error));
      }
    });
  }

  private overlay(): Map<string, string> {
    const overlay = new Map<string, string>();
    for (const { path, text } of this.host.openTexts()) if (path !== undefined) overlay.set(resolve(path), text);
    return overlay;
  }

  handles(command: string): boolean {
    return SERVER_SANDBOX_COMMANDS.includes(command);
  }

  diagnosticsFor(path: string | undefined): Diagnostic[] {
    return (path && this.diagnostics.get(resolve(path))) || [];
  }

  async execute(params: ExecuteCommandParams, token: CancellationToken, clientProgress: WorkDoneProgressReporter): Promise<SandboxCommandResult | SandboxResetResult> {
    const command = params.command as Command;
    if (!this.handles(command)) throw new ResponseError(-32602, `Unknown command ${params.command}.`);
    if (command === SANDBOX_COMMANDS.reset) return this.serialized(() => this.reset());
    const uri = uriArgument(params.arguments?.[0]);
    const path = uri ? uriToPath(uri) : undefined;
    if (!uri || !path) {
      throw new ResponseError(-32602, `${command} needs the file to run as its argument: { "uri": "file:///…/migration.sql" }.`);
    }
    if (!existsSync(path) && !this.overlay().has(resolve(path))) throw new ResponseError(-32602, `${path} does not exist.`);
    const controller = new AbortController();
    const onRequestCancel = token.onCancellationRequested(() => controller.abort());
    // vscode-languageserver takes the client's workDoneToken out of the params into `clientProgress`.
    const progress = WorkDoneProgressReporter.isNullInstance(clientProgress) ? await this.serverProgress() : clientProgress;
    progress.begin(PROGRESS_TITLES[command] ?? command, 0, 'Waiting for the sandbox', true);
    const onProgressCancel = 'token' in progress ? (progress.token as CancellationToken).onCancellationRequested(() => controller.abort()) : undefined;
    try {
      const report = await this.serialized(() => this.run(command, uri, path, controller.signal, progress));
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The sandbox run was cancelled.');
      return report;
    } finally {
      onRequestCancel.dispose();
      onProgressCancel?.dispose();
      progress.done();
    }
  }

  /** Stops the engine (containers, scratch databases) when the server shuts down. */
  async dispose(): Promise<void> {
    const current = this.engine;
    this.engine = undefined;
    if (current) await current.engine.stop().catch((error) => this.host.logError('stopping the sandbox engine', error));
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async serverProgress(): Promise<WorkDoneProgressReporter> {
    if (!this.workDoneProgress) return NO_PROGRESS;
    try {
      return await this.host.connection.window.createWorkDoneProgress();
    } catch (error) {
      this.host.logError('window/workDoneProgress/create', error);
      return NO_PROGRESS;
    }
  }

  private async run(command: Command, uri: string, path: string, signal: AbortSignal, progress: WorkDoneProgressReporter): Promise<SandboxCommandResult> {
    if (signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The sandbox run was cancelled.');
    const { settings, loaded } = await this.host.settingsFor(uri);
    const backend = await this.backend();
    const engine = await this.engineFor(settings.sandbox, backend);
    const target = command === SANDBOX_COMMANDS.runAll ? rootDirectory(path, loaded) : resolve(path);
    const options: RunOptions = {
      paths: [target],
      settings: settings.sandbox,
      engine,
      overlay: this.overlay(),
      checkDown: command === SANDBOX_COMMANDS.checkDown || command === SANDBOX_COMMANDS.runAll,
      downOnly: command === SANDBOX_COMMANDS.checkDown,
      ...(loaded.configPath ? { configPath: loaded.configPath } : {}),
    };
    progress.report(0, `Starting the ${settings.sandbox.engine} engine`);
    const started = Date.now();
    const report = await backend.runMigrations(options, signal, (event) => {
      const percentage = clampPercentage(event.percentage);
      if (percentage === undefined) progress.report(event.message);
      else progress.report(percentage, event.message);
    });
    this.host.log(`[safeshift] Sandbox ${command} of ${target} on ${engine.describe()}: ${report.migrations.length} migration(s), ${report.migrations.filter((m) => !m.ok).length} failed, ${Date.now() - started} ms${report.cancelled ? ', cancelled' : ''}.`);
    this.updateDiagnostics(command === SANDBOX_COMMANDS.runAll ? target : undefined, resolve(path), report);
    const result: SandboxCommandResult = { ...report };
    try {
      if (backend.markdown) result.markdown = backend.markdown(withPathsRelativeTo(report, loaded.configPath ? dirname(loaded.configPath) : undefined), engine.describe());
    } catch (error) {
      this.host.logError('rendering the sandbox report as Markdown', error);
    }
    return result;
  }

  /** The warm engine, or a new one when the engine settings changed (the old one is stopped). */
  private async engineFor(settings: SandboxSettings, backend: SandboxBackend): Promise<Engine> {
    const signature = JSON.stringify(ENGINE_KEYS.map((key) => settings[key] ?? null));
    if (this.engine?.signature === signature) return this.engine.engine;
    await this.dispose();
    const engine = backend.createEngine(settings);
    this.engine = { signature, engine };
    return engine;
  }

  private async reset(): Promise<SandboxResetResult> {
    if (this.engine) await this.engine.engine.reset();
    await this.dispose();
    const cleared = [...this.diagnostics.keys()];
    this.diagnostics.clear();
    for (const path of cleared) this.host.publish(path);
    return { reset: true, cleared };
  }

  /**
   * Replaces the sandbox diagnostics of every file the run touched (and of the target, and for
   * Run All of every file under the root), so a fixed migration loses its old failure.
   */
  private updateDiagnostics(root: string | undefined, target: string, report: RunReport): void {
    const next = new Map<string, Diagnostic[]>();
    const add = (path: string, diagnostic: Diagnostic) => next.set(path, [...(next.get(path) ?? []), diagnostic]);
    next.set(target, []);
    for (const migration of report.migrations) {
      const path = resolve(migration.path);
      if (!next.has(path)) next.set(path, []);
      for (const [file, diagnostic] of migrationDiagnostics(migration, path, report.cancelled === true, (p) => this.textOf(p))) add(file, diagnostic);
    }
    const touched = new Set<string>(next.keys());
    if (root) for (const path of this.diagnostics.keys()) if (path.startsWith(`${root}/`)) touched.add(path);
    for (const path of touched) {
      const diagnostics = next.get(path) ?? [];
      const before = this.diagnostics.get(path) ?? [];
      if (diagnostics.length) this.diagnostics.set(path, diagnostics);
      else this.diagnostics.delete(path);
      if (diagnostics.length || before.length) this.host.publish(path);
    }
  }

  private textOf(path: string): string {
    const open = this.overlay().get(path);
    if (open !== undefined) return open;
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  }
}

/** The lenses above a migration: "Run in sandbox" on its up section, "Check down" on its down section. */
export function sandboxLenses(context: LensContext): CodeLens[] {
  if (!context.root || !context.migration || context.path === undefined) return [];
  const argument = { uri: context.uri };
  const lenses: CodeLens[] = [];
  const up = context.scripts.find((s) => s.direction === 'up');
  const down = context.scripts.find((s) => s.direction === 'down');
  const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });
  if (up) {
    lenses.push({ range: at(sectionLine(up, context.text, context.lineIndex)), command: { title: '▶ Run in sandbox', command: SANDBOX_COMMANDS.run, arguments: [argument], tooltip: 'Run this migration in a throwaway PostgreSQL after the migrations before it, and show what it locks, rewrites and blocks' } });
  }
  if (down) {
    lenses.push({ range: at(sectionLine(down, context.text, context.lineIndex)), command: { title: '↺ Check down', command: SANDBOX_COMMANDS.checkDown, arguments: [argument], tooltip: 'Run up, then down, and check that the schema is exactly as before' } });
  }
  return lenses;
}

/** Diagnostics for one migration of a report, as [file, diagnostic] (a baseline failure may be in another file). */
export function migrationDiagnostics(migration: MigrationReport, path: string, cancelled: boolean, textOf: (path: string) => string): Array<[string, Diagnostic]> {
  const out: Array<[string, Diagnostic]> = [];
  const indexes = new Map<string, LineIndex>();
  const lineIndex = (file: string) => {
    let index = indexes.get(file);
    if (!index) indexes.set(file, (index = new LineIndex(textOf(file))));
    return index;
  };
  const statementDiagnostic = (statement: StatementReport, direction: string) => {
    const error = statement.error;
    if (!error || (cancelled && error.sqlstate === '57014')) return;
    const message = `${direction === 'down' ? 'Down migration: ' : ''}${error.message}${error.detail ? `\n${error.detail}` : ''}${error.hint ? `\nHint: ${error.hint}` : ''}`;
    out.push([path, errorDiagnostic(lineIndex(path), error.line || statement.line, error.column || 1, statement.endLine, message, error.sqlstate)]);
  };
  for (const statement of migration.statements) statementDiagnostic(statement, 'up');
  for (const statement of migration.down?.statements ?? []) statementDiagnostic(statement, 'down');
  const failure = migration.error;
  if (failure && !(cancelled && failure.sqlstate === '57014') && !migration.statements.some((s) => s.error)) {
    const file = failure.file ? resolve(dirname(path), failure.file) : path;
    out.push([file, errorDiagnostic(lineIndex(file), failure.line ?? 1, failure.column ?? 1, failure.line ?? 1, failure.message, failure.sqlstate)]);
  }
  const down = migration.down;
  if (down?.checked && !down.restored && down.differences.length) {
    const line = down.statements?.[0]?.line ?? 1;
    const index = lineIndex(path);
    const start = { line: Math.max(0, line - 1), character: 0 };
    out.push([path, {
      range: { start, end: index.positionAt(lineEnd(index, start.line)) },
      severity: DiagnosticSeverity.Warning,
      source: SANDBOX_DIAGNOSTIC_SOURCE,
      code: 'down-not-restored',
      message: `The down migration does not restore the schema:\n${down.differences.map((d) => `- ${d}`).join('\n')}`,
    }]);
  }
  return out;
}

/** From the error's 1-based position to the end of that line (or of the statement's last line when the position is its start). */
function errorDiagnostic(index: LineIndex, line: number, column: number, endLine: number, message: string, sqlstate: string | undefined): Diagnostic {
  const startLine = Math.max(0, line - 1);
  const startOffset = Math.min(index.offsetAt({ line: startLine, character: Math.max(0, column - 1) }), lineEnd(index, startLine));
  const lastLine = Math.max(startLine, endLine - 1);
  const endOffset = column <= 1 ? lineEnd(index, lastLine) : lineEnd(index, startLine);
  return {
    range: { start: index.positionAt(startOffset), end: index.positionAt(Math.max(startOffset, endOffset)) },
    severity: DiagnosticSeverity.Error,
    source: SANDBOX_DIAGNOSTIC_SOURCE,
    ...(sqlstate ? { code: sqlstate } : {}),
    message,
  };
}

function lineEnd(index: LineIndex, line: number): number {
  const clamped = Math.max(0, Math.min(line, index.lineCount - 1));
  return index.lineStart(clamped) + index.lineText(clamped).length;
}

/** For the Markdown of a pull request: paths relative to the project (the folder of safeshift.json). */
function withPathsRelativeTo(report: RunReport, dir: string | undefined): RunReport {
  if (!dir) return report;
  const shown = (path: string) => {
    const rel = relative(dir, path);
    return rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/');
  };
  return { ...report, migrations: report.migrations.map((m) => ({ ...m, path: shown(m.path) })) };
}

/** The migration root to run for Run All: the folder given, or the root of the file given. */
function rootDirectory(path: string, loaded: LoadedSettings): string {
  const absolute = resolve(path);
  if (existsSync(absolute) && statSync(absolute).isDirectory()) return absolute;
  const explicitRoots = loaded.configPath ? explicitRootsFromSettings(loaded.settings.migrations ?? [], toModelPath(dirname(loaded.configPath))) : [];
  const root = findRootForFile(toModelPath(absolute), nodeProjectFs, { explicitRoots });
  return root ? resolve(root.dir) : dirname(absolute);
}

function uriArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg.includes(':') && !/^[a-z]:[\\/]/i.test(arg) ? arg : pathToUri(arg);
  if (arg && typeof arg === 'object') {
    const record = arg as { uri?: unknown; path?: unknown };
    if (typeof record.uri === 'string') return record.uri;
    if (typeof record.path === 'string') return pathToUri(record.path);
  }
  return undefined;
}

function clampPercentage(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.min(100, Math.round(value))) : undefined;
}

const NO_PROGRESS: WorkDoneProgressReporter = {
  begin: () => undefined,
  report: () => undefined,
  done: () => undefined,
};
