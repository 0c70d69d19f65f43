import { strength, type LockMode } from '../locks/locks';
import { statementLocks, type StatementLock } from '../locks/statementLocks';
import type { ParsedStatement } from '../parse/parseDocument';
import { lineOf, lockPhrase, sameTransactionBefore } from './helpers';
import type { Rule, StatementContext } from './types';
import { batchedBackfillFix } from '../fixes/recipes/batchedBackfill';

/** Statements that are not DDL even though they lock: the data changes themselves, and an explicit LOCK. */
const NOT_DDL = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'SelectStmt', 'MergeStmt', 'LockStmt', 'CopyStmt']);

export const backfillInDdlTransaction: Rule = {
  meta: {
    id: 'backfill-in-ddl-transaction',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'An UPDATE or DELETE in the same transaction as DDL that took a strong lock on an existing table keeps that lock for the whole backfill.',
    docs: {
      badExample: "BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nUPDATE orders SET region = 'eu' WHERE country IN ('de', 'fr');\nCOMMIT;",
      goodExample: "-- migration 1\nALTER TABLE orders ADD COLUMN region text;\n-- migration 2, without a transaction: batches that each commit\nUPDATE orders SET region = 'eu' WHERE id BETWEEN 1 AND 10000 AND country IN ('de', 'fr');",
      why: 'Locks are held until the transaction ends. An ALTER TABLE takes an ACCESS EXCLUSIVE lock for an instant, but when an UPDATE or DELETE of many rows follows it in the same transaction, that lock stays held until the backfill and the COMMIT are done, so every read and write of the table waits for the whole backfill. Migration tools that wrap each file in a transaction turn an ADD COLUMN plus backfill in one file into exactly this.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Commit the DDL first, then backfill in batches outside the DDL transaction (each batch its own short transaction), typically in the next migration or a background job.',
    },
  },
  check(context) {
    const { kind } = context.statement;
    if (kind !== 'UpdateStmt' && kind !== 'DeleteStmt') return [];
    const held = strongestDdlLock(context);
    if (!held) return [];
    const verb = kind === 'UpdateStmt' ? 'UPDATE' : 'DELETE';
    const fix = batchedBackfillFix(context);
    return [
      {
        fixes: fix ? [fix] : [],
        message: `${verb} runs in the same transaction as ${held.lock.reason} on line ${lineOf(context, held.statement)}, which ${lockPhrase(held.lock.mode, held.lock.name)} until COMMIT, so that traffic waits for the whole ${verb === 'UPDATE' ? 'backfill' : 'delete'}. Commit the DDL first and change the rows in batches outside the DDL transaction.`,
      },
    ];
  },
};

/** The strongest write-blocking lock (SHARE or above) that earlier DDL of this transaction holds on a table that existed before the file. */
function strongestDdlLock(context: StatementContext): { lock: StatementLock; statement: ParsedStatement } | undefined {
  let best: { lock: StatementLock; statement: ParsedStatement } | undefined;
  for (const statement of sameTransactionBefore(context)) {
    if (NOT_DDL.has(statement.kind)) continue;
    for (const lock of statementLocks(statement)) {
      if (!blocksWrites(lock.mode) || context.isNewTable(lock.name)) continue;
      if (!best || strength(lock.mode) > strength(best.lock.mode)) best = { lock, statement };
    }
  }
  return best;
}

function blocksWrites(mode: LockMode): boolean {
  return strength(mode) >= strength('ShareLock');
}
