/**
 * The Safeshift language server: protocol glue over `server/src/analysis`. It owns documents,
 * settings, scheduling and the mapping to LSP shapes; every finding comes from `lintText`.
 *
 * Diagnostics: pushed (`textDocument/publishDiagnostics`) after open and after each change,
 * debounced; a lint whose document moved on meanwhile is dropped, so a published result always
 * matches the document's current version. Clients that advertise pull diagnostics
 * (`textDocument/diagnostic`) get those instead and are never pushed SQL diagnostics. Problems in
 * `safeshift.json` are always pushed, on the config file's URI, because the client may not have
 * the file open or may not pull for JSON files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultSettings, formatPgVersion, type Settings } from '../analysis/config/settings';
import { LineIndex } from '../analysis/text/lineIndex';
import { forgetConfig, isExcluded, loadConfigFile, readConfigText, type LoadedSettings } from '../node/settingsLoader';
import { fileOperationSupport, quickFixes, wantsQuickFixes, type FileOperationSupport } from './codeActions';
import { EDITOR_CAPABILITIES, EditorFeatures } from './editorFeatures';
import { configProblemToDiagnostic, findingToDiagnostic, rangesTouch, SOURCE } from './convert';
import type { Finding } from '../analysis/rules/types';
import { combineHovers, lockHover } from './hover';
import { SandboxFeature } from './sandbox';
import { LintRunner, type LintOutput } from './linter';
import { ProjectModel } from './project';
import { STATUS_REQUEST, type InitializationOptions, type StatusParams, type StatusResult } from './protocol';
import {
  effectiveSettings,
  emptyEditorSettings,
  isConfigPath,
  parseEditorSettings,
  pathToUri,
  resolveConfig,
  uriToPath,
  type EditorSettings,
} from './settings';

export const DEFAULT_DEBOUNCE_MS = 150;
export const DEFAULT_CONFIGURATION_TIMEOUT_MS = 1000;
/** A single lint that runs longer is stopped and reported on the file. */
export const DEFAULT_LINT_TIMEOUT_MS = 20000;

const SQL_LANGUAGES = new Set(['sql', 'pgsql', 'postgres', 'postgresql', 'plpgsql', 'psql']);
const SQL_EXTENSIONS = /\.(sql|psql|pgsql)$/i;

interface Analysis {
  uri: string;
  version: number;
  /** The settings generation it was computed under; any config change bumps the generation. */
  generation: number;
  loaded: LoadedSettings;
  settings: Settings;
  excluded: boolean;
  /** The linted text's line index, to turn offsets into positions. */
  lineIndex: LineIndex;
  /** Absent when the file is excluded or the lint did not complete. */
  output?: LintOutput;
  diagnostics: Diagnostic[];
  /** The last code action request's findings with their fixes: editors ask again for the same range. */
  fixesAt?: { start: number; end: number; findings: Finding[] };
}

interface ClientFeatures {
  configuration: boolean;
  pullDiagnostics: boolean;
  diagnosticRefresh: boolean;
  documentChanges: boolean;
  /** Quick fixes may create migration files (resource operations) and ask for confirmation (change annotations). */
  fileOperations: FileOperationSupport;
  watchedFilesRegistration: boolean;
  configurationRegistration: boolean;
  workspaceFolders: boolean;
}

function clientFeatures(capabilities: ClientCapabilities): ClientFeatures {
  return {
    configuration: capabilities.workspace?.configuration === true,
    pullDiagnostics: capabilities.textDocument?.diagnostic !== undefined,
    diagnosticRefresh: capabilities.workspace?.diagnostics?.refreshSupport === true,
    documentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true,
    fileOperations: fileOperationSupport(capabilities),
    watchedFilesRegistration: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    configurationRegistration: capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    workspaceFolders: capabilities.workspace?.workspaceFolders === true,
  };
}

function serverVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let features: ClientFeatures = clientFeatures({});
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  let configurationTimeoutMs = DEFAULT_CONFIGURATION_TIMEOUT_MS;
  let lintTimeoutMs = DEFAULT_LINT_TIMEOUT_MS;
  let runner: LintRunner | undefined;
  const project = new ProjectModel();
  let workspaceFolders: string[] = [];
  /** Editor settings for clients that cannot be asked: initializationOptions or didChangeConfiguration's payload. */
  let fallbackEditorSettings: EditorSettings = emptyEditorSettings();
  /** Set once the client let a configuration request time out; cleared when it reports a change. */
  let configurationUnanswered = false;
  let trace: EditorSettings['trace'] = 'off';
  let generation = 0;
  let shuttingDown = false;

  const editorSettingsByUri = new Map<string, Promise<EditorSettings>>();
  const analyses = new Map<string, Analysis>();
  const inflight = new Map<string, { version: number; generation: number; promise: Promise<Analysis | undefined> }>();
  const timers = new Map<string, NodeJS.Timeout>();
  const tickets = new Map<string, number>();
  let nextTicket = 0;
  /** Config files we published diagnostics for, by path, with what we published. */
  const publishedConfigs = new Map<string, string>();
  const editor = new EditorFeatures({
    connection,
    document: (uri) => documents.get(uri),
    isSqlDocument: (document) => isSqlDocument(document) && !isConfigDocument(document),
    settingsFor: (path) => resolveConfig(path, openConfigBuffer),
    diagnosticsOf: (path) => [...analyses.values()].find((a) => uriToPath(a.uri)?.replace(/\\/g, '/') === path)?.diagnostics,
    guard: (where, fallback, handler) => guard(where, fallback, handler),
    logError: (where, error) => logError(where, error),
    // Answered in the lint worker from the schema it replayed: never replayed on this thread.
    askWorker: async (query) => {
      const path = uriToPath(query.uri);
      const loaded = resolveConfig(path, openConfigBuffer);
      const settings = effectiveSettings(loaded, await editorSettings(query.uri));
      const projectRequest = path !== undefined ? project.requestFor(path, loaded) : undefined;
      return lintRunner().query({ ...query, settings, ...(projectRequest ? { project: projectRequest } : {}) });
    },
  });

  const sandbox = new SandboxFeature({
    connection,
    settingsFor: async (uri) => {
      const loaded = resolveConfig(uriToPath(uri), openConfigBuffer);
      return { loaded, settings: effectiveSettings(loaded, await editorSettings(uri)) };
    },
    openTexts: () => documents.all().map((document) => ({ path: uriToPath(document.uri), text: document.getText() })),
    publish: (path) => publishSandboxDiagnostics(path),
    log: (message) => log(message),
    logError: (where, error) => logError(where, error),
  });

  const log = (message: string) => connection.console.log(message);
  const logError = (where: string, error: unknown) => {
    try {
      connection.console.error(`[safeshift] ${where} failed: ${describeError(error)}`);
    } catch {
      // The connection itself is gone; nothing left to tell.
    }
  };

  /** Wraps a handler: an exception becomes a log line and the fallback answer, never a dead server. */
  function guard<P extends unknown[], R>(where: string, fallback: R, handler: (...args: P) => R | Promise<R>): (...args: P) => Promise<R> {
    return async (...args: P) => {
      try {
        return await handler(...args);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        logError(where, error);
        return fallback;
      }
    };
  }

  /** For notification listeners, which must not return a promise that rejects. */
  function guardNotification<P extends unknown[]>(where: string, handler: (...args: P) => void | Promise<void>): (...args: P) => void {
    const guarded = guard(where, undefined, handler);
    return (...args: P) => void guarded(...args);
  }

  const isSqlDocument = (document: TextDocument) => SQL_LANGUAGES.has(document.languageId.toLowerCase()) || SQL_EXTENSIONS.test(document.uri);
  const isConfigDocument = (document: TextDocument) => isConfigPath(uriToPath(document.uri));

  /** Text of an open `safeshift.json` buffer at `path`, if the editor has it open. */
  function openConfigBuffer(path: string): string | undefined {
    for (const document of documents.all()) {
      if (isConfigDocument(document) && uriToPath(document.uri) === path) return document.getText();
    }
    return undefined;
  }

  // ---------------------------------------------------------------- settings

  async function editorSettings(uri: string): Promise<EditorSettings> {
    if (!features.configuration || configurationUnanswered) return fallbackEditorSettings;
    let pending = editorSettingsByUri.get(uri);
    if (!pending) {
      pending = requestEditorSettings(uri);
      editorSettingsByUri.set(uri, pending);
    }
    return pending;
  }

  async function requestEditorSettings(uri: string): Promise<EditorSettings> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), configurationTimeoutMs);
    });
    try {
      const answer = await Promise.race([connection.workspace.getConfiguration({ scopeUri: uri, section: 'safeshift' }), timeout]);
      if (answer === 'timeout') {
        configurationUnanswered = true;
        editorSettingsByUri.delete(uri);
        log(`[safeshift] The client did not answer workspace/configuration within ${configurationTimeoutMs} ms; using the defaults and safeshift.json.`);
        return fallbackEditorSettings;
      }
      const parsed = parseEditorSettings(answer);
      trace = parsed.trace;
      return parsed;
    } catch (error) {
      editorSettingsByUri.delete(uri);
      logError('workspace/configuration', error);
      return fallbackEditorSettings;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Something that settings depend on changed: drop every cached result and re-check open documents. */
  function settingsChanged(reason: string): void {
    generation++;
    analyses.clear();
    project.clear();
    editor.clear();
    if (trace !== 'off') log(`[safeshift] Settings changed (${reason}); re-checking open documents.`);
    republishConfigs();
    if (features.pullDiagnostics) {
      if (features.diagnosticRefresh) connection.languages.diagnostics.refresh().catch((error) => logError('workspace/diagnostic/refresh', error));
    } else {
      for (const document of documents.all()) if (isSqlDocument(document) && !isConfigDocument(document)) schedule(document.uri, debounceMs);
    }
  }

  // ---------------------------------------------------------------- config file diagnostics

  function publishConfig(loaded: LoadedSettings): void {
    const path = loaded.configPath;
    if (!path) return;
    const lineIndex = new LineIndex(loaded.configText ?? '');
    const diagnostics = loaded.problems.map((problem) => configProblemToDiagnostic(lineIndex, problem));
    const signature = JSON.stringify(diagnostics);
    if (publishedConfigs.get(path) === signature) return;
    publishedConfigs.set(path, signature);
    void connection.sendDiagnostics({ uri: configUri(path), diagnostics });
  }

  function configUri(path: string): string {
    const open = documents.all().find((document) => uriToPath(document.uri) === path);
    return open?.uri ?? pathToUri(path);
  }

  function loadConfigAt(path: string): LoadedSettings {
    const buffer = openConfigBuffer(path);
    return buffer !== undefined ? readConfigText(path, buffer) : loadConfigFile(path);
  }

  function republishConfigs(): void {
    for (const path of [...publishedConfigs.keys()]) {
      if (!existsSync(path) && openConfigBuffer(path) === undefined) {
        // Deleted: clear what we said about it and forget it.
        publishedConfigs.delete(path);
        void connection.sendDiagnostics({ uri: configUri(path), diagnostics: [] });
        continue;
      }
      publishConfig(loadConfigAt(path));
    }
  }

  // ---------------------------------------------------------------- analysis

  /**
   * Lints the document's current text; cached per version and settings generation, and shared by
   * concurrent callers. Resolves undefined when the document closed or a newer version replaced
   * this lint; the result may be for a version that is no longer current, so callers compare.
   */
  async function analyse(uri: string): Promise<Analysis | undefined> {
    const document = documents.get(uri);
    if (!document) return undefined;
    const cached = analyses.get(uri);
    if (cached && cached.version === document.version && cached.generation === generation) return cached;
    const running = inflight.get(uri);
    if (running && running.version === document.version && running.generation === generation) return running.promise;
    const entry = { version: document.version, generation, promise: runAnalysis(uri, document.version, generation) };
    inflight.set(uri, entry);
    try {
      return await entry.promise;
    } finally {
      if (inflight.get(uri) === entry) inflight.delete(uri);
    }
  }

  /** Like analyse, but for the version current when it settles (retrying when edits overtake it). */
  async function analyseCurrent(uri: string): Promise<Analysis | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const analysis = await analyse(uri);
      const document = documents.get(uri);
      if (!document) return undefined;
      if (analysis && analysis.version === document.version) return analysis;
    }
    return undefined;
  }

  async function runAnalysis(uri: string, version: number, startedGeneration: number): Promise<Analysis | undefined> {
    const editor = await editorSettings(uri);
    const document = documents.get(uri);
    // Overtaken while we waited for the editor's settings: the newer version gets its own run.
    if (!document || document.version !== version || startedGeneration !== generation) return undefined;
    const text = document.getText();
    const started = Date.now();
    const path = uriToPath(uri);
    const loaded = resolveConfig(path, openConfigBuffer);
    publishConfig(loaded);
    const settings = effectiveSettings(loaded, editor);
    const excluded = path !== undefined && isExcluded(path, loaded);
    const lineIndex = new LineIndex(text);
    const analysis: Analysis = { uri, version, generation: startedGeneration, loaded, settings, excluded, lineIndex, diagnostics: [] };
    if (!excluded) {
      // The lint worker looks the project up and replays its schema, off the protocol thread.
      const projectRequest = path !== undefined ? project.requestFor(path, loaded) : undefined;
      const outcome = await lintRunner().lint(uri, text, settings, undefined, projectRequest);
      if (outcome.kind === 'superseded') return undefined;
      if (outcome.kind === 'done') {
        analysis.output = outcome.output;
        analysis.diagnostics = outcome.output.findings.map((finding) => findingToDiagnostic(lineIndex, finding));
      } else {
        if (outcome.kind === 'failed') logError(`checking ${uri}`, outcome.error);
        analysis.diagnostics = [analysisProblem(text, lineIndex, outcome.kind === 'timeout'
          ? `Safeshift stopped analysing this file after ${Math.round(outcome.ms / 1000)} s. Split the migration, or exclude it in safeshift.json.`
          : `Safeshift could not analyse this file: ${outcome.error.split('\n')[0]}`)];
      }
    }
    if (trace === 'verbose') log(`[safeshift] Checked ${uri} v${version} in ${Date.now() - started} ms: ${analysis.diagnostics.length} finding(s).`);
    if (startedGeneration === generation) analyses.set(uri, analysis);
    return analysis;
  }

  function analysisProblem(text: string, lineIndex: LineIndex, message: string): Diagnostic {
    const firstLineEnd = text.search(/\r|\n/);
    return {
      range: { start: { line: 0, character: 0 }, end: lineIndex.positionAt(firstLineEnd < 0 ? text.length : firstLineEnd) },
      severity: DiagnosticSeverity.Warning,
      code: 'analysis-incomplete',
      source: SOURCE,
      message,
    };
  }

  function lintRunner(): LintRunner {
    runner ??= new LintRunner({
      timeoutMs: lintTimeoutMs,
      // Restarting the worker costs a parser load and its cached parses: only worth it for long runs.
      abandonAfterMs: 2000,
      inline: process.env.SAFESHIFT_LINT_INLINE === '1',
      log,
    });
    return runner;
  }

  // ---------------------------------------------------------------- push diagnostics

  function schedule(uri: string, delay: number): void {
    if (features.pullDiagnostics || shuttingDown) return;
    clearTimeout(timers.get(uri));
    const ticket = ++nextTicket;
    tickets.set(uri, ticket);
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void pushDiagnostics(uri, ticket);
      }, delay),
    );
  }

  const pushDiagnostics = guard('publishing diagnostics', undefined, async (uri: string, ticket: number) => {
    const analysis = await analyse(uri);
    // Superseded by a newer change or a close while we waited: the newer run publishes.
    if (!analysis || tickets.get(uri) !== ticket) return;
    const current = documents.get(uri);
    if (!current || current.version !== analysis.version) return;
    tickets.delete(uri);
    await connection.sendDiagnostics({ uri, version: analysis.version, diagnostics: [...analysis.diagnostics, ...sandbox.diagnosticsFor(uriToPath(uri))] });
    editor.migrationsChanged();
  });

  /** Sandbox diagnostics go out with the lint diagnostics of an open SQL file (push), else on their own. */
  function publishSandboxDiagnostics(path: string): void {
    const document = documents.all().find((d) => uriToPath(d.uri) === path);
    if (document && !features.pullDiagnostics && isSqlDocument(document) && !isConfigDocument(document)) {
      schedule(document.uri, 0);
      return;
    }
    void connection.sendDiagnostics({ uri: document?.uri ?? pathToUri(path), diagnostics: sandbox.diagnosticsFor(path) });
  }

  function cancel(uri: string): void {
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    tickets.delete(uri);
  }

  // ---------------------------------------------------------------- lifecycle

  connection.onInitialize(
    guard('initialize', { capabilities: {} } as InitializeResult, async (params: InitializeParams): Promise<InitializeResult> => {
      features = clientFeatures(params.capabilities ?? {});
      sandbox.initialize(params.capabilities ?? {});
      workspaceFolders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined);
      const rootPath = params.rootUri ? uriToPath(params.rootUri) : undefined;
      if (workspaceFolders.length === 0 && rootPath) workspaceFolders = [rootPath];
      project.setWorkspaceFolders(workspaceFolders);
      editor.setWorkspaceFolders(workspaceFolders);
      const options = (params.initializationOptions ?? {}) as InitializationOptions;
      if (typeof options.debounceMs === 'number' && options.debounceMs >= 0) debounceMs = options.debounceMs;
      if (typeof options.configurationTimeoutMs === 'number' && options.configurationTimeoutMs > 0) configurationTimeoutMs = options.configurationTimeoutMs;
      if (typeof options.lintTimeoutMs === 'number' && options.lintTimeoutMs > 0) lintTimeoutMs = options.lintTimeoutMs;
      if (options.settings !== undefined) fallbackEditorSettings = parseEditorSettings(options.settings);
      editor.notifyChanges = options.migrationsView === true;
      // Start the lint worker (and its parser) now, so the first document does not wait for it.
      void lintRunner().lint('', '', defaultSettings());
      const result: InitializeResult = {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
          hoverProvider: true,
          ...SandboxFeature.capabilities,
          ...EDITOR_CAPABILITIES,
          ...(features.workspaceFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
        },
        serverInfo: { name: 'safeshift', version: serverVersion() },
      };
      if (features.pullDiagnostics) {
        result.capabilities.diagnosticProvider = { identifier: 'safeshift', interFileDependencies: false, workspaceDiagnostics: false };
      }
      return result;
    }),
  );

  connection.onInitialized(
    guardNotification('initialized', async () => {
      if (features.workspaceFolders) {
        // Folders bound the search for a migration tool's markers.
        connection.workspace.onDidChangeWorkspaceFolders(
          guardNotification('workspace/didChangeWorkspaceFolders', (event) => {
            const removed = new Set(event.removed.map((f) => uriToPath(f.uri)));
            const added = event.added.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined);
            workspaceFolders = [...workspaceFolders.filter((f) => !removed.has(f)), ...added];
            project.setWorkspaceFolders(workspaceFolders);
            editor.setWorkspaceFolders(workspaceFolders);
            settingsChanged('workspace folders changed');
          }),
        );
      }
      if (features.configurationRegistration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: 'safeshift' });
      }
      if (features.watchedFilesRegistration) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/safeshift.json' }] });
      }
    }),
  );

  connection.onShutdown(
    guard('shutdown', undefined, async () => {
      shuttingDown = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      tickets.clear();
      runner?.dispose();
      runner = undefined;
      await sandbox.dispose();
      editor.dispose();
    }),
  );

  // ---------------------------------------------------------------- documents

  const justOpened = new Set<string>();

  documents.onDidOpen(
    guardNotification('textDocument/didOpen', (event) => {
      justOpened.add(event.document.uri);
    }),
  );

  documents.onDidChangeContent(
    guardNotification('document change', (event) => {
      const { document } = event;
      const opened = justOpened.delete(document.uri);
      if (isConfigDocument(document)) {
        // The buffer is the config now; its problems and the documents under it follow it.
        const path = uriToPath(document.uri)!;
        publishConfig(loadConfigAt(path));
        if (!opened || openConfigBuffer(path) !== readDisk(path)) settingsChanged('safeshift.json edited');
        return;
      }
      if (!isSqlDocument(document)) return;
      schedule(document.uri, opened ? 0 : debounceMs);
    }),
  );

  documents.onDidClose(
    guardNotification('textDocument/didClose', (event) => {
      const { uri } = event.document;
      justOpened.delete(uri);
      cancel(uri);
      analyses.delete(uri);
      runner?.forget(uri);
      editor.forget(uri);
      const closedPath = uriToPath(uri);
      if (closedPath) project.forget(closedPath);
      editorSettingsByUri.delete(uri);
      if (isConfigDocument(event.document)) {
        // Back to the file on disk.
        settingsChanged('safeshift.json closed');
        return;
      }
      if (!features.pullDiagnostics && isSqlDocument(event.document)) void connection.sendDiagnostics({ uri, diagnostics: sandbox.diagnosticsFor(closedPath) });
    }),
  );

  function readDisk(path: string): string | undefined {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  }

  // ---------------------------------------------------------------- workspace

  connection.onDidChangeConfiguration(
    guardNotification('workspace/didChangeConfiguration', (params) => {
      const settings = (params?.settings ?? {}) as Record<string, unknown>;
      if (settings && typeof settings === 'object' && 'safeshift' in settings) fallbackEditorSettings = parseEditorSettings(settings.safeshift);
      configurationUnanswered = false;
      editorSettingsByUri.clear();
      settingsChanged('editor settings');
    }),
  );

  connection.onDidChangeWatchedFiles(
    guardNotification('workspace/didChangeWatchedFiles', (params) => {
      let relevant = false;
      for (const change of params.changes) {
        const path = uriToPath(change.uri);
        if (path === undefined) continue;
        // Any file event may change a migration project (a new migration, a tool config file).
        relevant = true;
        if (!isConfigPath(path)) continue;
        forgetConfig(path!);
        if (change.type === FileChangeType.Deleted && openConfigBuffer(path!) === undefined && publishedConfigs.has(path!)) {
          publishedConfigs.delete(path!);
          void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
        }
      }
      if (relevant) settingsChanged('files changed on disk');
    }),
  );

  // ---------------------------------------------------------------- requests

  connection.languages.diagnostics.on(
    guard('textDocument/diagnostic', { kind: 'full', items: [] } as DocumentDiagnosticReport, async (params, token): Promise<DocumentDiagnosticReport> => {
      const document = documents.get(params.textDocument.uri);
      if (!document || isConfigDocument(document) || !isSqlDocument(document)) return { kind: 'full', items: [] };
      const requested = document.version;
      const analysis = await analyse(document.uri);
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      // The answer must be for the version the client asked about; if it moved on, ask it to pull again.
      if (!analysis || analysis.version !== requested || documents.get(document.uri)?.version !== requested) {
        throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed while it was being checked.', { retriggerRequest: true });
      }
      const resultId = `${analysis.version}:${analysis.generation}`;
      if (params.previousResultId === resultId) return { kind: 'unchanged', resultId };
      return { kind: 'full', resultId, items: analysis.diagnostics };
    }),
  );

  connection.onCodeAction(
    guard('textDocument/codeAction', [], async (params) => {
      if (!wantsQuickFixes(params.context.only)) return [];
      // Diagnostics carry no fixes: the worker lints the version they came from again, with the
      // fixes of the findings in the range. A version that moved on meanwhile is asked again.
      for (let attempt = 0; attempt < 3; attempt++) {
        const analysis = await analyseCurrent(params.textDocument.uri);
        const document = documents.get(params.textDocument.uri);
        if (!analysis?.output || !document || document.version !== analysis.version) return [];
        const requested = { start: analysis.lineIndex.offsetAt(params.range.start), end: analysis.lineIndex.offsetAt(params.range.end) };
        // No finding there (most cursor moves): nothing to fix, no lint.
        if (!analysis.output.findings.some((finding) => rangesTouch(finding.range, requested))) return [];
        let findings = analysis.fixesAt?.start === requested.start && analysis.fixesAt.end === requested.end ? analysis.fixesAt.findings : undefined;
        if (!findings) {
          const path = uriToPath(analysis.uri);
          const projectRequest = path !== undefined ? project.requestFor(path, analysis.loaded) : undefined;
          findings = await lintRunner().fixes(analysis.uri, document.getText(), analysis.settings, requested, projectRequest);
          if (documents.get(analysis.uri)?.version !== analysis.version || analysis.generation !== generation) continue;
          if (!findings) return [];
          analysis.fixesAt = { ...requested, findings };
        }
        return quickFixes({ uri: analysis.uri, version: analysis.version, findings, lineIndex: analysis.lineIndex, params, documentChanges: features.documentChanges, fileOperations: features.fileOperations });
      }
      return [];
    }),
  );

  connection.onHover(
    guard('textDocument/hover', null, async (params) => {
      // The schema part must not be lost when the lock part fails, nor the other way round.
      const schemaPart = editor.hover(params).catch((error: unknown) => {
        logError('textDocument/hover (schema)', error);
        return null;
      });
      const analysis = await analyseCurrent(params.textDocument.uri);
      const locks = analysis?.output ? lockHover(analysis.output.statements, analysis.lineIndex, analysis.lineIndex.offsetAt(params.position)) : null;
      return combineHovers(await schemaPart, locks);
    }),
  );

  connection.onRequest(
    STATUS_REQUEST,
    guard('safeshift/status', { postgresVersion: '', configPath: null, findings: 0 } as StatusResult, async (params: StatusParams): Promise<StatusResult> => {
      const uri = typeof params?.uri === 'string' ? params.uri : '';
      const analysis = documents.get(uri) ? await analyseCurrent(uri) : undefined;
      if (analysis) {
        const schema = analysis.output?.schema;
        return {
          postgresVersion: formatPgVersion(analysis.settings.postgresVersion),
          configPath: analysis.loaded.configPath ?? null,
          findings: analysis.diagnostics.length,
          ...(schema ? { schema, editorReplayedMigrations: editor.project.replayedMigrations } : {}),
        };
      }
      const loaded = resolveConfig(uriToPath(uri), openConfigBuffer);
      const settings = effectiveSettings(loaded, await editorSettings(uri));
      return { postgresVersion: formatPgVersion(settings.postgresVersion), configPath: loaded.configPath ?? null, findings: 0 };
    }),
  );

  editor.register();
  sandbox.register();
  documents.listen(connection);
  connection.listen();
}

/** Last line of defence: an exception that escapes every guard is logged, and the server lives on. */
export function installProcessGuards(connection: Connection): void {
  const report = (kind: string) => (error: unknown) => {
    try {
      connection.console.error(`[safeshift] ${kind}: ${describeError(error)}`);
    } catch {
      process.stderr.write(`[safeshift] ${kind}: ${describeError(error)}\n`);
    }
  };
  process.on('uncaughtException', report('uncaught exception'));
  process.on('unhandledRejection', report('unhandled rejection'));
}
