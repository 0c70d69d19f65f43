/**
 * Recipe 17: a new enum value used in the transaction that adds it → two migrations. The current
 * one keeps everything up to the ALTER TYPE … ADD VALUE; the statements after it move to the next
 * migration, which runs once the ADD VALUE has committed. When the file opens its own transaction
 * (BEGIN, and the tool adds none), committing right after the ADD VALUE is enough.
 */
import type { TransactionStmt } from 'libpg-query';
import { asKind } from '../../ast';
import type { ParsedStatement } from '../../parse/parseDocument';
import { inUpSection } from './statementFacts';
import type { Fix, StatementContext } from '../../rules/types';
import { insertAfterStatement, planToFix, statementBlock } from '../plan';
import { commentLines } from '../sql';
import { sameSectionStatements } from '../transaction';

export function enumSplitFix(context: StatementContext, addValue: ParsedStatement, label: string): Fix | undefined {
  const document = context.file.document;
  if (!inUpSection(context)) return undefined;
  const later = sameSectionStatements(context).filter((s) => s.index > addValue.index);
  if (later.length === 0) return undefined;
  const why = `'${label}' can be used only once the transaction that added it has committed.`;
  if (context.transaction.explicit && !context.transaction.envelope) {
    return {
      title: `Commit after the ADD VALUE, so '${label}' can be used`,
      preferred: true,
      edits: [insertAfterStatement(document, addValue, [commentLines([why]), 'COMMIT;', 'BEGIN;'].join('\n'))],
    };
  }
  // The moved part must not open or close transactions of its own.
  if (later.some((s) => asKind<TransactionStmt>(s, 'TransactionStmt'))) return undefined;
  const start = statementBlock(document, later[0]).start;
  const end = statementBlock(document, later[later.length - 1]).end;
  const moved = document.text.slice(start, end).replace(/\r\n/g, '\n').trimEnd();
  const up = [commentLines([`Uses '${label}', added by the previous migration: ${why}`]), '', moved].join('\n');
  const newline = document.text.includes('\r\n') ? '\r\n' : '\n';
  return planToFix(context, {
    title: `Split into two migrations: the statements after the ADD VALUE move to the next one`,
    followUps: [{ description: `use ${label}`, up, transactional: true }],
    edits: (names) => [{ range: { start, end }, newText: `-- The statements that use '${label}' moved to ${names.join(', ')}: ${why}${newline}` }],
  });
}
