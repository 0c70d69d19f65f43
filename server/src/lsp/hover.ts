/**
 * Hovers: on a statement, the table-level locks it takes, what each lock blocks and what keeps
 * working (from the analysis' lock table); on a table or column name, its definition as of this
 * migration and where it came from. Both show together when both apply.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import { resolveNameAt, type ResolvedName } from '../analysis/editor/names';
import { describeAllowed, describeBlocking, lockLabel } from '../analysis/locks/locks';
import type { Catalog } from '../analysis/schema/model';
import { describeColumn, describeIndex, describeRelation, describeType } from '../analysis/schema/toSql';
import type { LineIndex } from '../analysis/text/lineIndex';
import { toRange } from './convert';
import type { StatementLockInfo } from './linter';
import type { SchemaAtCursor } from './schemaAtCursor';

export function lockHover(statements: readonly StatementLockInfo[], lineIndex: LineIndex, offset: number): Hover | null {
  const statement = statements.find((s) => s.start <= offset && offset <= s.end);
  if (!statement || statement.locks.length === 0) return null;
  const held = statement.inTransaction ? 'held until the transaction ends' : 'held until the statement finishes';
  const lines = [statement.locks.length === 1 ? '**Safeshift: lock taken by this statement**' : '**Safeshift: locks taken by this statement**', ''];
  for (const lock of statement.locks) {
    lines.push(
      `- **${lockLabel(lock.mode)}** on \`${escapeCode(lock.relation)}\` (${lock.reason}): ${describeBlocking(lock.mode)}; ${describeAllowed(lock.mode)}; ${held}.`,
    );
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toRange(lineIndex, statement) };
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}

/**
 * Hover on a table or column name: its definition as of this point of the migration, and a link
 * to the statement that created it (for a column, that last set its type).
 */
export function schemaHover(schema: SchemaAtCursor, offset: number, lineIndex: LineIndex): Hover | null {
  const resolved = resolveAt(schema, offset);
  if (!resolved) return null;
  const { name, catalog } = resolved;
  const asOf = schema.place ? `as of migration ${schema.place.position + 1} of ${schema.place.count}` : 'as of this point of the file';
  const lines: string[] = [];
  let origin;
  if (name.kind === 'index') {
    lines.push(`**Safeshift: index \`${escapeCode(name.key)}\`** ${asOf}`, '', '```sql', describeIndex(catalog, name.index), '```');
    origin = name.index.origin;
  } else if (name.kind === 'type') {
    lines.push(`**Safeshift: type \`${escapeCode(name.key)}\`** ${asOf}`, '', '```sql', describeType(name.type), '```');
    origin = name.type.origin;
  } else if (name.kind === 'column') {
    lines.push(`**Safeshift: column \`${escapeCode(name.relation.key)}.${escapeCode(name.column.name)}\`** ${asOf}`, '', '```sql', describeColumn(catalog, name.relation.key, name.column), '```');
    origin = name.column.origin;
  } else {
    const description = describeRelation(catalog, name.relation.key);
    if (!description) return null;
    lines.push(`**Safeshift: ${name.relation.view ? 'view' : 'table'} \`${escapeCode(name.relation.key)}\`** ${asOf}`, '', '```sql', description, '```');
    origin = name.relation.table?.origin ?? name.relation.view?.origin;
  }
  const where = schema.locate(origin);
  if (where) {
    const target = `${where.location.uri}#L${where.location.range.start.line + 1}`;
    lines.push('', `${name.kind === 'column' ? 'Defined (type last set)' : name.kind === 'type' ? 'Created or last changed' : 'Created'} in [${escapeLink(where.label)}](${target})`);
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toRange(lineIndex, name.range) };
}

/**
 * The name under the cursor as it stands before the statement runs (what the statement acts on);
 * a name the statement itself creates (ADD COLUMN, CREATE TABLE) as the statement leaves it.
 */
export function resolveAt(schema: SchemaAtCursor, offset: number): { name: ResolvedName; catalog: Catalog } | undefined {
  const before = resolveNameAt(schema.before, schema.tokens, offset);
  if (before) return { name: before, catalog: schema.before };
  const after = resolveNameAt(schema.after, schema.tokens, offset);
  return after ? { name: after, catalog: schema.after } : undefined;
}

/** One hover from the schema part and the lock part; either may be missing. */
export function combineHovers(first: Hover | null, second: Hover | null): Hover | null {
  if (!first || !second) return first ?? second;
  const text = (hover: Hover) => (typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : String(hover.contents));
  return { contents: { kind: MarkupKind.Markdown, value: `${text(first)}\n\n---\n\n${text(second)}` }, ...(first.range ? { range: first.range } : {}) };
}

function escapeLink(text: string): string {
  return text.replace(/[[\]]/g, '\\$&');
}
