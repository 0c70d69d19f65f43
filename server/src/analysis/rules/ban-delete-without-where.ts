import type { DeleteStmt, UpdateStmt } from 'libpg-query';
import { relationName, walk, type QualifiedName } from '../ast';
import type { ParsedStatement } from '../parse/parseDocument';
import { lockPhrase, quoted } from './helpers';
import type { Rule, StatementContext } from './types';

export const banDeleteWithoutWhere: Rule = {
  meta: {
    id: 'ban-delete-without-where',
    category: 'data-loss',
    defaultSeverity: 'warning',
    summary: 'DELETE without WHERE removes every row of the table, in one long transaction that locks every row.',
    docs: {
      badExample: 'DELETE FROM stock_movements;',
      goodExample: "-- delete only what the change needs, in batches, outside the DDL transaction\nDELETE FROM stock_movements WHERE created_at < now() - interval '2 years' AND id < 100000;",
      why: 'A DELETE with no WHERE clause removes every row, which is rarely what a migration means and cannot be undone once committed. On a large table it also runs as one long transaction: it locks every row it deletes, so concurrent UPDATE, DELETE and SELECT FOR UPDATE of those rows wait until COMMIT, and it leaves every deleted row as a dead tuple for VACUUM. A DELETE inside a data-modifying WITH counts too.',
      lock: 'RowExclusiveLock',
      safeAlternative: 'Add a WHERE clause that names the rows to delete and delete in batches outside the DDL transaction; if every row really must go, say so with an ignore comment.',
    },
  },
  check(context) {
    return unfilteredDml(context, 'DeleteStmt').map(({ table }) => ({
      message: `DELETE without WHERE removes every row of ${quoted(table)} and locks each one until COMMIT, so concurrent UPDATE, DELETE and SELECT FOR UPDATE of those rows wait; the statement also ${lockPhrase('RowExclusiveLock', table)}. Add a WHERE clause that names the rows to delete, and delete in batches.`,
    }));
  },
};

type DmlKind = 'DeleteStmt' | 'UpdateStmt';

/**
 * The DELETE or UPDATE statements without WHERE in this statement, top level or inside WITH, on
 * tables not created earlier in this file (emptying a scratch table loses nothing).
 */
export function unfilteredDml(context: StatementContext, kind: DmlKind): Array<{ table: QualifiedName | undefined }> {
  const found: Array<{ table: QualifiedName | undefined }> = [];
  const consider = (node: DeleteStmt | UpdateStmt) => {
    if (node.whereClause !== undefined) return;
    const table = relationName(node.relation);
    if (table && context.isNewTable(table)) return;
    found.push({ table });
  };
  forEachDml(context.statement, kind, consider);
  return found;
}

const QUERIES = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

function forEachDml(statement: ParsedStatement, kind: DmlKind, visit: (node: DeleteStmt | UpdateStmt) => void): void {
  if (statement.kind === kind) visit(statement.node as DeleteStmt | UpdateStmt);
  // Nested DML runs only in a data-modifying WITH of a query; rule and function bodies do not run now.
  if (!QUERIES.has(statement.kind)) return;
  walk(statement.node, (childKind, node) => {
    if (childKind === kind) visit(node as DeleteStmt | UpdateStmt);
  });
}

