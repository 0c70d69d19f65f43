import type { IndexStmt, TransactionStmt } from 'libpg-query';
import { asKind, relationName } from '../ast';
import { deleteStatement, lockPhrase, transactionOrigin } from './helpers';
import type { Fix, Rule, StatementContext } from './types';

export const banConcurrentIndexCreationInTransaction: Rule = {
  meta: {
    id: 'ban-concurrent-index-creation-in-transaction',
    category: 'transaction',
    defaultSeverity: 'error',
    squawkCompatible: true,
    summary: 'CREATE INDEX CONCURRENTLY inside a transaction block fails: PostgreSQL refuses to run it there.',
    docs: {
      badExample: 'BEGIN;\nCREATE INDEX CONCURRENTLY warehouses_city_idx ON warehouses (city);\nCOMMIT;',
      goodExample: '-- a migration of its own, run without a transaction\nSET lock_timeout = \'2s\';\nCREATE INDEX CONCURRENTLY IF NOT EXISTS warehouses_city_idx ON warehouses (city);',
      why: 'CREATE INDEX CONCURRENTLY waits for every transaction that could use the table to finish, so it cannot run inside a transaction block: PostgreSQL stops with "CREATE INDEX CONCURRENTLY cannot run inside a transaction block" and the migration fails. That includes the transaction a migration tool wraps a file in.',
      lock: 'ShareUpdateExclusiveLock',
      safeAlternative: 'Put the statement in a migration of its own that the tool runs without a transaction (outside BEGIN … COMMIT), where it takes a SHARE UPDATE EXCLUSIVE lock that lets reads and writes continue.',
      squawkDifference: 'Same meaning. Like Squawk, with only assumeInTransaction to go on, a file whose only statement is the index is not flagged; when Safeshift knows the migration tool, the tool\'s real envelope decides instead (goose wraps even a lone statement; Flyway and sqlx `-- no-transaction` do not). Messages name the line of the BEGIN or the tool\'s reason, and the whole statement is reported rather than the CONCURRENTLY keyword. When BEGIN … COMMIT holds nothing but the index, Safeshift offers a fix that removes them.',
    },
  },
  check(context) {
    const { statement, transaction } = context;
    const index = asKind<IndexStmt>(statement, 'IndexStmt');
    if (!index?.concurrent || !transaction.inTransaction) return [];
    // Without a project model, do as Squawk: a file holding only this statement is run on its
    // own even by tools that wrap files (Flyway detects it; one simple query is no transaction
    // block). The project model knows the tool, so its envelope is taken as it is.
    if (!context.file.migration && !transaction.explicit && context.file.document.statements.length === 1) return [];
    const table = relationName(index.relation);
    const unwrap = unwrapFix(context);
    return [
      {
        fixes: unwrap ? [unwrap] : [],
        message: `CREATE INDEX CONCURRENTLY cannot run inside a transaction block, so PostgreSQL rejects it and the migration fails: ${transactionOrigin(context)}. Move it to a migration that runs without a transaction; there it ${lockPhrase('ShareUpdateExclusiveLock', table)}, while reads and writes continue.`,
      },
    ];
  },
};

/**
 * When BEGIN … COMMIT holds nothing but this statement, removing them is the whole fix: the
 * index is then built on its own, which is what CONCURRENTLY needs.
 */
function unwrapFix(context: StatementContext): Fix | undefined {
  const { statement, transaction } = context;
  if (!transaction.explicit || transaction.envelope) return undefined;
  const statements = context.file.document.statements;
  const begin = statements[statement.index - 1];
  const commit = statements[statement.index + 1];
  const beginKind = begin && asKind<TransactionStmt>(begin, 'TransactionStmt')?.kind;
  const commitKind = commit && asKind<TransactionStmt>(commit, 'TransactionStmt')?.kind;
  if ((beginKind !== 'TRANS_STMT_BEGIN' && beginKind !== 'TRANS_STMT_START') || commitKind !== 'TRANS_STMT_COMMIT') return undefined;
  const document = context.file.document;
  return {
    title: `Remove the surrounding ${/^start/i.test(begin.text) ? 'START TRANSACTION' : 'BEGIN'} and ${commit.text.replace(/;$/, '').trim().toUpperCase()}: the index is built on its own`,
    edits: [deleteStatement(document, begin), deleteStatement(document, commit)],
    preferred: true,
  };
}
