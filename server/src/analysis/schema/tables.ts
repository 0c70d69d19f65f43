/**
 * CREATE TABLE (plain, partitioned, PARTITION OF, LIKE), ALTER TABLE and DROP TABLE.
 */
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint as ConstraintNode, CreateStmt, Node, PartitionBoundSpec, PartitionCmd, RangeVar, TableLikeClause } from 'libpg-query';
import { nodeOfKind, relationName, unwrap } from '../ast';
import type { ApplyContext } from './context';
import { fail, missing, schemaForNew, typeSchemaResolver } from './context';
import { buildColumn, defaultExpr } from './columns';
import {
  addConstraint,
  dropNotNull,
  findColumn,
  names,
  setNotNull,
  tableKey,
  validateConstraint,
} from './constraints';
import { constantValue, deparseExpr, makeExpr } from './expr';
import { cloneIndexToPartition, dropIndexKey, indexColumns, indexNameColumns } from './indexes';
import type { Catalog, Column, PartitionSpec, Sequence, Table } from './model';
import { objectKey, peekTable, peekTables, tableKeysWhere } from './model';
import { relationExists } from './names';
import { rekeyIndex, renameColumnInTable, renameColumnReferences } from './rekey';
import { resolveTable } from './resolve';
import { columnType } from './types';

export function createTable(ctx: ApplyContext, stmt: CreateStmt): void {
  const name = relationName(stmt.relation) ?? fail('CREATE TABLE without a name');
  const temporary = stmt.relation?.relpersistence === 't';
  const schema = temporary ? 'pg_temp' : schemaForNew(ctx, name);
  if (relationExists(ctx.catalog, schema, name.name)) {
    if (stmt.if_not_exists) return;
    fail(`relation "${name.name}" already exists`);
  }
  const table: Table = {
    schema,
    name: name.name,
    persistence: temporary ? 'temporary' : stmt.relation?.relpersistence === 'u' ? 'unlogged' : 'permanent',
    columns: [],
    constraints: [],
    triggers: [],
    partitions: [],
    origin: ctx.origin,
  };
  const parent = stmt.partbound ? partitionParent(ctx, stmt) : undefined;
  if (parent) table.columns = parent.columns.map((c) => ({ ...c, inherited: true, origin: ctx.origin }));
  const pending: ConstraintNode[] = [];
  const sequenceNames = new Set<string>();
  const sequences: Sequence[] = [];
  for (const element of stmt.tableElts ?? []) {
    const unwrapped = unwrap(element);
    if (unwrapped?.kind === 'ColumnDef') addColumnDefinition(ctx, table, unwrapped.value as ColumnDef, pending, sequenceNames, sequences);
    else if (unwrapped?.kind === 'Constraint') pending.push(unwrapped.value as ConstraintNode);
    else if (unwrapped?.kind === 'TableLikeClause') copyLike(ctx, table, unwrapped.value as TableLikeClause);
  }
  if (stmt.partspec) table.partitioning = partitionSpec(ctx, table, stmt.partspec as never);
  ctx.catalog.tables.set(objectKey(schema, table.name), table);
  for (const sequence of sequences) ctx.catalog.sequences.set(objectKey(sequence.schema, sequence.name), sequence);
  if (parent && stmt.partbound) attachToParent(ctx, parent, table, stmt.partbound, true);
  addTableConstraints(ctx, table, pending);
}

/** Sequences of serial and identity columns are collected in `sequences` and created once the table exists. */
function addColumnDefinition(
  ctx: ApplyContext,
  table: Table,
  def: ColumnDef,
  pending: ConstraintNode[],
  sequenceNames: Set<string>,
  sequences: Sequence[],
): void {
  const existing = table.columns.findIndex((c) => c.name === def.colname);
  if (existing >= 0 && table.columns[existing].inherited) {
    // PARTITION OF (col WITH OPTIONS DEFAULT ..., NOT NULL, CHECK ...): adds to the inherited column.
    const built = buildColumn(ctx, table, { ...def, typeName: { names: [] } as never }, sequenceNames);
    const column = table.columns[existing];
    table.columns[existing] = { ...column, notNull: column.notNull || built.column.notNull, default: built.column.default ?? column.default };
    pending.push(...built.tableConstraints);
    return;
  }
  if (existing >= 0) fail(`column "${def.colname}" specified more than once`);
  const built = buildColumn(ctx, table, def, sequenceNames);
  table.columns.push(built.column);
  if (built.sequence) sequences.push(built.sequence);
  pending.push(...built.tableConstraints);
}

/**
 * PostgreSQL names CHECK constraints first, then NOT NULL ones, then creates the key indexes
 * (primary key first) and finally adds the foreign keys; names chosen later avoid earlier ones.
 */
function addTableConstraints(ctx: ApplyContext, table: Table, pending: ConstraintNode[]): void {
  const options = { creatingTable: true };
  for (const c of pending.filter((c) => c.contype === 'CONSTR_CHECK')) addConstraint(ctx, table, c, options);
  const primary = pending.filter((c) => c.contype === 'CONSTR_PRIMARY');
  const namedNotNull = pending.filter((c) => c.contype === 'CONSTR_NOTNULL');
  for (const column of table.columns) {
    const named = namedNotNull.find((c) => names(c.keys).includes(column.name));
    const inKey = primary.some((c) => names(c.keys).includes(column.name));
    if (named) addConstraint(ctx, table, named, options);
    else if ((column.notNull || inKey) && !column.inherited) setNotNull(ctx, table, column.name, {});
  }
  for (const c of primary) addConstraint(ctx, table, c, options);
  for (const c of pending.filter((c) => c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_EXCLUSION')) addConstraint(ctx, table, c, options);
  for (const c of pending.filter((c) => c.contype === 'CONSTR_FOREIGN')) addConstraint(ctx, table, c, options);
}

function copyLike(ctx: ApplyContext, table: Table, like: TableLikeClause): void {
  const name = relationName(like.relation) ?? fail('LIKE without a table');
  const source = ctx.catalog.tables.get(resolveTable(ctx.catalog, name) ?? missing('relation', name)) ?? missing('relation', name);
  // LIKE copies names, types and NOT NULL; defaults and the rest only with INCLUDING options (CREATE_TABLE_LIKE_DEFAULTS = 1 << 3).
  const includeDefaults = ((like.options ?? 0) & (1 << 3)) !== 0 || (like.options ?? 0) === 0x7fffffff;
  for (const column of source.columns) {
    table.columns.push({ name: column.name, type: column.type, notNull: column.notNull, ...(includeDefaults && column.default ? { default: column.default } : {}), origin: ctx.origin });
  }
}

function partitionParent(ctx: ApplyContext, stmt: CreateStmt): Table {
  const parentName = relationName(nodeOfKind<RangeVar>((stmt.inhRelations ?? [])[0], 'RangeVar')) ?? fail('PARTITION OF without a parent');
  const parent = ctx.catalog.tables.get(resolveTable(ctx.catalog, parentName) ?? missing('relation', parentName)) ?? missing('relation', parentName);
  if (!parent.partitioning) fail(`table "${parent.name}" is not partitioned`);
  return parent;
}

function partitionSpec(ctx: ApplyContext, table: Table, spec: { strategy?: string; partParams?: Node[] }): PartitionSpec {
  const strategy = spec.strategy === 'PARTITION_STRATEGY_LIST' ? 'list' : spec.strategy === 'PARTITION_STRATEGY_HASH' ? 'hash' : 'range';
  const keys = (spec.partParams ?? []).map((p) => {
    const elem = nodeOfKind<{ name?: string; expr?: Node }>(p, 'PartitionElem') ?? {};
    if (elem.name) {
      findColumn(table, elem.name);
      return { column: elem.name };
    }
    return { expression: makeExpr(elem.expr ?? fail('empty partition key')) };
  });
  void ctx;
  return { strategy, keys };
}

/** `FOR VALUES ...` as pg_get_expr prints a partition bound. */
function boundText(parent: Table, bound: PartitionBoundSpec): string {
  if (bound.is_default) return 'DEFAULT';
  const keyTypes = (parent.partitioning?.keys ?? []).map((k) => (k.column ? parent.columns.find((c) => c.name === k.column)?.type.name : undefined));
  const datum = (node: Node, position: number): string => {
    const ref = nodeOfKind<{ fields?: Node[] }>(node, 'ColumnRef');
    if (ref) return deparseExpr(node).toUpperCase();
    const constant = nodeOfKind<Record<string, unknown>>(node, 'A_Const') ?? nodeOfKind<Record<string, unknown>>(nodeOfKind<{ arg?: Node }>(node, 'TypeCast')?.arg, 'A_Const');
    if (!constant) return deparseExpr(node);
    if (constant.isnull) return 'NULL';
    const value = constantValue(constant);
    const numeric = ['int2', 'int4', 'int8', 'numeric', 'float4', 'float8'].includes(keyTypes[position] ?? '');
    return numeric || constant.boolval ? value : `'${value.replace(/'/g, "''")}'`;
  };
  if (bound.strategy === 'h') return `FOR VALUES WITH (modulus ${bound.modulus ?? 0}, remainder ${bound.remainder ?? 0})`;
  if (bound.strategy === 'l') return `FOR VALUES IN (${(bound.listdatums ?? []).map((d) => datum(d, 0)).join(', ')})`;
  const range = (datums: Node[] | undefined) => (datums ?? []).map((d, i) => datum(d, i)).join(', ');
  return `FOR VALUES FROM (${range(bound.lowerdatums)}) TO (${range(bound.upperdatums)})`;
}

/** Links a partition to its parent and gives it the parent's indexes, keys, checks, not-nulls and foreign keys. */
function attachToParent(ctx: ApplyContext, parent: Table, partition: Table, bound: PartitionBoundSpec, created: boolean): void {
  const parentKey = tableKey(parent);
  const key = tableKey(partition);
  partition.partitionOf = { parent: parentKey, bound: boundText(parent, bound) };
  if (!parent.partitions.includes(key)) parent.partitions.push(key);
  partition.columns = partition.columns.map((c) => ({ ...c, inherited: true }));
  for (const constraint of parent.constraints) {
    if (constraint.kind === 'check' && !constraint.noInherit) {
      const own = partition.constraints.findIndex((c) => c.kind === 'check' && c.name === constraint.name);
      if (own >= 0) partition.constraints[own] = { ...partition.constraints[own], inherited: true };
      else if (created) partition.constraints.push({ ...constraint, inherited: true });
      else fail(`child table is missing constraint "${constraint.name}"`);
    } else if (constraint.kind === 'not null' && !constraint.noInherit) {
      // A new partition takes the parent's constraint names; an attached one keeps its own.
      setNotNull(ctx, partition, constraint.columns[0], created ? { name: constraint.name, base: constraint, inherited: true } : {});
      partition.constraints = partition.constraints.map((c) => (c.kind === 'not null' && c.columns[0] === constraint.columns[0] ? { ...c, inherited: true } : c));
    }
  }
  for (const index of [...ctx.catalog.indexes.values()].filter((i) => i.table === parentKey && !i.parent)) {
    const elems = [...index.keys.map((k) => ({ name: k.column, expr: k.expression?.ast })), ...index.include.map((name) => ({ name }))];
    const nameColumns = indexNameColumns(elems as never);
    cloneIndexToPartition(ctx.catalog, index, partition, nameColumns, ctx.origin);
    const child = [...ctx.catalog.indexes.values()].find((i) => i.table === key && i.parent === objectKey(index.schema, index.name));
    const parentConstraint = parent.constraints.find((c) => c.name === index.constraint);
    if (child && parentConstraint && !partition.constraints.some((c) => c.name === child.name)) {
      partition.constraints.push({ ...parentConstraint, name: child.name, index: objectKey(child.schema, child.name), inherited: true, noInherit: false });
    }
  }
  for (const constraint of parent.constraints.filter((c) => c.kind === 'foreign key')) {
    if (!partition.constraints.some((c) => c.name === constraint.name)) partition.constraints.push({ ...constraint, inherited: true });
  }
}

export function alterTable(ctx: ApplyContext, stmt: AlterTableStmt): void {
  const name = relationName(stmt.relation) ?? fail('ALTER TABLE without a name');
  const key = resolveTable(ctx.catalog, name);
  if (!key) {
    if (stmt.missing_ok) return;
    missing('relation', name);
  }
  const recurse = stmt.relation?.inh === true;
  for (const node of stmt.cmds ?? []) {
    const cmd = nodeOfKind<AlterTableCmd>(node, 'AlterTableCmd');
    if (!cmd) continue;
    const table = ctx.catalog.tables.get(key) ?? missing('relation', name);
    alterTableCommand(ctx, table, cmd, recurse);
  }
}

/** The table, and with it every partition below it unless ONLY was written. */
function withPartitions(ctx: ApplyContext, table: Table, recurse: boolean, apply: (t: Table) => void): void {
  apply(table);
  if (!recurse) return;
  for (const key of table.partitions) {
    const partition = ctx.catalog.tables.get(key);
    if (partition) withPartitions(ctx, partition, recurse, apply);
  }
}

function alterTableCommand(ctx: ApplyContext, table: Table, cmd: AlterTableCmd, recurse: boolean): void {
  const column = cmd.name ?? '';
  switch (cmd.subtype) {
    case 'AT_AddColumn':
      addColumn(ctx, table, nodeOfKind<ColumnDef>(cmd.def, 'ColumnDef') ?? fail('ADD COLUMN without a definition'), cmd.missing_ok === true);
      return;
    case 'AT_DropColumn':
      dropColumn(ctx, table, column, cmd.behavior === 'DROP_CASCADE', cmd.missing_ok === true);
      return;
    case 'AT_ColumnDefault':
      withPartitions(ctx, table, recurse, (t) => updateColumn(t, column, (c) => ({ ...c, default: cmd.def ? defaultExpr(cmd.def, ctx) : undefined })));
      return;
    case 'AT_SetNotNull':
      withPartitions(ctx, table, false, (t) => setNotNull(ctx, t, column, {}));
      return;
    case 'AT_DropNotNull':
      withPartitions(ctx, table, recurse, (t) => dropNotNull(t, column));
      return;
    case 'AT_AlterColumnType':
      alterColumnType(ctx, table, column, nodeOfKind<ColumnDef>(cmd.def, 'ColumnDef') ?? fail('TYPE without a type'), recurse);
      return;
    case 'AT_AddConstraint':
      addConstraint(ctx, table, nodeOfKind<ConstraintNode>(cmd.def, 'Constraint') ?? fail('ADD CONSTRAINT without a constraint'), { creatingTable: false });
      return;
    case 'AT_DropConstraint':
      dropConstraint(ctx, table, column, cmd.missing_ok === true, cmd.behavior === 'DROP_CASCADE');
      return;
    case 'AT_ValidateConstraint':
      withPartitions(ctx, table, recurse, (t) => t.constraints.some((c) => c.name === column) && validateConstraint(t, column));
      if (!table.constraints.some((c) => c.name === column)) fail(`constraint "${column}" of relation "${table.name}" does not exist`);
      return;
    case 'AT_AlterConstraint':
      alterConstraint(table, nodeOfKind<{ conname?: string; deferrable?: boolean; initdeferred?: boolean; alterDeferrability?: boolean }>(cmd.def, 'ATAlterConstraint'));
      return;
    case 'AT_AttachPartition':
      attachPartition(ctx, table, nodeOfKind<PartitionCmd>(cmd.def, 'PartitionCmd') ?? fail('ATTACH PARTITION without a partition'));
      return;
    case 'AT_DetachPartition':
    case 'AT_DetachPartitionFinalize':
      detachPartition(ctx, table, nodeOfKind<PartitionCmd>(cmd.def, 'PartitionCmd') ?? fail('DETACH PARTITION without a partition'));
      return;
    case 'AT_SetLogged':
      table.persistence = 'permanent';
      return;
    case 'AT_SetUnLogged':
      table.persistence = 'unlogged';
      return;
    case 'AT_AddIdentity':
      addIdentity(ctx, table, column, nodeOfKind<ConstraintNode>(cmd.def, 'Constraint'));
      return;
    case 'AT_SetIdentity':
      setIdentity(table, column, cmd.def);
      return;
    case 'AT_DropIdentity':
      dropIdentity(ctx, table, column, cmd.missing_ok === true);
      return;
    case 'AT_DropExpression':
      withPartitions(ctx, table, recurse, (t) => updateColumn(t, column, (c) => ({ ...c, generated: undefined })));
      return;
    case 'AT_SetExpression':
      withPartitions(ctx, table, recurse, (t) =>
        updateColumn(t, column, (c) => (c.generated && cmd.def ? { ...c, generated: { ...c.generated, expr: makeExpr(cmd.def) } } : fail(`column "${column}" is not a generated column`))),
      );
      return;
    default:
      // Storage, statistics, options, owner, triggers enabled, RLS, replica identity, clustering:
      // nothing the model keeps.
      return;
  }
}

export function updateColumn(table: Table, name: string, change: (column: Column) => Column): void {
  const index = table.columns.findIndex((c) => c.name === name);
  if (index < 0) fail(`column "${name}" of relation "${table.name}" does not exist`);
  table.columns[index] = change(table.columns[index]);
}

function addColumn(ctx: ApplyContext, table: Table, def: ColumnDef, ifNotExists: boolean): void {
  if (table.columns.some((c) => c.name === def.colname)) {
    if (ifNotExists) return;
    fail(`column "${def.colname}" of relation "${table.name}" already exists`);
  }
  const built = buildColumn(ctx, table, def, new Set());
  const pending = built.tableConstraints;
  if (built.sequence) ctx.catalog.sequences.set(objectKey(built.sequence.schema, built.sequence.name), built.sequence);
  withPartitions(ctx, table, true, (t) => t.columns.push(t === table ? built.column : { ...built.column, inherited: true }));
  const options = { creatingTable: false };
  for (const c of pending.filter((c) => c.contype === 'CONSTR_CHECK')) addConstraint(ctx, table, c, options);
  const namedNotNull = pending.find((c) => c.contype === 'CONSTR_NOTNULL');
  const column = table.columns[table.columns.length - 1];
  if (namedNotNull) addConstraint(ctx, table, namedNotNull, options);
  else if (column.notNull) {
    table.columns[table.columns.length - 1] = { ...column, notNull: false };
    setNotNull(ctx, table, column.name, {});
  }
  for (const c of pending.filter((c) => c.contype !== 'CONSTR_CHECK' && c.contype !== 'CONSTR_NOTNULL')) addConstraint(ctx, table, c, options);
}

/** What depends on a column, as DROP COLUMN and ALTER COLUMN TYPE see it. */
export interface ColumnDependents {
  indexes: string[];
  constraints: Array<{ table: string; name: string }>;
  views: string[];
  triggers: string[];
  generatedColumns: string[];
  sequences: string[];
}

export function columnDependents(catalog: Catalog, key: string, column: string): ColumnDependents {
  const table = peekTable(catalog, key);
  const result: ColumnDependents = { indexes: [], constraints: [], views: [], triggers: [], generatedColumns: [], sequences: [] };
  if (!table) return result;
  for (const [indexKey, index] of catalog.indexes) if (index.table === key && indexColumns(index).includes(column)) result.indexes.push(indexKey);
  for (const other of peekTables(catalog)) {
    for (const c of other.constraints) {
      const own = other === table && c.columns.includes(column);
      const referencing = c.references?.table === key && c.references.columns.includes(column);
      if (own || referencing) result.constraints.push({ table: tableKey(other), name: c.name });
    }
  }
  for (const [viewKey, view] of catalog.views) {
    if (view.relations.includes(key) && view.dependsOn.some((d) => d.table === key && d.column === column)) result.views.push(viewKey);
  }
  for (const trigger of table.triggers) if (trigger.columns.includes(column)) result.triggers.push(trigger.name);
  for (const c of table.columns) if (c.generated?.expr.columns.includes(column) && c.name !== column) result.generatedColumns.push(c.name);
  for (const [seqKey, sequence] of catalog.sequences) if (sequence.ownedBy?.table === key && sequence.ownedBy.column === column) result.sequences.push(seqKey);
  return result;
}

function dropColumn(ctx: ApplyContext, table: Table, column: string, cascade: boolean, ifExists: boolean): void {
  if (!table.columns.some((c) => c.name === column)) {
    if (ifExists) return;
    fail(`column "${column}" of relation "${table.name}" does not exist`);
  }
  if (table.columns.find((c) => c.name === column)?.inherited && table.partitionOf) fail(`cannot drop inherited column "${column}"`);
  if (table.partitioning?.keys.some((k) => k.column === column || k.expression?.columns.includes(column))) {
    fail(`cannot drop column "${column}" because it is part of the partition key of relation "${table.name}"`);
  }
  const key = tableKey(table);
  const dependents = columnDependents(ctx.catalog, key, column);
  const foreign = dependents.constraints.filter((c) => c.table !== key);
  const blocking = [...dependents.views.map((v) => `view ${v}`), ...foreign.map((c) => `constraint ${c.name} on table ${c.table}`), ...dependents.generatedColumns.map((g) => `column ${g}`)];
  if (blocking.length > 0 && !cascade) fail(`cannot drop column ${column} of table ${table.name} because other objects depend on it: ${blocking.join(', ')}`);
  withPartitions(ctx, table, true, (t) => dropColumnNow(ctx, t, column, cascade));
}

function dropColumnNow(ctx: ApplyContext, table: Table, column: string, cascade: boolean): void {
  const key = tableKey(table);
  const dependents = columnDependents(ctx.catalog, key, column);
  for (const indexKey of dependents.indexes) {
    const index = ctx.catalog.indexes.get(indexKey);
    if (index?.constraint) table.constraints = table.constraints.filter((c) => c.name !== index.constraint);
    dropIndexKey(ctx.catalog, indexKey);
  }
  for (const ref of dependents.constraints) {
    const owner = ctx.catalog.tables.get(ref.table);
    if (owner) owner.constraints = owner.constraints.filter((c) => c.name !== ref.name);
    const ownedIndex = objectKey(owner?.schema ?? '', ref.name);
    if (ctx.catalog.indexes.get(ownedIndex)?.constraint === ref.name) dropIndexKey(ctx.catalog, ownedIndex);
  }
  if (cascade) {
    for (const viewKey of dependents.views) dropViewCascade(ctx.catalog, viewKey);
    table.columns = table.columns.filter((c) => !dependents.generatedColumns.includes(c.name));
  }
  table.triggers = table.triggers.filter((t) => !dependents.triggers.includes(t.name));
  for (const seqKey of dependents.sequences) ctx.catalog.sequences.delete(seqKey);
  table.columns = table.columns.filter((c) => c.name !== column);
}

export function dropViewCascade(catalog: Catalog, viewKey: string): void {
  catalog.views.delete(viewKey);
  for (const [key, index] of [...catalog.indexes]) if (index.table === viewKey) catalog.indexes.delete(key);
  for (const [key, view] of [...catalog.views]) if (view.relations.includes(viewKey)) dropViewCascade(catalog, key);
}

function alterColumnType(ctx: ApplyContext, table: Table, column: string, def: ColumnDef, recurse: boolean): void {
  findColumn(table, column);
  if (!def.typeName) fail('TYPE without a type');
  const key = tableKey(table);
  const dependents = columnDependents(ctx.catalog, key, column);
  if (dependents.views.length > 0) fail(`cannot alter type of a column used by a view or rule (${dependents.views.join(', ')})`);
  if (dependents.generatedColumns.length > 0) fail(`cannot alter type of a column used by a generated column (${dependents.generatedColumns.join(', ')})`);
  const type = columnType(def.typeName, typeSchemaResolver(ctx));
  withPartitions(ctx, table, recurse, (t) => updateColumn(t, column, (c) => ({ ...c, type, origin: ctx.origin })));
  for (const [seqKey, sequence] of ctx.catalog.sequences) {
    // An identity column's sequence follows the column's type.
    if (sequence.identityOf?.table === key && sequence.identityOf.column === column) ctx.catalog.sequences.set(seqKey, { ...sequence, dataType: type });
  }
}

function dropConstraint(ctx: ApplyContext, table: Table, name: string, ifExists: boolean, cascade: boolean): void {
  const constraint = table.constraints.find((c) => c.name === name);
  if (!constraint) {
    if (ifExists) return;
    fail(`constraint "${name}" of relation "${table.name}" does not exist`);
  }
  if (constraint.inherited && table.partitionOf) fail(`cannot drop inherited constraint "${name}" of relation "${table.name}"`);
  if (constraint.index) {
    const referencingKeys = tableKeysWhere(ctx.catalog, (t) => t.constraints.some((c) => c.references?.table === tableKey(table) && sameColumns(c.references.columns, constraint.columns)));
    const referencing = referencingKeys.flatMap((k) => {
      const t = ctx.catalog.tables.get(k);
      return t ? t.constraints.filter((c) => c.references?.table === tableKey(table) && sameColumns(c.references.columns, constraint.columns)).map((c) => ({ t, c })) : [];
    });
    if (referencing.length > 0 && !cascade) fail(`cannot drop constraint ${name} on table ${table.name} because other objects depend on it`);
    for (const { t, c } of referencing) t.constraints = t.constraints.filter((x) => x !== c);
    for (const [childKey, child] of [...ctx.catalog.indexes]) {
      if (child.parent === constraint.index) {
        const partition = ctx.catalog.tables.get(child.table);
        if (partition) partition.constraints = partition.constraints.filter((c) => c.name !== child.name);
        void childKey;
      }
    }
    dropIndexKey(ctx.catalog, constraint.index);
  }
  if (constraint.kind === 'not null') {
    dropNotNull(table, constraint.columns[0]);
    for (const key of table.partitions) {
      const partition = ctx.catalog.tables.get(key);
      if (partition?.constraints.some((c) => c.name === name && c.inherited)) dropNotNull(partition, constraint.columns[0]);
    }
    return;
  }
  table.constraints = table.constraints.filter((c) => c.name !== name);
  if (constraint.kind === 'check' || constraint.kind === 'foreign key') {
    withPartitions(ctx, table, true, (t) => {
      t.constraints = t.constraints.filter((c) => !(c.name === name && c.inherited));
    });
  }
}

function sameColumns(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((c) => b.includes(c));
}

function alterConstraint(table: Table, change: { conname?: string; deferrable?: boolean; initdeferred?: boolean; alterDeferrability?: boolean } | undefined): void {
  if (!change?.conname) return;
  const index = table.constraints.findIndex((c) => c.name === change.conname);
  if (index < 0) fail(`constraint "${change.conname}" of relation "${table.name}" does not exist`);
  if (change.alterDeferrability === false) return;
  table.constraints[index] = { ...table.constraints[index], deferrable: change.deferrable === true, initiallyDeferred: change.initdeferred === true };
}

function attachPartition(ctx: ApplyContext, table: Table, cmd: PartitionCmd): void {
  if (!table.partitioning) fail(`table "${table.name}" is not partitioned`);
  const name = relationName(cmd.name) ?? fail('ATTACH PARTITION without a name');
  const partition = ctx.catalog.tables.get(resolveTable(ctx.catalog, name) ?? missing('relation', name)) ?? missing('relation', name);
  if (partition.partitionOf) fail(`"${partition.name}" is already a partition`);
  attachToParent(ctx, table, partition, cmd.bound ?? fail('ATTACH PARTITION without a bound'), false);
}

function detachPartition(ctx: ApplyContext, table: Table, cmd: PartitionCmd): void {
  const name = relationName(cmd.name) ?? fail('DETACH PARTITION without a name');
  const key = resolveTable(ctx.catalog, name) ?? missing('relation', name);
  const partition = ctx.catalog.tables.get(key) ?? missing('relation', name);
  if (partition.partitionOf?.parent !== tableKey(table)) fail(`relation "${partition.name}" is not a partition of relation "${table.name}"`);
  table.partitions = table.partitions.filter((p) => p !== key);
  partition.partitionOf = undefined;
  partition.columns = partition.columns.map((c) => ({ ...c, inherited: undefined }));
  partition.constraints = partition.constraints.map((c) => ({ ...c, inherited: undefined }));
  for (const [indexKey, index] of ctx.catalog.indexes) if (index.table === key && index.parent) ctx.catalog.indexes.set(indexKey, { ...index, parent: undefined });
}

function addIdentity(ctx: ApplyContext, table: Table, column: string, constraint: ConstraintNode | undefined): void {
  const existing = findColumn(table, column);
  if (existing.identity) fail(`column "${column}" of relation "${table.name}" is already an identity column`);
  if (!existing.notNull) fail(`column "${column}" of relation "${table.name}" must be declared NOT NULL before identity can be added`);
  const built = buildColumn(ctx, table, { colname: column, typeName: { names: [] } as never, constraints: constraint ? [{ Constraint: constraint } as Node] : [] }, new Set());
  updateColumn(table, column, (c) => ({ ...c, identity: built.column.identity }));
  if (built.sequence) ctx.catalog.sequences.set(objectKey(built.sequence.schema, built.sequence.name), { ...built.sequence, dataType: existing.type });
}

function setIdentity(table: Table, column: string, def: Node | undefined): void {
  const existing = findColumn(table, column);
  if (!existing.identity) fail(`column "${column}" of relation "${table.name}" is not an identity column`);
  for (const option of nodeOfKind<{ items?: Node[] }>(def, 'List')?.items ?? []) {
    const elem = nodeOfKind<{ defname?: string; arg?: Node }>(option, 'DefElem');
    if (elem?.defname === 'generated') {
      const when = nodeOfKind<{ ival?: number }>(elem.arg, 'Integer')?.ival;
      updateColumn(table, column, (c) => ({ ...c, identity: when === 97 ? 'always' : 'by default' }));
    }
  }
}

function dropIdentity(ctx: ApplyContext, table: Table, column: string, ifExists: boolean): void {
  const existing = findColumn(table, column);
  if (!existing.identity) {
    if (ifExists) return;
    fail(`column "${column}" of relation "${table.name}" is not an identity column`);
  }
  updateColumn(table, column, (c) => ({ ...c, identity: undefined }));
  const key = tableKey(table);
  for (const [seqKey, sequence] of [...ctx.catalog.sequences]) {
    if (sequence.identityOf?.table === key && sequence.identityOf.column === column) ctx.catalog.sequences.delete(seqKey);
  }
}

export function renameColumn(ctx: ApplyContext, table: Table, from: string, to: string, recurse: boolean): void {
  findColumn(table, from);
  if (table.columns.some((c) => c.name === to)) fail(`column "${to}" of relation "${table.name}" already exists`);
  withPartitions(ctx, table, recurse, (t) => {
    renameColumnInTable(t, from, to);
    renameColumnReferences(ctx.catalog, tableKey(t), from, to);
  });
}

export function renameConstraint(ctx: ApplyContext, table: Table, from: string, to: string): void {
  const constraint = table.constraints.find((c) => c.name === from) ?? fail(`constraint "${from}" for table "${table.name}" does not exist`);
  if (constraint.index) {
    const index = ctx.catalog.indexes.get(constraint.index);
    if (index) {
      // The index of a key constraint is renamed with it.
      rekeyIndex(ctx.catalog, constraint.index, objectKey(index.schema, to));
      return;
    }
  }
  table.constraints = table.constraints.map((c) => (c.name === from ? { ...c, name: to } : c));
}

export function dropTable(ctx: ApplyContext, key: string, cascade: boolean): void {
  const table = ctx.catalog.tables.get(key);
  if (!table) return;
  const views = [...ctx.catalog.views].filter(([, v]) => v.relations.includes(key)).map(([k]) => k);
  const referencingKeys = tableKeysWhere(ctx.catalog, (t) => t !== table && !table.partitions.includes(tableKey(t)) && t.constraints.some((c) => c.references?.table === key && !c.inherited));
  if (!cascade && (views.length > 0 || referencingKeys.length > 0)) {
    const names = [...views, ...referencingKeys.map((k) => `constraint on table ${peekTable(ctx.catalog, k)?.name}`)];
    fail(`cannot drop table ${table.name} because other objects depend on it: ${names.join(', ')}`);
  }
  for (const view of views) dropViewCascade(ctx.catalog, view);
  for (const other of referencingKeys.map((k) => ctx.catalog.tables.get(k)).filter((t): t is Table => t !== undefined)) {
    other.constraints = other.constraints.filter((c) => c.references?.table !== key);
  }
  for (const partition of [...table.partitions]) dropTable(ctx, partition, true);
  if (table.partitionOf) {
    const parent = ctx.catalog.tables.get(table.partitionOf.parent);
    if (parent) parent.partitions = parent.partitions.filter((p) => p !== key);
  }
  for (const [indexKey, index] of [...ctx.catalog.indexes]) if (index.table === key) ctx.catalog.indexes.delete(indexKey);
  for (const [seqKey, sequence] of [...ctx.catalog.sequences]) if (sequence.ownedBy?.table === key) ctx.catalog.sequences.delete(seqKey);
  ctx.catalog.tables.delete(key);
}

