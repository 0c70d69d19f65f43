/**
 * The "Migrations" view in the explorer: each migration root with its tool, and its migrations in
 * the tool's order with their transaction envelope and finding counts. The data comes from the
 * server (`safeshift/migrations`); the view refreshes when the server says it changed, when .sql
 * files are created or deleted, and on its refresh button. Clicking a migration opens its file.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  MIGRATIONS_CHANGED_NOTIFICATION,
  MIGRATIONS_REQUEST,
  type MigrationInfo,
  type MigrationsParams,
  type MigrationsResult,
  type MigrationsRootInfo,
} from '../../server/src/lsp/protocol';

export const MIGRATIONS_VIEW_ID = 'safeshift.migrations';
const REFRESH_DELAY_MS = 400;

type Node = { kind: 'root'; root: MigrationsRootInfo } | { kind: 'migration'; migration: MigrationInfo } | { kind: 'message'; text: string };

export class MigrationsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private timer: NodeJS.Timeout | undefined;
  private client: LanguageClient | undefined;
  /** Set when files were created or deleted: the server is asked to look for migrations again. */
  private rediscover = false;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.sql', false, true, false);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => this.refreshSoon(true)),
      watcher.onDidDelete(() => this.refreshSoon(true)),
      vscode.window.registerTreeDataProvider(MIGRATIONS_VIEW_ID, this),
    );
  }

  /** Follows the client: the server announces changes once it runs (and again after a restart). */
  attach(client: LanguageClient): void {
    this.client = client;
    this.disposables.push(
      client.onNotification(MIGRATIONS_CHANGED_NOTIFICATION, () => this.refreshSoon()),
      client.onDidChangeState(() => this.refreshSoon()),
    );
  }

  /** The refresh button: also makes the server look for migrations again. */
  refresh(rediscover = true): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (rediscover) this.rediscover = true;
    this.changed.fire(undefined);
  }

  private refreshSoon(rediscover = false): void {
    if (rediscover) this.rediscover = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(false), REFRESH_DELAY_MS);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'root') return node.root.migrations.map((migration) => ({ kind: 'migration', migration }));
    if (node) return [];
    const client = this.client;
    if (!client || !client.isRunning()) return [{ kind: 'message', text: 'Waiting for the Safeshift server…' }];
    try {
      const params: MigrationsParams = this.rediscover ? { refresh: true } : {};
      this.rediscover = false;
      const result = await client.sendRequest<MigrationsResult>(MIGRATIONS_REQUEST, params);
      if (result.roots.length === 0) return [{ kind: 'message', text: 'No migration directories found in this workspace.' }];
      return result.roots.map((root) => ({ kind: 'root', root }));
    } catch (error) {
      this.log.warn(`Listing migrations failed: ${error instanceof Error ? error.message : String(error)}`);
      return [{ kind: 'message', text: 'Could not list the migrations (see the Safeshift output).' }];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'message') return new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
    if (node.kind === 'root') return rootItem(node.root);
    return migrationItem(node.migration);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function rootItem(root: MigrationsRootInfo): vscode.TreeItem {
  const uri = vscode.Uri.parse(root.uri);
  const item = new vscode.TreeItem(root.label || uri.path.split('/').pop() || root.uri, vscode.TreeItemCollapsibleState.Expanded);
  item.description = `${root.toolName} · ${root.migrations.length} migration${root.migrations.length === 1 ? '' : 's'}`;
  item.tooltip = `${uri.fsPath}\n${root.toolName}${root.explicit ? ' (named in safeshift.json)' : ' (detected)'}`;
  item.resourceUri = uri;
  item.iconPath = new vscode.ThemeIcon('database');
  item.contextValue = 'safeshift.migrationRoot';
  return item;
}

function migrationItem(migration: MigrationInfo): vscode.TreeItem {
  const item = new vscode.TreeItem(migration.id, vscode.TreeItemCollapsibleState.None);
  const up = migration.envelopes.find((e) => e.direction === 'up') ?? migration.envelopes[0];
  item.description = [migration.place, up?.label, findingsText(migration)].filter(Boolean).join(' · ');
  item.tooltip = new vscode.MarkdownString(
    [
      `**${migration.id}** (${migration.place})`,
      ...migration.envelopes.map((e) => `- ${e.direction}: ${e.label}. ${e.reason}`),
      migration.findings ? `- ${findingsText(migration)}` : '- not checked yet: open the file to check it',
    ].join('\n'),
  );
  item.iconPath = new vscode.ThemeIcon(iconOf(migration));
  item.contextValue = 'safeshift.migration';
  const uri = vscode.Uri.parse(migration.uri);
  item.resourceUri = uri;
  const position = new vscode.Position(migration.line, 0);
  item.command = { command: 'vscode.open', title: 'Open Migration', arguments: [uri, { selection: new vscode.Range(position, position) }] };
  return item;
}

function findingsText(migration: MigrationInfo): string {
  const projectPart = migration.projectFindings > 0 ? `${migration.projectFindings} project finding${migration.projectFindings === 1 ? '' : 's'}` : '';
  if (!migration.findings) return projectPart;
  const { errors, warnings, other } = migration.findings;
  const parts = [errors && `${errors} error${errors === 1 ? '' : 's'}`, warnings && `${warnings} warning${warnings === 1 ? '' : 's'}`, other && `${other} note${other === 1 ? '' : 's'}`].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no findings';
}

function iconOf(migration: MigrationInfo): string {
  if (!migration.findings) return migration.projectFindings > 0 ? 'warning' : 'circle-outline';
  if (migration.findings.errors > 0) return 'error';
  if (migration.findings.warnings > 0) return 'warning';
  return 'pass';
}
