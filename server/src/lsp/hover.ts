/**
 * Hover on a statement: the table-level locks it takes, what each lock blocks and what keeps
 * working, from the analysis' lock table.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import { describeAllowed, describeBlocking, lockLabel } from '../analysis/locks/locks';
import type { LineIndex } from '../analysis/text/lineIndex';
import { toRange } from './convert';
import type { StatementLockInfo } from './linter';

export function lockHover(statements: readonly StatementLockInfo[], lineIndex: LineIndex, offset: number): Hover | null {
  const statement = statements.find((s) => s.start <= offset && offset <= s.end);
  if (!statement || statement.locks.length === 0) return null;
  const held = statement.inTransaction ? 'held until the transaction ends' : 'held until the statement finishes';
  const lines = [statement.locks.length === 1 ? '**Safeshift: lock taken by this statement**' : '**Safeshift: locks taken by this statement**', ''];
  for (const lock of statement.locks) {
    lines.push(
      `- **${lockLabel(lock.mode)}** on \`${escapeCode(lock.relation)}\` (${lock.reason}): ${describeBlocking(lock.mode)}; ${describeAllowed(lock.mode)}; ${held}.`,
    );
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toRange(lineIndex, statement) };
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}
