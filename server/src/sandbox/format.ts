/**
 * A run report for people: text for a terminal, Markdown for a pull request (the CLI's
 * `--format markdown`, and the report view's "Copy as Markdown").
 */
import { lockLabel } from '../analysis/locks/locks';
import type { BlockingReport, LockReport, MigrationReport, RunReport, StatementReport } from './types';

export interface TextStyle {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

export const PLAIN_STYLE: TextStyle = { bold: (t) => t, dim: (t) => t, red: (t) => t, green: (t) => t, yellow: (t) => t };

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
export const ANSI_STYLE: TextStyle = { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39) };

const SQL_WIDTH = 72;

export function formatRunText(report: RunReport, style: TextStyle = PLAIN_STYLE, engineDescription?: string): string {
  const lines: string[] = [style.dim(`safeshift run · ${engineDescription ?? report.engine}`), ''];
  for (const migration of report.migrations) lines.push(...migrationText(migration, style), '');
  lines.push(summary(report, style));
  return lines.join('\n') + '\n';
}

function migrationText(migration: MigrationReport, style: TextStyle): string[] {
  const status = migration.ok ? style.green('ok') : style.red('failed');
  const lines = [`${style.bold(migration.path)}  ${status}${baselineNote(migration)}`];
  if (migration.error) lines.push(`  ${style.red('error')} ${migration.error.message}`);
  for (const skipped of migration.data?.skipped ?? []) lines.push(style.dim(`  data: ${skipped}`));
  for (const statement of migration.statements) lines.push(...statementText(statement, style));
  const down = migration.down;
  if (down.checked) {
    lines.push(down.restored ? `  down: ${style.green('restores the schema exactly')}` : `  down: ${style.red(down.reason ?? `${down.differences.length} difference${down.differences.length === 1 ? '' : 's'} from the baseline`)}`);
    for (const failed of (down.statements ?? []).filter((s) => s.error)) lines.push(...statementText(failed, style).map((l) => `  ${l}`));
    for (const difference of down.differences) lines.push(`    - ${difference}`);
  } else if (down.reason && !/not requested/.test(down.reason)) {
    lines.push(style.dim(`  down: not checked (${down.reason})`));
  }
  if (migration.kept) lines.push(`  kept: ${migration.kept}`);
  return lines;
}

function baselineNote(migration: MigrationReport): string {
  const baseline = migration.baseline;
  if (!baseline || baseline.migrations === 0) return '';
  return `  (baseline: ${baseline.migrations} earlier migration${baseline.migrations === 1 ? '' : 's'}${baseline.cached ? ', cached' : ''})`;
}

function statementText(statement: StatementReport, style: TextStyle): string[] {
  const where = `line ${statement.line}`.padEnd(9);
  const lines = [`  ${style.dim(where)} ${oneLine(statement.sql, SQL_WIDTH)}  ${style.dim(`${statement.durationMs.toFixed(1)} ms`)}`];
  const indent = ' '.repeat(12);
  for (const lock of statement.locks) lines.push(`${indent}${style.yellow('lock')} ${lockLabel(lock.mode)} on ${lock.relation}${lock.source === 'documented' ? ' (documented)' : ''}`);
  const blocks = blockingText(statement.blocks);
  if (blocks) lines.push(`${indent}${style.yellow('blocks')} ${blocks}`);
  if (statement.rewrites.length > 0) lines.push(`${indent}${style.yellow('rewrites')} ${statement.rewrites.join(', ')}`);
  if (statement.rowsAffected !== null) lines.push(`${indent}${style.dim(`${statement.rowsAffected} row${statement.rowsAffected === 1 ? '' : 's'}`)}`);
  for (const notice of statement.notices) lines.push(`${indent}${style.dim(notice)}`);
  if (statement.note) lines.push(`${indent}${style.dim(statement.note)}`);
  if (statement.error) {
    const e = statement.error;
    lines.push(`${indent}${style.red(`error ${e.sqlstate}`)} at ${e.line}:${e.column}: ${e.message}`);
    if (e.detail) lines.push(`${indent}${style.dim(e.detail)}`);
    if (e.hint) lines.push(`${indent}${style.dim(`hint: ${e.hint}`)}`);
  }
  return lines;
}

/** "reads and writes of public.menu (derived)", or undefined when nothing is blocked. */
export function blockingText(blocks: BlockingReport): string | undefined {
  if (!blocks.reads && !blocks.writes) return undefined;
  const what = blocks.reads && blocks.writes ? 'reads and writes' : blocks.reads ? 'reads' : 'writes';
  const relations = (blocks.relations ?? []).filter((r) => r.reads || r.writes).map((r) => r.relation);
  return `${what}${relations.length ? ` of ${relations.join(', ')}` : ''} (${blocks.source})`;
}

function summary(report: RunReport, style: TextStyle): string {
  const total = report.migrations.length;
  const failed = report.migrations.filter((m) => !m.ok).length;
  const parts = [`${total} migration${total === 1 ? '' : 's'}`];
  parts.push(failed ? style.red(`${failed} failed`) : style.green('all ok'));
  if (report.cancelled) parts.push(style.yellow('cancelled'));
  if (report.durationMs !== undefined) parts.push(style.dim(`${(report.durationMs / 1000).toFixed(1)} s`));
  return parts.join(', ');
}

function oneLine(sql: string, max: number): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// ─── Markdown ────────────────────────────────────────────────────────────────────────────────

export function formatRunMarkdown(report: RunReport, engineDescription?: string): string {
  const failed = report.migrations.filter((m) => !m.ok).length;
  const lines = [
    `### Safeshift sandbox: ${failed ? `❌ ${failed} of ${report.migrations.length} failed` : `✅ ${report.migrations.length} migration${report.migrations.length === 1 ? '' : 's'} ok`}`,
    '',
    `Engine: ${escapeMarkdown(engineDescription ?? report.engine)}${report.cancelled ? ' · cancelled' : ''}`,
    '',
  ];
  for (const migration of report.migrations) lines.push(...migrationMarkdown(migration), '');
  return lines.join('\n').trimEnd() + '\n';
}

function migrationMarkdown(migration: MigrationReport): string[] {
  const lines = [`#### ${migration.ok ? '✅' : '❌'} \`${migration.path}\``, ''];
  if (migration.error) lines.push(`**Error:** ${escapeMarkdown(migration.error.message)}`, '');
  if (migration.statements.length > 0) {
    lines.push('| Line | Statement | Time | Locks | Blocks | Rewrites | Rows |', '|---:|---|---:|---|---|---|---:|');
    for (const s of migration.statements) {
      const statement = s.error ? `${code(s.sql)}<br>❌ ${escapeMarkdown(`${s.error.sqlstate} at ${s.error.line}:${s.error.column}: ${s.error.message}`)}` : code(s.sql);
      lines.push(`| ${s.line} | ${statement} | ${s.durationMs.toFixed(1)} ms | ${locksMarkdown(s.locks)} | ${escapeMarkdown(blockingText(s.blocks) ?? '—')} | ${s.rewrites.map(code).join(', ') || '—'} | ${s.rowsAffected ?? '—'} |`);
    }
    lines.push('');
  }
  const down = migration.down;
  if (down.checked) {
    lines.push(down.restored ? '**Down:** restores the schema exactly.' : `**Down:** ${escapeMarkdown(down.reason ?? 'does not restore the schema')}`);
    for (const difference of down.differences) lines.push(`- ${escapeMarkdown(difference)}`);
  }
  for (const skipped of migration.data?.skipped ?? []) lines.push(`- data: ${escapeMarkdown(skipped)}`);
  return lines;
}

function locksMarkdown(locks: LockReport[]): string {
  return locks.map((l) => `${lockLabel(l.mode)} ${code(l.relation)}`).join('<br>') || '—';
}

function code(text: string): string {
  const flat = oneLine(text, 120).replace(/\|/g, '\\|');
  return `\`${flat.replace(/`/g, "'")}\``;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]|<>])/g, '\\$1').replace(/\r?\n/g, ' ');
}
