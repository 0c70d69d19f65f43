import type { DropStmt, IndexStmt } from 'libpg-query';
import { asKind, qualifiedFromList, nodeOfKind, type QualifiedName } from '../ast';
import { insertAfter, listOf, quoted } from './helpers';
import type { Fix, Rule, StatementContext } from './types';
import { namedBeforeQuery } from '../facts/fileFacts';
import { dropIndexConcurrentlyFix } from '../fixes/recipes/concurrentIndex';

export const requireConcurrentIndexDeletion: Rule = {
  meta: {
    id: 'require-concurrent-index-deletion',
    category: 'locking',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'DROP INDEX without CONCURRENTLY locks the index\'s table against all reads and writes until the drop completes.',
    docs: {
      badExample: 'DROP INDEX warehouses_city_idx;',
      goodExample: '-- in a migration that does not run in a transaction\nDROP INDEX CONCURRENTLY IF EXISTS warehouses_city_idx;',
      why: 'A plain DROP INDEX takes an ACCESS EXCLUSIVE lock on the table the index belongs to. The drop itself is quick, but the lock request waits behind every running query on the table, and every query that arrives meanwhile waits behind it.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Use DROP INDEX CONCURRENTLY, one index per statement, outside a transaction block; it waits for running queries without blocking new ones.',
      squawkDifference: 'Safeshift does not flag dropping an index created earlier in the same file (nothing can be using it yet).',
    },
  },
  check(context) {
    const drop = asKind<DropStmt>(context.statement, 'DropStmt');
    if (!drop || drop.removeType !== 'OBJECT_INDEX' || drop.concurrent) return [];
    const names = (drop.objects ?? []).map((o) => qualifiedFromList(nodeOfKind<{ items?: [] }>(o, 'List')?.items)).filter((n): n is QualifiedName => n !== undefined);
    if (names.length > 0 && names.every((name) => createdEarlier(context, name))) return [];
    const described = names.length > 0 ? listOf(names.map(quoted)) : 'the index';
    return [
      {
        message: `DROP INDEX takes an ACCESS EXCLUSIVE lock on the table of ${described}: blocks all reads and writes until the drop completes. Use DROP INDEX CONCURRENTLY.`,
        fixes: concurrentlyFix(context, drop, names),
      },
    ];
  },
};

function createdEarlier(context: StatementContext, name: QualifiedName): boolean {
  return context.ask(INDEX_CREATED_BEFORE, name);
}

/** Whether a CREATE INDEX of that name (in the table's schema) comes before the statement. */
const INDEX_CREATED_BEFORE = namedBeforeQuery('indexCreatedBefore', (earlier) => {
  const stmt = asKind<IndexStmt>(earlier, 'IndexStmt');
  return stmt?.idxname !== undefined ? [{ schema: stmt.relation?.schemaname, name: stmt.idxname }] : undefined;
});

/** CONCURRENTLY drops one index at a time and refuses CASCADE, so the fix is offered only where it applies. */
function concurrentlyFix(context: StatementContext, drop: DropStmt, names: QualifiedName[]): Fix[] {
  if (names.length !== 1 || drop.behavior === 'DROP_CASCADE') return [];
  const edit = insertAfter(context.statement, /^DROP\s+INDEX\b/i, ' CONCURRENTLY');
  if (!edit) return [];
  const inTransaction = context.transaction.inTransaction;
  // Preferred: the rewrite that also takes the statement out of the transaction (recipe 2).
  const rewrite = dropIndexConcurrentlyFix(context, drop, names[0].name);
  const fixes: Fix[] = rewrite ? [rewrite] : [];
  if (!rewrite || inTransaction) fixes.push({ title: inTransaction ? 'Add CONCURRENTLY (the migration must then run outside a transaction)' : 'Add CONCURRENTLY', edits: [edit], preferred: !rewrite && !inTransaction });
  return fixes;
}
