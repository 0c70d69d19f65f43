/**
 * Table constraints: PRIMARY KEY, UNIQUE and EXCLUDE (each with its index), CHECK, FOREIGN KEY and,
 * on PostgreSQL 18, NOT NULL, which is a named constraint of its own. Names follow PostgreSQL's
 * choices; a partitioned table's constraints are copied onto its partitions as PostgreSQL does.
 */
import type { Constraint as ConstraintNode, IndexElem, Node } from 'libpg-query';
import { nodeOfKind, relationName, stringValue } from '../ast';
import type { ApplyContext } from './context';
import { fail, missing } from './context';
import { makeExpr } from './expr';
import type { Column, Constraint, ForeignKeyAction, Index, Table } from './model';
import { objectKey } from './model';
import { chooseConstraintName, nameAddition } from './names';
import { addIndex, cascadeIndexToPartitions, chooseIndexName, indexKeyFromElem, indexNameColumns, renameIndexKey } from './indexes';
import { resolveIndex, resolveTable } from './resolve';

export interface ConstraintOptions {
  /** In CREATE TABLE every constraint is valid: the table is empty. */
  creatingTable: boolean;
}

const ACTIONS: Record<string, ForeignKeyAction> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
const MATCH: Record<string, 'simple' | 'full' | 'partial'> = { s: 'simple', f: 'full', p: 'partial' };

export function names(nodes: Node[] | undefined): string[] {
  return (nodes ?? []).map(stringValue).filter((n): n is string => n !== undefined);
}

export function tableKey(table: Table): string {
  return objectKey(table.schema, table.name);
}

export function findColumn(table: Table, name: string): Column {
  return table.columns.find((c) => c.name === name) ?? fail(`column "${name}" of relation "${table.name}" does not exist`);
}

function baseConstraint(node: ConstraintNode, options: ConstraintOptions): Omit<Constraint, 'name' | 'kind' | 'columns'> {
  const enforced = node.is_enforced !== false;
  return {
    validated: enforced && (options.creatingTable || node.initially_valid === true || !needsValidation(node)),
    enforced,
    deferrable: node.deferrable === true,
    initiallyDeferred: node.initdeferred === true,
    noInherit: node.is_no_inherit === true,
  };
}

/** Only CHECK, FOREIGN KEY and NOT NULL can be NOT VALID. */
function needsValidation(node: ConstraintNode): boolean {
  return node.contype === 'CONSTR_CHECK' || node.contype === 'CONSTR_FOREIGN' || node.contype === 'CONSTR_NOTNULL';
}

export function addConstraint(ctx: ApplyContext, table: Table, node: ConstraintNode, options: ConstraintOptions): void {
  switch (node.contype) {
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
    case 'CONSTR_EXCLUSION':
      addIndexConstraint(ctx, table, node, options);
      return;
    case 'CONSTR_CHECK':
      addCheck(ctx, table, node, options);
      return;
    case 'CONSTR_FOREIGN':
      addForeignKey(ctx, table, node, options);
      return;
    case 'CONSTR_NOTNULL':
      for (const column of names(node.keys)) {
        setNotNull(ctx, table, column, { name: node.conname, base: baseConstraint(node, options), noInherit: node.is_no_inherit === true });
      }
      return;
    default:
      fail(`constraint type ${node.contype ?? 'unknown'} is not modelled`);
  }
}

function addIndexConstraint(ctx: ApplyContext, table: Table, node: ConstraintNode, options: ConstraintOptions): void {
  const kind = node.contype === 'CONSTR_PRIMARY' ? 'primary key' : node.contype === 'CONSTR_UNIQUE' ? 'unique' : 'exclusion';
  if (kind === 'primary key' && table.constraints.some((c) => c.kind === 'primary key')) {
    fail(`multiple primary keys for table "${table.name}" are not allowed`);
  }
  if (node.indexname) {
    adoptIndex(ctx, table, node, kind, options);
    return;
  }
  const elems = kind === 'exclusion' ? exclusionElems(node) : names(node.keys).map((name) => ({ name }) as IndexElem);
  const label = kind === 'primary key' ? 'pkey' : kind === 'unique' ? 'key' : 'excl';
  const nameColumns = indexNameColumns([...elems, ...names(node.including).map((name) => ({ name }) as IndexElem)]);
  const name = node.conname ?? chooseIndexName(ctx.catalog, table, nameColumns, label);
  const key = tableKey(table);
  const index: Index = {
    schema: table.schema,
    name,
    table: key,
    unique: kind !== 'exclusion',
    nullsNotDistinct: node.nulls_not_distinct === true,
    method: node.access_method ?? 'btree',
    keys: elems.map(indexKeyFromElem),
    include: names(node.including),
    valid: true,
    constraint: name,
    origin: ctx.origin,
  };
  if (kind === 'exclusion') index.keys = index.keys.map((k, i) => ({ ...k, operator: exclusionOperators(node)[i] }));
  if (node.where_clause) index.predicate = makeExpr(node.where_clause);
  for (const column of index.keys.map((k) => k.column).filter((c): c is string => c !== undefined)) findColumn(table, column);
  if (kind === 'primary key') for (const column of names(node.keys)) setNotNull(ctx, table, column, {});
  table.constraints.push({
    ...baseConstraint(node, options),
    // PostgreSQL marks a table's own key constraints NO INHERIT; their copies on partitions are not.
    noInherit: true,
    name,
    kind,
    columns: elems.map((e) => e.name).filter((c): c is string => c !== undefined),
    index: objectKey(table.schema, name),
    origin: ctx.origin,
  });
  addIndex(ctx.catalog, index);
  if (table.partitioning) cascadeKeyToPartitions(ctx, table, index, nameColumns);
}

/** PostgreSQL creates the partitions' indexes and their key constraints, named after each partition. */
function cascadeKeyToPartitions(ctx: ApplyContext, table: Table, index: Index, nameColumns: string[]): void {
  cascadeIndexToPartitions(ctx.catalog, index, nameColumns, ctx.origin);
  const parentConstraint = table.constraints.find((c) => c.name === index.name);
  if (!parentConstraint) return;
  for (const child of ctx.catalog.indexes.values()) {
    if (child.parent !== objectKey(index.schema, index.name)) continue;
    const partition = ctx.catalog.tables.get(child.table);
    if (!partition || partition.constraints.some((c) => c.name === child.name)) continue;
    if (parentConstraint.kind === 'primary key') for (const column of parentConstraint.columns) setNotNull(ctx, partition, column, {});
    partition.constraints.push({ ...parentConstraint, name: child.name, index: objectKey(child.schema, child.name), inherited: true, noInherit: false });
  }
}

function exclusionElems(node: ConstraintNode): IndexElem[] {
  return (node.exclusions ?? []).map((pair) => {
    const items = nodeOfKind<{ items?: Node[] }>(pair, 'List')?.items ?? [];
    return nodeOfKind<IndexElem>(items[0], 'IndexElem') ?? fail('malformed EXCLUDE element');
  });
}

function exclusionOperators(node: ConstraintNode): string[] {
  return (node.exclusions ?? []).map((pair) => {
    const items = nodeOfKind<{ items?: Node[] }>(pair, 'List')?.items ?? [];
    return names(nodeOfKind<{ items?: Node[] }>(items[1], 'List')?.items).join('.');
  });
}

/** ADD CONSTRAINT ... PRIMARY KEY / UNIQUE USING INDEX: the index becomes the constraint's and takes its name. */
function adoptIndex(ctx: ApplyContext, table: Table, node: ConstraintNode, kind: 'primary key' | 'unique' | 'exclusion', options: ConstraintOptions): void {
  const indexKey = resolveIndex(ctx.catalog, { schema: table.schema, name: node.indexname ?? '' }) ?? missing('index', { name: node.indexname ?? '' });
  const index = ctx.catalog.indexes.get(indexKey) ?? missing('index', { name: node.indexname ?? '' });
  const name = node.conname ?? index.name;
  ctx.catalog.indexes.set(indexKey, { ...index, constraint: index.name });
  renameIndexKey(ctx.catalog, indexKey, name);
  const columns = index.keys.map((k) => k.column).filter((c): c is string => c !== undefined);
  if (kind === 'primary key') for (const column of columns) setNotNull(ctx, table, column, {});
  table.constraints.push({ ...baseConstraint(node, options), noInherit: true, name, kind, columns, index: objectKey(table.schema, name), origin: ctx.origin });
}

function addCheck(ctx: ApplyContext, table: Table, node: ConstraintNode, options: ConstraintOptions): void {
  if (!node.raw_expr) fail('CHECK without an expression');
  const check = makeExpr(node.raw_expr);
  // PostgreSQL names a check after its column only when it reads exactly one.
  const name = node.conname ?? chooseConstraintName(ctx.catalog, table.schema, table.name, check.columns.length === 1 ? check.columns[0] : undefined, 'check');
  const constraint: Constraint = { ...baseConstraint(node, options), name, kind: 'check', columns: check.columns, check, origin: ctx.origin };
  table.constraints.push(constraint);
  if (!constraint.noInherit) copyToPartitions(ctx, table, constraint);
}

function addForeignKey(ctx: ApplyContext, table: Table, node: ConstraintNode, options: ConstraintOptions): void {
  const target = relationName(node.pktable) ?? fail('FOREIGN KEY without a referenced table');
  const targetKey = resolveTable(ctx.catalog, target) ?? missing('relation', target);
  const referenced = ctx.catalog.tables.get(targetKey) ?? missing('relation', target);
  const columns = names(node.fk_attrs);
  for (const column of columns) findColumn(table, column);
  let refColumns = names(node.pk_attrs);
  if (refColumns.length === 0) {
    const primary = referenced.constraints.find((c) => c.kind === 'primary key');
    if (!primary) fail(`there is no primary key for referenced table "${referenced.name}"`);
    refColumns = primary.columns;
  }
  for (const column of refColumns) findColumn(referenced, column);
  const name = node.conname ?? chooseConstraintName(ctx.catalog, table.schema, table.name, nameAddition(columns), 'fkey');
  const constraint: Constraint = {
    ...baseConstraint(node, options),
    // PostgreSQL marks a plain table's foreign keys NO INHERIT; a partitioned table's pass to its partitions.
    noInherit: !table.partitioning,
    name,
    kind: 'foreign key',
    columns,
    references: {
      table: targetKey,
      columns: refColumns,
      onDelete: ACTIONS[node.fk_del_action ?? 'a'] ?? 'no action',
      onUpdate: ACTIONS[node.fk_upd_action ?? 'a'] ?? 'no action',
      match: MATCH[node.fk_matchtype ?? 's'] ?? 'simple',
    },
    origin: ctx.origin,
  };
  table.constraints.push(constraint);
  copyToPartitions(ctx, table, constraint);
}

/** Check, foreign-key and not-null constraints of a partitioned table exist on each partition under the same name. */
export function copyToPartitions(ctx: ApplyContext, table: Table, constraint: Constraint): void {
  for (const partitionKey of table.partitions) {
    const partition = ctx.catalog.tables.get(partitionKey);
    if (!partition) continue;
    if (constraint.kind === 'not null') {
      for (const column of constraint.columns) setNotNull(ctx, partition, column, { name: constraint.name, base: constraint, inherited: true });
      continue;
    }
    if (partition.constraints.some((c) => c.name === constraint.name)) continue;
    partition.constraints.push({ ...constraint, inherited: true });
    copyToPartitions(ctx, partition, constraint);
  }
}

export interface NotNullOptions {
  name?: string;
  base?: Omit<Constraint, 'name' | 'kind' | 'columns'>;
  noInherit?: boolean;
  inherited?: boolean;
}

/** SET NOT NULL and its equivalents: the column is NOT NULL and, on PG 18, has a named not-null constraint. */
export function setNotNull(ctx: ApplyContext, table: Table, columnName: string, options: NotNullOptions): void {
  const index = table.columns.findIndex((c) => c.name === columnName);
  if (index < 0) fail(`column "${columnName}" of relation "${table.name}" does not exist`);
  table.columns[index] = { ...table.columns[index], notNull: true };
  const existing = table.constraints.findIndex((c) => c.kind === 'not null' && c.columns[0] === columnName);
  if (existing >= 0) {
    // SET NOT NULL on a NOT VALID not-null constraint validates it.
    if (options.base === undefined || options.base.validated) table.constraints[existing] = { ...table.constraints[existing], validated: true };
    return;
  }
  const name = options.name ?? chooseConstraintName(ctx.catalog, table.schema, table.name, columnName, 'not_null');
  const base = options.base ?? { validated: true, enforced: true, deferrable: false, initiallyDeferred: false, noInherit: false };
  const constraint: Constraint = {
    validated: base.validated,
    enforced: true,
    deferrable: false,
    initiallyDeferred: false,
    noInherit: options.noInherit ?? false,
    name,
    kind: 'not null',
    columns: [columnName],
    origin: ctx.origin,
    ...(options.inherited ? { inherited: true } : {}),
  };
  table.constraints.push(constraint);
  if (!constraint.noInherit) copyToPartitions(ctx, table, constraint);
}

export function dropNotNull(table: Table, columnName: string): void {
  const index = table.columns.findIndex((c) => c.name === columnName);
  if (index < 0) fail(`column "${columnName}" of relation "${table.name}" does not exist`);
  const column = table.columns[index];
  if (column.identity) fail(`column "${columnName}" of relation "${table.name}" is an identity column`);
  const inKey = table.constraints.some((c) => c.kind === 'primary key' && c.columns.includes(columnName));
  if (inKey) fail(`column "${columnName}" is in a primary key`);
  table.columns[index] = { ...column, notNull: false };
  table.constraints = table.constraints.filter((c) => !(c.kind === 'not null' && c.columns[0] === columnName));
}

/** Every not-null column without its constraint gets one; CREATE TABLE names them after the checks. */
export function addMissingNotNullConstraints(ctx: ApplyContext, table: Table): void {
  for (const column of table.columns) {
    if (column.notNull) setNotNull(ctx, table, column.name, {});
  }
}

export function validateConstraint(table: Table, name: string): void {
  const index = table.constraints.findIndex((c) => c.name === name);
  if (index < 0) fail(`constraint "${name}" of relation "${table.name}" does not exist`);
  table.constraints[index] = { ...table.constraints[index], validated: true };
}

export function tableConstraintNodes(nodes: Node[] | undefined): ConstraintNode[] {
  return (nodes ?? []).map((n) => nodeOfKind<ConstraintNode>(n, 'Constraint')).filter((c): c is ConstraintNode => c !== undefined);
}
