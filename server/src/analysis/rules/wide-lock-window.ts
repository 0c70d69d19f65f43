import type { TransactionStmt } from 'libpg-query';
import { asKind, sameRelation, type QualifiedName } from '../ast';
import { lockLabel, strength, strongest, type LockMode } from '../locks/locks';
import { statementLocks, type StatementLock } from '../locks/statementLocks';
import type { ParsedStatement } from '../parse/parseDocument';
import { sectionAt } from '../project/lintContext';
import { lineOf, listOf, lockPhrase, quoted, transactionOrigin } from './helpers';
import type { FileContext, Rule, StatementContext } from './types';
import { CREATED_BEFORE, WITHOUT_MIGRATION, type FactQuery } from '../facts/fileFacts';

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
    const mine = ownStrongLocks(context);
    if (mine.length === 0) return [];
    // Asked first, so a statement that widens no window depends on that answer alone.
    if (!context.ask(WIDENS_WINDOW, mine)) return [];
    const state = transactionLocks(context);
    const held = state.strong;
    if (held.length === 0) return [];
    const added = mine.filter((l) => !state.heldOn(l.name, 'strong'));
    if (added.length === 0) return [];
    const first = added[0];
    const others = added.slice(1);
    const holding = shortList(held, (h) => `${lockLabel(h.lock.mode)} on ${quoted(h.lock.name)} (line ${lineOf(context, h.statement)})`);
    return [
      {
        message: `While the transaction still holds ${holding}, this statement ${lockPhrase(first.mode, first.name)}${others.length > 0 ? ` (and on ${shortList(others, (l) => quoted(l.name))})` : ''}. ${capitalized(originOf(context, state))}, so all of these tables stay blocked together until COMMIT. Change one table per transaction.`,
      },
    ];
  },
};

/** Locks that block writes (SHARE and stronger) on tables that existed before this file. */
export function strongLocks(context: StatementContext, statement: ParsedStatement): StatementLock[] {
  return locksOf(statement).filter((l) => blocksWrites(l.mode) && !isNewAt(context.file, l.name, statement.index));
}

/** Whether the transaction already holds a write-blocking lock and the statement adds one on a table it does not hold. */
const WIDENS_WINDOW: FactQuery<readonly StatementLock[], boolean> = {
  id: 'widensWindow',
  prefixOnly: WITHOUT_MIGRATION,
  answer(file, index, mine) {
    const state = transactionLocksAt(file, index);
    return state.strong.length > 0 && mine.some((l) => !state.heldOn(l.name, 'strong'));
  },
};

/** strongLocks of the statement being checked, asking which tables are new instead of reading the file. */
export function ownStrongLocks(context: StatementContext): StatementLock[] {
  return locksOf(context.statement).filter((l) => blocksWrites(l.mode) && !context.ask(CREATED_BEFORE, l.name));
}

/** `a, b and c`, or `a, b, c and 7 more` for long lists, so messages stay readable. */
export function shortList<T>(items: readonly T[], format: (item: T) => string, limit = 3): string {
  if (items.length <= limit + 1) return listOf(items.map(format));
  return `${items.slice(0, limit).map(format).join(', ')} and ${items.length - limit} more`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function blocksWrites(mode: LockMode): boolean {
  return strength(mode) >= strength('ShareLock');
}

export interface HeldLock {
  lock: StatementLock;
  statement: ParsedStatement;
}

/** What the transaction holds before a statement, built from the statement before it. */
export interface TransactionLocks {
  /** Write-blocking locks, one per table, strongest mode, with the statement that took it. */
  strong: readonly HeldLock[];
  /** ACCESS EXCLUSIVE locks, one per table, with the first statement that took it. */
  exclusive: readonly HeldLock[];
  /** The last earlier statement in the transaction other than SET, SHOW and transaction control. */
  lastWork?: ParsedStatement;
  /** The BEGIN or START TRANSACTION written in the file that opened the transaction, if one did. */
  openedBy?: ParsedStatement;
  /** The held lock on `name` in `strong` or `exclusive`, found without scanning the lists. */
  heldOn(name: QualifiedName, kind: 'strong' | 'exclusive'): HeldLock | undefined;
}

/** Statements that do no work on tables. */
export const NO_WORK = new Set(['TransactionStmt', 'VariableSetStmt', 'VariableShowStmt']);

interface Accumulator {
  /** The statement index the state is before. */
  index: number;
  state: TransactionLocks & { strong: HeldLock[]; exclusive: HeldLock[] };
  /** Positions in `strong` and `exclusive` by bare table name, for linear-time updates. */
  strongAt: Map<string, number[]>;
  exclusiveAt: Map<string, number[]>;
}

const accumulators = new WeakMap<FileContext, Accumulator>();

function fresh(index: number): Accumulator {
  const strongAt = new Map<string, number[]>();
  const exclusiveAt = new Map<string, number[]>();
  const strong: HeldLock[] = [];
  const exclusive: HeldLock[] = [];
  const heldOn = (name: QualifiedName, kind: 'strong' | 'exclusive'): HeldLock | undefined => {
    const list = kind === 'strong' ? strong : exclusive;
    const at = positionOf(kind === 'strong' ? strongAt : exclusiveAt, list, name);
    return at === undefined ? undefined : list[at];
  };
  return { index, state: { strong, exclusive, heldOn }, strongAt, exclusiveAt };
}

/**
 * The locks held by the transaction the statement runs in, from the statements before it in that
 * transaction (the ones sameTransactionBefore lists). Rules see statements in file order, so the
 * state is carried forward one statement at a time and only the latest is kept: files with
 * thousands of statements in one transaction stay linear. Read the result before the next statement.
 */
export function transactionLocks(context: StatementContext): TransactionLocks {
  return transactionLocksAt(context.file, context.statement.index);
}

/** transactionLocks for the statement at `target` of `file`. */
export function transactionLocksAt(file: FileContext, target: number): TransactionLocks {
  let acc = accumulators.get(file);
  if (!acc || acc.index > target) accumulators.set(file, (acc = fresh(0)));
  while (acc.index < target) {
    const i = acc.index + 1;
    const earlier = file.document.statements[i - 1];
    if (continuesTransaction(file, i)) {
      if (opensTransaction(earlier) && !acc.state.openedBy) acc.state.openedBy = earlier;
      add(file, acc, earlier);
    } else {
      Object.assign(acc, fresh(i));
      if (opensTransaction(earlier) && file.transactions[i]?.explicit) acc.state.openedBy = earlier;
    }
    acc.index = i;
  }
  return acc.state;
}

function opensTransaction(statement: ParsedStatement): boolean {
  const kind = asKind<TransactionStmt>(statement, 'TransactionStmt')?.kind;
  return kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START';
}

/** Why the statement runs in a transaction, as transactionOrigin says it, without walking back to the BEGIN. */
export function originOf(context: StatementContext, state: TransactionLocks): string {
  return context.transaction.explicit && state.openedBy ? `it runs inside the transaction opened on line ${lineOf(context, state.openedBy)}` : transactionOrigin(context);
}

/** Statement `i` runs in the same transaction as statement `i - 1`, by sameTransactionBefore's rules. */
function continuesTransaction(file: FileContext, i: number): boolean {
  const statements = file.document.statements;
  if (!file.transactions[i]?.inTransaction) return false;
  const earlier = statements[i - 1];
  const migration = file.migration;
  // Up and down sections of one file never run together.
  if (migration && sectionAt(migration, earlier.range.start) !== sectionAt(migration, statements[i].range.start)) return false;
  const kind = asKind<TransactionStmt>(earlier, 'TransactionStmt')?.kind;
  if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE') return false;
  const opens = kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START';
  // A BEGIN opens the transaction unless the envelope already had; any other statement outside a
  // transaction ran on its own.
  return opens ? file.transactions[i - 1]?.envelope === true : file.transactions[i - 1]?.inTransaction === true;
}

function add(file: FileContext, acc: Accumulator, statement: ParsedStatement): void {
  if (NO_WORK.has(statement.kind)) return;
  const { state } = acc;
  for (const lock of locksOf(statement)) {
    if (!blocksWrites(lock.mode) || isNewAt(file, lock.name, statement.index)) continue;
    const at = positionOf(acc.strongAt, state.strong, lock.name);
    if (at === undefined) push(acc.strongAt, state.strong, { lock, statement });
    // Name the statement that took the strongest lock on the table.
    else if (strongest([state.strong[at].lock.mode, lock.mode]) !== state.strong[at].lock.mode) state.strong[at] = { lock, statement };
    if (lock.mode === 'AccessExclusiveLock' && positionOf(acc.exclusiveAt, state.exclusive, lock.name) === undefined) push(acc.exclusiveAt, state.exclusive, { lock, statement });
  }
  state.lastWork = statement;
}

function positionOf(positions: Map<string, number[]>, list: HeldLock[], name: QualifiedName): number | undefined {
  return positions.get(name.name)?.find((k) => sameRelation(list[k].lock.name, name));
}

function push(positions: Map<string, number[]>, list: HeldLock[], held: HeldLock): void {
  positions.set(held.lock.name.name, [...(positions.get(held.lock.name.name) ?? []), list.length]);
  list.push(held);
}

/** statementLocks remembers its result per parse node. */
function locksOf(statement: ParsedStatement): readonly StatementLock[] {
  return statementLocks(statement);
}

/** Created by CREATE TABLE earlier in the file than `index`. */
function isNewAt(file: FileContext, name: QualifiedName, index: number): boolean {
  return file.createdTables.some((t) => t.index < index && sameRelation(t.name, name));
}
