/**
 * Views and materialized views: their output columns and the table columns their query reads.
 * The query is walked, not planned: column references are matched to the relations of the FROM
 * clauses by alias or, when unqualified, to the first relation that has such a column.
 */
import type { Node, RangeVar } from 'libpg-query';
import { nodeOfKind, relationName, stringValue, walk } from '../ast';
import { figureColname } from './expr';
import type { Catalog, ColumnRefOf, View } from './model';
import { resolveRelation } from './resolve';

interface FromRelation {
  key: string;
  alias: string;
  columns: string[];
}

export interface ViewShape {
  columns: string[];
  relations: string[];
  dependsOn: ColumnRefOf[];
}

export function analyseQuery(catalog: Catalog, query: Node | undefined, aliases: string[]): ViewShape {
  const cteNames = new Set<string>();
  walk(query, (kind, node) => {
    if (kind === 'CommonTableExpr' && typeof node.ctename === 'string') cteNames.add(node.ctename);
  });
  const from: FromRelation[] = [];
  const relations: string[] = [];
  walk(query, (kind, node) => {
    if (kind !== 'RangeVar') return;
    const range = node as RangeVar;
    const name = relationName(range);
    if (!name || (!name.schema && cteNames.has(name.name))) return;
    const key = resolveRelation(catalog, name) ?? (name.schema ? `${name.schema}.${name.name}` : name.name);
    if (!relations.includes(key)) relations.push(key);
    from.push({ key, alias: range.alias?.aliasname ?? name.name, columns: relationColumns(catalog, key) });
  });
  const dependsOn: ColumnRefOf[] = [];
  const depend = (table: string, column: string) => {
    if (!dependsOn.some((d) => d.table === table && d.column === column)) dependsOn.push({ table, column });
  };
  walk(query, (kind, node) => {
    if (kind === 'ColumnRef') resolveColumnRef(from, (node.fields as Node[] | undefined) ?? [], depend);
    if (kind === 'JoinExpr') for (const column of ((node.usingClause as Node[] | undefined) ?? []).map(stringValue)) if (column) resolveColumnRef(from, [{ String: { sval: column } } as Node], depend, true);
  });
  return { columns: outputColumns(query, from, aliases), relations, dependsOn };
}

function relationColumns(catalog: Catalog, key: string): string[] {
  return catalog.tables.get(key)?.columns.map((c) => c.name) ?? catalog.views.get(key)?.columns ?? [];
}

function resolveColumnRef(from: FromRelation[], fields: Node[], depend: (table: string, column: string) => void, everyMatch = false): void {
  const parts = fields.map((f) => stringValue(f) ?? (nodeOfKind(f, 'A_Star') ? '*' : ''));
  const column = parts[parts.length - 1];
  const qualifier = parts.length > 1 ? parts[parts.length - 2] : undefined;
  const candidates = qualifier ? from.filter((r) => r.alias === qualifier) : from;
  if (column === '*') {
    for (const relation of candidates) for (const c of relation.columns) depend(relation.key, c);
    return;
  }
  for (const relation of candidates) {
    if (relation.columns.includes(column)) {
      depend(relation.key, column);
      if (!everyMatch) return;
    }
  }
}

function outputColumns(query: Node | undefined, from: FromRelation[], aliases: string[]): string[] {
  let select = nodeOfKind<{ targetList?: Node[]; larg?: unknown; op?: string }>(query, 'SelectStmt');
  // For UNION and friends, the first branch names the columns.
  while (select && select.op && select.op !== 'SETOP_NONE' && select.larg) select = select.larg as typeof select;
  const names: string[] = [];
  for (const target of select?.targetList ?? []) {
    const res = nodeOfKind<{ name?: string; val?: Node }>(target, 'ResTarget');
    if (!res) continue;
    const ref = nodeOfKind<{ fields?: Node[] }>(res.val, 'ColumnRef');
    const last = ref?.fields?.[ref.fields.length - 1];
    if (last && nodeOfKind(last, 'A_Star')) {
      const qualifier = ref?.fields && ref.fields.length > 1 ? stringValue(ref.fields[ref.fields.length - 2]) : undefined;
      for (const relation of from.filter((r) => !qualifier || r.alias === qualifier)) names.push(...relation.columns);
      continue;
    }
    names.push(res.name ?? figureColname(res.val) ?? '?column?');
  }
  return names.map((name, i) => aliases[i] ?? name);
}

export function makeView(catalog: Catalog, schema: string, name: string, materialized: boolean, query: Node | undefined, aliases: string[]): View {
  return { schema, name, materialized, ...analyseQuery(catalog, query, aliases) };
}
