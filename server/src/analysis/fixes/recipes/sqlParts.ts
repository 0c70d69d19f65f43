/**
 * SQL pieces shared by H5's recipes (10–12, 14–18): how a recipe names the table it works on, and
 * the batched backfill loop. Identifiers arrive written the way the user wrote them.
 */
import { displayName, quoteIdent, type QualifiedName } from '../../ast';
import type { ParsedStatement } from '../../parse/parseDocument';
import type { RangeVar } from 'libpg-query';
import { literal, relationText, schemaPrefix } from '../sql';

/** A table as a recipe writes it. */
export interface TableRef {
  /** As the user wrote it: `app."Orders"`. */
  sql: string;
  /** The bare name, for names of objects the recipe creates: `Orders`. */
  name: string;
  /** `app.` or empty, to put a created function next to the table. */
  schemaPrefix: string;
}

export function tableRef(statement: ParsedStatement, relation: RangeVar | undefined, fallback: QualifiedName): TableRef {
  const sql = relationText(statement, relation, fallback);
  return { sql, name: relation?.relname ?? fallback.name, schemaPrefix: schemaPrefix(sql) };
}

/** A table known only by name (tests, the catalog). */
export function tableRefOf(name: QualifiedName): TableRef {
  const sql = displayName(name);
  return { sql, name: name.name, schemaPrefix: name.schema ? `${quoteIdent(name.schema)}.` : '' };
}

/** A column name as SQL: `town`, `"Town"`. */
export function column(name: string): string {
  return quoteIdent(name);
}

/** How many pages one backfill batch covers: 1,000 pages of 8 kB is about 8 MB of table per commit. */
export const BATCH_PAGES = 1000;

export interface BatchedStatement {
  table: TableRef;
  /**
   * The UPDATE or DELETE of one batch. `{batch}` is replaced with the condition that limits it to
   * one range of pages (a TID range scan from PostgreSQL 14, so each batch reads only its pages).
   */
  statement: string;
  /** How the statement names the table's ctid: `ctid`, or `o.ctid` when it joins other tables. */
  ctid?: string;
}

/**
 * A DO block that runs `statement` over the table one range of pages at a time and commits after
 * each range, so every batch holds its row locks only briefly and no lock waits for the whole
 * backfill. The pages are counted when the block starts: rows written later are not its business.
 * It must run outside a transaction block, alone in its string: PostgreSQL refuses COMMIT inside a
 * DO block that runs in a transaction block, and a multi-statement string is one. With
 * `commit: false` (tools that always wrap a migration in a transaction) it runs as one transaction.
 * With `partitions` (the default; needs PostgreSQL 12's pg_partition_tree) a partitioned table
 * counts the pages of its largest partition, since the ctid condition applies to each partition.
 */
export function batchedDoBlock(batched: BatchedStatement, options: { commit?: boolean; partitions?: boolean } = {}): string {
  const ctid = batched.ctid ?? 'ctid';
  const range = `${ctid} >= format('(%s,0)', first_page)::tid AND ${ctid} < format('(%s,0)', first_page + batch_pages)::tid`;
  // The statement may hold $$ itself; the block's quote must differ.
  const quote = batched.statement.includes('$$') ? '$backfill$' : '$$';
  const body = batched.statement
    .replace('{batch}', range)
    .split('\n')
    .map((line) => `    ${line}`);
  return [
    `DO ${quote}`,
    'DECLARE',
    ...lastPage(batched.table, options.partitions ?? true),
    `  batch_pages constant integer := ${BATCH_PAGES};`,
    'BEGIN',
    '  FOR first_page IN 0..last_page BY batch_pages LOOP',
    ...body,
    ...(options.commit ?? true ? ['    COMMIT;'] : []),
    '  END LOOP;',
    'END',
    `${quote};`,
  ].join('\n');
}

function lastPage(table: TableRef, partitions: boolean): string[] {
  const name = literal(table.sql);
  if (!partitions) return [`  last_page constant integer := pg_relation_size(${name}) / current_setting('block_size')::integer;`];
  return [
    '  -- For a partitioned table, the pages of its largest partition.',
    `  last_page constant integer := coalesce((SELECT max(pg_relation_size(relid)) FROM pg_partition_tree(${name})), pg_relation_size(${name}))`,
    "    / current_setting('block_size')::integer;",
  ];
}
