/**
 * Which table or column a name in a statement means, from the tokens around it and a catalog:
 * `orders` after TABLE/FROM/JOIN/REFERENCES… is a relation, `total` in `ALTER TABLE orders ALTER
 * COLUMN total` is a column of orders, `o.total` is a column of the relation aliased `o`. Works on
 * statements that do not parse.
 */
import type { QualifiedName } from '../ast';
import { findRelation } from '../schema/lookup';
import type { Catalog, Column, Index, Table, UserType, View } from '../schema/model';
import { resolveIndex, resolveType } from '../schema/resolve';
import { isIdent, type Token } from './tokens';

/** Words after which a (possibly qualified) relation name follows. */
const RELATION_BEFORE = new Set(['table', 'from', 'join', 'into', 'update', 'references', 'truncate', 'only', 'view', 'exists', 'lock']);

export interface RelationInStatement {
  key: string;
  name: QualifiedName;
  alias?: string;
  table?: Table;
  view?: View;
}

export type ResolvedName =
  | { kind: 'relation'; relation: RelationInStatement; range: { start: number; end: number } }
  | { kind: 'column'; relation: RelationInStatement; column: Column; range: { start: number; end: number } }
  | { kind: 'type'; key: string; type: UserType; range: { start: number; end: number } }
  | { kind: 'index'; key: string; index: Index; range: { start: number; end: number } };

/** The dotted name (a, a.b, a.b.c) whose part covers `offset`, and which part that is. */
export function dottedNameAt(tokens: Token[], offset: number): { parts: Token[]; index: number } | undefined {
  const at = tokens.findIndex((t) => isIdent(t) && t.start <= offset && offset <= t.end);
  if (at < 0) return undefined;
  let first = at;
  while (first >= 2 && tokens[first - 1].text === '.' && isIdent(tokens[first - 2])) first -= 2;
  let last = at;
  while (tokens[last + 1]?.text === '.' && isIdent(tokens[last + 2])) last += 2;
  const parts = tokens.slice(first, last + 1).filter((t) => isIdent(t));
  return { parts, index: (at - first) / 2 };
}

/** Is the name starting at token `i` in a place where a relation is named? */
export function isRelationPosition(tokens: Token[], i: number): boolean {
  const before = tokens[i - 1];
  if (!before || before.kind !== 'word') return false;
  if (RELATION_BEFORE.has(before.ident!)) return true;
  // CREATE INDEX name ON table, ON CONFLICT excluded; COMMENT ON TABLE is caught by TABLE.
  if (before.ident === 'on') return tokens.slice(0, i).some((t) => t.ident === 'index') && !tokens.slice(0, i - 1).some((t) => t.ident === 'on');
  return false;
}

/** Relations the statement names in relation positions, with their aliases, as the catalog knows them. */
export function statementRelations(catalog: Catalog, tokens: Token[]): RelationInStatement[] {
  const found: RelationInStatement[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isIdent(tokens[i]) || !isRelationPosition(tokens, i)) continue;
    const parts = [tokens[i]];
    let j = i;
    while (tokens[j + 1]?.text === '.' && isIdent(tokens[j + 2])) {
      parts.push(tokens[j + 2]);
      j += 2;
    }
    const name = qualifiedOf(parts.map((p) => p.ident!));
    const relation = findRelation(catalog, name);
    if (!relation) continue;
    const aliasToken = tokens[j + 1]?.ident === 'as' ? tokens[j + 2] : tokens[j + 1];
    const alias = isIdent(aliasToken) && !RESERVED_AFTER_RELATION.has(aliasToken.ident) ? aliasToken.ident : undefined;
    found.push({ key: relation.key, name, ...(alias ? { alias } : {}), table: relation.table, view: relation.view });
  }
  return found;
}

/** Words that can follow a relation name and are not its alias. */
const RESERVED_AFTER_RELATION = new Set([
  'add', 'alter', 'drop', 'rename', 'set', 'where', 'on', 'using', 'join', 'left', 'right', 'inner', 'full', 'cross', 'natural',
  'group', 'order', 'limit', 'returning', 'values', 'select', 'default', 'validate', 'attach', 'detach', 'owner', 'enable',
  'disable', 'cluster', 'inherit', 'no', 'replica', 'reset', 'for', 'in', 'nowait', 'union', 'except', 'intersect', 'having',
  'window', 'offset', 'fetch', 'cascade', 'restrict', 'with', 'overriding', 'partition', 'of', 'is', 'to', 'restart', 'continue',
]);

function qualifiedOf(parts: string[]): QualifiedName {
  return parts.length >= 2 ? { schema: parts[parts.length - 2], name: parts[parts.length - 1] } : { name: parts[0] };
}

/** The table or column the name at `offset` means in this statement, as of `catalog`. */
export function resolveNameAt(catalog: Catalog, tokens: Token[], offset: number): ResolvedName | undefined {
  const dotted = dottedNameAt(tokens, offset);
  if (!dotted) return undefined;
  const { parts, index } = dotted;
  const range = { start: parts[index].start, end: parts[index].end };
  const names = parts.map((p) => p.ident!);
  const relations = statementRelations(catalog, tokens);
  const firstToken = tokens.indexOf(parts[0]);

  if (isRelationPosition(tokens, firstToken) || index < parts.length - 1) {
    // A relation name, or the qualifier of a column (`o.total`, `app.orders.total`).
    const upTo = names.slice(0, index + 1);
    const byAlias = upTo.length === 1 ? relations.find((r) => r.alias === upTo[0]) : undefined;
    if (byAlias) return { kind: 'relation', relation: byAlias, range };
    const relation = findRelation(catalog, qualifiedOf(upTo));
    if (relation) return { kind: 'relation', relation: { key: relation.key, name: qualifiedOf(upTo), table: relation.table, view: relation.view }, range };
    if (isRelationPosition(tokens, firstToken)) return indexAt(catalog, names, index, range);
  }
  const columnName = names[index];
  if (index > 0) {
    const qualifier = names.slice(0, index);
    const owner = (qualifier.length === 1 ? relations.find((r) => r.alias === qualifier[0] || r.name.name === qualifier[0]) : undefined) ?? relationOf(catalog, qualifier);
    const column = owner?.table?.columns.find((c) => c.name === columnName);
    return owner && column ? { kind: 'column', relation: owner, column, range } : typeAt(catalog, names, index, range);
  }
  const enclosing = enclosingRelation(tokens, tokens.indexOf(parts[0]), relations);
  for (const relation of enclosing ? [enclosing, ...relations] : relations) {
    const column = relation.table?.columns.find((c) => c.name === columnName);
    if (column) return { kind: 'column', relation, column, range };
  }
  const relation = findRelation(catalog, { name: columnName });
  if (relation) return { kind: 'relation', relation: { key: relation.key, name: { name: columnName }, table: relation.table, view: relation.view }, range };
  return typeAt(catalog, names, index, range) ?? indexAt(catalog, names, index, range);
}

/** An index named by DROP INDEX, ALTER INDEX, REINDEX INDEX or the like. */
function indexAt(catalog: Catalog, names: string[], index: number, range: { start: number; end: number }): ResolvedName | undefined {
  const key = resolveIndex(catalog, qualifiedOf(names.slice(0, index + 1)));
  const found = key ? catalog.indexes.get(key) : undefined;
  return key && found ? { kind: 'index', key, index: found, range } : undefined;
}

/** An enum, domain or other user type named where a type goes (`ADD COLUMN c mood`, `::app.mood`). */
function typeAt(catalog: Catalog, names: string[], index: number, range: { start: number; end: number }): ResolvedName | undefined {
  const parts = names.slice(0, index + 1);
  const key = resolveType(catalog, qualifiedOf(parts));
  const type = key ? catalog.types.get(key) : undefined;
  return key && type ? { kind: 'type', key, type, range } : undefined;
}

function relationOf(catalog: Catalog, parts: string[]): RelationInStatement | undefined {
  const name = qualifiedOf(parts);
  const relation = findRelation(catalog, name);
  return relation ? { key: relation.key, name, table: relation.table, view: relation.view } : undefined;
}

/**
 * The relation whose column list the token at `i` sits in: `REFERENCES t (a, |`, `ON t USING
 * btree (|`, `INSERT INTO t (|`. Undefined outside such a list.
 */
export function enclosingRelation(tokens: Token[], i: number, relations: RelationInStatement[]): RelationInStatement | undefined {
  let depth = 0;
  for (let k = i - 1; k >= 0; k--) {
    const text = tokens[k].text;
    if (tokens[k].kind !== 'punct') continue;
    if (text === ')') depth++;
    else if (text === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      let before = k - 1;
      if (tokens[before - 1]?.ident === 'using') before -= 2;
      const name = tokens[before];
      if (!isIdent(name)) return undefined;
      return relations.find((r) => r.name.name === name.ident && tokens.indexOf(name) >= 0);
    }
  }
  return undefined;
}
