/**
 * `applyStatement`: one parsed statement's effect on the catalog. DDL the model knows changes it;
 * statements that cannot change the schema (DML, GRANT, transaction control) are ignored; anything
 * else is kept as an opaque entry. A statement that PostgreSQL would reject, or that names an object
 * the model does not know, is recorded as a failure and never throws.
 */
import type {
  AlterDomainStmt,
  AlterEnumStmt,
  AlterObjectSchemaStmt,
  AlterSeqStmt,
  AlterTableStmt,
  CommentStmt,
  CompositeTypeStmt,
  Constraint as ConstraintNode,
  CreateDomainStmt,
  CreateEnumStmt,
  CreateFunctionStmt,
  CreateRangeStmt,
  CreateSchemaStmt,
  CreateSeqStmt,
  CreateStmt,
  CreateTableAsStmt,
  CreateTrigStmt,
  DropStmt,
  FunctionParameter,
  IndexStmt,
  Node,
  ObjectWithArgs,
  RenameStmt,
  TypeName,
  VariableSetStmt,
  ViewStmt,
} from 'libpg-query';
import type { QualifiedName } from '../ast';
import { nodeOfKind, qualifiedFromList, relationName, stringValue, unwrap } from '../ast';
import type { ApplyContext } from './context';
import { fail, missing, ReplayError, schemaForNew, typeSchemaResolver } from './context';
import { tableConstraintNodes } from './constraints';
import { constantValue, makeExpr } from './expr';
import { addIndex, cascadeIndexToPartitions, chooseIndexName, dropIndexKey, indexElems, indexKeyFromElem, indexNameColumns } from './indexes';
import type { Catalog, DomainType, FunctionDef, Index, Origin, Sequence, Table, Trigger } from './model';
import { objectKey, splitKey, tableKeysWhere } from './model';
import { relationExists } from './names';
import { rekeyIndex, rekeySequence, rekeyTable, rekeyView } from './rekey';
import { resolveIn, resolveIndex, resolveSequence, resolveTable, resolveType, resolveView } from './resolve';
import { alterTable, createTable, dropTable, dropViewCascade, renameColumn, renameConstraint, updateColumn } from './tables';
import { columnType, makeColumnType } from './types';
import { analyseQuery, makeView } from './views';

/** The part of a parsed statement the replay reads; `ParsedStatement` fits. */
export interface StatementLike {
  kind: string;
  node: unknown;
  text: string;
  index: number;
}

export type ApplyStatus = 'applied' | 'ignored' | 'opaque' | 'failed';

export interface ApplyOutcome {
  status: ApplyStatus;
  message?: string;
}

/** Statements that never change the schema. */
const NO_SCHEMA_EFFECT = new Set([
  'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'SelectStmt', 'TransactionStmt', 'GrantStmt', 'GrantRoleStmt',
  'AlterDefaultPrivilegesStmt', 'VacuumStmt', 'ExplainStmt', 'LockStmt', 'RefreshMatViewStmt', 'CopyStmt', 'TruncateStmt',
  'NotifyStmt', 'ListenStmt', 'UnlistenStmt', 'CheckPointStmt', 'DiscardStmt', 'VariableShowStmt', 'ClusterStmt',
  'ReindexStmt', 'CreateRoleStmt', 'AlterRoleStmt', 'DropRoleStmt', 'AlterOwnerStmt', 'CallStmt', 'PrepareStmt',
  'ExecuteStmt', 'DeallocateStmt', 'DeclareCursorStmt', 'FetchStmt', 'ClosePortalStmt', 'AlterRoleSetStmt',
  'AlterDatabaseStmt', 'AlterDatabaseSetStmt', 'SecLabelStmt', 'CreatePolicyStmt', 'AlterPolicyStmt',
]);

export function applyStatement(catalog: Catalog, statement: StatementLike, migration?: string): ApplyOutcome {
  const origin: Origin = migration === undefined ? { statement: statement.index } : { migration, statement: statement.index };
  const ctx: ApplyContext = { catalog, origin };
  try {
    const handled = dispatch(ctx, statement);
    if (handled === 'opaque') catalog.opaque.push({ kind: statement.kind, text: statement.text, origin });
    return { status: handled };
  } catch (error) {
    // A ReplayError is PostgreSQL's own refusal or an unknown object; anything else is a model gap.
    const message = error instanceof ReplayError ? error.message : `the schema model could not apply this statement: ${String(error)}`;
    catalog.failures.push({ kind: statement.kind, message, text: statement.text, origin });
    return { status: 'failed', message };
  }
}

function dispatch(ctx: ApplyContext, statement: StatementLike): ApplyStatus {
  const node = statement.node as never;
  switch (statement.kind) {
    case 'CreateStmt':
      createTable(ctx, node as CreateStmt);
      return 'applied';
    case 'AlterTableStmt':
      return alterRelation(ctx, node as AlterTableStmt);
    case 'IndexStmt':
      createIndex(ctx, node as IndexStmt);
      return 'applied';
    case 'ViewStmt':
      createView(ctx, node as ViewStmt);
      return 'applied';
    case 'CreateTableAsStmt':
      return createAs(ctx, node as CreateTableAsStmt);
    case 'CreateSeqStmt':
      createSequence(ctx, node as CreateSeqStmt);
      return 'applied';
    case 'AlterSeqStmt':
      alterSequence(ctx, node as AlterSeqStmt);
      return 'applied';
    case 'CreateEnumStmt':
      createEnum(ctx, node as CreateEnumStmt);
      return 'applied';
    case 'AlterEnumStmt':
      alterEnum(ctx, node as AlterEnumStmt);
      return 'applied';
    case 'CreateDomainStmt':
      createDomain(ctx, node as CreateDomainStmt);
      return 'applied';
    case 'AlterDomainStmt':
      alterDomain(ctx, node as AlterDomainStmt);
      return 'applied';
    case 'CompositeTypeStmt':
      createOtherType(ctx, relationName((node as CompositeTypeStmt).typevar), 'composite');
      return 'applied';
    case 'CreateRangeStmt':
      createOtherType(ctx, qualifiedFromList((node as CreateRangeStmt).typeName), 'range');
      return 'applied';
    case 'CreateFunctionStmt':
      createFunction(ctx, node as CreateFunctionStmt);
      return 'applied';
    case 'CreateTrigStmt':
      createTrigger(ctx, node as CreateTrigStmt);
      return 'applied';
    case 'CreateSchemaStmt':
      createSchema(ctx, node as CreateSchemaStmt, statement);
      return 'applied';
    case 'CreateExtensionStmt':
      ctx.catalog.extensions.add(String((node as { extname?: string }).extname));
      return 'opaque';
    case 'DropStmt':
      drop(ctx, node as DropStmt);
      return 'applied';
    case 'RenameStmt':
      rename(ctx, node as RenameStmt);
      return 'applied';
    case 'AlterObjectSchemaStmt':
      setSchema(ctx, node as AlterObjectSchemaStmt);
      return 'applied';
    case 'CommentStmt':
      comment(ctx, node as CommentStmt);
      return 'applied';
    case 'VariableSetStmt':
      setVariable(ctx, node as VariableSetStmt);
      return 'applied';
    default:
      if (statement.kind === 'SelectStmt' && setConfigSearchPath(ctx, statement.node)) return 'applied';
      return NO_SCHEMA_EFFECT.has(statement.kind) ? 'ignored' : 'opaque';
  }
}

function alterRelation(ctx: ApplyContext, stmt: AlterTableStmt): ApplyStatus {
  if (stmt.objtype === 'OBJECT_TABLE' || stmt.objtype === undefined) {
    alterTable(ctx, stmt);
    return 'applied';
  }
  // ALTER INDEX / VIEW / SEQUENCE ... SET (options), OWNER, ATTACH PARTITION of an index: nothing modelled.
  if (stmt.objtype === 'OBJECT_INDEX') {
    attachIndex(ctx, stmt);
    return 'applied';
  }
  return 'ignored';
}

/** ALTER INDEX parent_idx ATTACH PARTITION child_idx. */
function attachIndex(ctx: ApplyContext, stmt: AlterTableStmt): void {
  const name = relationName(stmt.relation) ?? fail('ALTER INDEX without a name');
  const parentKey = resolveIndex(ctx.catalog, name) ?? (stmt.missing_ok ? undefined : missing('index', name));
  if (!parentKey) return;
  for (const cmd of stmt.cmds ?? []) {
    const command = nodeOfKind<{ subtype?: string; def?: Node }>(cmd, 'AlterTableCmd');
    if (command?.subtype !== 'AT_AttachPartition') continue;
    const childName = relationName(nodeOfKind<{ name?: never }>(command.def, 'PartitionCmd')?.name);
    const childKey = childName ? resolveIndex(ctx.catalog, childName) : undefined;
    const child = childKey ? ctx.catalog.indexes.get(childKey) : undefined;
    if (!childKey || !child) missing('index', childName ?? { name: '?' });
    ctx.catalog.indexes.set(childKey, { ...child, parent: parentKey });
  }
  const parent = ctx.catalog.indexes.get(parentKey);
  const partitions = parent ? (ctx.catalog.tables.get(parent.table)?.partitions ?? []) : [];
  const attached = new Set([...ctx.catalog.indexes.values()].filter((i) => i.parent === parentKey).map((i) => i.table));
  if (parent && !parent.valid && partitions.every((p) => attached.has(p))) ctx.catalog.indexes.set(parentKey, { ...parent, valid: true });
}

function createIndex(ctx: ApplyContext, stmt: IndexStmt): void {
  const relation = relationName(stmt.relation) ?? fail('CREATE INDEX without a table');
  const tableKey = resolveIn(ctx.catalog, relation, (k) => ctx.catalog.tables.has(k) || ctx.catalog.views.get(k)?.materialized === true) ?? missing('relation', relation);
  const table = ctx.catalog.tables.get(tableKey);
  const schema = splitKey(tableKey).schema;
  const elems = indexElems(stmt.indexParams);
  // INCLUDE columns take part in the generated name, as in PostgreSQL.
  const nameColumns = indexNameColumns([...elems, ...indexElems(stmt.indexIncludingParams)]);
  const columns = table?.columns.map((c) => c.name) ?? ctx.catalog.views.get(tableKey)?.columns ?? [];
  for (const elem of elems) if (elem.name && !columns.includes(elem.name)) fail(`column "${elem.name}" does not exist`);
  let name = stmt.idxname;
  if (name && relationExists(ctx.catalog, schema, name)) {
    if (stmt.if_not_exists) return;
    fail(`relation "${name}" already exists`);
  }
  const owner = table ?? { schema, name: splitKey(tableKey).name, persistence: 'permanent' as const, columns: [], constraints: [], triggers: [], partitions: [] };
  name ??= chooseIndexName(ctx.catalog, owner, nameColumns, 'idx');
  const index: Index = {
    schema,
    name,
    table: tableKey,
    unique: stmt.unique === true,
    nullsNotDistinct: stmt.nulls_not_distinct === true,
    method: stmt.accessMethod ?? 'btree',
    keys: elems.map(indexKeyFromElem),
    include: indexElems(stmt.indexIncludingParams).map((e) => e.name ?? ''),
    // ON ONLY a partitioned table with partitions: invalid until each partition's index is attached.
    valid: !(table?.partitioning && stmt.relation?.inh !== true && table.partitions.length > 0),
    origin: ctx.origin,
  };
  if (stmt.whereClause) index.predicate = makeExpr(stmt.whereClause);
  addIndex(ctx.catalog, index);
  // CREATE INDEX ON ONLY parent leaves the partitions to ALTER INDEX ... ATTACH PARTITION.
  if (table?.partitioning && stmt.relation?.inh === true) cascadeIndexToPartitions(ctx.catalog, index, nameColumns, ctx.origin);
}

function createView(ctx: ApplyContext, stmt: ViewStmt): void {
  const name = relationName(stmt.view) ?? fail('CREATE VIEW without a name');
  const schema = schemaForNew(ctx, name);
  const key = objectKey(schema, name.name);
  if (ctx.catalog.views.has(key) && !stmt.replace) fail(`relation "${name.name}" already exists`);
  if (!ctx.catalog.views.has(key) && relationExists(ctx.catalog, schema, name.name)) fail(`relation "${name.name}" already exists`);
  const aliases = (stmt.aliases ?? []).map(stringValue).filter((a): a is string => a !== undefined);
  ctx.catalog.views.set(key, { ...makeView(ctx.catalog, schema, name.name, false, stmt.query, aliases), origin: ctx.origin });
}

function createAs(ctx: ApplyContext, stmt: CreateTableAsStmt): ApplyStatus {
  const name = relationName(stmt.into?.rel) ?? fail('CREATE ... AS without a name');
  if (stmt.objtype !== 'OBJECT_MATVIEW') {
    createTableAs(ctx, name, stmt);
    return 'applied';
  }
  const schema = schemaForNew(ctx, name);
  if (relationExists(ctx.catalog, schema, name.name)) {
    if (stmt.if_not_exists) return 'applied';
    fail(`relation "${name.name}" already exists`);
  }
  const aliases = (stmt.into?.colNames ?? []).map(stringValue).filter((a): a is string => a !== undefined);
  ctx.catalog.views.set(objectKey(schema, name.name), { ...makeView(ctx.catalog, schema, name.name, true, stmt.query, aliases), origin: ctx.origin });
  return 'applied';
}

/**
 * CREATE TABLE ... AS: plain nullable columns named after the query's output. A column's type is
 * known only when the query makes it plain; otherwise it is `unknown`, and rules must not rely on it.
 */
function createTableAs(ctx: ApplyContext, name: QualifiedName, stmt: CreateTableAsStmt): void {
  const temporary = stmt.into?.rel?.relpersistence === 't';
  const schema = temporary ? 'pg_temp' : schemaForNew(ctx, name);
  if (relationExists(ctx.catalog, schema, name.name)) {
    if (stmt.if_not_exists) return;
    fail(`relation "${name.name}" already exists`);
  }
  const aliases = (stmt.into?.colNames ?? []).map(stringValue).filter((a): a is string => a !== undefined);
  const shape = analyseQuery(ctx.catalog, stmt.query, aliases);
  ctx.catalog.tables.set(objectKey(schema, name.name), {
    schema,
    name: name.name,
    persistence: temporary ? 'temporary' : stmt.into?.rel?.relpersistence === 'u' ? 'unlogged' : 'permanent',
    columns: shape.columns.map((column, i) => ({ name: column, type: shape.columnTypes[i] ?? makeColumnType('unknown', [], 0), notNull: false, origin: ctx.origin })),
    constraints: [],
    triggers: [],
    partitions: [],
    origin: ctx.origin,
  });
}

function sequenceOptions(ctx: ApplyContext, sequence: Sequence, options: Node[] | undefined): Sequence {
  let result = sequence;
  for (const option of options ?? []) {
    const elem = nodeOfKind<{ defname?: string; arg?: Node }>(option, 'DefElem');
    if (!elem) continue;
    const number = numberArg(elem.arg);
    if (elem.defname === 'increment' && number !== undefined) result = { ...result, increment: number };
    else if (elem.defname === 'start' && number !== undefined) result = { ...result, start: number };
    else if (elem.defname === 'as') result = { ...result, dataType: columnType(nodeOfKind<TypeName>(elem.arg, 'TypeName') ?? ({} as TypeName), typeSchemaResolver(ctx)) };
    else if (elem.defname === 'owned_by') result = { ...result, ownedBy: ownedBy(ctx, sequence.schema, elem.arg) };
  }
  return result;
}

function numberArg(node: Node | undefined): number | undefined {
  const integer = nodeOfKind<{ ival?: number }>(node, 'Integer');
  if (integer) return integer.ival ?? 0;
  const float = nodeOfKind<{ fval?: string }>(node, 'Float');
  return float ? Number(float.fval) : undefined;
}

function ownedBy(ctx: ApplyContext, sequenceSchema: string, arg: Node | undefined): Sequence['ownedBy'] {
  const parts = (nodeOfKind<{ items?: Node[] }>(arg, 'List')?.items ?? []).map(stringValue).filter((p): p is string => p !== undefined);
  if (parts.length === 1 && parts[0] === 'none') return undefined;
  const column = parts[parts.length - 1];
  const tableName = qualifiedFromList(parts.slice(0, -1).map((sval) => ({ String: { sval } }) as Node)) ?? fail('OWNED BY needs table.column');
  const table = resolveTable(ctx.catalog, tableName) ?? missing('relation', tableName);
  if (splitKey(table).schema !== sequenceSchema) fail('sequence must be in same schema as table it is linked to');
  if (!ctx.catalog.tables.get(table)?.columns.some((c) => c.name === column)) fail(`column "${column}" of relation "${tableName.name}" does not exist`);
  return { table, column };
}

function createSequence(ctx: ApplyContext, stmt: CreateSeqStmt): void {
  const name = relationName(stmt.sequence) ?? fail('CREATE SEQUENCE without a name');
  const schema = schemaForNew(ctx, name);
  if (relationExists(ctx.catalog, schema, name.name)) {
    if (stmt.if_not_exists) return;
    fail(`relation "${name.name}" already exists`);
  }
  const base: Sequence = { schema, name: name.name, dataType: makeColumnType('int8', [], 0), increment: 1, origin: ctx.origin };
  ctx.catalog.sequences.set(objectKey(schema, name.name), sequenceOptions(ctx, base, stmt.options));
}

function alterSequence(ctx: ApplyContext, stmt: AlterSeqStmt): void {
  const name = relationName(stmt.sequence) ?? fail('ALTER SEQUENCE without a name');
  const key = resolveSequence(ctx.catalog, name);
  if (!key) {
    if (stmt.missing_ok) return;
    missing('relation', name);
  }
  const sequence = ctx.catalog.sequences.get(key) ?? missing('relation', name);
  ctx.catalog.sequences.set(key, { ...sequenceOptions(ctx, sequence, stmt.options), origin: ctx.origin });
}

function typeNameOf(ctx: ApplyContext, names: Node[] | undefined): { schema: string; name: string } {
  const name = qualifiedFromList(names) ?? fail('a type without a name');
  return { schema: schemaForNew(ctx, name), name: name.name };
}

function assertTypeFree(ctx: ApplyContext, schema: string, name: string): void {
  if (ctx.catalog.types.has(objectKey(schema, name))) fail(`type "${name}" already exists`);
}

function createEnum(ctx: ApplyContext, stmt: CreateEnumStmt): void {
  const { schema, name } = typeNameOf(ctx, stmt.typeName);
  assertTypeFree(ctx, schema, name);
  const values = (stmt.vals ?? []).map(stringValue).filter((v): v is string => v !== undefined);
  ctx.catalog.types.set(objectKey(schema, name), { kind: 'enum', schema, name, values, origin: ctx.origin });
}

function alterEnum(ctx: ApplyContext, stmt: AlterEnumStmt): void {
  const name = qualifiedFromList(stmt.typeName) ?? fail('ALTER TYPE without a name');
  const key = resolveType(ctx.catalog, name) ?? missing('type', name);
  const type = ctx.catalog.types.get(key);
  if (type?.kind !== 'enum') fail(`"${name.name}" is not an enum`);
  if (stmt.oldVal !== undefined) {
    const at = type.values.indexOf(stmt.oldVal);
    if (at < 0) fail(`"${stmt.oldVal}" is not an existing enum label`);
    if (type.values.includes(stmt.newVal ?? '')) fail(`enum label "${stmt.newVal}" already exists`);
    ctx.catalog.types.set(key, { ...type, values: type.values.map((v, i) => (i === at ? (stmt.newVal ?? v) : v)), origin: ctx.origin });
    renameEnumDefaults(ctx.catalog, key, stmt.oldVal, stmt.newVal ?? stmt.oldVal);
    return;
  }
  const value = stmt.newVal ?? fail('ADD VALUE without a value');
  if (type.values.includes(value)) {
    if (stmt.skipIfNewValExists) return;
    fail(`enum label "${value}" already exists`);
  }
  const values = [...type.values];
  if (stmt.newValNeighbor !== undefined) {
    const neighbour = values.indexOf(stmt.newValNeighbor);
    if (neighbour < 0) fail(`"${stmt.newValNeighbor}" is not an existing enum label`);
    values.splice(stmt.newValIsAfter ? neighbour + 1 : neighbour, 0, value);
  } else values.push(value);
  ctx.catalog.types.set(key, { ...type, values, origin: ctx.origin });
}

/** A default that is an enum label stores the label itself: renaming the label changes the default. */
function renameEnumDefaults(catalog: Catalog, typeKey: string, from: string, to: string): void {
  for (const table of catalog.tables.values()) {
    table.columns = table.columns.map((column) => {
      if (!column.type.schema || objectKey(column.type.schema, column.type.name) !== typeKey || !column.default) return column;
      const ast = column.default.ast as unknown as { A_Const?: Record<string, unknown>; TypeCast?: { arg: { A_Const?: Record<string, unknown> } } };
      const constant = ast.A_Const ?? ast.TypeCast?.arg.A_Const;
      if (!constant?.sval || constantValue(constant) !== from) return column;
      return { ...column, default: makeExpr({ A_Const: { sval: { sval: to } } } as Node) };
    });
  }
}

function createDomain(ctx: ApplyContext, stmt: CreateDomainStmt): void {
  const { schema, name } = typeNameOf(ctx, stmt.domainname);
  assertTypeFree(ctx, schema, name);
  const domain: DomainType = {
    kind: 'domain',
    schema,
    name,
    baseType: columnType(stmt.typeName ?? fail('CREATE DOMAIN without a type'), typeSchemaResolver(ctx)),
    notNull: false,
    checks: [],
    origin: ctx.origin,
  };
  for (const constraint of tableConstraintNodes(stmt.constraints)) {
    if (constraint.contype === 'CONSTR_NOTNULL') domain.notNull = true;
    else if (constraint.contype === 'CONSTR_DEFAULT' && constraint.raw_expr) domain.default = makeExpr(constraint.raw_expr);
    else if (constraint.contype === 'CONSTR_CHECK' && constraint.raw_expr) {
      domain.checks.push({ name: constraint.conname ?? `${name}_check`, expr: makeExpr(constraint.raw_expr), validated: true });
    }
  }
  ctx.catalog.types.set(objectKey(schema, name), domain);
}

function alterDomain(ctx: ApplyContext, stmt: AlterDomainStmt): void {
  const name = qualifiedFromList(stmt.typeName) ?? fail('ALTER DOMAIN without a name');
  const key = resolveType(ctx.catalog, name) ?? missing('type', name);
  const domain = ctx.catalog.types.get(key);
  if (domain?.kind !== 'domain') fail(`"${name.name}" is not a domain`);
  const change = (patch: Partial<DomainType>) => ctx.catalog.types.set(key, { ...domain, ...patch, origin: ctx.origin });
  const checkIndex = domain.checks.findIndex((c) => c.name === stmt.name);
  switch (stmt.subtype) {
    case 'T':
      return void change({ default: stmt.def ? makeExpr(stmt.def) : undefined });
    case 'O':
      return void change({ notNull: true });
    case 'N':
      return void change({ notNull: false });
    case 'C': {
      const constraint = nodeOfKind<ConstraintNode>(stmt.def, 'Constraint');
      if (constraint?.contype === 'CONSTR_NOTNULL') return void change({ notNull: true });
      if (constraint?.contype !== 'CONSTR_CHECK' || !constraint.raw_expr) fail('ALTER DOMAIN ADD supports CHECK and NOT NULL');
      const check = { name: constraint.conname ?? `${domain.name}_check`, expr: makeExpr(constraint.raw_expr), validated: constraint.skip_validation !== true };
      return void change({ checks: [...domain.checks, check] });
    }
    case 'X':
      if (checkIndex < 0) {
        if (stmt.missing_ok) return;
        fail(`constraint "${stmt.name}" of domain "${domain.name}" does not exist`);
      }
      return void change({ checks: domain.checks.filter((_, i) => i !== checkIndex) });
    case 'V':
      if (checkIndex < 0) fail(`constraint "${stmt.name}" of domain "${domain.name}" does not exist`);
      return void change({ checks: domain.checks.map((c, i) => (i === checkIndex ? { ...c, validated: true } : c)) });
    default:
      return;
  }
}

function createOtherType(ctx: ApplyContext, name: QualifiedName | undefined, kind: 'composite' | 'range'): void {
  if (!name) fail('CREATE TYPE without a name');
  const schema = schemaForNew(ctx, name);
  assertTypeFree(ctx, schema, name.name);
  ctx.catalog.types.set(objectKey(schema, name.name), { kind, schema, name: name.name, origin: ctx.origin });
}

const INPUT_MODES = new Set(['FUNC_PARAM_IN', 'FUNC_PARAM_INOUT', 'FUNC_PARAM_VARIADIC', 'FUNC_PARAM_DEFAULT']);

function argTypes(ctx: ApplyContext, parameters: Node[] | undefined): string[] {
  return (parameters ?? [])
    .map((p) => nodeOfKind<FunctionParameter>(p, 'FunctionParameter'))
    .filter((p): p is FunctionParameter => p !== undefined && INPUT_MODES.has(p.mode ?? 'FUNC_PARAM_DEFAULT'))
    .map((p) => columnType(p.argType ?? ({} as TypeName), typeSchemaResolver(ctx)).display);
}

export function functionKey(schema: string, name: string, args: string[]): string {
  return `${objectKey(schema, name)}(${args.join(', ')})`;
}

function createFunction(ctx: ApplyContext, stmt: CreateFunctionStmt): void {
  const name = qualifiedFromList(stmt.funcname) ?? fail('CREATE FUNCTION without a name');
  const schema = schemaForNew(ctx, name);
  const args = argTypes(ctx, stmt.parameters);
  const key = functionKey(schema, name.name, args);
  if (ctx.catalog.functions.has(key) && !stmt.replace) fail(`function ${name.name}(${args.join(', ')}) already exists with same argument types`);
  const language = (stmt.options ?? []).map((o) => nodeOfKind<{ defname?: string; arg?: Node }>(o, 'DefElem')).find((o) => o?.defname === 'language');
  const fn: FunctionDef = { schema, name: name.name, kind: stmt.is_procedure ? 'procedure' : 'function', argTypes: args, origin: ctx.origin };
  if (stmt.returnType) fn.returns = (stmt.returnType.setof ? 'SETOF ' : '') + columnType(stmt.returnType, typeSchemaResolver(ctx)).display;
  const languageName = stringValue(language?.arg);
  if (languageName) fn.language = languageName;
  ctx.catalog.functions.set(key, fn);
}

const TRIGGER_BEFORE = 1 << 1;
const TRIGGER_INSERT = 1 << 2;
const TRIGGER_DELETE = 1 << 3;
const TRIGGER_UPDATE = 1 << 4;
const TRIGGER_TRUNCATE = 1 << 5;
const TRIGGER_INSTEAD = 1 << 6;

function createTrigger(ctx: ApplyContext, stmt: CreateTrigStmt): void {
  const relation = relationName(stmt.relation) ?? fail('CREATE TRIGGER without a table');
  const key = resolveTable(ctx.catalog, relation);
  if (!key) {
    // Triggers on views (INSTEAD OF) are kept as opaque knowledge: the view exists, nothing to record.
    if (resolveView(ctx.catalog, relation)) return;
    missing('relation', relation);
  }
  const table = ctx.catalog.tables.get(key) ?? missing('relation', relation);
  const fnName = qualifiedFromList(stmt.funcname) ?? fail('CREATE TRIGGER without a function');
  const events = stmt.events ?? 0;
  const timing = stmt.timing ?? 0;
  const trigger: Trigger = {
    name: stmt.trigname ?? fail('CREATE TRIGGER without a name'),
    function: fnName.schema ? `${fnName.schema}.${fnName.name}` : resolveFunctionSchema(ctx.catalog, fnName.name),
    timing: timing & TRIGGER_INSTEAD ? 'instead of' : timing & TRIGGER_BEFORE ? 'before' : 'after',
    events: [
      ...(events & TRIGGER_INSERT ? (['insert'] as const) : []),
      ...(events & TRIGGER_UPDATE ? (['update'] as const) : []),
      ...(events & TRIGGER_DELETE ? (['delete'] as const) : []),
      ...(events & TRIGGER_TRUNCATE ? (['truncate'] as const) : []),
    ],
    columns: (stmt.columns ?? []).map(stringValue).filter((c): c is string => c !== undefined),
    forEachRow: stmt.row === true,
    origin: ctx.origin,
  };
  if (stmt.whenClause) {
    trigger.when = makeExpr(stmt.whenClause);
    for (const column of trigger.when.columns) if (!trigger.columns.includes(column) && table.columns.some((c) => c.name === column)) trigger.columns.push(column);
  }
  const existing = table.triggers.findIndex((t) => t.name === trigger.name);
  if (existing >= 0 && !stmt.replace) fail(`trigger "${trigger.name}" for relation "${table.name}" already exists`);
  table.triggers = [...table.triggers.filter((t) => t.name !== trigger.name), trigger];
}

function resolveFunctionSchema(catalog: Catalog, name: string): string {
  for (const schema of catalog.searchPath) {
    for (const fn of catalog.functions.values()) if (fn.schema === schema && fn.name === name) return `${schema}.${name}`;
  }
  return name;
}

function createSchema(ctx: ApplyContext, stmt: CreateSchemaStmt, statement: StatementLike): void {
  const name = stmt.schemaname ?? fail('CREATE SCHEMA without a name (AUTHORIZATION only is not modelled)');
  if (ctx.catalog.schemas.has(name)) {
    if (stmt.if_not_exists) return;
    fail(`schema "${name}" already exists`);
  }
  ctx.catalog.schemas.add(name);
  // CREATE SCHEMA s CREATE TABLE ...: the elements are created in s.
  const saved = ctx.catalog.searchPath;
  ctx.catalog.searchPath = [name, ...saved];
  try {
    for (const element of stmt.schemaElts ?? []) {
      const unwrapped = unwrap(element);
      if (unwrapped) dispatch(ctx, { kind: unwrapped.kind, node: unwrapped.value, text: statement.text, index: statement.index });
    }
  } finally {
    ctx.catalog.searchPath = saved;
  }
}

/**
 * PostgreSQL drops all the objects or none. The model drops those it can and reports the others:
 * an object it does not know is more often a gap in the model than in the database.
 */
function drop(ctx: ApplyContext, stmt: DropStmt): void {
  const cascade = stmt.behavior === 'DROP_CASCADE';
  const errors: string[] = [];
  for (const object of stmt.objects ?? []) {
    try {
      dropOne(ctx, stmt, object, cascade);
    } catch (error) {
      if (!(error instanceof ReplayError)) throw error;
      errors.push(error.message);
    }
  }
  if (errors.length > 0) fail(errors.join('; '));
}

function objectName(object: Node): QualifiedName {
  const list = nodeOfKind<{ items?: Node[] }>(object, 'List');
  if (list) return qualifiedFromList(list.items) ?? fail('DROP without a name');
  const typeName = nodeOfKind<TypeName>(object, 'TypeName');
  if (typeName) return qualifiedFromList(typeName.names) ?? fail('DROP without a name');
  const single = stringValue(object);
  if (single) return { name: single };
  fail('DROP of an object the model cannot name');
}

function dropOne(ctx: ApplyContext, stmt: DropStmt, object: Node, cascade: boolean): void {
  const catalog = ctx.catalog;
  const ifExists = stmt.missing_ok === true;
  const absent = (what: string, name: QualifiedName) => (ifExists ? undefined : missing(what, name));
  switch (stmt.removeType) {
    case 'OBJECT_TABLE': {
      const name = objectName(object);
      const key = resolveTable(catalog, name);
      if (key) dropTable(ctx, key, cascade);
      else absent('table', name);
      return;
    }
    case 'OBJECT_INDEX': {
      const name = objectName(object);
      const key = resolveIndex(catalog, name);
      if (!key) return void absent('index', name);
      const index = catalog.indexes.get(key);
      if (index?.constraint) fail(`cannot drop index ${name.name} because constraint ${index.constraint} on table requires it`);
      if (index?.parent) fail(`cannot drop index ${name.name} because index ${index.parent} requires it`);
      dropIndexKey(catalog, key);
      return;
    }
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW': {
      const name = objectName(object);
      const key = resolveView(catalog, name);
      const view = key ? catalog.views.get(key) : undefined;
      if (!key || !view || view.materialized !== (stmt.removeType === 'OBJECT_MATVIEW')) return void absent(stmt.removeType === 'OBJECT_VIEW' ? 'view' : 'materialized view', name);
      const dependents = [...catalog.views.values()].filter((v) => v.relations.includes(key));
      if (dependents.length > 0 && !cascade) fail(`cannot drop view ${name.name} because other objects depend on it`);
      dropViewCascade(catalog, key);
      return;
    }
    case 'OBJECT_SEQUENCE': {
      const name = objectName(object);
      const key = resolveSequence(catalog, name);
      if (!key) return void absent('sequence', name);
      const readsSequence = (c: { default?: { text: string } }) => c.default?.text.includes(`'${splitKey(key).name}'`) === true;
      const users = tableKeysWhere(catalog, (t) => t.columns.some(readsSequence)).flatMap((k) => {
        const t = catalog.tables.get(k);
        return t ? t.columns.filter(readsSequence).map((c) => ({ t, c })) : [];
      });
      if (users.length > 0 && !cascade) fail(`cannot drop sequence ${name.name} because other objects depend on it`);
      for (const { t, c } of users) updateColumn(t, c.name, (col) => ({ ...col, default: undefined }));
      catalog.sequences.delete(key);
      return;
    }
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN': {
      const name = objectName(object);
      const key = resolveType(catalog, name);
      if (!key) return void absent('type', name);
      const users = tableKeysWhere(catalog, (t) => t.columns.some((c) => c.type.schema && objectKey(c.type.schema, c.type.name) === key))
        .map((k) => catalog.tables.get(k))
        .filter((t): t is Table => t !== undefined);
      if (users.length > 0 && !cascade) fail(`cannot drop type ${name.name} because other objects depend on it`);
      for (const table of users) table.columns = table.columns.filter((c) => !(c.type.schema && objectKey(c.type.schema, c.type.name) === key));
      catalog.types.delete(key);
      return;
    }
    case 'OBJECT_SCHEMA': {
      const name = objectName(object).name;
      if (!catalog.schemas.has(name)) return void absent('schema', { name });
      dropSchema(ctx, name, cascade);
      return;
    }
    case 'OBJECT_FUNCTION':
    case 'OBJECT_PROCEDURE':
    case 'OBJECT_ROUTINE':
      dropFunction(ctx, nodeOfKind<ObjectWithArgs>(object, 'ObjectWithArgs'), ifExists, cascade);
      return;
    case 'OBJECT_TRIGGER': {
      const parts = (nodeOfKind<{ items?: Node[] }>(object, 'List')?.items ?? []).map(stringValue).filter((p): p is string => p !== undefined);
      const triggerName = parts[parts.length - 1];
      const tableName = qualifiedFromList(parts.slice(0, -1).map((sval) => ({ String: { sval } }) as Node)) ?? fail('DROP TRIGGER without a table');
      const key = resolveTable(catalog, tableName);
      const table = key ? catalog.tables.get(key) : undefined;
      if (!table) return void absent('relation', tableName);
      if (!table.triggers.some((t) => t.name === triggerName)) return void absent('trigger', { name: triggerName });
      table.triggers = table.triggers.filter((t) => t.name !== triggerName);
      return;
    }
    case 'OBJECT_EXTENSION':
      catalog.extensions.delete(objectName(object).name);
      return;
    default:
      // DROP POLICY, DROP ROLE, ...: nothing modelled.
      return;
  }
}

function dropSchema(ctx: ApplyContext, schema: string, cascade: boolean): void {
  const catalog = ctx.catalog;
  const inSchema = (key: string) => splitKey(key).schema === schema;
  const owned = [...catalog.tables.keys(), ...catalog.views.keys(), ...catalog.sequences.keys(), ...catalog.types.keys()].filter(inSchema);
  const functions = [...catalog.functions.values()].filter((f) => f.schema === schema);
  if ((owned.length > 0 || functions.length > 0) && !cascade) fail(`cannot drop schema ${schema} because other objects depend on it`);
  for (const key of [...catalog.views.keys()].filter(inSchema)) dropViewCascade(catalog, key);
  for (const key of [...catalog.tables.keys()].filter(inSchema)) dropTable(ctx, key, true);
  for (const key of [...catalog.sequences.keys()].filter(inSchema)) catalog.sequences.delete(key);
  for (const key of [...catalog.indexes.keys()].filter(inSchema)) catalog.indexes.delete(key);
  for (const key of [...catalog.types.keys()].filter(inSchema)) catalog.types.delete(key);
  for (const [key, fn] of [...catalog.functions]) if (fn.schema === schema) catalog.functions.delete(key);
  // Triggers elsewhere that call the schema's functions go with them.
  for (const table of catalog.tables.values()) table.triggers = table.triggers.filter((t) => !t.function.startsWith(`${schema}.`));
  catalog.schemas.delete(schema);
}

/** The functions `target` designates: by name along search_path, and by argument types when given. */
function matchFunctions(ctx: ApplyContext, target: ObjectWithArgs | undefined): { name: QualifiedName; matches: Array<[string, FunctionDef]> } {
  const name = qualifiedFromList(target?.objname) ?? fail('a function without a name');
  const schemas = name.schema ? [name.schema] : ctx.catalog.searchPath;
  let matches = [...ctx.catalog.functions].filter(([, fn]) => fn.name === name.name && schemas.includes(fn.schema));
  if (!target?.args_unspecified) {
    const args = (target?.objargs ?? []).map((a) => columnType(nodeOfKind<TypeName>(a, 'TypeName') ?? ({} as TypeName), typeSchemaResolver(ctx)).display);
    matches = matches.filter(([, fn]) => fn.argTypes.join(',') === args.join(','));
  }
  matches.sort(([, a], [, b]) => schemas.indexOf(a.schema) - schemas.indexOf(b.schema));
  return { name, matches };
}

/** ALTER FUNCTION ... RENAME TO / SET SCHEMA; triggers follow the function, as they hold its OID. */
function moveFunction(ctx: ApplyContext, target: ObjectWithArgs | undefined, schema: string | undefined, newName: string | undefined): void {
  const { name, matches } = matchFunctions(ctx, target);
  if (matches.length === 0) missing('function', name);
  const [key, fn] = matches[0];
  const moved: FunctionDef = { ...fn, schema: schema ?? fn.schema, name: newName ?? fn.name, origin: ctx.origin };
  const newKey = functionKey(moved.schema, moved.name, moved.argTypes);
  if (ctx.catalog.functions.has(newKey)) fail(`function ${moved.name}(${moved.argTypes.join(', ')}) already exists in schema "${moved.schema}"`);
  ctx.catalog.functions.delete(key);
  ctx.catalog.functions.set(newKey, moved);
  const from = `${fn.schema}.${fn.name}`;
  for (const table of ctx.catalog.tables.values()) {
    table.triggers = table.triggers.map((t) => (t.function === from ? { ...t, function: `${moved.schema}.${moved.name}` } : t));
  }
}

function dropFunction(ctx: ApplyContext, target: ObjectWithArgs | undefined, ifExists: boolean, cascade: boolean): void {
  const { name, matches } = matchFunctions(ctx, target);
  if (matches.length === 0) {
    if (!ifExists) missing('function', name);
    return;
  }
  const [key, fn] = matches[0];
  const users = [...ctx.catalog.tables.values()].filter((t) => t.triggers.some((tr) => tr.function === `${fn.schema}.${fn.name}`));
  if (users.length > 0 && !cascade) fail(`cannot drop function ${fn.name} because other objects depend on it (triggers on ${users.map((t) => t.name).join(', ')})`);
  for (const table of users) table.triggers = table.triggers.filter((tr) => tr.function !== `${fn.schema}.${fn.name}`);
  ctx.catalog.functions.delete(key);
}

function rename(ctx: ApplyContext, stmt: RenameStmt): void {
  const catalog = ctx.catalog;
  const newName = stmt.newname ?? fail('RENAME without a new name');
  const ifExists = stmt.missing_ok === true;
  switch (stmt.renameType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_INDEX':
    case 'OBJECT_SEQUENCE':
    case 'OBJECT_FOREIGN_TABLE': {
      const name = relationName(stmt.relation) ?? fail('RENAME without a relation');
      renameRelation(ctx, name, newName, ifExists);
      return;
    }
    case 'OBJECT_COLUMN': {
      const name = relationName(stmt.relation) ?? fail('RENAME COLUMN without a table');
      const key = resolveTable(catalog, name);
      if (!key) {
        if (resolveView(catalog, name)) return renameViewColumn(ctx, resolveView(catalog, name) ?? '', stmt.subname ?? '', newName);
        if (ifExists) return;
        missing('relation', name);
      }
      renameColumn(ctx, catalog.tables.get(key) ?? missing('relation', name), stmt.subname ?? '', newName, stmt.relation?.inh === true);
      return;
    }
    case 'OBJECT_TABCONSTRAINT': {
      const name = relationName(stmt.relation) ?? fail('RENAME CONSTRAINT without a table');
      const key = resolveTable(catalog, name) ?? (ifExists ? undefined : missing('relation', name));
      if (key) renameConstraint(ctx, catalog.tables.get(key) ?? missing('relation', name), stmt.subname ?? '', newName);
      return;
    }
    case 'OBJECT_TRIGGER': {
      const name = relationName(stmt.relation) ?? fail('RENAME TRIGGER without a table');
      const table = catalog.tables.get(resolveTable(catalog, name) ?? missing('relation', name)) ?? missing('relation', name);
      if (!table.triggers.some((t) => t.name === stmt.subname)) fail(`trigger "${stmt.subname}" for table "${table.name}" does not exist`);
      table.triggers = table.triggers.map((t) => (t.name === stmt.subname ? { ...t, name: newName } : t));
      return;
    }
    case 'OBJECT_SCHEMA':
      renameSchema(ctx, stmt.subname ?? '', newName);
      return;
    case 'OBJECT_FUNCTION':
    case 'OBJECT_PROCEDURE':
    case 'OBJECT_ROUTINE':
      moveFunction(ctx, nodeOfKind<ObjectWithArgs>(stmt.object, 'ObjectWithArgs'), undefined, newName);
      return;
    case 'OBJECT_DOMCONSTRAINT': {
      const name = qualifiedFromList(nodeOfKind<{ items?: Node[] }>(stmt.object, 'List')?.items) ?? fail('RENAME CONSTRAINT without a domain');
      const key = resolveType(catalog, name) ?? missing('type', name);
      const domain = catalog.types.get(key);
      if (domain?.kind !== 'domain' || !domain.checks.some((c) => c.name === stmt.subname)) fail(`constraint "${stmt.subname}" of domain "${name.name}" does not exist`);
      catalog.types.set(key, { ...domain, checks: domain.checks.map((c) => (c.name === stmt.subname ? { ...c, name: newName } : c)) });
      return;
    }
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN': {
      const list = nodeOfKind<{ items?: Node[] }>(stmt.object, 'List')?.items ?? nodeOfKind<TypeName>(stmt.object, 'TypeName')?.names;
      const name = qualifiedFromList(list) ?? fail('RENAME TYPE without a name');
      const key = resolveType(catalog, name) ?? missing('type', name);
      renameType(ctx, key, objectKey(splitKey(key).schema, newName));
      return;
    }
    default:
      return;
  }
}

function renameRelation(ctx: ApplyContext, name: QualifiedName, newName: string, ifExists: boolean): void {
  const catalog = ctx.catalog;
  // ALTER TABLE ... RENAME works on any relation kind, as in PostgreSQL.
  const key = resolveIn(catalog, name, (k) => catalog.tables.has(k) || catalog.views.has(k) || catalog.indexes.has(k) || catalog.sequences.has(k));
  if (!key) {
    if (ifExists) return;
    missing('relation', name);
  }
  const { schema } = splitKey(key);
  if (relationExists(catalog, schema, newName)) fail(`relation "${newName}" already exists`);
  const newKey = objectKey(schema, newName);
  if (catalog.tables.has(key)) rekeyTable(catalog, key, newKey);
  else if (catalog.views.has(key)) rekeyView(catalog, key, newKey);
  else if (catalog.indexes.has(key)) rekeyIndex(catalog, key, newKey);
  else rekeySequence(catalog, key, newKey);
}

function renameViewColumn(ctx: ApplyContext, key: string, from: string, to: string): void {
  const view = ctx.catalog.views.get(key);
  if (!view) return;
  if (!view.columns.includes(from)) fail(`column "${from}" of relation "${view.name}" does not exist`);
  ctx.catalog.views.set(key, { ...view, columns: view.columns.map((c) => (c === from ? to : c)) });
}

function renameSchema(ctx: ApplyContext, from: string, to: string): void {
  const catalog = ctx.catalog;
  if (!catalog.schemas.has(from)) missing('schema', { name: from });
  if (catalog.schemas.has(to)) fail(`schema "${to}" already exists`);
  catalog.schemas.add(to);
  const moved = (key: string) => (splitKey(key).schema === from ? objectKey(to, splitKey(key).name) : undefined);
  for (const key of [...catalog.tables.keys()]) if (moved(key)) rekeyTable(catalog, key, moved(key) ?? key);
  for (const key of [...catalog.views.keys()]) if (moved(key)) rekeyView(catalog, key, moved(key) ?? key);
  for (const key of [...catalog.indexes.keys()]) if (moved(key)) rekeyIndex(catalog, key, moved(key) ?? key);
  for (const key of [...catalog.sequences.keys()]) if (moved(key)) rekeySequence(catalog, key, moved(key) ?? key);
  for (const key of [...catalog.types.keys()]) if (moved(key)) renameType(ctx, key, moved(key) ?? key);
  for (const [key, fn] of [...catalog.functions]) {
    if (fn.schema !== from) continue;
    catalog.functions.delete(key);
    catalog.functions.set(functionKey(to, fn.name, fn.argTypes), { ...fn, schema: to });
  }
  for (const table of catalog.tables.values()) {
    table.triggers = table.triggers.map((t) => (t.function.startsWith(`${from}.`) ? { ...t, function: `${to}.${t.function.slice(from.length + 1)}` } : t));
  }
  catalog.schemas.delete(from);
  catalog.searchPath = catalog.searchPath.map((s) => (s === from ? to : s));
}

/** Renaming or moving a type changes how columns of that type print. */
function renameType(ctx: ApplyContext, key: string, newKey: string): void {
  const catalog = ctx.catalog;
  const type = catalog.types.get(key);
  if (!type) return;
  if (catalog.types.has(newKey)) fail(`type "${splitKey(newKey).name}" already exists`);
  const { schema, name } = splitKey(newKey);
  catalog.types.delete(key);
  catalog.types.set(newKey, { ...type, schema, name });
  for (const table of catalog.tables.values()) {
    table.columns = table.columns.map((c) =>
      c.type.schema && objectKey(c.type.schema, c.type.name) === key ? { ...c, type: makeColumnType(name, c.type.modifiers, c.type.arrayDims, schema) } : c,
    );
  }
}

function setSchema(ctx: ApplyContext, stmt: AlterObjectSchemaStmt): void {
  const catalog = ctx.catalog;
  const target = stmt.newschema ?? fail('SET SCHEMA without a schema');
  if (!catalog.schemas.has(target)) missing('schema', { name: target });
  switch (stmt.objectType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_SEQUENCE': {
      const name = relationName(stmt.relation) ?? fail('SET SCHEMA without a relation');
      const key = resolveIn(catalog, name, (k) => catalog.tables.has(k) || catalog.views.has(k) || catalog.sequences.has(k));
      if (!key) {
        if (stmt.missing_ok) return;
        missing('relation', name);
      }
      const newKey = objectKey(target, splitKey(key).name);
      if (relationExists(catalog, target, splitKey(key).name)) fail(`relation "${splitKey(key).name}" already exists in schema "${target}"`);
      if (catalog.tables.has(key)) moveTable(catalog, key, newKey, target);
      else if (catalog.views.has(key)) rekeyView(catalog, key, newKey);
      else rekeySequence(catalog, key, newKey);
      return;
    }
    case 'OBJECT_FUNCTION':
    case 'OBJECT_PROCEDURE':
    case 'OBJECT_ROUTINE':
      moveFunction(ctx, nodeOfKind<ObjectWithArgs>(stmt.object, 'ObjectWithArgs'), target, undefined);
      return;
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN': {
      const list = nodeOfKind<{ items?: Node[] }>(stmt.object, 'List')?.items ?? nodeOfKind<TypeName>(stmt.object, 'TypeName')?.names;
      const name = qualifiedFromList(list) ?? fail('SET SCHEMA without a type');
      const key = resolveType(catalog, name) ?? missing('type', name);
      renameType(ctx, key, objectKey(target, splitKey(key).name));
      return;
    }
    default:
      return;
  }
}

/** A table moves with its indexes and the sequences it owns, as PostgreSQL moves them. */
function moveTable(catalog: Catalog, key: string, newKey: string, schema: string): void {
  rekeyTable(catalog, key, newKey);
  for (const [indexKey, index] of [...catalog.indexes]) if (index.table === newKey) rekeyIndex(catalog, indexKey, objectKey(schema, index.name));
  for (const [seqKey, sequence] of [...catalog.sequences]) if (sequence.ownedBy?.table === newKey) rekeySequence(catalog, seqKey, objectKey(schema, sequence.name));
}

function comment(ctx: ApplyContext, stmt: CommentStmt): void {
  const catalog = ctx.catalog;
  const parts = (nodeOfKind<{ items?: Node[] }>(stmt.object, 'List')?.items ?? []).map(stringValue).filter((p): p is string => p !== undefined);
  const text = stmt.comment ?? undefined;
  if (stmt.objtype === 'OBJECT_TABLE') {
    const name = qualifiedFromList(parts.map((sval) => ({ String: { sval } }) as Node)) ?? fail('COMMENT without a name');
    const table = catalog.tables.get(resolveTable(catalog, name) ?? missing('relation', name));
    if (table) table.comment = text;
  } else if (stmt.objtype === 'OBJECT_COLUMN') {
    const column = parts[parts.length - 1];
    const name = qualifiedFromList(parts.slice(0, -1).map((sval) => ({ String: { sval } }) as Node)) ?? fail('COMMENT without a table');
    const key = resolveTable(catalog, name);
    if (!key) {
      if (resolveView(catalog, name)) return;
      missing('relation', name);
    }
    const table = catalog.tables.get(key) ?? missing('relation', name);
    updateColumn(table, column, (c) => ({ ...c, comment: text }));
  }
}

function setVariable(ctx: ApplyContext, stmt: VariableSetStmt): void {
  if (stmt.name !== 'search_path') {
    if (stmt.kind === 'VAR_RESET_ALL') ctx.catalog.searchPath = ['public'];
    return;
  }
  if (stmt.kind === 'VAR_SET_DEFAULT' || stmt.kind === 'VAR_RESET') {
    ctx.catalog.searchPath = ['public'];
    return;
  }
  const schemas = (stmt.args ?? []).map((arg) => {
    const constant = nodeOfKind<Record<string, unknown>>(arg, 'A_Const');
    return constant ? constantValue(constant) : (stringValue(arg) ?? '');
  });
  ctx.catalog.searchPath = parseSearchPath(schemas.join(','));
}

/** `$user` names a schema after the current role; migrations rarely rely on it, so it is left out. */
function parseSearchPath(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim().replace(/^"(.*)"$/, '$1'))
    .filter((s) => s !== '' && s !== '$user' && s !== 'pg_catalog');
}

/** pg_dump output starts with `SELECT pg_catalog.set_config('search_path', '', false);`. */
function setConfigSearchPath(ctx: ApplyContext, node: unknown): boolean {
  const select = node as { targetList?: Node[]; fromClause?: Node[] };
  if (select.fromClause?.length || select.targetList?.length !== 1) return false;
  const call = nodeOfKind<{ funcname?: Node[]; args?: Node[] }>(nodeOfKind<{ val?: Node }>(select.targetList[0], 'ResTarget')?.val, 'FuncCall');
  const fn = (call?.funcname ?? []).map(stringValue).pop();
  const args = (call?.args ?? []).map((a) => nodeOfKind<Record<string, unknown>>(a, 'A_Const'));
  if (fn !== 'set_config' || !args[0] || !args[1] || constantValue(args[0]) !== 'search_path') return false;
  ctx.catalog.searchPath = parseSearchPath(constantValue(args[1]));
  return true;
}
