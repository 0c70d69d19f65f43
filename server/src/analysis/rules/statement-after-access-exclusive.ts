import type { AlterTableStmt } from 'libpg-query';
import { asKind, relationName, sameRelation, type QualifiedName } from '../ast';
import { statementLocks } from '../locks/statementLocks';
import type { ParsedStatement } from '../parse/parseDocument';
import { lineOf, listOf, quoted, sameTransactionBefore, transactionOrigin } from './helpers';
import { strongLocks } from './wide-lock-window';
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
    if (IGNORED.has(statement.kind)) return [];
    const peers = sameTransactionBefore(context).filter((s) => !IGNORED.has(s.kind));
    if (peers.length === 0) return [];
    // Report once per strong-lock statement: on the first statement that follows it.
    const latest = peers[peers.length - 1];
    if (exclusiveLocks(context, latest).length === 0) return [];
    const held = peers.flatMap((s) => exclusiveLocks(context, s).map((name) => ({ name, statement: s })));
    const unique = held.filter((h, i) => held.findIndex((o) => sameRelation(o.name, h.name)) === i);
    if (leftToOtherRules(context, unique.map((h) => h.name))) return [];
    const tables = listOf(unique.map((h) => `${quoted(h.name)} (line ${lineOf(context, h.statement)})`));
    return [
      {
        message: `This statement runs while the transaction still holds the ACCESS EXCLUSIVE lock on ${tables}, which blocks all reads and writes until COMMIT; ${transactionOrigin(context)}, so ${unique.length > 1 ? 'those tables stay' : 'the table stays'} blocked for as long as this and every later statement runs. Put the strong-lock statement last in its transaction, or commit right after it.`,
      },
    ];
  },
};

/** Statements that do no work on tables. */
const IGNORED = new Set(['TransactionStmt', 'VariableSetStmt', 'VariableShowStmt']);

function exclusiveLocks(context: StatementContext, statement: ParsedStatement): QualifiedName[] {
  return statementLocks(statement)
    .filter((l) => l.mode === 'AccessExclusiveLock' && !context.isNewTable(l.name))
    .map((l) => l.name);
}

/**
 * Another ALTER TABLE of a locked table is multiple-alter-table's finding, and a write-blocking
 * lock on a further table is wide-lock-window's: one report per statement is enough.
 */
function leftToOtherRules(context: StatementContext, held: QualifiedName[]): boolean {
  const altered = relationName(asKind<AlterTableStmt>(context.statement, 'AlterTableStmt')?.relation);
  if (altered && held.some((h) => sameRelation(h, altered))) return true;
  return strongLocks(context, context.statement).some((l) => !held.some((h) => sameRelation(h, l.name)));
}
