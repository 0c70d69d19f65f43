/**
 * The sandbox report view: one webview panel, reused by every run, showing the last report
 * (sandboxHtml.ts renders it). Scripts are on only for the "Copy as Markdown" button; the
 * webview may load no local or remote resource.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { SandboxCommandResult } from '../../server/src/lsp/sandboxProtocol';
import { reportHtml } from './sandboxHtml';

export const REPORT_VIEW_TYPE = 'safeshift.sandboxReport';

export class SandboxReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private markdown = '';

  constructor(private readonly log: vscode.LogOutputChannel) {}

  show(report: SandboxCommandResult, title: string): void {
    this.markdown = report.markdown ?? '';
    const panel = this.panel ?? this.create();
    panel.title = title;
    panel.webview.html = reportHtml(report, { nonce: randomBytes(16).toString('base64'), cspSource: panel.webview.cspSource, title });
    panel.reveal(vscode.ViewColumn.Beside, true);
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private create(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, 'Sandbox Report', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [],
    });
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    panel.webview.onDidReceiveMessage(async (message: { type?: unknown }) => {
      if (message?.type !== 'copyMarkdown') return;
      let ok = false;
      try {
        if (this.markdown) {
          await vscode.env.clipboard.writeText(this.markdown);
          ok = true;
        }
      } catch (error) {
        this.log.warn(`Copying the sandbox report failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      void panel.webview.postMessage({ type: 'copied', ok });
    });
    this.panel = panel;
    return panel;
  }
}
