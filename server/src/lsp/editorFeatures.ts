/**
 * Registers the editor features over the project model: document symbols, code lenses, go to
 * definition, completion, the schema part of hovers and the `safeshift/migrations` request.
 * server.ts owns documents, settings and guards; this module gets them through
 * `EditorFeatureHost`, so the features stay out of the server's core loop.
 */
import type { CompletionList, Connection, Diagnostic, Hover, HoverParams, Location, ServerCapabilities } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../analysis/text/lineIndex';
import type { LoadedSettings } from '../node/settingsLoader';
import { toModelPath } from '../node/projectFs';
import { codeLenses } from './codeLens';
import { COMPLETION_TRIGGERS } from './completion';
import { EditorProject } from './editorProject';
import type { EditorAnswer, EditorQueryKind } from './editorQuery';
import { migrationsResult } from './migrationsRequest';
import { MIGRATIONS_CHANGED_NOTIFICATION, MIGRATIONS_REQUEST, type MigrationsParams, type MigrationsResult } from './protocol';
import { documentSymbols } from './symbols';
import { uriToPath } from './settings';

export interface EditorFeatureHost {
  connection: Connection;
  document(uri: string): TextDocument | undefined;
  isSqlDocument(document: TextDocument): boolean;
  /** The safeshift.json settings that apply to a path (or the defaults). */
  settingsFor(path: string | undefined): LoadedSettings;
  /** The diagnostics the server last published or reported for a path, when it has checked it. */
  diagnosticsOf(path: string): Diagnostic[] | undefined;
  guard<P extends unknown[], R>(where: string, fallback: R, handler: (...args: P) => R | Promise<R>): (...args: P) => Promise<R>;
  logError(where: string, error: unknown): void;
  /**
   * Answers a hover, definition or completion in the lint worker, against the schema it replayed
   * (null when it cannot): the history is never replayed on the protocol thread.
   */
  askWorker(query: { kind: EditorQueryKind; uri: string; version: number; text: string; offset: number }): Promise<EditorAnswer>;
}

export const EDITOR_CAPABILITIES: ServerCapabilities = {
  documentSymbolProvider: true,
  codeLensProvider: { resolveProvider: false },
  definitionProvider: true,
  completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
};

const CHANGE_NOTICE_DELAY_MS = 300;

export class EditorFeatures {
  readonly project = new EditorProject();
  private readonly migrationLines = new Map<string, number>();
  private workspaceFolders: string[] = [];
  private changeTimer: NodeJS.Timeout | undefined;
  /** Set when the client asked for `safeshift/migrationsChanged` (initializationOptions.migrationsView). */
  notifyChanges = false;

  constructor(private readonly host: EditorFeatureHost) {}

  setWorkspaceFolders(folders: string[]): void {
    this.workspaceFolders = folders.map(toModelPath);
    this.project.setWorkspaceFolders(folders);
    this.migrationsChanged();
  }

  /** Settings or files on disk changed: project facts are read again on the next request. */
  clear(): void {
    this.project.clear();
    this.migrationLines.clear();
    this.migrationsChanged();
  }

  /** Tells the client (debounced) that the Migrations view should ask again. */
  migrationsChanged(): void {
    if (!this.notifyChanges) return;
    clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      this.host.connection.sendNotification(MIGRATIONS_CHANGED_NOTIFICATION).catch((error: unknown) => this.host.logError(MIGRATIONS_CHANGED_NOTIFICATION, error));
    }, CHANGE_NOTICE_DELAY_MS);
  }

  dispose(): void {
    clearTimeout(this.changeTimer);
  }

  /** The document closed. */
  forget(uri: string): void {
    const path = uriToPath(uri);
    if (path) this.project.forget(path);
  }

  /** The schema part of a hover (server.ts combines it with the lock part). */
  async hover(params: HoverParams): Promise<Hover | null> {
    return (await this.ask('hover', params.textDocument.uri, params.position)) as Hover | null;
  }

  private async ask(kind: EditorQueryKind, uri: string, position: { line: number; character: number }): Promise<EditorAnswer> {
    const document = this.host.document(uri);
    if (!document || !this.host.isSqlDocument(document)) return null;
    const text = document.getText();
    const offset = new LineIndex(text).offsetAt(position);
    return this.host.askWorker({ kind, uri, version: document.version, text, offset });
  }

  register(): void {
    const { connection, guard } = this.host;
    connection.onDocumentSymbol(
      guard('textDocument/documentSymbol', [], (params) => {
        const document = this.host.document(params.textDocument.uri);
        if (!document || !this.host.isSqlDocument(document)) return [];
        const text = document.getText();
        return documentSymbols(text, new LineIndex(text), this.placeOf(document)?.scripts);
      }),
    );
    connection.onCodeLens(
      guard('textDocument/codeLens', [], async (params) => {
        const document = this.host.document(params.textDocument.uri);
        if (!document || !this.host.isSqlDocument(document)) return [];
        const text = document.getText();
        const place = this.placeOf(document);
        const path = uriToPath(document.uri);
        return codeLenses(
          { uri: document.uri, path: path && toModelPath(path), text, lineIndex: new LineIndex(text), root: place?.root, migration: place?.migration, scripts: place?.scripts ?? [] },
          (where, error) => this.host.logError(where, error),
        );
      }),
    );
    connection.onDefinition(
      guard('textDocument/definition', null, async (params) => (await this.ask('definition', params.textDocument.uri, params.position)) as Location | null),
    );
    connection.onCompletion(
      guard('textDocument/completion', null, async (params) => (await this.ask('completion', params.textDocument.uri, params.position)) as CompletionList | null),
    );
    connection.onRequest(
      MIGRATIONS_REQUEST,
      guard('safeshift/migrations', { roots: [] } as MigrationsResult, (params: MigrationsParams | null) => {
        if (params?.refresh) {
          this.project.clear();
          this.migrationLines.clear();
        }
        return migrationsResult({ roots: this.project.roots(), workspaceFolders: this.workspaceFolders, diagnosticsOf: (path) => this.host.diagnosticsOf(path), lines: this.migrationLines });
      }),
    );
  }

  placeOf(document: TextDocument) {
    const path = uriToPath(document.uri);
    if (!path) return undefined;
    try {
      return this.project.placeOf(path, document.getText(), this.host.settingsFor(path));
    } catch (error) {
      this.host.logError(`reading the migration project of ${path}`, error);
      return undefined;
    }
  }
}
