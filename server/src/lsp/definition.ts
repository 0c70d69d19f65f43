/**
 * textDocument/definition on a table or column name: the statement the schema model records as
 * the object's origin. For a table or view, the statement that created it; for a column, the one
 * that last set its type (CREATE TABLE or ADD COLUMN, or a later ALTER COLUMN ... TYPE), because
 * that is where the type the hover shows was decided. Names resolve as of the cursor: an earlier
 * migration, or an earlier statement of the same file.
 */
import type { Location } from 'vscode-languageserver/node';
import { resolveAt } from './hover';
import type { SchemaAtCursor } from './schemaAtCursor';

export function definitionAt(schema: SchemaAtCursor, offset: number): Location | null {
  const resolved = resolveAt(schema, offset);
  if (!resolved) return null;
  const { name } = resolved;
  const origin = name.kind === 'index' ? name.index.origin : name.kind === 'type' ? name.type.origin : name.kind === 'column' ? name.column.origin : (name.relation.table?.origin ?? name.relation.view?.origin);
  return schema.locate(origin)?.location ?? null;
}
