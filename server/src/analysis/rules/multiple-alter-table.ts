import type { AlterTableStmt } from 'libpg-query';
import { asKind, relationName, sameRelation, type QualifiedName } from '../ast';
import { alterTableCmdLock, statementLocks } from '../locks/statementLocks';
import type { ParsedDocument, ParsedStatement } from '../parse/parseDocument';
import { sectionAt } from '../project/lintContext';
import { alterTableCommands, deleteStatement, lineOf, lockPhrase, quoted, type AlterCommand } from './helpers';
import type { FileContext, Fix, Rule, StatementContext, TextEdit } from './types';
import { WITHOUT_MIGRATION, type FactQuery } from '../facts/fileFacts';

export const multipleAlterTable: Rule = {
  meta: {
    id: 'multiple-alter-table',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'Several ALTER TABLE statements in a row on the same existing table each wait for and take an ACCESS EXCLUSIVE lock; one statement with several actions takes it once.',
    docs: {
      badExample: 'ALTER TABLE warehouses ADD COLUMN region text;\nALTER TABLE warehouses ADD COLUMN timezone text;',
      goodExample: 'ALTER TABLE warehouses\n  ADD COLUMN region text,\n  ADD COLUMN timezone text;',
      why: 'Every ALTER TABLE that takes an ACCESS EXCLUSIVE lock must first wait until every running query on the table has finished, and while it waits every new query on the table queues behind it. Two statements mean two such waits (outside a transaction, two separate outages), and an action that scans or rewrites the table does it once per statement, where one ALTER TABLE with several comma-separated actions waits once and scans or rewrites at most once.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Combine the actions into one ALTER TABLE statement, separated by commas.',
      squawkDifference: 'Squawk has no such rule. Unlike Eugene and the Postgres Language Server, Safeshift does not flag ALTERs of tables created earlier in the same file, ALTERs separated by a statement that uses the table (an UPDATE backfill, a VALIDATE CONSTRAINT, an index build) or by a transaction boundary, or actions that take weaker locks (VALIDATE, SET STATISTICS, ATTACH PARTITION).',
    },
  },
  check(context) {
    const current = exclusiveAlter(context.statement);
    if (!current || context.isNewTable(current.table)) return [];
    // Asked first, so a statement with no such earlier ALTER depends on that answer alone.
    if (!context.ask(FOLLOWS_EXCLUSIVE_ALTER, current.table)) return [];
    const earlier = previousExclusiveAlter(context, current.table);
    if (!earlier) return [];
    return [
      {
        message: `This ALTER TABLE waits for the lock on ${quoted(current.table)} a second time after the one on line ${lineOf(context, earlier.statement)}, and queries queue behind each wait: it ${lockPhrase('AccessExclusiveLock', current.table)}. Combine the actions into one ALTER TABLE statement, separated by commas.`,
        fixes: mergeFix(context, earlier.statement),
      },
    ];
  },
};

/** The table of an ALTER TABLE (not INDEX, VIEW…) whose actions take an ACCESS EXCLUSIVE lock. */
function exclusiveAlter(statement: ParsedStatement): { stmt: AlterTableStmt; table: QualifiedName } | undefined {
  const stmt = asKind<AlterTableStmt>(statement, 'AlterTableStmt');
  const table = relationName(stmt?.relation);
  if (!stmt || !table || (stmt.objtype !== undefined && stmt.objtype !== 'OBJECT_TABLE')) return undefined;
  const commands = alterTableCommands(statement);
  if (commands.length === 0 || !commands.some((c) => alterTableCmdLock(c.cmd).mode === 'AccessExclusiveLock')) return undefined;
  return { stmt, table };
}

/**
 * The nearest earlier ALTER TABLE of `table` taking ACCESS EXCLUSIVE, when nothing between them
 * uses the table and they run in the same transaction scope: a statement in between that locks
 * the table (a backfill, a VALIDATE) may need the first ALTER done and the second not yet.
 */
function previousExclusiveAlter(context: StatementContext, table: QualifiedName): { statement: ParsedStatement } | undefined {
  return previousExclusiveAlterIn(context.file, context.statement.index, table);
}

/** Whether previousExclusiveAlter finds an earlier ALTER TABLE for the statement. */
const FOLLOWS_EXCLUSIVE_ALTER: FactQuery<QualifiedName, boolean> = {
  id: 'followsExclusiveAlter',
  prefixOnly: WITHOUT_MIGRATION,
  answer: (file, index, table) => previousExclusiveAlterIn(file, index, table) !== undefined,
};

function previousExclusiveAlterIn(file: FileContext, current: number, table: QualifiedName): { statement: ParsedStatement } | undefined {
  const { document, migration } = file;
  const index = touchIndex(document);
  const touches = index.byTable.get(table.name) ?? [];
  for (let k = lastBefore(touches, current); k >= 0; k--) {
    if (!sameRelation(touches[k].name, table)) continue;
    const earlier = document.statements[touches[k].index];
    if (index.boundariesBefore[current] > index.boundariesBefore[earlier.index + 1]) return undefined;
    if (migration && sectionAt(migration, earlier.range.start) !== sectionAt(migration, document.statements[current].range.start)) return undefined;
    const alter = exclusiveAlter(earlier);
    return alter && sameRelation(alter.table, table) ? { statement: earlier } : undefined;
  }
  return undefined;
}

interface TouchIndex {
  /** By bare table name, in file order: the statements that lock a table of that name. */
  byTable: Map<string, Array<{ index: number; name: QualifiedName }>>;
  /** How many transaction-control statements come before each statement index. */
  boundariesBefore: number[];
}

const touchCache = new WeakMap<ParsedDocument, TouchIndex>();

/** Built once per document, so files with thousands of ALTERs stay linear. */
function touchIndex(document: ParsedDocument): TouchIndex {
  let index = touchCache.get(document);
  if (index) return index;
  index = { byTable: new Map(), boundariesBefore: [0] };
  for (const statement of document.statements) {
    for (const lock of statementLocks(statement)) {
      const list = index.byTable.get(lock.name.name) ?? [];
      if (list[list.length - 1]?.index !== statement.index || !sameRelation(list[list.length - 1].name, lock.name)) list.push({ index: statement.index, name: lock.name });
      index.byTable.set(lock.name.name, list);
    }
    index.boundariesBefore.push(index.boundariesBefore[index.boundariesBefore.length - 1] + (statement.kind === 'TransactionStmt' ? 1 : 0));
  }
  touchCache.set(document, index);
  return index;
}

/** Position of the last entry before statement `index` (binary search; entries are in file order). */
function lastBefore(entries: Array<{ index: number }>, index: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (entries[mid].index < index) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/**
 * Moves this statement's actions into the directly preceding ALTER TABLE of the same table, when
 * both are written the same way up to their actions and neither holds an action that must stand
 * alone (ATTACH or DETACH PARTITION).
 */
function mergeFix(context: StatementContext, earlier: ParsedStatement): Fix[] {
  const count = context.previous.length;
  if (context.previous[count - 1] !== earlier) return [];
  // When the earlier statement merges into the one before it, offer this merge once that is done:
  // both edits would touch the earlier statement.
  const before = count > 1 ? exclusiveAlter(context.previous[count - 2]) : undefined;
  const table = relationName(asKind<AlterTableStmt>(earlier, 'AlterTableStmt')?.relation);
  if (before && table && sameRelation(before.table, table)) return [];
  const mine = alterTableCommands(context.statement);
  const theirs = alterTableCommands(earlier);
  if (!mergeable(mine) || !mergeable(theirs)) return [];
  // Deleting the statement would leave its ignore comments to apply to the next one.
  if (context.statement.leadingComments.some((c) => /-ignore\b/.test(c.text))) return [];
  if (header(context.statement, mine) !== header(earlier, theirs)) return [];
  const text = context.file.document.text;
  const actions = text.slice(mine[0].range.start, mine[mine.length - 1].range.end);
  const append: TextEdit = { range: { start: theirs[theirs.length - 1].range.end, end: theirs[theirs.length - 1].range.end }, newText: `,\n  ${actions}` };
  return [{ title: `Merge into the ALTER TABLE on line ${lineOf(context, earlier)}`, preferred: true, edits: [append, deleteStatement(context.file.document, context.statement)] }];
}

function mergeable(commands: AlterCommand[]): boolean {
  return commands.length > 0 && commands.every((c) => c.located && c.cmd.subtype !== 'AT_AttachPartition' && c.cmd.subtype !== 'AT_DetachPartition' && c.cmd.subtype !== 'AT_DetachPartitionFinalize');
}

/** `ALTER TABLE IF EXISTS ONLY public.t`, normalised, so ONLY and IF EXISTS must agree. */
function header(statement: ParsedStatement, commands: AlterCommand[]): string {
  return statement.text
    .slice(0, commands[0].range.start - statement.range.start)
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
