/**
 * Recipes 1 and 2: CREATE INDEX → CREATE INDEX CONCURRENTLY IF NOT EXISTS, DROP INDEX → DROP INDEX
 * CONCURRENTLY IF EXISTS, each taken out of the transaction the way the tool allows.
 */
import type { DropStmt, IndexStmt } from 'libpg-query';
import type { ParsedStatement } from '../../parse/parseDocument';
import type { Fix, StatementContext } from '../../rules/types';
import { quoteIdent, relationText, schemaPrefix } from '../sql';
import { outsideTransactionFix } from '../transaction';

/** `CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON …` with CONCURRENTLY and IF NOT EXISTS added, or undefined. */
export function concurrentCreateIndexSql(statement: ParsedStatement, index: IndexStmt): string | undefined {
  const head = /^CREATE\s+(?:UNIQUE\s+)?INDEX\b/i.exec(statement.text);
  if (!head) return undefined;
  const rest = statement.text.slice(head[0].length);
  const ifNotExists = index.idxname && !index.if_not_exists ? ' IF NOT EXISTS' : '';
  return `${head[0]} CONCURRENTLY${ifNotExists}${rest}`;
}

export function createIndexConcurrentlyFix(context: StatementContext, index: IndexStmt): Fix | undefined {
  const sql = concurrentCreateIndexSql(context.statement, index);
  if (!sql) return undefined;
  const table = relationText(context.statement, index.relation);
  const name = index.idxname ? `${schemaPrefix(table)}${quoteIdent(index.idxname)}` : undefined;
  const comment = [
    `Built concurrently: reads and writes on ${table} continue while the index is built.`,
    ...(name ? [`If the build fails it leaves an invalid index behind: run DROP INDEX CONCURRENTLY IF EXISTS ${name}; and then this again.`] : []),
  ];
  return outsideTransactionFix(context, {
    title: 'Build the index with CREATE INDEX CONCURRENTLY IF NOT EXISTS, outside the transaction',
    inPlaceTitle: index.idxname && !index.if_not_exists ? 'Add CONCURRENTLY IF NOT EXISTS' : 'Add CONCURRENTLY',
    sql,
    comment,
    description: `index ${index.idxname ?? index.relation?.relname ?? ''} concurrently`,
    down: name ? `DROP INDEX CONCURRENTLY IF EXISTS ${name};` : undefined,
  });
}

/** `DROP INDEX [IF EXISTS] name` with CONCURRENTLY and IF EXISTS added, or undefined. */
export function concurrentDropIndexSql(statement: ParsedStatement, drop: DropStmt): string | undefined {
  const head = /^DROP\s+INDEX\b/i.exec(statement.text);
  if (!head) return undefined;
  const ifExists = drop.missing_ok ? '' : ' IF EXISTS';
  return `${head[0]} CONCURRENTLY${ifExists}${statement.text.slice(head[0].length)}`;
}

export function dropIndexConcurrentlyFix(context: StatementContext, drop: DropStmt, indexName?: string): Fix | undefined {
  const sql = concurrentDropIndexSql(context.statement, drop);
  if (!sql) return undefined;
  return outsideTransactionFix(context, {
    title: 'Drop the index with DROP INDEX CONCURRENTLY IF EXISTS, outside the transaction',
    inPlaceTitle: drop.missing_ok ? 'Add CONCURRENTLY' : 'Add CONCURRENTLY IF EXISTS',
    sql,
    comment: ['Dropped concurrently: waits for running queries on the table without blocking new ones.'],
    description: `drop index ${indexName ?? ''} concurrently`,
    down: '-- Recreate the index here (CREATE INDEX CONCURRENTLY …) to undo the drop.',
  });
}
