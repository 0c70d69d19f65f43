/**
 * Hover on a statement: the table-level locks it takes, what each lock blocks and what keeps
 * working, from the analysis' lock table.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import { fileContext, type LintResult } from '../analysis/lint';
import { describeAllowed, describeBlocking, lockLabel } from '../analysis/locks/locks';
import { statementLocks } from '../analysis/locks/statementLocks';
import type { Settings } from '../analysis/config/settings';
import { toRange } from './convert';

export function lockHover(result: LintResult, settings: Settings, offset: number): Hover | null {
  const { document } = result;
  const statement = document.statements.find((s) => s.range.start <= offset && offset <= s.range.end);
  if (!statement) return null;
  const locks = statementLocks(statement);
  if (locks.length === 0) return null;
  const inTransaction = fileContext(document, settings).transactions[statement.index]?.inTransaction ?? false;
  const held = inTransaction ? 'held until the transaction ends' : 'held until the statement finishes';
  const lines = [locks.length === 1 ? '**Safeshift: lock taken by this statement**' : '**Safeshift: locks taken by this statement**', ''];
  for (const lock of locks) {
    lines.push(
      `- **${lockLabel(lock.mode)}** on \`${escapeCode(lock.relation)}\` (${lock.reason}): ${describeBlocking(lock.mode)}; ${describeAllowed(lock.mode)}; ${held}.`,
    );
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toRange(document.lineIndex, statement.range) };
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}
