import type { AlterTableStmt } from 'libpg-query';
import { asKind, relationName } from '../ast';
import { statementLocks } from '../locks/statementLocks';
import type { ParsedStatement } from '../parse/parseDocument';
import { lineOf, quoted } from './helpers';
import { NO_WORK, originOf, ownStrongLocks, shortList, transactionLocks, transactionLocksAt, type TransactionLocks } from './wide-lock-window';
import { WITHOUT_MIGRATION, type FactQuery } from '../facts/fileFacts';
import type { Rule, StatementContext } from './types';

export const statementAfterAccessExclusive: Rule = {
  meta: {
    id: 'statement-after-access-exclusive',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'A statement that runs after an ACCESS EXCLUSIVE lock was taken in the same transaction keeps the table blocked for as long as it runs.',
    docs: {
      badExample: "BEGIN;\nALTER TABLE warehouses ADD COLUMN region text;\nUPDATE stock SET checked = true WHERE checked IS NULL;\nCOMMIT;",
      goodExample: "BEGIN;\nUPDATE stock SET checked = true WHERE checked IS NULL;\nALTER TABLE warehouses ADD COLUMN region text; -- the strong lock last\nCOMMIT;",
      why: 'An ACCESS EXCLUSIVE lock is held until the transaction ends, not until the statement that took it ends. Every statement after it in the same transaction (a backfill, an index build, a wait for another lock) keeps the table closed to all reads and writes for its whole duration, and queries pile up behind the lock.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Put the statement that takes the ACCESS EXCLUSIVE lock last in its transaction, or commit right after it and run the rest in a new transaction.',
      squawkDifference: 'Squawk has no such rule. Like Eugene\'s E4, but reported once, on the first statement after each strong-lock statement; SET, SHOW and transaction control are ignored, a further ALTER TABLE of the same table is left to multiple-alter-table, a write-blocking lock on another table to wide-lock-window, and tables created earlier in the file do not count.',
    },
  },
  check(context) {
    const { statement } = context;
    if (NO_WORK.has(statement.kind)) return [];
    // Report once per strong-lock statement: on the first statement that does work after it.
    if (!context.ask(AFTER_EXCLUSIVE, undefined)) return [];
    const state = transactionLocks(context);
    const latest = state.lastWork;
    if (!latest || !tookExclusive(latest, state)) return [];
    const held = state.exclusive;
    if (leftToOtherRules(context, state)) return [];
    const tables = shortList(held, (h) => `${quoted(h.lock.name)} (line ${lineOf(context, h.statement)})`);
    return [
      {
        message: `This statement runs while the transaction still holds the ACCESS EXCLUSIVE lock on ${tables}, which blocks all reads and writes until COMMIT; ${originOf(context, state)}, so ${held.length > 1 ? 'those tables stay' : 'the table stays'} blocked for as long as this and every later statement runs. Put the strong-lock statement last in its transaction, or commit right after it.`,
      },
    ];
  },
};

/** Whether the last statement that did work before this one in its transaction took one of the held ACCESS EXCLUSIVE locks. */
const AFTER_EXCLUSIVE: FactQuery<undefined, boolean> = {
  id: 'afterExclusive',
  prefixOnly: WITHOUT_MIGRATION,
  answer(file, index) {
    const state = transactionLocksAt(file, index);
    return state.lastWork !== undefined && tookExclusive(state.lastWork, state);
  },
};

/** The statement took one of the held ACCESS EXCLUSIVE locks (first, or again). */
function tookExclusive(statement: ParsedStatement, state: TransactionLocks): boolean {
  return statementLocks(statement).some((l) => l.mode === 'AccessExclusiveLock' && state.heldOn(l.name, 'exclusive') !== undefined);
}

/**
 * Another ALTER TABLE of a locked table is multiple-alter-table's finding, and a write-blocking
 * lock on a further table is wide-lock-window's: one report per statement is enough.
 */
function leftToOtherRules(context: StatementContext, state: TransactionLocks): boolean {
  const altered = relationName(asKind<AlterTableStmt>(context.statement, 'AlterTableStmt')?.relation);
  if (altered && state.heldOn(altered, 'exclusive')) return true;
  return ownStrongLocks(context).some((l) => !state.heldOn(l.name, 'exclusive'));
}
