import type { TransactionStmt } from 'libpg-query';
import { asKind } from '../ast';
import { deleteStatement, transactionOrigin } from './helpers';
import type { Fix, Rule, RuleFinding, StatementContext } from './types';

export const transactionNesting: Rule = {
  meta: {
    id: 'transaction-nesting',
    category: 'transaction',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'BEGIN inside a transaction, or COMMIT/ROLLBACK outside one or of the migration tool\'s own transaction, does not do what it seems to.',
    docs: {
      badExample: '-- settings: {"assumeInTransaction": true}\n-- the migration tool already runs this file in a transaction\nBEGIN;\nALTER TABLE warehouses ADD COLUMN city text;\nCOMMIT;',
      goodExample: 'ALTER TABLE warehouses ADD COLUMN city text;',
      why: 'PostgreSQL has no nested transactions. A BEGIN inside a transaction only prints a warning, and the COMMIT that follows commits the outer transaction, the migration tool\'s, early: the statements after it run outside any transaction, and the tool\'s own COMMIT or its bookkeeping then runs in a state it did not expect. A COMMIT or ROLLBACK with no transaction open does nothing but suggests statements were grouped when they were not.',
      safeAlternative: 'Let the migration tool own the transaction and remove BEGIN/COMMIT from the file, or turn the tool\'s transaction off for this file and keep exactly one BEGIN … COMMIT pair; split statements that must commit separately into separate migrations.',
      squawkDifference:
        'Squawk reports every BEGIN and COMMIT under assume-in-transaction; Safeshift follows what PostgreSQL does: once a COMMIT has ended the tool\'s transaction, a later BEGIN … COMMIT pair is a normal transaction and is not reported. With a migration project, the tool\'s transaction comes from the tool and its directives rather than one global setting.',
    },
  },
  check(context) {
    const stmt = asKind<TransactionStmt>(context.statement, 'TransactionStmt');
    if (!stmt) return [];
    const { transaction } = context;
    if (stmt.kind === 'TRANS_STMT_BEGIN' || stmt.kind === 'TRANS_STMT_START') {
      // PostgreSQL ignores a BEGIN inside a transaction (with a warning), so removing it changes nothing.
      if (transaction.envelope && !transaction.explicit) return [finding(context, `This BEGIN opens nothing: ${transactionOrigin(context)}. PostgreSQL has no nested transactions, so the COMMIT that follows would commit the tool's transaction early. Remove BEGIN and its COMMIT.`, true)];
      if (transaction.explicit) return [finding(context, `A transaction is already open (${transactionOrigin(context)}); PostgreSQL ignores this BEGIN, and the next COMMIT ends the outer transaction. Remove it, or COMMIT the first transaction before it.`, true)];
      return [];
    }
    if (stmt.kind === 'TRANS_STMT_COMMIT' || stmt.kind === 'TRANS_STMT_ROLLBACK') {
      const word = stmt.kind === 'TRANS_STMT_COMMIT' ? 'COMMIT' : 'ROLLBACK';
      if (transaction.envelope) {
        // Without this COMMIT the rest of the file joins the tool's transaction; that is only the
        // plain reading when no later BEGIN would then be nested. A ROLLBACK discards work: no fix.
        const removable = word === 'COMMIT' && !laterTransactionControl(context);
        return [finding(context, `This ${word} ends the migration tool's transaction (${transactionOrigin(context)}), so the statements after it run outside a transaction and the tool's own ${word === 'COMMIT' ? 'COMMIT' : 'bookkeeping'} finds none open. Remove it and let the tool commit.`, removable)];
      }
      // PostgreSQL only warns about a COMMIT or ROLLBACK with no transaction, so removing it changes nothing.
      if (!transaction.explicit && !transaction.implicitMultiStatement) return [finding(context, `There is no transaction to ${word}: no BEGIN precedes it. Remove it, or add BEGIN where the transaction should start.`, true)];
    }
    return [];
  },
};

function laterTransactionControl(context: StatementContext): boolean {
  return context.file.document.statements.slice(context.statement.index + 1).some((s) => s.kind === 'TransactionStmt');
}

function finding(context: StatementContext, message: string, removable: boolean): RuleFinding {
  const fixes: Fix[] = removable ? [{ title: 'Remove this statement', preferred: true, edits: [deleteStatement(context.file.document, context.statement)] }] : [];
  return { message, fixes };
}
