/**
 * The VS Code side of Safeshift: starts the language server (dist/server.js) and adds what only
 * VS Code has: the output channel, the commands, and the language status item. No analysis
 * happens here; everything the editor shows comes from the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  vsdiag,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type Message,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { STATUS_REQUEST, type StatusParams, type StatusResult } from '../../server/src/lsp/protocol';
import { MigrationsView } from './migrationsView';
import { SandboxController } from './sandbox';

/** What `activate()` returns; end-to-end tests use it to wait for the server. */
export interface SafeshiftApi {
  /** Settles when the server is running (rejects when it failed to start). Follows restarts. */
  readonly ready: Promise<void>;
  readonly client: LanguageClient;
}

const CLIENT_ID = 'safeshift';
const CLIENT_NAME = 'Safeshift';
/** Crashes tolerated within RESTART_WINDOW_MS before the client gives up restarting. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;
const STATUS_DEBOUNCE_MS = 250;

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): SafeshiftApi {
  const log = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  context.subscriptions.push(log);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', `--inspect=${process.env.SAFESHIFT_INSPECT_PORT ?? '6019'}`] },
    },
  };

  const crashes = new CrashTracker(log);
  const sandbox = new SandboxController(log);
  context.subscriptions.push(sandbox);
  const migrations = new MigrationsView(log);
  context.subscriptions.push(migrations);
  const configWatcher = vscode.workspace.createFileSystemWatcher('**/safeshift.json');
  context.subscriptions.push(configWatcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'sql' },
      { scheme: 'untitled', language: 'sql' },
      { scheme: 'file', pattern: '**/safeshift.json' },
    ],
    synchronize: {
      configurationSection: 'safeshift',
      fileEvents: configWatcher,
    },
    outputChannel: log,
    traceOutputChannel: log,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: crashes,
    middleware: { ...enableMiddleware(), ...sandbox.middleware },
    // The server then announces changes that the Migrations view should show.
    initializationOptions: { migrationsView: true },
  };

  const languageClient = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  client = languageClient;
  sandbox.attach(languageClient);
  migrations.attach(languageClient);

  const status = new StatusItem(languageClient, log);
  context.subscriptions.push(
    status,
    languageClient.onDidChangeState(({ newState }) => {
      if (newState === State.Running && crashes.restarting) {
        crashes.restarting = false;
        log.info('The server is running again.');
      }
    }),
  );

  let ready = start(languageClient, log);
  // Mark the promise handled so a failed start is logged once, not also as an unhandled rejection;
  // callers awaiting `ready` still see the failure.
  ready.catch(() => undefined);
  /** Restarts one at a time: each waits for the previous start or restart to settle. */
  const queueRestart = (reason: string): Promise<void> => {
    log.info(reason);
    ready = ready.catch(() => undefined).then(() => restart(languageClient, log));
    ready.catch(() => undefined);
    return ready;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('safeshift.showOutput', () => log.show(true)),
    vscode.commands.registerCommand('safeshift.migrations.refresh', () => migrations.refresh()),
    // The other sandbox commands are the server's (workspace/executeCommand); this one is only UI.
    vscode.commands.registerCommand('safeshift.sandbox.chooseEngine', () => sandbox.chooseEngine()),
    vscode.commands.registerCommand('safeshift.restartServer', async () => {
      crashes.reset();
      await queueRestart('Restarting the server (command).').catch(() => undefined);
    }),
  );

  return {
    get ready() {
      return ready;
    },
    client: languageClient,
  };
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (running && running.needsStop()) await running.stop();
}

async function start(languageClient: LanguageClient, log: vscode.LogOutputChannel): Promise<void> {
  try {
    await languageClient.start();
    const info = languageClient.initializeResult?.serverInfo;
    log.info(`Server started${info ? `: ${info.name}${info.version ? ` ${info.version}` : ''}` : ''}.`);
  } catch (error) {
    log.error(`The server failed to start: ${describe(error)}`);
    throw error;
  }
}

async function restart(languageClient: LanguageClient, log: vscode.LogOutputChannel): Promise<void> {
  if (languageClient.needsStop()) {
    try {
      await languageClient.stop(2000);
    } catch (error) {
      log.warn(`Stopping the server failed: ${describe(error)}`);
    }
  }
  return start(languageClient, log);
}

/**
 * Restarts the server when it dies, logging each crash, and gives up (with one message) when it
 * crashes more than MAX_RESTARTS times within RESTART_WINDOW_MS, so a server that dies on start
 * does not loop forever.
 */
class CrashTracker implements ErrorHandler {
  /** Set while the client restarts the server after a crash. */
  restarting = false;
  private crashes: number[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {}

  reset(): void {
    this.crashes = [];
  }

  error(error: Error, message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    this.log.error(`Connection error${message ? ` (${summarize(message)})` : ''}: ${describe(error)}`);
    // Three errors in a row on a connection mean it is unusable; let the close handler decide.
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes = [...this.crashes.filter((time) => now - time < RESTART_WINDOW_MS), now];
    if (this.crashes.length > MAX_RESTARTS) {
      const message = `The Safeshift server stopped ${this.crashes.length} times in the last 3 minutes and will not be restarted. Run "Safeshift: Restart Server" after fixing the cause; the "Safeshift" output has the details.`;
      this.log.error(message);
      void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
        if (choice) this.log.show(true);
      });
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.log.warn(`The server stopped unexpectedly; restarting it (${this.crashes.length} of ${MAX_RESTARTS} within 3 minutes).`);
    this.restarting = true;
    return { action: CloseAction.Restart, handled: true };
  }
}

function isEnabled(uri: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration('safeshift', uri).get<boolean>('enable', true);
}

/**
 * Hides what the server says about documents whose folder has `safeshift.enable` off. A change
 * of the setting reaches the server as workspace/didChangeConfiguration (section "safeshift"),
 * on which it re-checks open documents (push) or asks for a diagnostics refresh (pull), so the
 * findings go and come back without a restart.
 */
function enableMiddleware(): LanguageClientOptions['middleware'] {
  return {
    handleDiagnostics(uri, diagnostics, next) {
      next(uri, isEnabled(uri) ? diagnostics : []);
    },
    provideDiagnostics(document, previousResultId, token, next) {
      const uri = document instanceof vscode.Uri ? document : document.uri;
      if (!isEnabled(uri)) return { kind: vsdiag.DocumentDiagnosticReportKind.full, items: [] };
      return next(document, previousResultId, token);
    },
    provideCodeActions(document, range, context, token, next) {
      return isEnabled(document.uri) ? next(document, range, context, token) : [];
    },
    provideHover(document, position, token, next) {
      return isEnabled(document.uri) ? next(document, position, token) : undefined;
    },
    provideCodeLenses(document, token, next) {
      return isEnabled(document.uri) ? next(document, token) : [];
    },
    provideCompletionItem(document, position, context, token, next) {
      return isEnabled(document.uri) ? next(document, position, context, token) : [];
    },
  };
}

/**
 * The `{}` item in the status bar for SQL files: the server's state and the PostgreSQL version
 * the active file is checked against, with the config file and the number of findings as detail.
 */
class StatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor(
    private readonly languageClient: LanguageClient,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.item = vscode.languages.createLanguageStatusItem('safeshift.status', [
      { language: 'sql' },
      { pattern: '**/safeshift.json' },
    ]);
    this.item.name = CLIENT_NAME;
    this.item.command = { title: 'Show Output', command: 'safeshift.showOutput' };
    this.showState(languageClient.state);
    this.disposables.push(
      this.item,
      languageClient.onDidChangeState((event) => {
        this.showState(event.newState);
        if (event.newState === State.Running) this.schedule(0);
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document.uri.toString() === this.activeUri()?.toString() || path.basename(document.uri.path) === 'safeshift.json') this.schedule();
      }),
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = this.activeUri()?.toString();
        if (active && event.uris.some((uri) => uri.toString() === active)) this.schedule();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('safeshift')) this.schedule();
      }),
    );
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  private activeUri(): vscode.Uri | undefined {
    return vscode.window.activeTextEditor?.document.uri;
  }

  private showState(state: State): void {
    this.item.busy = state === State.Starting;
    if (state === State.Running) {
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      this.item.text = 'Safeshift';
      this.item.detail = 'running';
    } else if (state === State.Starting) {
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      this.item.text = 'Safeshift';
      this.item.detail = 'starting';
    } else {
      this.item.severity = vscode.LanguageStatusSeverity.Error;
      this.item.text = 'Safeshift: stopped';
      this.item.detail = state === State.StartFailed ? 'the server failed to start; see the output' : 'the server is not running';
    }
  }

  private schedule(delay = STATUS_DEBOUNCE_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  private async refresh(): Promise<void> {
    const generation = ++this.generation;
    const uri = this.activeUri();
    if (!uri || this.languageClient.state !== State.Running) return;
    if (!isEnabled(uri)) {
      this.item.text = 'Safeshift: off';
      this.item.detail = 'safeshift.enable is off for this folder';
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      return;
    }
    try {
      const result = await this.languageClient.sendRequest<StatusResult | null>(STATUS_REQUEST, { uri: uri.toString() } satisfies StatusParams);
      if (generation !== this.generation || this.languageClient.state !== State.Running) return;
      if (!result || !result.postgresVersion) {
        // No answer for this document (the server's guard returns an empty result on failure).
        this.showState(State.Running);
        return;
      }
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      this.item.text = `PostgreSQL ${result.postgresVersion}`;
      const config = result.configPath ? vscode.workspace.asRelativePath(vscode.Uri.file(result.configPath)) : 'no safeshift.json';
      const findings = `${result.findings} finding${result.findings === 1 ? '' : 's'}`;
      this.item.detail = `Safeshift · ${config} · ${findings}`;
    } catch (error) {
      if (generation !== this.generation) return;
      // An older server without the request, or one that is restarting: keep the state text.
      this.log.debug(`${STATUS_REQUEST} failed: ${describe(error)}`);
      this.showState(this.languageClient.state);
    }
  }
}

function summarize(message: Message): string {
  const record = message as { method?: string; id?: unknown };
  return record.method ?? (record.id !== undefined ? `response ${String(record.id)}` : 'message');
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
