/**
 * The sandbox in VS Code: the server's `safeshift.sandbox.*` commands (palette, code lens) run
 * with a cancellable progress notification, their JSON report opens in the report view, and a
 * language status item shows the engine and its state. Everything runs on the server through
 * `workspace/executeCommand`; this file only adds the UI around it.
 *
 * The language client registers a VS Code command for each command the server advertises; the
 * `executeCommand` middleware routes the sandbox ones here instead of sending them bare, so the
 * palette, code lenses and other extensions calling `vscode.commands.executeCommand` all get the
 * same progress, cancel and report.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LSPErrorCodes,
  ResponseError,
  State,
  WorkDoneProgress,
  type LanguageClient,
  type Middleware,
  type WorkDoneProgressBegin,
  type WorkDoneProgressReport,
} from 'vscode-languageclient/node';
import {
  CHOOSE_ENGINE_COMMAND,
  SANDBOX_COMMANDS,
  SERVER_SANDBOX_COMMANDS,
  type SandboxCommandResult,
  type SandboxResetResult,
} from '../../server/src/lsp/sandboxProtocol';
import { SandboxReportPanel } from './sandboxReport';

export type SandboxState = 'idle' | 'starting' | 'running' | 'failed';

const ENGINES = [
  { label: 'embedded', description: 'PGlite in-process (default)', detail: 'Nothing to install. Blocking is derived from the lock conflict table.' },
  { label: 'container', description: 'docker or podman', detail: 'A throwaway postgres container, reused between runs. Blocking is measured with a second connection.' },
  { label: 'url', description: 'an existing server', detail: 'A scratch database on safeshift.sandbox.url or $SAFESHIFT_DATABASE_URL, dropped afterwards. Blocking is measured.' },
] as const;

const TITLES: Record<string, string> = {
  [SANDBOX_COMMANDS.run]: 'Running the migration in the sandbox',
  [SANDBOX_COMMANDS.checkDown]: 'Checking the down migration in the sandbox',
  [SANDBOX_COMMANDS.runAll]: 'Running all migrations in the sandbox',
};

const RESTRICTED_MESSAGE =
  'Safeshift sandbox commands are disabled in Restricted Mode: they run this workspace\'s migrations against a database. Trust the workspace to use them.';

export class SandboxController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly status: vscode.LanguageStatusItem;
  private readonly disposables: vscode.Disposable[] = [];
  private state: SandboxState = 'idle';
  private stateDetail = '';
  private readonly panel: SandboxReportPanel;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.panel = new SandboxReportPanel(log);
    this.status = vscode.languages.createLanguageStatusItem('safeshift.sandbox', [{ language: 'sql' }]);
    this.status.name = 'Safeshift sandbox';
    this.status.command = { title: 'Choose Engine', command: CHOOSE_ENGINE_COMMAND };
    this.showState();
    this.disposables.push(
      this.status,
      this.panel,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('safeshift.sandbox')) this.showState();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.showState()),
    );
  }

  attach(client: LanguageClient): void {
    this.client = client;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** Client middleware: sandbox commands get the UI; others go to the server as they are. */
  readonly middleware: Pick<Middleware, 'executeCommand'> = {
    executeCommand: (command, args, next) => {
      if (!SERVER_SANDBOX_COMMANDS.includes(command)) return next(command, args);
      return this.execute(command, args);
    },
  };

  private async execute(command: string, args: unknown[]): Promise<unknown> {
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showWarningMessage(RESTRICTED_MESSAGE, 'Manage Workspace Trust');
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
      return undefined;
    }
    const client = this.client;
    if (!client || client.state !== State.Running) {
      void vscode.window.showErrorMessage('The Safeshift server is not running; run "Safeshift: Restart Server" and try again.');
      return undefined;
    }
    if (command === SANDBOX_COMMANDS.reset) return this.reset(client);
    const target = await this.target(command, args);
    if (!target) return undefined;
    return this.run(client, command, target);
  }

  /** The file (or, for Run All, the folder) to run: the argument, else the active editor's file. */
  private async target(command: string, args: unknown[]): Promise<vscode.Uri | undefined> {
    const given = uriArgument(args[0]);
    if (given) return given;
    const document = vscode.window.activeTextEditor?.document;
    if (command === SANDBOX_COMMANDS.runAll) {
      const folder = document ? vscode.workspace.getWorkspaceFolder(document.uri) : vscode.workspace.workspaceFolders?.[0];
      const uri = document?.uri.scheme === 'file' ? document.uri : folder?.uri;
      if (!uri) void vscode.window.showErrorMessage('Open a migration file or a folder of migrations to run them all in the sandbox.');
      return uri;
    }
    if (!document || document.languageId !== 'sql' || document.uri.scheme !== 'file') {
      void vscode.window.showErrorMessage('Open a SQL migration file to run it in the sandbox.');
      return undefined;
    }
    // The server reads earlier migrations from disk and this one from the editor; saving first
    // would be an edit the user did not ask for, so unsaved text is run as it is.
    return document.uri;
  }

  private async run(client: LanguageClient, command: string, target: vscode.Uri): Promise<SandboxCommandResult | undefined> {
    const name = target.path.split('/').pop() ?? target.toString();
    this.setState('starting', `starting for ${name}`);
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Safeshift: ${TITLES[command] ?? command} (${name})`, cancellable: true },
        (progress, token) => this.request<SandboxCommandResult>(client, command, target, progress, token),
      );
      const failed = result.migrations.filter((m) => !m.ok);
      this.setState(failed.length ? 'failed' : 'idle', failed.length ? `${failed.length} migration(s) failed` : `last run: ${name}`);
      this.panel.show(result, `Sandbox: ${name}`);
      if (failed.length) {
        const first = failed[0]!;
        const statement = first.statements.find((s) => s.error);
        const where = statement?.error ? ` at line ${statement.error.line ?? statement.line}: ${statement.error.message}` : '';
        void vscode.window.showErrorMessage(`Safeshift sandbox: ${first.path} failed${where}`);
      }
      return result;
    } catch (error) {
      if (isCancellation(error)) {
        this.setState('idle', 'cancelled');
        void vscode.window.showInformationMessage('Safeshift sandbox: the run was cancelled.');
        return undefined;
      }
      this.setState('failed', describe(error));
      this.log.error(`${command} failed: ${describe(error)}`);
      void vscode.window.showErrorMessage(`Safeshift sandbox: ${describe(error)}`, 'Choose Engine', 'Show Output').then((choice) => {
        if (choice === 'Choose Engine') void vscode.commands.executeCommand(CHOOSE_ENGINE_COMMAND);
        else if (choice === 'Show Output') this.log.show(true);
      });
      return undefined;
    }
  }

  /** Sends the command with a work-done token of ours, and shows its `$/progress` in the notification. */
  private async request<R>(
    client: LanguageClient,
    command: string,
    target: vscode.Uri,
    progress: vscode.Progress<{ message?: string; increment?: number }>,
    token: vscode.CancellationToken,
  ): Promise<R> {
    const workDoneToken = randomUUID();
    let lastPercentage = 0;
    const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
      if (value.kind === 'end') return;
      const report = value as WorkDoneProgressBegin | WorkDoneProgressReport;
      if (report.message && this.state !== 'failed') this.setState(/^starting/i.test(report.message) ? 'starting' : 'running', report.message);
      const increment = typeof report.percentage === 'number' ? Math.max(0, report.percentage - lastPercentage) : undefined;
      if (typeof report.percentage === 'number') lastPercentage = Math.max(lastPercentage, report.percentage);
      progress.report({ message: report.message, increment });
    });
    try {
      return (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [{ uri: target.toString() }], workDoneToken }, token)) as R;
    } finally {
      listener.dispose();
    }
  }

  private async reset(client: LanguageClient): Promise<SandboxResetResult | undefined> {
    try {
      const result = (await client.sendRequest(ExecuteCommandRequest.type, { command: SANDBOX_COMMANDS.reset, arguments: [] })) as SandboxResetResult;
      this.setState('idle', 'reset');
      void vscode.window.showInformationMessage('Safeshift sandbox reset: cached baselines dropped and sandbox diagnostics cleared.');
      return result;
    } catch (error) {
      this.setState('failed', describe(error));
      void vscode.window.showErrorMessage(`Safeshift sandbox: reset failed: ${describe(error)}`);
      return undefined;
    }
  }

  /** Choose Sandbox Engine: a quick pick that writes `safeshift.sandbox.engine`. */
  async chooseEngine(): Promise<string | undefined> {
    const current = engineSetting();
    const picked = await vscode.window.showQuickPick(
      ENGINES.map((engine) => ({ ...engine, picked: engine.label === current, description: `${engine.description}${engine.label === current ? ' · current' : ''}` })),
      { title: 'Safeshift: Choose Sandbox Engine', placeHolder: `Where migrations run (now: ${current})` },
    );
    if (!picked) return undefined;
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('safeshift').update('sandbox.engine', picked.label, target);
    if (picked.label === 'url' && !vscode.workspace.getConfiguration('safeshift').get<string>('sandbox.url') && !process.env.SAFESHIFT_DATABASE_URL) {
      const choice = await vscode.window.showInformationMessage(
        'The url engine needs a server: set safeshift.sandbox.url (or SAFESHIFT_DATABASE_URL). Safeshift creates a scratch database there and drops it afterwards.',
        'Open Settings',
      );
      if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'safeshift.sandbox.url');
    }
    this.showState();
    return picked.label;
  }

  private setState(state: SandboxState, detail: string): void {
    this.state = state;
    this.stateDetail = detail;
    this.showState();
  }

  private showState(): void {
    const engine = engineSetting();
    this.status.text = `Sandbox: ${engine}`;
    this.status.busy = this.state === 'starting' || this.state === 'running';
    this.status.severity = this.state === 'failed' ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    const trust = vscode.workspace.isTrusted ? '' : ' · disabled in Restricted Mode';
    this.status.detail = `${this.state}${this.stateDetail ? ` (${this.stateDetail})` : ''}${trust}`;
  }
}

function engineSetting(): string {
  return vscode.workspace.getConfiguration('safeshift').get<string>('sandbox.engine') || 'embedded';
}

/** A URI from a command argument: `{ uri }` (our code lens), a vscode.Uri (explorer menus), or a string. */
function uriArgument(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const value = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && typeof (arg as { uri?: unknown }).uri === 'string' ? (arg as { uri: string }).uri : undefined;
  if (!value) return undefined;
  try {
    return vscode.Uri.parse(value, true);
  } catch {
    return undefined;
  }
}

function isCancellation(error: unknown): boolean {
  return error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled ||
    (error instanceof Error && error.name === 'Canceled') ||
    (error instanceof vscode.CancellationError);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
