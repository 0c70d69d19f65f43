/**
 * A minimal LSP client for protocol tests: spawns dist/server.js (stdio or IPC), speaks JSON-RPC
 * through vscode-jsonrpc, records what the server pushes, and answers the server's requests the
 * way the test asks (including never answering `workspace/configuration`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const SERVER = resolve(__dirname, '..', '..', '..', 'dist', 'server.js');

export type ConfigurationMode = 'answer' | 'never' | 'error';

export interface ClientOptions {
  transport?: 'stdio' | 'ipc';
  capabilities?: ClientCapabilities;
  /** How to treat `workspace/configuration` requests. */
  configuration?: ConfigurationMode;
  /** The "safeshift" section to answer with. */
  settings?: Record<string, unknown>;
  /** Delay before answering `workspace/configuration`. */
  configurationDelayMs?: number;
  initializationOptions?: Record<string, unknown>;
  rootPath?: string;
}

/** Everything a modern client advertises that matters to us, without pull diagnostics. */
export function pushCapabilities(extra: { documentChanges?: boolean } = {}): ClientCapabilities {
  return {
    workspace: {
      configuration: true,
      workspaceFolders: true,
      didChangeConfiguration: { dynamicRegistration: true },
      didChangeWatchedFiles: { dynamicRegistration: true },
      workspaceEdit: { documentChanges: extra.documentChanges ?? false },
    },
    textDocument: {
      publishDiagnostics: { relatedInformation: true, versionSupport: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true },
      hover: { contentFormat: ['markdown', 'plaintext'] },
    },
  };
}

export function pullCapabilities(): ClientCapabilities {
  const capabilities = pushCapabilities();
  capabilities.textDocument!.diagnostic = { dynamicRegistration: false, relatedDocumentSupport: false };
  capabilities.workspace!.diagnostics = { refreshSupport: true };
  return capabilities;
}

export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: Array<{ type: number; message: string }> = [];
  readonly configurationRequests: unknown[] = [];
  readonly registrations: unknown[] = [];
  refreshRequests = 0;
  stderr = '';
  initializeResult!: InitializeResult;
  private listeners: Array<() => void> = [];
  private readonly exited: Promise<number | null>;
  private versions = new Map<string, number>();
  private texts = new Map<string, string>();

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
    options: ClientOptions,
  ) {
    this.exited = new Promise((resolveExit) => process.on('exit', (code) => resolveExit(code)));
    process.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.notify();
    });
    connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      this.logs.push(params);
      this.notify();
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
      this.configurationRequests.push(params);
      this.notify();
      const mode = options.configuration ?? 'answer';
      if (mode === 'never') return new Promise(() => undefined);
      if (mode === 'error') throw new Error('configuration is not available');
      const answer = params.items.map(() => options.settings ?? {});
      const delay = options.configurationDelayMs ?? 0;
      return delay > 0 ? new Promise((r) => setTimeout(() => r(answer), delay)) : answer;
    });
    connection.onRequest('client/registerCapability', (params: unknown) => {
      this.registrations.push(params);
      this.notify();
      return null;
    });
    connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshRequests++;
      this.notify();
      return null;
    });
    connection.listen();
  }

  static async start(options: ClientOptions = {}): Promise<TestClient> {
    const ipc = options.transport === 'ipc';
    const child = spawn(process.execPath, [SERVER, ipc ? '--node-ipc' : '--stdio'], {
      stdio: ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'],
    });
    const connection = ipc
      ? createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
      : createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(child, connection, options);
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.rootPath ? pathToFileURL(options.rootPath).href : null,
      capabilities: options.capabilities ?? pushCapabilities(),
      initializationOptions: { debounceMs: 30, configurationTimeoutMs: 400, ...options.initializationOptions },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Resolves when `check` returns a value, re-checking on every message from the server. */
  waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 8000): Promise<T> {
    return new Promise((resolveWait, reject) => {
      const attempt = () => {
        let value: T | undefined;
        try {
          value = check();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (value !== undefined) {
          finish();
          resolveWait(value);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`Timed out waiting for ${what}. Server stderr: ${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== attempt);
      };
      this.listeners.push(attempt);
      attempt();
    });
  }

  /** The next diagnostics published for `uri` after `after` (an index into `published`), matching `accept`. */
  diagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, after = 0, timeoutMs?: number): Promise<PublishDiagnosticsParams> {
    return this.waitFor(
      `diagnostics for ${uri}`,
      () => this.published.slice(after).find((p) => p.uri === uri && accept(p)),
      timeoutMs,
    );
  }

  publishedFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((p) => p.uri === uri);
  }

  /** Opens a document and returns the index into `published` before the open. */
  open(uri: string, text: string, languageId = 'sql', version = 1): number {
    const mark = this.published.length;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return mark;
  }

  /** Replaces the whole text; returns the new version. */
  change(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Applies edits as incremental changes, the way an editor sends them. */
  edit(uri: string, edits: TextEdit[]): number {
    const before = TextDocument.create(uri, 'sql', 0, this.texts.get(uri) ?? '');
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, TextDocument.applyEdits(before, edits));
    // Send last-to-first so earlier ranges stay valid.
    const ordered = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: ordered.map((e) => ({ range: e.range, text: e.newText })),
    });
    return version;
  }

  /** Sends raw content changes (possibly nonsense) as the next version; the tracked text is left as it was. */
  sendChanges(uri: string, contentChanges: unknown[]): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    return version;
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  send(method: string, params: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  /** shutdown + exit; resolves with the process exit code. */
  async stop(): Promise<number | null> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill();
    }
    const code = await Promise.race([this.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000))]);
    if (code === 'timeout') {
      this.process.kill();
      throw new Error('The server did not exit after shutdown/exit.');
    }
    this.connection.dispose();
    return code;
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  errorLogs(): string[] {
    return this.logs.filter((l) => l.type === 1).map((l) => l.message);
  }
}

/** Applies a WorkspaceEdit's edits for `uri`, whichever form the server chose. */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) return [];
  if (edit.changes) return edit.changes[uri] ?? [];
  const edits: TextEdit[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri) edits.push(...(change.edits as TextEdit[]));
  }
  return edits;
}

export function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

/** The diagnostic of one rule; other rules may fire too, as the rule set grows. */
export function finding(diagnostics: Diagnostic[], code: string): Diagnostic | undefined {
  return diagnostics.find((d) => d.code === code);
}

export const INDEX_RULE = 'require-concurrent-index-creation';
export const TIMEOUT_RULE = 'require-lock-timeout';

/** A scratch workspace; files are written relative to it. */
export class Workspace {
  readonly root: string;
  constructor() {
    this.root = mkdtempSync(join(tmpdir(), 'safeshift-lsp-'));
  }
  path(relative: string): string {
    return join(this.root, relative);
  }
  uri(relative: string): string {
    return pathToFileURL(this.path(relative)).href;
  }
  write(relative: string, text: string): string {
    const path = this.path(relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return this.uri(relative);
  }
  remove(relative: string): void {
    rmSync(this.path(relative), { force: true });
  }
  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const RISKY_INDEX = 'CREATE INDEX warehouses_city_idx ON warehouses (city);\n';
