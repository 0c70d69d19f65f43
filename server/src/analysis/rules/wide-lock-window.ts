import { sameRelation } from '../ast';
import { lockLabel, strength, strongest, type LockMode } from '../locks/locks';
import { statementLocks, type StatementLock } from '../locks/statementLocks';
import type { ParsedStatement } from '../parse/parseDocument';
import { lineOf, listOf, lockPhrase, quoted, sameTransactionBefore, transactionOrigin } from './helpers';
import type { Rule, StatementContext } from './types';

export const wideLockWindow: Rule = {
  meta: {
    id: 'wide-lock-window',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'One transaction takes write-blocking locks on several existing tables and holds them all until COMMIT.',
    docs: {
      badExample: 'BEGIN;\nALTER TABLE warehouses ADD COLUMN region text;\nALTER TABLE stock ADD COLUMN region text;\nCOMMIT;',
      goodExample: '-- one table per transaction (or per migration file)\nALTER TABLE warehouses ADD COLUMN region text;\n-- next migration\nALTER TABLE stock ADD COLUMN region text;',
      why: 'Locks are released only at COMMIT. Once a transaction holds a lock that blocks writes (SHARE or stronger) on one table, every later statement that locks another table first waits for that table\'s running queries, and meanwhile the first table stays blocked and its queue grows. Each extra table widens the outage, and two migrations or a migration and the application that lock the same tables in a different order can deadlock.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Change one table per transaction: commit (or end the migration) after the statements on one table, and alter the next table in a new transaction.',
      squawkDifference: 'Squawk has no such rule. Like the Postgres Language Server\'s warnWideLockWindow, but Safeshift counts every lock that blocks writes (SHARE and stronger, so also CREATE INDEX, CREATE TRIGGER and foreign keys), not only ACCESS EXCLUSIVE, and skips tables created earlier in the file.',
    },
  },
  check(context) {
    const mine = strongLocks(context, context.statement);
    if (mine.length === 0) return [];
    const held = heldStrongLocks(context);
    if (held.length === 0) return [];
    const added = mine.filter((l) => !held.some((h) => sameRelation(h.lock.name, l.name)));
    if (added.length === 0) return [];
    const first = added[0];
    const others = added.slice(1).map((l) => quoted(l.name));
    const holding = listOf(held.map((h) => `${lockLabel(h.lock.mode)} on ${quoted(h.lock.name)} (line ${lineOf(context, h.statement)})`));
    return [
      {
        message: `While the transaction still holds ${holding}, this statement ${lockPhrase(first.mode, first.name)}${others.length > 0 ? ` (and on ${listOf(others)})` : ''}. ${capitalized(transactionOrigin(context))}, so all of these tables stay blocked together until COMMIT. Change one table per transaction.`,
      },
    ];
  },
};

/** Locks that block writes (SHARE and stronger) on tables that existed before this file. */
export function strongLocks(context: StatementContext, statement: ParsedStatement): StatementLock[] {
  return statementLocks(statement).filter((l) => blocksWrites(l.mode) && !context.isNewTable(l.name));
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function blocksWrites(mode: LockMode): boolean {
  return strength(mode) >= strength('ShareLock');
}

/** The write-blocking locks the transaction holds before this statement, one per table, strongest mode. */
function heldStrongLocks(context: StatementContext): Array<{ lock: StatementLock; statement: ParsedStatement }> {
  const held: Array<{ lock: StatementLock; statement: ParsedStatement }> = [];
  for (const statement of sameTransactionBefore(context)) {
    for (const lock of strongLocks(context, statement)) {
      const known = held.find((h) => sameRelation(h.lock.name, lock.name));
      if (!known) held.push({ lock, statement });
      // Name the statement that took the strongest lock on the table.
      else if (strongest([known.lock.mode, lock.mode]) !== known.lock.mode) Object.assign(known, { lock, statement });
    }
  }
  return held;
}

