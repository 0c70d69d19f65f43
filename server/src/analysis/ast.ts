/**
 * Small, typed helpers over libpg-query's parse tree, shared by rules, locks and hovers.
 */
import type { A_Const, Node, RangeVar, TypeName } from 'libpg-query';
import type { ParsedStatement } from './parse/parseDocument';

/** The statement's parse node when it is of `kind`, typed by the caller. */
export function asKind<T>(statement: ParsedStatement, kind: string): T | undefined {
  return statement.kind === kind ? (statement.node as T) : undefined;
}

/** Splits a `Node` wrapper (`{ ColumnDef: {...} }`) into its kind and value. */
export function unwrap(node: Node | undefined): { kind: string; value: Record<string, unknown> } | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const kind = Object.keys(node)[0];
  return kind ? { kind, value: (node as unknown as Record<string, Record<string, unknown>>)[kind] } : undefined;
}

export function nodeOfKind<T>(node: Node | undefined, kind: string): T | undefined {
  const unwrapped = unwrap(node);
  return unwrapped?.kind === kind ? (unwrapped.value as T) : undefined;
}

export function stringValue(node: Node | undefined): string | undefined {
  return nodeOfKind<{ sval?: string }>(node, 'String')?.sval;
}

export interface QualifiedName {
  schema?: string;
  name: string;
}

export function relationName(relation: RangeVar | undefined): QualifiedName | undefined {
  if (!relation?.relname) return undefined;
  return relation.schemaname ? { schema: relation.schemaname, name: relation.relname } : { name: relation.relname };
}

/** A name from a list of String nodes, as DROP and RENAME carry them. */
export function qualifiedFromList(nodes: Node[] | undefined): QualifiedName | undefined {
  const parts = (nodes ?? []).map(stringValue).filter((p): p is string => p !== undefined);
  if (parts.length === 0) return undefined;
  const name = parts[parts.length - 1];
  return parts.length > 1 ? { schema: parts[parts.length - 2], name } : { name };
}

/** Quotes an identifier the way PostgreSQL needs it written back. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

export function displayName(name: QualifiedName): string {
  return name.schema ? `${quoteIdent(name.schema)}.${quoteIdent(name.name)}` : quoteIdent(name.name);
}

/** The same relation when schemas agree or one side relies on search_path. */
export function sameRelation(a: QualifiedName, b: QualifiedName): boolean {
  return a.name === b.name && (a.schema === undefined || b.schema === undefined || a.schema === b.schema);
}

export interface TypeInfo {
  schema?: string;
  /** The type's internal name, for example `int4`, `varchar`, `timestamptz`, or a user type's name. */
  name: string;
  modifiers: number[];
  isArray: boolean;
}

export function typeInfo(typeName: TypeName | undefined): TypeInfo | undefined {
  const names = (typeName?.names ?? []).map(stringValue).filter((p): p is string => p !== undefined);
  if (names.length === 0) return undefined;
  const name = names[names.length - 1];
  const schema = names.length > 1 ? names[names.length - 2] : undefined;
  const modifiers = (typeName?.typmods ?? [])
    // The parse tree leaves a zero integer's value out: `timestamp(0)` has `{ ival: {} }`.
    .map((m) => {
      const constant = nodeOfKind<A_Const>(m, 'A_Const');
      return constant?.ival !== undefined ? (constant.ival.ival ?? 0) : undefined;
    })
    .filter((v): v is number => typeof v === 'number');
  return { schema: schema === 'pg_catalog' ? undefined : schema, name, modifiers, isArray: (typeName?.arrayBounds?.length ?? 0) > 0 };
}

/** Walks every object in a parse subtree, depth first. */
export function walk(value: unknown, visit: (kind: string, node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (/^[A-Z]/.test(key) && child && typeof child === 'object' && !Array.isArray(child)) {
      visit(key, child as Record<string, unknown>);
    }
    walk(child, visit);
  }
}
