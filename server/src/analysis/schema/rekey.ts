/**
 * Renaming or moving an object changes its key; everything that refers to it by key follows, the
 * way PostgreSQL's references by OID do. Expressions that name a sequence (serial defaults) or a
 * column (checks, index expressions, predicates) are rebuilt with the new name.
 */
import type { Node } from 'libpg-query';
import { nextvalDefault } from './columns';
import { constantValue, makeExpr } from './expr';
import type { Catalog, Column, Expr, Table } from './model';
import { objectKey, splitKey, tableKeysWhere } from './model';

export function rekeyTable(catalog: Catalog, oldKey: string, newKey: string): void {
  const table = catalog.tables.get(oldKey);
  if (!table) return;
  const { schema, name } = splitKey(newKey);
  catalog.tables.delete(oldKey);
  catalog.tables.set(newKey, { ...table, schema, name });
  for (const [key, index] of catalog.indexes) if (index.table === oldKey) catalog.indexes.set(key, { ...index, table: newKey });
  const related = tableKeysWhere(
    catalog,
    (t) => t.partitionOf?.parent === oldKey || t.partitions.includes(oldKey) || t.constraints.some((c) => c.references?.table === oldKey),
  );
  for (const other of related.map((key) => catalog.tables.get(key)).filter((t): t is Table => t !== undefined)) {
    if (other.partitionOf?.parent === oldKey) other.partitionOf = { ...other.partitionOf, parent: newKey };
    if (other.partitions.includes(oldKey)) other.partitions = other.partitions.map((p) => (p === oldKey ? newKey : p));
    other.constraints = mapChanged(other.constraints, (c) => (c.references?.table === oldKey ? { ...c, references: { ...c.references, table: newKey } } : c));
  }
  for (const [key, view] of catalog.views) {
    if (!view.relations.includes(oldKey)) continue;
    catalog.views.set(key, {
      ...view,
      relations: view.relations.map((r) => (r === oldKey ? newKey : r)),
      dependsOn: view.dependsOn.map((d) => (d.table === oldKey ? { ...d, table: newKey } : d)),
    });
  }
  for (const [key, sequence] of catalog.sequences) {
    const ownedBy = sequence.ownedBy?.table === oldKey ? { ...sequence.ownedBy, table: newKey } : sequence.ownedBy;
    const identityOf = sequence.identityOf?.table === oldKey ? { ...sequence.identityOf, table: newKey } : sequence.identityOf;
    if (ownedBy !== sequence.ownedBy || identityOf !== sequence.identityOf) catalog.sequences.set(key, { ...sequence, ownedBy, identityOf });
  }
}

export function rekeyIndex(catalog: Catalog, oldKey: string, newKey: string): void {
  const index = catalog.indexes.get(oldKey);
  if (!index) return;
  const { schema, name } = splitKey(newKey);
  catalog.indexes.delete(oldKey);
  catalog.indexes.set(newKey, { ...index, schema, name, constraint: index.constraint ? name : undefined });
  for (const [key, other] of catalog.indexes) if (other.parent === oldKey) catalog.indexes.set(key, { ...other, parent: newKey });
  const table = catalog.tables.get(index.table);
  if (table && index.constraint) {
    // A key constraint and its index share their name: renaming one renames the other.
    table.constraints = table.constraints.map((c) => (c.name === index.constraint ? { ...c, name, index: newKey } : c));
  }
}

export function rekeySequence(catalog: Catalog, oldKey: string, newKey: string): void {
  const sequence = catalog.sequences.get(oldKey);
  if (!sequence) return;
  const { schema, name } = splitKey(newKey);
  catalog.sequences.delete(oldKey);
  catalog.sequences.set(newKey, { ...sequence, schema, name });
  for (const key of tableKeysWhere(catalog, (t) => t.columns.some((column) => nextvalTarget(column) === oldKey))) {
    const table = catalog.tables.get(key);
    if (!table) continue;
    table.columns = mapChanged(table.columns, (column) => (nextvalTarget(column) === oldKey ? { ...column, default: nextvalDefault(schema, name) } : column));
  }
}

export function rekeyView(catalog: Catalog, oldKey: string, newKey: string): void {
  const view = catalog.views.get(oldKey);
  if (!view) return;
  const { schema, name } = splitKey(newKey);
  catalog.views.delete(oldKey);
  catalog.views.set(newKey, { ...view, schema, name });
  for (const [key, other] of catalog.views) {
    if (other.relations.includes(oldKey)) catalog.views.set(key, { ...other, relations: other.relations.map((r) => (r === oldKey ? newKey : r)) });
  }
  for (const [key, index] of catalog.indexes) if (index.table === oldKey) catalog.indexes.set(key, { ...index, table: newKey });
}

/** The key of the sequence a `nextval('seq'::regclass)` default reads, if that is the default. */
export function nextvalTarget(column: Column): string | undefined {
  const call = (column.default?.ast as { FuncCall?: { funcname?: Node[]; args?: Node[] } } | undefined)?.FuncCall;
  const fn = call?.funcname?.map((n) => (n as { String?: { sval?: string } }).String?.sval).pop();
  if (fn !== 'nextval' || call?.args?.length !== 1) return undefined;
  let arg = call.args[0] as unknown as Record<string, Record<string, unknown>>;
  if (arg.TypeCast) arg = arg.TypeCast.arg as Record<string, Record<string, unknown>>;
  if (!arg.A_Const) return undefined;
  const text = constantValue(arg.A_Const);
  const parts = text.split('.').map((p) => p.replace(/^"|"$/g, ''));
  return parts.length > 1 ? objectKey(parts[0], parts[1]) : objectKey('public', parts[0]);
}

/** The expression with every reference to column `from` renamed to `to`. */
export function renameColumnInExpr(expr: Expr, from: string, to: string): Expr {
  if (!expr.columns.includes(from)) return expr;
  return makeExpr(renameInTree(expr.ast, from, to) as Node);
}

function renameInTree(value: unknown, from: string, to: string): unknown {
  if (Array.isArray(value)) return value.map((v) => renameInTree(v, from, to));
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (record.ColumnRef) {
    const ref = record.ColumnRef as { fields?: Array<{ String?: { sval?: string } }> };
    const fields = ref.fields ?? [];
    const last = fields[fields.length - 1]?.String?.sval;
    if (last === from) return { ColumnRef: { ...ref, fields: [...fields.slice(0, -1), { String: { sval: to } }] } };
    return value;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(record)) copy[key] = renameInTree(child, from, to);
  return copy;
}

/** Replaces only the items `change` changes, so renames do not churn memory on large catalogs. */
function mapChanged<T>(items: T[], change: (item: T) => T): T[] {
  let result: T[] | undefined;
  items.forEach((item, i) => {
    const changed = change(item);
    if (changed !== item) (result ??= [...items])[i] = changed;
  });
  return result ?? items;
}

const renameIn = (names: string[], from: string, to: string): string[] => (names.includes(from) ? names.map((n) => (n === from ? to : n)) : names);

/** Renames a column in a table and everything of the table that names it. */
export function renameColumnInTable(table: Table, from: string, to: string): void {
  table.columns = mapChanged(table.columns, (c) => {
    const renamed = c.name === from ? { ...c, name: to } : c;
    const expr = c.generated ? renameColumnInExpr(c.generated.expr, from, to) : undefined;
    return c.generated && expr && expr !== c.generated.expr ? { ...renamed, generated: { ...c.generated, expr } } : renamed;
  });
  table.constraints = mapChanged(table.constraints, (c) => {
    const columns = renameIn(c.columns, from, to);
    const check = c.check ? renameColumnInExpr(c.check, from, to) : undefined;
    return columns === c.columns && check === c.check ? c : { ...c, columns, ...(check ? { check } : {}) };
  });
  table.triggers = mapChanged(table.triggers, (t) => {
    const columns = renameIn(t.columns, from, to);
    const when = t.when ? renameColumnInExpr(t.when, from, to) : undefined;
    return columns === t.columns && when === t.when ? t : { ...t, columns, ...(when ? { when } : {}) };
  });
  if (table.partitioning) {
    table.partitioning = {
      ...table.partitioning,
      keys: table.partitioning.keys.map((k) => ({
        ...(k.column !== undefined ? { column: k.column === from ? to : k.column } : {}),
        ...(k.expression ? { expression: renameColumnInExpr(k.expression, from, to) } : {}),
      })),
    };
  }
}

export function renameColumnReferences(catalog: Catalog, tableKey: string, from: string, to: string): void {
  for (const [key, index] of catalog.indexes) {
    if (index.table !== tableKey) continue;
    const keys = mapChanged(index.keys, (k) => {
      const expression = k.expression ? renameColumnInExpr(k.expression, from, to) : undefined;
      if (k.column !== from && expression === k.expression) return k;
      return { ...k, ...(k.column === from ? { column: to } : {}), ...(expression ? { expression } : {}) };
    });
    const include = renameIn(index.include, from, to);
    const predicate = index.predicate ? renameColumnInExpr(index.predicate, from, to) : undefined;
    if (keys !== index.keys || include !== index.include || predicate !== index.predicate) {
      catalog.indexes.set(key, { ...index, keys, include, ...(predicate ? { predicate } : {}) });
    }
  }
  const referencing = tableKeysWhere(catalog, (t) => t.constraints.some((c) => c.references?.table === tableKey && c.references.columns.includes(from)));
  for (const key of referencing) {
    const table = catalog.tables.get(key);
    if (!table) continue;
    table.constraints = mapChanged(table.constraints, (c) => {
      if (c.references?.table !== tableKey || !c.references.columns.includes(from)) return c;
      return { ...c, references: { ...c.references, columns: renameIn(c.references.columns, from, to) } };
    });
  }
  for (const [key, view] of catalog.views) {
    if (!view.relations.includes(tableKey) || !view.dependsOn.some((d) => d.table === tableKey && d.column === from)) continue;
    catalog.views.set(key, { ...view, dependsOn: view.dependsOn.map((d) => (d.table === tableKey && d.column === from ? { ...d, column: to } : d)) });
  }
  const renamed = (ref: { table: string; column: string } | undefined) => ref !== undefined && ref.table === tableKey && ref.column === from;
  for (const [key, sequence] of catalog.sequences) {
    if (!renamed(sequence.ownedBy) && !renamed(sequence.identityOf)) continue;
    const rename = (ref: { table: string; column: string } | undefined) => (ref && renamed(ref) ? { ...ref, column: to } : ref);
    catalog.sequences.set(key, { ...sequence, ownedBy: rename(sequence.ownedBy), identityOf: rename(sequence.identityOf) });
  }
}
