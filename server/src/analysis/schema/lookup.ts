/**
 * Questions the rules ask of a catalog: where is this table, what type is this column, which indexes
 * start with these columns, what breaks if this column goes, what did the user mean by "userz".
 */
import type { QualifiedName } from '../ast';
import { indexColumns } from './indexes';
import type { Catalog, Column, ColumnType, Constraint, Index, Table, Trigger, View } from './model';
import { objectKey, peekTable, splitKey } from './model';
import { effectiveSearchPath, resolveRelation, resolveTable, resolveType } from './resolve';
import { columnDependents } from './tables';

function asName(name: QualifiedName | string): QualifiedName {
  if (typeof name !== 'string') return name;
  const dot = name.indexOf('.');
  return dot < 0 ? { name } : { schema: name.slice(0, dot), name: name.slice(dot + 1) };
}

/** The table `name` designates under the catalog's search_path. */
export function findTable(catalog: Catalog, name: QualifiedName | string): Table | undefined {
  const key = resolveTable(catalog, asName(name));
  return key ? peekTable(catalog, key) : undefined;
}

/** A table, view or materialized view. */
export function findRelation(catalog: Catalog, name: QualifiedName | string): { key: string; table?: Table; view?: View } | undefined {
  const key = resolveRelation(catalog, asName(name));
  if (!key) return undefined;
  return { key, table: peekTable(catalog, key), view: catalog.views.get(key) };
}

export function findColumn(catalog: Catalog, table: QualifiedName | string, column: string): Column | undefined {
  return findTable(catalog, table)?.columns.find((c) => c.name === column);
}

export function columnTypeOf(catalog: Catalog, table: QualifiedName | string, column: string): ColumnType | undefined {
  return findColumn(catalog, table, column)?.type;
}

/**
 * Indexes of the table whose leading key columns are exactly `columns`, in any order: such an index
 * serves lookups by those columns (a foreign key's, for instance). Partial indexes are excluded
 * unless `includePartial`, since they serve only some rows.
 */
export function indexesCovering(catalog: Catalog, table: QualifiedName | string, columns: string[], options: { includePartial?: boolean } = {}): Index[] {
  const key = resolveTable(catalog, asName(table));
  if (!key) return [];
  return [...catalog.indexes.values()].filter((index) => {
    if (index.table !== key || !index.valid) return false;
    if (index.predicate && !options.includePartial) return false;
    const leading = index.keys.slice(0, columns.length).map((k) => k.column);
    return leading.length === columns.length && columns.every((c) => leading.includes(c));
  });
}

export interface ColumnUsers {
  indexes: Index[];
  /** Constraints of the table on the column, and foreign keys elsewhere that reference it. */
  constraints: Array<{ table: string; constraint: Constraint }>;
  views: View[];
  triggers: Trigger[];
  /** Generated columns of the same table computed from the column. */
  generatedColumns: string[];
}

/** What reads a column: dropping or retyping it affects all of these. */
export function columnUsers(catalog: Catalog, table: QualifiedName | string, column: string): ColumnUsers {
  const key = resolveTable(catalog, asName(table));
  const empty: ColumnUsers = { indexes: [], constraints: [], views: [], triggers: [], generatedColumns: [] };
  if (!key) return empty;
  const found = columnDependents(catalog, key, column);
  const owner = peekTable(catalog, key);
  return {
    indexes: found.indexes.map((k) => catalog.indexes.get(k)).filter((i): i is Index => i !== undefined),
    constraints: found.constraints
      .map((c) => ({ table: c.table, constraint: peekTable(catalog, c.table)?.constraints.find((x) => x.name === c.name) }))
      .filter((c): c is { table: string; constraint: Constraint } => c.constraint !== undefined),
    views: found.views.map((k) => catalog.views.get(k)).filter((v): v is View => v !== undefined),
    triggers: (owner?.triggers ?? []).filter((t) => found.triggers.includes(t.name)),
    generatedColumns: found.generatedColumns,
  };
}

/** The indexes of a column, including those that read it in an expression, INCLUDE or predicate. */
export function indexesReading(catalog: Catalog, tableKey: string, column: string): Index[] {
  return [...catalog.indexes.values()].filter((i) => i.table === tableKey && indexColumns(i).includes(column));
}

export function enumValues(catalog: Catalog, typeName: QualifiedName | string): string[] | undefined {
  const key = resolveType(catalog, asName(typeName));
  const type = key ? catalog.types.get(key) : undefined;
  return type?.kind === 'enum' ? type.values : undefined;
}

/** Optimal string alignment distance: edits, with a swap of two neighbours counted as one. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest candidates to `name`, nearest first; only plausible typos (a third of the name, at most 3 edits). */
export function suggest(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = name.toLowerCase();
  const budget = Math.min(3, Math.max(1, Math.floor(lower.length / 3)));
  const scored: Array<{ candidate: string; distance: number }> = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === name) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= budget) scored.push({ candidate, distance });
  }
  scored.sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate));
  return scored.slice(0, limit).map((s) => s.candidate);
}

/** Relations visible from search_path (or in the given schema) that look like `name`. */
export function suggestRelations(catalog: Catalog, name: QualifiedName | string): string[] {
  const target = asName(name);
  const schemas = target.schema ? [target.schema] : effectiveSearchPath(catalog);
  const visible = [...catalog.tables.keys(), ...catalog.views.keys()].filter((key) => schemas.includes(splitKey(key).schema)).map((key) => splitKey(key).name);
  return suggest(target.name, visible);
}

export function suggestColumns(catalog: Catalog, table: QualifiedName | string, column: string): string[] {
  const relation = findRelation(catalog, table);
  const columns = relation?.table?.columns.map((c) => c.name) ?? relation?.view?.columns ?? [];
  return suggest(column, columns);
}

export function tableKeyOf(table: Table): string {
  return objectKey(table.schema, table.name);
}
