import type { ReindexStmt } from 'libpg-query';
import { asKind, nodeOfKind, relationName } from '../ast';
import { insertAfter, lockPhrase, quoted } from './helpers';
import type { Fix, Rule } from './types';
import { concurrentFormFix } from '../fixes/recipes/concurrentForms';

export const requireConcurrentReindex: Rule = {
  meta: {
    id: 'require-concurrent-reindex',
    category: 'locking',
    defaultSeverity: 'warning',
    pgVersions: { min: { major: 12, minor: 0 } },
    squawkCompatible: true,
    summary: 'REINDEX without CONCURRENTLY blocks writes to the table and reads that use the index (PostgreSQL 12+ can reindex concurrently).',
    docs: {
      badExample: 'REINDEX INDEX warehouses_city_idx;',
      goodExample: '-- in a migration that does not run in a transaction\nREINDEX INDEX CONCURRENTLY warehouses_city_idx;',
      why: 'A plain REINDEX takes a SHARE lock on the table, which blocks every INSERT, UPDATE and DELETE for the whole rebuild, and an ACCESS EXCLUSIVE lock on each index it rebuilds, which blocks queries that would use it.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'On PostgreSQL 12 and later use REINDEX … CONCURRENTLY, outside a transaction block; it builds a new index next to the old one and swaps them.',
      squawkDifference: 'Squawk flags this on every version; CONCURRENTLY exists only from PostgreSQL 12, so Safeshift is silent below 12. Safeshift also skips REINDEX TABLE of a table created earlier in the same file.',
    },
  },
  check(context) {
    const { statement, isNewTable, transaction } = context;
    const reindex = asKind<ReindexStmt>(statement, 'ReindexStmt');
    // REINDEX SYSTEM cannot run concurrently.
    if (!reindex || reindex.kind === 'REINDEX_OBJECT_SYSTEM') return [];
    if ((reindex.params ?? []).some((p) => nodeOfKind<{ defname?: string }>(p, 'DefElem')?.defname === 'concurrently')) return [];
    const target = relationName(reindex.relation);
    if (reindex.kind === 'REINDEX_OBJECT_TABLE' && isNewTable(target)) return [];
    const edit = insertAfter(statement, /^REINDEX\s*(?:\([^)]*\)\s*)?(?:INDEX|TABLE|SCHEMA|DATABASE)\b/i, ' CONCURRENTLY');
    const moved = edit && transaction.inTransaction ? concurrentFormFix(context, 'reindex', edit, `reindex ${target?.name ?? ''} concurrently`) : undefined;
    const fixes: Fix[] = moved ? [moved] : edit
      ? [{ title: transaction.inTransaction ? 'Add CONCURRENTLY (the migration must then run outside a transaction)' : 'Add CONCURRENTLY', preferred: !transaction.inTransaction, edits: [edit] }]
      : [];
    const what =
      reindex.kind === 'REINDEX_OBJECT_INDEX'
        ? `REINDEX INDEX ${quoted(target)} takes an ACCESS EXCLUSIVE lock on the index, which blocks every query that would use it, and a SHARE lock on its table, which blocks INSERT, UPDATE and DELETE`
        : reindex.kind === 'REINDEX_OBJECT_TABLE'
          ? `REINDEX TABLE ${lockPhrase('ShareLock', target)}, and an ACCESS EXCLUSIVE lock on each of its indexes`
          : `REINDEX ${reindex.kind === 'REINDEX_OBJECT_SCHEMA' ? 'SCHEMA' : 'DATABASE'} takes a SHARE lock on every table it reindexes (blocks INSERT, UPDATE and DELETE) and an ACCESS EXCLUSIVE lock on each index`;
    return [{ message: `${what}. Use REINDEX … CONCURRENTLY, outside a transaction.`, fixes }];
  },
};
