/**
 * What to offer at the cursor of a statement being typed: tables, the columns of the table in
 * scope, constraint names, or type names, as of a catalog. Decided from tokens, since the
 * statement under the cursor rarely parses.
 */
import { findRelation } from '../schema/lookup';
import type { Catalog, Table } from '../schema/model';
import { splitKey } from '../schema/model';
import { effectiveSearchPath } from '../schema/resolve';
import { displayIdent } from '../schema/types';
import { enclosingRelation, isRelationPosition, statementRelations, type RelationInStatement } from './names';
import { insideCommentOrString, isIdent, statementTokensAt, type Token } from './tokens';

export type CompletionKind = 'table' | 'view' | 'column' | 'type' | 'constraint' | 'schema';

export interface CompletionCandidate {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Sorts before the rest (the table in scope's own columns). */
  preferred?: boolean;
}

export interface CompletionAt {
  candidates: CompletionCandidate[];
  /** The part of the name already typed, replaced by the chosen item. */
  replace: { start: number; end: number };
}

/** Types worth offering, as people write them. */
const BUILTIN_TYPES = [
  'bigint', 'integer', 'smallint', 'numeric', 'real', 'double precision', 'boolean', 'text', 'varchar', 'char', 'uuid', 'jsonb', 'json',
  'timestamptz', 'timestamp', 'date', 'time', 'interval', 'bytea', 'inet', 'cidr', 'macaddr', 'tsvector', 'bigserial', 'serial',
  'int4range', 'int8range', 'tstzrange', 'daterange', 'money', 'xml', 'bit', 'varbit', 'oid',
];

const ALTER_COLUMN_WORDS = new Set(['alter', 'drop', 'rename']);

export function completionAt(catalog: Catalog, text: string, offset: number): CompletionAt {
  if (insideCommentOrString(text, offset)) return { candidates: [], replace: { start: offset, end: offset } };
  const { tokens: all } = statementTokensAt(text, offset);
  const typing = all.find((t) => isIdent(t) && t.start < offset && offset <= t.end);
  const replace = typing ? { start: typing.start, end: offset } : { start: offset, end: offset };
  const before = all.filter((t) => t.end <= replace.start);
  const relations = statementRelations(catalog, all);
  return { candidates: candidatesFor(catalog, before, relations), replace };
}

function candidatesFor(catalog: Catalog, before: Token[], relations: RelationInStatement[]): CompletionCandidate[] {
  const last = before[before.length - 1];
  const word = (i: number) => before[before.length - i]?.ident;

  // `qualifier.|`: the columns of a table or alias, or the relations of a schema.
  if (last?.text === '.' && isIdent(before[before.length - 2])) return afterDot(catalog, before, relations);

  if (inCreateTableColumns(before)) return last && isIdent(last) && ['(', ','].includes(before[before.length - 2]?.text ?? '') ? typeCandidates(catalog) : [];

  const alterTarget = alterTableTarget(catalog, before);
  if (alterTarget) {
    const columnVerb = (w: string | undefined) => w !== undefined && ALTER_COLUMN_WORDS.has(w);
    // ALTER|DROP|RENAME [COLUMN] [IF EXISTS] |
    if (columnVerb(word(1)) || (word(1) === 'column' && columnVerb(word(2)))) return columnCandidates(alterTarget, true);
    if (word(1) === 'exists' && word(2) === 'if' && (columnVerb(word(3)) || (word(3) === 'column' && columnVerb(word(4))))) return columnCandidates(alterTarget, true);
    if (word(1) === 'constraint' && ['drop', 'validate', 'rename', 'alter'].includes(word(2) ?? '')) return constraintCandidates(alterTarget);
    // ALTER COLUMN c [SET DATA] TYPE |
    if (word(1) === 'type') return typeCandidates(catalog);
    // ADD [COLUMN] [IF NOT EXISTS] name |
    const added = word(2) === 'add' || (word(2) === 'column' && word(3) === 'add') || (word(2) === 'exists' && word(3) === 'not');
    if (isIdent(last) && added) return typeCandidates(catalog);
  }
  if (last?.text === '::') return typeCandidates(catalog);

  const enclosing = last ? enclosingRelation(before, before.length, relations) : undefined;
  if (enclosing && (last.text === '(' || last.text === ',')) return columnCandidates(enclosing.table, true);

  if (last && isRelationPosition([...before, { kind: 'word', start: 0, end: 0, text: '', ident: '' }], before.length)) {
    const views = ['from', 'join'].includes(last.ident ?? '');
    return relationCandidates(catalog, views);
  }
  if (['where', 'and', 'or', 'set', 'select', 'by', 'having', 'on', ','].includes(last?.ident ?? last?.text ?? '') && relations.length > 0) {
    return relations.flatMap((r) => columnCandidates(r.table, relations.length === 1));
  }
  return [];
}

function afterDot(catalog: Catalog, before: Token[], relations: RelationInStatement[]): CompletionCandidate[] {
  const qualifier = before[before.length - 2].ident!;
  const qualifierOfQualifier = before[before.length - 3]?.text === '.' ? before[before.length - 4]?.ident : undefined;
  if (qualifierOfQualifier) return columnCandidates(findRelation(catalog, { schema: qualifierOfQualifier, name: qualifier })?.table, true);
  const aliased = relations.find((r) => r.alias === qualifier) ?? relations.find((r) => r.name.name === qualifier && !r.name.schema);
  if (aliased) return columnCandidates(aliased.table, true);
  if (catalog.schemas.has(qualifier)) {
    const tables = [...catalog.tables.values()].filter((t) => t.schema === qualifier).map((t) => ({ label: displayIdent(t.name), kind: 'table' as const, detail: `table in ${qualifier}` }));
    const views = [...catalog.views.values()].filter((v) => v.schema === qualifier).map((v) => ({ label: displayIdent(v.name), kind: 'view' as const, detail: `view in ${qualifier}` }));
    return [...tables, ...views];
  }
  return columnCandidates(findRelation(catalog, { name: qualifier })?.table, true);
}

/** `CREATE TABLE t (` at depth one: column definitions, not an existing table's columns. */
function inCreateTableColumns(before: Token[]): boolean {
  const words = before.slice(0, 6).map((t) => t.ident);
  const tableAt = words.indexOf('table');
  if (words[0] !== 'create' || tableAt < 0) return false;
  let depth = 0;
  for (const token of before) {
    if (token.text === '(') depth++;
    else if (token.text === ')') depth--;
  }
  return depth === 1 && !before.some((t) => t.ident === 'as' || t.ident === 'of');
}

/** The table of `ALTER TABLE [IF EXISTS] [ONLY] name ...`, when the statement is one. */
function alterTableTarget(catalog: Catalog, before: Token[]): Table | undefined {
  if (before[0]?.ident !== 'alter' || before[1]?.ident !== 'table') return undefined;
  let i = 2;
  if (before[i]?.ident === 'if' && before[i + 1]?.ident === 'exists') i += 2;
  if (before[i]?.ident === 'only') i++;
  if (!isIdent(before[i])) return undefined;
  const parts = [before[i].ident!];
  if (before[i + 1]?.text === '.' && isIdent(before[i + 2])) parts.push(before[i + 2].ident!);
  const name = parts.length === 2 ? { schema: parts[0], name: parts[1] } : { name: parts[0] };
  return findRelation(catalog, name)?.table;
}

function columnCandidates(table: Table | undefined, preferred: boolean): CompletionCandidate[] {
  if (!table) return [];
  return table.columns.map((c) => ({
    label: displayIdent(c.name),
    kind: 'column',
    detail: `${table.name}.${c.name} ${c.type.display}${c.notNull ? ' NOT NULL' : ''}`,
    ...(preferred ? { preferred: true } : {}),
  }));
}

function constraintCandidates(table: Table): CompletionCandidate[] {
  return table.constraints.filter((c) => c.kind !== 'not null' || !c.name.endsWith('_not_null')).map((c) => ({ label: displayIdent(c.name), kind: 'constraint', detail: `${c.kind}${c.validated ? '' : ' NOT VALID'}` }));
}

function relationCandidates(catalog: Catalog, withViews: boolean): CompletionCandidate[] {
  const visible = new Set(effectiveSearchPath(catalog));
  const label = (key: string) => {
    const { schema, name } = splitKey(key);
    return visible.has(schema) ? displayIdent(name) : `${displayIdent(schema)}.${displayIdent(name)}`;
  };
  const tables: CompletionCandidate[] = [...catalog.tables.entries()]
    .map(([key, t]) => ({ label: label(key), kind: 'table', detail: `table · ${t.columns.length} column${t.columns.length === 1 ? '' : 's'}` }));
  const views: CompletionCandidate[] = withViews ? [...catalog.views.entries()].map(([key, v]) => ({ label: label(key), kind: 'view', detail: v.materialized ? 'materialized view' : 'view' })) : [];
  return [...tables, ...views];
}

function typeCandidates(catalog: Catalog): CompletionCandidate[] {
  const visible = new Set(effectiveSearchPath(catalog));
  const user: CompletionCandidate[] = [...catalog.types.values()].map((t) => ({
    label: visible.has(t.schema) ? displayIdent(t.name) : `${displayIdent(t.schema)}.${displayIdent(t.name)}`,
    kind: 'type',
    detail: t.kind === 'enum' ? `enum (${t.values.slice(0, 5).join(', ')}${t.values.length > 5 ? ', …' : ''})` : t.kind === 'domain' ? `domain over ${t.baseType.display}` : `${t.kind} type`,
    preferred: true,
  }));
  return [...user, ...BUILTIN_TYPES.map((name) => ({ label: name, kind: 'type' as const, detail: 'built-in type' }))];
}
