/**
 * Indexes: from CREATE INDEX, from PRIMARY KEY / UNIQUE / EXCLUDE constraints, and their copies on
 * the partitions of a partitioned table (PostgreSQL creates one per partition, named after it).
 */
import type { IndexElem, Node } from 'libpg-query';
import { nodeOfKind, stringValue } from '../ast';
import { figureColname, makeExpr } from './expr';
import type { Catalog, Index, IndexKey, Origin, Table } from './model';
import { objectKey, peekTable } from './model';
import { chooseRelationName, nameAddition, uniqueColumnNames } from './names';

export function indexKeyFromElem(elem: IndexElem): IndexKey {
  const key: IndexKey = {};
  if (elem.name) key.column = elem.name;
  if (elem.expr) key.expression = makeExpr(elem.expr);
  const opclass = (elem.opclass ?? []).map(stringValue).filter((n): n is string => n !== undefined);
  if (opclass.length > 0) key.opclass = opclass.join('.');
  if (elem.ordering === 'SORTBY_DESC') key.descending = true;
  if (elem.nulls_ordering === 'SORTBY_NULLS_FIRST') key.nullsFirst = true;
  if (elem.nulls_ordering === 'SORTBY_NULLS_LAST') key.nullsFirst = false;
  const collation = (elem.collation ?? []).map(stringValue).filter((n): n is string => n !== undefined);
  if (collation.length > 0) key.collation = collation.join('.');
  return key;
}

export function indexElems(nodes: Node[] | undefined): IndexElem[] {
  return (nodes ?? []).map((n) => nodeOfKind<IndexElem>(n, 'IndexElem')).filter((e): e is IndexElem => e !== undefined);
}

/** The column names PostgreSQL uses to name an index: columns, function names, or "expr". */
export function indexNameColumns(elems: IndexElem[]): string[] {
  return uniqueColumnNames(elems.map((e) => e.name ?? e.indexcolname ?? figureColname(e.expr) ?? 'expr'));
}

export type IndexLabel = 'pkey' | 'key' | 'excl' | 'idx';

export function chooseIndexName(catalog: Catalog, table: Table, nameColumns: string[], label: IndexLabel): string {
  const isConstraint = label !== 'idx';
  const addition = label === 'pkey' ? undefined : nameAddition(nameColumns);
  return chooseRelationName(catalog, table.schema, table.name, addition, label, isConstraint);
}

/** Every column an index reads: key columns, columns in key expressions, INCLUDE columns, the predicate's. */
export function indexColumns(index: Index): string[] {
  const columns = new Set<string>();
  for (const key of index.keys) {
    if (key.column) columns.add(key.column);
    for (const c of key.expression?.columns ?? []) columns.add(c);
  }
  for (const c of index.include) columns.add(c);
  for (const c of index.predicate?.columns ?? []) columns.add(c);
  return [...columns];
}

export function addIndex(catalog: Catalog, index: Index): void {
  catalog.indexes.set(objectKey(index.schema, index.name), index);
}

/**
 * A partitioned table's index is created on each partition too, unless the partition already has an
 * equivalent one, which is attached instead. Partition indexes are named after the partition.
 */
export function cascadeIndexToPartitions(catalog: Catalog, parentIndex: Index, nameColumns: string[], origin: Origin | undefined): void {
  const parent = catalog.tables.get(parentIndex.table);
  if (!parent) return;
  for (const partitionKey of parent.partitions) {
    const partition = catalog.tables.get(partitionKey);
    if (partition) cloneIndexToPartition(catalog, parentIndex, partition, nameColumns, origin);
  }
}

export function cloneIndexToPartition(catalog: Catalog, parentIndex: Index, partition: Table, nameColumns: string[], origin: Origin | undefined): void {
  const parentKey = objectKey(parentIndex.schema, parentIndex.name);
  const partitionKey = objectKey(partition.schema, partition.name);
  const existing = [...catalog.indexes.values()].find(
    (i) => i.table === partitionKey && !i.parent && equivalentIndex(i, parentIndex),
  );
  if (existing) {
    catalog.indexes.set(objectKey(existing.schema, existing.name), { ...existing, parent: parentKey });
    return;
  }
  const label = labelOf(catalog, parentIndex);
  const name = chooseIndexName(catalog, partition, nameColumns, label);
  const child: Index = { ...parentIndex, schema: partition.schema, name, table: partitionKey, parent: parentKey, origin };
  if (parentIndex.constraint) child.constraint = name;
  addIndex(catalog, child);
  if (partition.partitioning) cascadeIndexToPartitions(catalog, child, nameColumns, origin);
}

function labelOf(catalog: Catalog, index: Index): IndexLabel {
  if (!index.constraint) return 'idx';
  const table = peekTable(catalog, index.table);
  const constraint = table?.constraints.find((c) => c.name === index.constraint);
  if (constraint?.kind === 'primary key') return 'pkey';
  if (constraint?.kind === 'exclusion') return 'excl';
  return 'key';
}

function equivalentIndex(a: Index, b: Index): boolean {
  return (
    a.unique === b.unique &&
    a.method === b.method &&
    JSON.stringify(a.keys.map(keySignature)) === JSON.stringify(b.keys.map(keySignature)) &&
    (a.predicate?.text ?? '') === (b.predicate?.text ?? '')
  );
}

function keySignature(key: IndexKey): string {
  return `${key.column ?? key.expression?.text}|${key.opclass ?? ''}|${key.descending ?? false}|${key.nullsFirst ?? ''}`;
}

/** Renames an index and keeps the references of its partitions and its constraint in step. */
export function renameIndexKey(catalog: Catalog, oldKey: string, newName: string): void {
  const index = catalog.indexes.get(oldKey);
  if (!index) return;
  const newKey = objectKey(index.schema, newName);
  catalog.indexes.delete(oldKey);
  catalog.indexes.set(newKey, { ...index, name: newName, constraint: index.constraint ? newName : undefined });
  for (const [key, other] of catalog.indexes) {
    if (other.parent === oldKey) catalog.indexes.set(key, { ...other, parent: newKey });
  }
  const table = catalog.tables.get(index.table);
  if (table && index.constraint) {
    // Renaming a constraint's index renames the constraint too, and the other way around.
    table.constraints = table.constraints.map((c) => (c.name === index.constraint ? { ...c, name: newName, index: newKey } : c));
  }
}

export function dropIndexKey(catalog: Catalog, key: string): void {
  catalog.indexes.delete(key);
  for (const [childKey, child] of [...catalog.indexes]) {
    if (child.parent === key) dropIndexKey(catalog, childKey);
  }
}
