import type { IndexStmt, ReindexStmt } from 'libpg-query';
import { asKind, nodeOfKind, relationName } from '../ast';
import { quoted } from './helpers';
import type { Rule } from './types';

export const indexCorruptionPg14: Rule = {
  meta: {
    id: 'index-corruption-pg14',
    category: 'correctness',
    defaultSeverity: 'warning',
    pgVersions: { min: { major: 14, minor: 0 }, max: { major: 14, minor: 3 } },
    summary: 'On PostgreSQL 14.0 to 14.3, CREATE INDEX CONCURRENTLY and REINDEX CONCURRENTLY can silently build a corrupt index; upgrade to 14.4 or later first.',
    docs: {
      badExample: '-- settings: {"postgresVersion": "14.2"}\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);',
      why: 'A bug in PostgreSQL 14.0 to 14.3 (fixed in 14.4) lets CREATE INDEX CONCURRENTLY and REINDEX CONCURRENTLY miss rows that are updated while the index is being built. The index then silently lacks entries: queries that use it return wrong results, and a unique index can let duplicates in. Nothing fails when the index is built.',
      safeAlternative: 'Upgrade the server to PostgreSQL 14.4 or later before building indexes concurrently; indexes already built concurrently on 14.0 to 14.3 should be checked with amcheck (pg_amcheck --heapallindexed) or rebuilt after the upgrade.',
    },
  },
  check(context) {
    const { major, minor } = context.settings.postgresVersion;
    const version = `${major}.${minor}`;
    const index = asKind<IndexStmt>(context.statement, 'IndexStmt');
    if (index?.concurrent) {
      const table = relationName(index.relation);
      if (context.isNewTable(table)) return [];
      return [{ message: `CREATE INDEX CONCURRENTLY on PostgreSQL ${version} can silently build a corrupt index on ${quoted(table)} when rows change during the build (a bug fixed in 14.4): queries using it may return wrong results. Upgrade to 14.4 or later before building it.` }];
    }
    const reindex = asKind<ReindexStmt>(context.statement, 'ReindexStmt');
    const concurrent = (reindex?.params ?? []).some((p) => nodeOfKind<{ defname?: string }>(p, 'DefElem')?.defname === 'concurrently');
    if (!reindex || !concurrent) return [];
    const target = relationName(reindex.relation);
    if (reindex.kind === 'REINDEX_OBJECT_TABLE' && context.isNewTable(target)) return [];
    return [{ message: `REINDEX CONCURRENTLY on PostgreSQL ${version} can silently build a corrupt index${target ? ` for ${quoted(target)}` : ''} when rows change during the rebuild (a bug fixed in 14.4). Upgrade to 14.4 or later before reindexing concurrently.` }];
  },
};
