import type { CreateStmt, IndexStmt } from 'libpg-query';
import { asKind, relationName, type QualifiedName } from '../ast';
import { namedBeforeQuery } from '../facts/fileFacts';
import { lastKeyword, quoted } from './helpers';
import type { Fix, Rule, StatementContext } from './types';

export const concurrentIndexOnPartitionedTable: Rule = {
  meta: {
    id: 'concurrent-index-on-partitioned-table',
    category: 'correctness',
    defaultSeverity: 'error',
    summary: 'CREATE INDEX CONCURRENTLY on a partitioned table fails: build the parent index ON ONLY the parent, each partition\'s index concurrently, and attach them.',
    docs: {
      badExample: 'CREATE TABLE measurements (taken_at timestamptz NOT NULL, value numeric) PARTITION BY RANGE (taken_at);\nCREATE INDEX CONCURRENTLY measurements_taken_at_idx ON measurements (taken_at);',
      goodExample:
        '-- the parent index, invalid until every partition has one (no partition is locked for a build)\nCREATE INDEX measurements_taken_at_idx ON ONLY measurements (taken_at);\n-- per partition, in a migration without a transaction:\nCREATE INDEX CONCURRENTLY measurements_2026_taken_at_idx ON measurements_2026 (taken_at);\nALTER INDEX measurements_taken_at_idx ATTACH PARTITION measurements_2026_taken_at_idx;',
      why: 'PostgreSQL cannot build an index concurrently on a partitioned table: it stops with "cannot create index on partitioned table concurrently" (all versions up to 18), so the migration fails. Dropping CONCURRENTLY makes it run, but then the build takes a SHARE lock on every partition, blocking every write to all of them until the last partition is indexed.',
      lock: 'ShareLock',
      safeAlternative: 'Create the index ON ONLY the parent (instant, left invalid), build each partition\'s index with CREATE INDEX CONCURRENTLY, and ALTER INDEX parent_index ATTACH PARTITION partition_index for each; the parent index becomes valid when all partitions are attached.',
    },
  },
  check(context) {
    const index = asKind<IndexStmt>(context.statement, 'IndexStmt');
    if (!index?.concurrent || index.relation?.inh === false) return [];
    const table = relationName(index.relation);
    if (!table || !createdPartitionedEarlier(context, table)) return [];
    if (!context.pgAtLeast(11)) {
      return [{ message: `CREATE INDEX CONCURRENTLY fails on ${quoted(table)}, which is partitioned (created PARTITION BY earlier in this file): PostgreSQL 10 cannot index a partitioned table at all. Create the index on each partition instead.` }];
    }
    return [
      {
        message: `CREATE INDEX CONCURRENTLY fails on ${quoted(table)}, which is partitioned (created PARTITION BY earlier in this file): PostgreSQL rejects concurrent builds on partitioned tables. For a table that already holds data, create the index ON ONLY ${quoted(table)}, build each partition's index CONCURRENTLY and ATTACH PARTITION it to the parent index.`,
        fixes: removeConcurrently(context, table),
      },
    ];
  },
};

/**
 * The only thing this file knows is that the table was created in it, so it is still empty:
 * a plain CREATE INDEX is then instant.
 */
function removeConcurrently(context: StatementContext, table: QualifiedName): Fix[] {
  const keyword = lastKeyword(context.statement, 'CONCURRENTLY');
  if (!keyword) return [];
  return [{ title: `Remove CONCURRENTLY (${quoted(table)} is new and empty)`, preferred: true, edits: [{ range: keyword.removal, newText: '' }] }];
}

function createdPartitionedEarlier(context: StatementContext, table: QualifiedName): boolean {
  return context.ask(PARTITIONED_BEFORE, table);
}

/** Whether a CREATE TABLE … PARTITION BY of that table comes before the statement. */
const PARTITIONED_BEFORE = namedBeforeQuery('partitionedBefore', (earlier) => {
  const create = asKind<CreateStmt>(earlier, 'CreateStmt');
  const name = relationName(create?.relation);
  return create?.partspec !== undefined && name !== undefined ? [name] : undefined;
});
