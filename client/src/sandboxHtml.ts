/**
 * The sandbox report as a self-contained HTML page for a VS Code webview: one section per
 * migration, a per-statement timeline with duration bars, lock badges, rewrite markers, rows,
 * notices and errors, and the down check's differences.
 *
 * Pure (no `vscode` import) so it can be tested in plain Node. Every value from the report is
 * escaped; the page loads nothing remote and runs one nonce'd script, under a CSP that allows
 * only that script and the nonce'd style. Duration bars are SVG rects (attributes, not inline
 * styles, which the CSP forbids).
 */
import type { SandboxCommandResult } from '../../server/src/lsp/sandboxProtocol';

type Report = SandboxCommandResult;
type MigrationReport = Report['migrations'][number];
type StatementReport = MigrationReport['statements'][number];

export interface ReportPageOptions {
  /** A fresh random value per render; the only script and style carry it. */
  nonce: string;
  /** The webview's `cspSource`, for completeness (no resource is loaded from it). */
  cspSource: string;
  /** Shown in the header: which command produced the report. */
  title: string;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

export function reportHtml(report: Report, options: ReportPageOptions): string {
  const nonce = escapeHtml(options.nonce);
  const maxMs = Math.max(0.001, ...report.migrations.flatMap((m) => m.statements.map((s) => finite(s.durationMs))));
  const failed = report.migrations.filter((m) => !m.ok).length;
  const summary = `${report.migrations.length} migration${report.migrations.length === 1 ? '' : 's'} on the ${escapeHtml(report.engine)} engine` +
    (failed ? `, <span class="bad">${failed} failed</span>` : ', <span class="good">all ran</span>');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${escapeHtml(options.cspSource)} data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header>
  <h1>${escapeHtml(options.title)}</h1>
  <p class="summary">${summary}</p>
  <button id="copy-markdown" type="button"${report.markdown ? '' : ' disabled'}>Copy as Markdown</button>
  <span id="copy-status" role="status"></span>
</header>
<main>
${report.migrations.map((m) => migrationSection(m, maxMs)).join('\n')}
</main>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}

function migrationSection(migration: MigrationReport, maxMs: number): string {
  const total = migration.statements.reduce((sum, s) => sum + finite(s.durationMs), 0);
  return `<section class="migration ${migration.ok ? 'ok' : 'failed'}">
  <h2><span class="status">${migration.ok ? '✓' : '✗'}</span> ${escapeHtml(migration.path)} <span class="muted">${migration.statements.length} statement${migration.statements.length === 1 ? '' : 's'}, ${formatMs(total)}</span></h2>
  ${migration.error ? `<p class="error">${escapeHtml(migration.error.message)}${migration.error.file ? ` <span class="muted">(${escapeHtml(migration.error.file)}${migration.error.line ? `, line ${escapeHtml(migration.error.line)}` : ''})</span>` : ''}</p>` : ''}
  <ol class="timeline">
${migration.statements.map((s) => statementRow(s, maxMs)).join('\n')}
  </ol>
  ${downSection(migration.down)}
</section>`;
}

function statementRow(statement: StatementReport, maxMs: number): string {
  const ms = finite(statement.durationMs);
  const width = Math.max(0.5, (ms / maxMs) * 100).toFixed(2);
  const lines = statement.endLine && statement.endLine !== statement.line ? `lines ${statement.line}–${statement.endLine}` : `line ${statement.line}`;
  const badges = [
    ...statement.locks.map(lockBadge),
    blocksBadge(statement.blocks),
    ...statement.rewrites.map((relation) => `<span class="badge rewrite" title="the table was rewritten (its relfilenode changed)">rewrites <b>${escapeHtml(relation)}</b></span>`),
    typeof statement.rowsAffected === 'number' ? `<span class="badge rows">${escapeHtml(statement.rowsAffected)} row${statement.rowsAffected === 1 ? '' : 's'}</span>` : '',
  ].filter(Boolean).join(' ');
  const notices = (statement.notices ?? []).map((n) => `<li class="notice">${escapeHtml(n)}</li>`).join('');
  const error = statement.error
    ? `<p class="error">${statement.error.sqlstate ? `<code>${escapeHtml(statement.error.sqlstate)}</code> ` : ''}${escapeHtml(statement.error.message)}${statement.error.line ? ` <span class="muted">(line ${escapeHtml(statement.error.line)}${statement.error.column ? `, column ${escapeHtml(statement.error.column)}` : ''})</span>` : ''}</p>`
    : '';
  return `    <li class="statement${statement.error ? ' failed' : ''}">
      <div class="head"><span class="where">${lines}</span><span class="ms">${formatMs(ms)}</span>
        <svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true"><rect width="${width}" height="6"/></svg></div>
      <pre class="sql">${escapeHtml(shorten(statement.sql))}</pre>
      <div class="badges">${badges}</div>
      ${notices ? `<ul class="notices">${notices}</ul>` : ''}
      ${error}
    </li>`;
}

function lockBadge(lock: StatementReport['locks'][number]): string {
  const how = lock.source === 'documented'
    ? 'documented for this command (it ran outside a transaction, so its lock was gone before it could be seen)'
    : 'observed in pg_locks while the statement held it';
  const documented = lock.source === 'documented' ? ' <i>documented</i>' : '';
  return `<span class="badge lock" title="${escapeHtml(lock.mode)} on ${escapeHtml(lock.relation)}: ${how}">${escapeHtml(lock.mode)} <b>${escapeHtml(lock.relation)}</b>${documented}</span>`;
}

function blocksBadge(blocks: StatementReport['blocks']): string {
  if (!blocks || (!blocks.reads && !blocks.writes)) return '';
  const what = blocks.reads && blocks.writes ? 'reads and writes' : blocks.reads ? 'reads' : 'writes';
  const how = blocks.source === 'measured' ? 'measured with a second connection' : 'derived from the lock conflict table';
  return `<span class="badge blocks ${escapeHtml(blocks.source)}" title="${how}">blocks ${what} <i>${escapeHtml(blocks.source)}</i></span>`;
}

function downSection(down: MigrationReport['down']): string {
  if (!down || !down.checked) return '';
  if (down.restored) return '<p class="down good">Down migration checked: it restores the schema exactly.</p>';
  const differences = down.differences.map((d) => `<li>${escapeHtml(d)}</li>`).join('');
  return `<div class="down bad"><p>Down migration checked: it does <b>not</b> restore the schema.</p><ul class="differences">${differences}</ul></div>`;
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

/** Long statements (a big INSERT) are cut so the timeline stays readable. */
function shorten(sql: string): string {
  const text = String(sql ?? '').trim();
  return text.length > 600 ? `${text.slice(0, 600)} …` : text;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 24px; }
header { position: sticky; top: 0; background: var(--vscode-editor-background); padding: 8px 0; border-bottom: 1px solid var(--vscode-panel-border); z-index: 1; }
h1 { font-size: 1.3em; margin: 4px 0; }
h2 { font-size: 1.1em; margin: 16px 0 8px; }
.muted { opacity: 0.7; font-weight: normal; font-size: 0.9em; }
.good { color: var(--vscode-testing-iconPassed, #3fb950); }
.bad, .error, .failed > h2 .status { color: var(--vscode-errorForeground, #f85149); }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 4px 10px; cursor: pointer; }
button:disabled { opacity: 0.5; cursor: default; }
.timeline { list-style: none; padding: 0; margin: 0; }
.statement { border-left: 3px solid var(--vscode-panel-border); padding: 4px 0 6px 10px; margin-bottom: 6px; }
.statement.failed { border-left-color: var(--vscode-errorForeground, #f85149); }
.head { display: flex; gap: 10px; align-items: center; }
.where, .ms { font-variant-numeric: tabular-nums; white-space: nowrap; }
.ms { min-width: 5em; text-align: right; }
.bar { flex: 1; height: 6px; max-width: 400px; }
.bar rect { fill: var(--vscode-progressBar-background, #0e70c0); }
.sql { font-family: var(--vscode-editor-font-family); margin: 4px 0; white-space: pre-wrap; opacity: 0.9; }
.badges { display: flex; flex-wrap: wrap; gap: 4px; }
.badge { border-radius: 3px; padding: 1px 6px; font-size: 0.85em; border: 1px solid var(--vscode-panel-border); }
.badge.lock { background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.badge.blocks { border-color: var(--vscode-editorWarning-foreground, #d29922); }
.badge.rewrite { border-color: var(--vscode-errorForeground, #f85149); }
.notices { margin: 4px 0; padding-left: 18px; opacity: 0.8; }
.differences li { font-family: var(--vscode-editor-font-family); }
`;

/** Copy as Markdown: the extension holds the markdown and writes the clipboard. */
const SCRIPT = `
const vscode = acquireVsCodeApi();
const status = document.getElementById('copy-status');
document.getElementById('copy-markdown').addEventListener('click', () => vscode.postMessage({ type: 'copyMarkdown' }));
window.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'copied') status.textContent = event.data.ok ? ' Copied.' : ' Could not copy.';
});
`;
