import type { IndexStmt } from 'libpg-query';
import { asKind, relationName } from '../ast';
import { insertAfter, lockPhrase } from './helpers';
import type { Fix, Rule } from './types';
import { createIndexConcurrentlyFix } from '../fixes/recipes/concurrentIndex';

export const requireConcurrentIndexCreation: Rule = {
  meta: {
    id: 'require-concurrent-index-creation',
    category: 'locking',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'CREATE INDEX without CONCURRENTLY blocks writes to the table while the index is built.',
    docs: {
      badExample: 'CREATE INDEX warehouses_city_idx ON warehouses (city);',
      goodExample: '-- in a migration that does not run in a transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS warehouses_city_idx ON warehouses (city);',
      why: 'A plain CREATE INDEX holds a SHARE lock on the table for the whole build, so every INSERT, UPDATE and DELETE waits until the index is finished: minutes on a large table.',
      lock: 'ShareLock',
      safeAlternative: 'Build it with CREATE INDEX CONCURRENTLY, outside a transaction block; it takes a SHARE UPDATE EXCLUSIVE lock that lets reads and writes continue.',
      squawkDifference:
        'Squawk also flags CREATE INDEX … ON ONLY, the first step of indexing a partitioned table, where PostgreSQL rejects CONCURRENTLY and which builds nothing (the per-partition indexes are built concurrently and attached); Safeshift does not. Tables created earlier in the file are exempt whether or not the file runs in a transaction.',
    },
  },
  check(context) {
    const { statement, isNewTable, transaction } = context;
    const index = asKind<IndexStmt>(statement, 'IndexStmt');
    // `ON ONLY` (relation.inh not set) indexes a partitioned parent alone: nothing is built, and
    // CONCURRENTLY is not allowed there.
    if (!index || index.concurrent || index.relation?.inh !== true) return [];
    const table = relationName(index.relation);
    if (isNewTable(table)) return [];
    const edit = insertAfter(statement, /^CREATE\s+(?:UNIQUE\s+)?INDEX\b/i, ' CONCURRENTLY');
    // Preferred: the rewrite that also takes the statement out of the transaction (recipe 1).
    const rewrite = createIndexConcurrentlyFix(context, index);
    const fixes: Fix[] = rewrite ? [rewrite] : [];
    if (edit && (!rewrite || transaction.inTransaction)) {
      fixes.push({ title: transaction.inTransaction ? 'Add CONCURRENTLY (the migration must then run outside a transaction)' : 'Add CONCURRENTLY', edits: [edit], preferred: !rewrite && !transaction.inTransaction });
    }
    return [
      {
        message: `CREATE INDEX ${lockPhrase('ShareLock', table)} until the index is built. Use CREATE INDEX CONCURRENTLY.`,
        fixes,
      },
    ];
  },
};
