/**
 * Recipe 15: `DETACH PARTITION`, `REINDEX` and `REFRESH MATERIALIZED VIEW` → their CONCURRENTLY
 * forms, taken out of the transaction the way the detected tool allows (H4's
 * outsideTransactionFix: mark the migration when the statement is alone in it, otherwise a
 * migration of its own). Each form only where PostgreSQL accepts it.
 */
import type { IndexStmt, IndexElem } from 'libpg-query';
import { asKind, nodeOfKind, relationName, sameRelation, type QualifiedName } from '../../ast';
import type { Fix, StatementContext, TextEdit } from '../../rules/types';
import { findRelation, findTable } from '../../schema/lookup';
import { outsideTransactionFix } from '../transaction';
import { catalogOf, inUpSection } from './statementFacts';

/** The statement's text with an insertion (such as ` CONCURRENTLY`) applied. */
export function rewrittenText(context: StatementContext, edit: TextEdit): string {
  const { statement } = context;
  const at = edit.range.start - statement.range.start;
  const end = edit.range.end - statement.range.start;
  return statement.text.slice(0, at) + edit.newText + statement.text.slice(end);
}

type Form = 'reindex' | 'detach' | 'refresh';

const COMMENTS: Record<Form, string[]> = {
  reindex: ['REINDEX … CONCURRENTLY builds the new index next to the old one and swaps them: writes and reads go on.', 'It cannot run inside a transaction block.'],
  detach: ['DETACH PARTITION … CONCURRENTLY takes only a SHARE UPDATE EXCLUSIVE lock on the partitioned table.', 'It cannot run inside a transaction block.'],
  refresh: ['REFRESH … CONCURRENTLY computes the new rows beside the old ones and lets reads of the view continue.', 'It needs the unique index on the view and cannot run inside a transaction block here.'],
};

/** The preferred fix: the CONCURRENTLY form, outside the transaction. */
export function concurrentFormFix(context: StatementContext, form: Form, edit: TextEdit, description: string): Fix | undefined {
  if (!inUpSection(context)) return undefined;
  return outsideTransactionFix(context, {
    title: `Use the CONCURRENTLY form outside a transaction`,
    sql: rewrittenText(context, edit),
    comment: COMMENTS[form],
    description,
  });
}

/** True when the parent's partitions (as the schema knows them) include a DEFAULT partition, which forbids DETACH … CONCURRENTLY. */
export function hasDefaultPartition(context: StatementContext, parent: QualifiedName | undefined): boolean {
  const catalog = catalogOf(context);
  const table = catalog && parent ? findTable(catalog, parent) : undefined;
  return (table?.partitions ?? []).some((key) => catalog?.tables.get(key)?.partitionOf?.bound.trim().toUpperCase() === 'DEFAULT');
}

/**
 * True when the materialized view has a unique index usable by REFRESH … CONCURRENTLY (plain
 * columns, no WHERE): from the schema, or created earlier in this file.
 */
export function hasUsableUniqueIndex(context: StatementContext, view: QualifiedName): boolean {
  const catalog = catalogOf(context);
  const key = catalog ? findRelation(catalog, view)?.key : undefined;
  if (catalog && key) {
    for (const index of catalog.indexes.values()) {
      if (index.table === key && index.unique && !index.predicate && index.keys.every((k) => k.column !== undefined)) return true;
    }
  }
  return context.previous.some((statement) => {
    const index = asKind<IndexStmt>(statement, 'IndexStmt');
    const on = relationName(index?.relation);
    if (!index?.unique || index.whereClause || !on || !sameRelation(on, view)) return false;
    return (index.indexParams ?? []).every((p) => nodeOfKind<IndexElem>(p, 'IndexElem')?.name !== undefined);
  });
}
