import type { TransactionStmt } from 'libpg-query';
import { asKind } from '../ast';
import type { ParsedStatement } from '../parse/parseDocument';
import { sectionAt } from '../project/lintContext';
import { newlineOf } from './helpers';
import type { Rule, StatementContext } from './types';

export const banUncommittedTransaction: Rule = {
  meta: {
    id: 'ban-uncommitted-transaction',
    category: 'transaction',
    defaultSeverity: 'error',
    squawkCompatible: true,
    summary: 'A BEGIN without COMMIT or ROLLBACK leaves the migration\'s changes uncommitted: they are rolled back when the connection closes.',
    docs: {
      badExample: "BEGIN;\nALTER TABLE warehouses ADD COLUMN city text;",
      goodExample: "BEGIN;\nALTER TABLE warehouses ADD COLUMN city text;\nCOMMIT;",
      why: 'A transaction opened by BEGIN and never committed keeps its changes invisible and its locks held until the session ends, when PostgreSQL rolls it all back. The migration tool may record the migration as applied although nothing was, and every lock the transaction took blocks other sessions until then.',
      safeAlternative: 'End the transaction with COMMIT (or ROLLBACK) in the same file.',
      squawkDifference:
        'Squawk also flags a BEGIN inside the transaction the migration tool wraps the file in (assumeInTransaction), which the tool commits; Safeshift leaves that to transaction-nesting. Safeshift treats COMMIT AND CHAIN as leaving a transaction open, reports a PREPARE TRANSACTION that nothing commits without offering COMMIT as its fix, and checks the up and down sections of a migration separately.',
    },
  },
  check(context) {
    const { statement, transaction } = context;
    if (!opensTransaction(statement) || transaction.explicit || transaction.envelope) return [];
    const open = unclosed(context);
    if (!open) return [];
    if (open.prepared) {
      return [
        {
          message: `This transaction is prepared (line ${context.file.document.lineIndex.positionAt(open.prepared.range.start).line + 1}) but never committed: its changes stay unapplied and its locks stay held, even after the session ends, until COMMIT PREPARED or ROLLBACK PREPARED. Commit it with COMMIT instead of PREPARE TRANSACTION.`,
        },
      ];
    }
    return [
      {
        message: `This transaction is never committed or rolled back: its changes are rolled back when the session ends, and its locks are held until then. Add COMMIT at the end of the ${context.file.migration ? 'section' : 'file'}.`,
        fixes: [{ title: 'Add COMMIT', edits: [commitAfter(context, open.last)], preferred: true }],
      },
    ];
  },
};

function kindOf(statement: ParsedStatement): TransactionStmt | undefined {
  return asKind<TransactionStmt>(statement, 'TransactionStmt');
}

function opensTransaction(statement: ParsedStatement): boolean {
  const kind = kindOf(statement)?.kind;
  return kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START';
}

/**
 * How the transaction the current BEGIN opens is left open: its last statement when nothing
 * ends it, or the PREPARE TRANSACTION that no COMMIT PREPARED follows; undefined when a COMMIT or
 * ROLLBACK ends it. Up and down sections of a migration run separately, so the transaction must
 * end in its own section.
 */
function unclosed(context: StatementContext): { last: ParsedStatement; prepared?: ParsedStatement } | undefined {
  const { statements } = context.file.document;
  const migration = context.file.migration;
  const section = migration ? sectionAt(migration, context.statement.range.start) : undefined;
  let last = context.statement;
  let prepared: ParsedStatement | undefined;
  for (let i = context.statement.index + 1; i < statements.length; i++) {
    const statement = statements[i];
    if (migration && sectionAt(migration, statement.range.start) !== section) break;
    last = statement;
    const stmt = kindOf(statement);
    switch (stmt?.kind) {
      case 'TRANS_STMT_COMMIT':
      case 'TRANS_STMT_ROLLBACK':
        // COMMIT AND CHAIN starts a new transaction at once.
        if (!stmt.chain && !prepared) return undefined;
        break;
      case 'TRANS_STMT_PREPARE':
        prepared ??= statement;
        break;
      case 'TRANS_STMT_COMMIT_PREPARED':
      case 'TRANS_STMT_ROLLBACK_PREPARED':
        if (prepared) return undefined;
        break;
    }
  }
  return { last, prepared };
}

/** Inserts `COMMIT;` on its own line after `statement` (and its trailing comment). */
function commitAfter(context: StatementContext, statement: ParsedStatement) {
  const document = context.file.document;
  const at = statement.trailingComment ? Math.max(statement.range.end, statement.trailingComment.range.end) : statement.range.end;
  return { range: { start: at, end: at }, newText: `${newlineOf(document.text)}COMMIT;` };
}
