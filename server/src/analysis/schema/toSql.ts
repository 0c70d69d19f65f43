/**
 * Prints a catalog as SQL that rebuilds it: schemas, extensions, types, sequences, tables with
 * their columns, defaults, identity, generated columns and constraints (NOT VALID kept), indexes,
 * partitions, foreign keys, views, functions and triggers.
 *
 * Order follows pg_dump: tables first without foreign keys or indexes, then partitions attached,
 * then keys and indexes (a partitioned table's ON ONLY, each partition's own, then ATTACH), then
 * foreign keys and NOT VALID constraints, then views. Every name is written schema-qualified.
 *
 * The model keeps no function bodies or view queries. Those (and composite, range and base types)
 * are printed from the statement that created them when the caller can give it (`source`) and it
 * still names the object as it is now; otherwise a comment says why the object is missing.
 */
import type { Node } from 'libpg-query';
import { qualifiedFromList, relationName } from '../ast';
import { applyStatement } from './apply';
import type { Catalog, Column, Constraint, Expr, FunctionDef, Index, IndexKey, Origin, Sequence, Table, Trigger, UserType, View } from './model';
import { cloneCatalog, objectKey, splitKey } from './model';
import { displayIdent } from './types';

/** The statement an object came from, with the search_path it ran under. */
export interface SourceStatement {
  kind: string;
  node: unknown;
  text: string;
  searchPath: string[];
}

export interface ToSqlOptions {
  source?: (origin: Origin) => SourceStatement | undefined;
  /** A comment printed first, for example where the schema comes from. */
  header?: string;
}

const ident = displayIdent;
const qualified = (schema: string, name: string) => `${ident(schema)}.${ident(name)}`;
const qualifiedKey = (key: string) => {
  const { schema, name } = splitKey(key);
  return qualified(schema, name);
};

/** Expression text the model produced from an unknown node kind is not SQL. */
function printable(expr: Expr): boolean {
  return !/\b[A-Z][A-Za-z_]*\{"/.test(expr.text);
}

/** An object the SQL leaves out, and why; `key` is `schema.name` (for a trigger, `table.trigger`). */
export interface Omission {
  kind: 'view' | 'function' | 'trigger' | 'type' | 'index' | 'constraint' | 'expression';
  key: string;
  reason: string;
}

class Printer {
  readonly lines: string[] = [];
  readonly notes: string[] = [];
  readonly omitted: Omission[] = [];
  /** Views and materialized views that were printed, so indexes on the others are left out too. */
  readonly printedViews = new Set<string>();
  private searchPath = ['public'];

  constructor(readonly catalog: Catalog, readonly options: ToSqlOptions) {}

  emit(statement: string): void {
    this.lines.push(`${statement};`);
  }

  section(title: string): void {
    this.lines.push('', `-- ${title}`);
  }

  note(text: string, omission?: Omission): void {
    this.notes.push(text);
    if (omission) this.omitted.push(omission);
  }

  /** A statement printed as written, under the search_path it was written for. */
  verbatim(source: SourceStatement): void {
    const path = source.searchPath.length > 0 ? source.searchPath : ['public'];
    if (path.join(',') !== this.searchPath.join(',')) {
      this.emit(`SET search_path TO ${path.map(ident).join(', ')}`);
      this.searchPath = path;
    }
    this.emit(source.text.trim().replace(/;\s*$/, ''));
  }

  resetSearchPath(): void {
    if (this.searchPath.join(',') === 'public') return;
    this.emit('RESET search_path');
    this.searchPath = ['public'];
  }

  expr(expr: Expr, what: string): string | undefined {
    if (printable(expr)) return expr.text;
    this.note(`${what}: the expression could not be printed, so it is left out`, { kind: 'expression', key: what, reason: 'unprintable expression' });
    return undefined;
  }
}

export function catalogToSql(catalog: Catalog, options: ToSqlOptions = {}): string {
  return printCatalog(catalog, options).sql;
}

export function printCatalog(catalog: Catalog, options: ToSqlOptions = {}): { sql: string; omitted: Omission[] } {
  const p = new Printer(catalog, options);
  const tables = [...catalog.tables.values()].filter((t) => t.persistence !== 'temporary');
  printSchemas(p);
  printTypes(p);
  printSequences(p);
  printFunctions(p);
  if (tables.length) p.section('Tables');
  for (const table of tables) printTable(p, table);
  printAttachments(p, tables);
  printKeys(p, tables);
  printIndexes(p, (index) => catalog.tables.has(index.table));
  printLateConstraints(p, tables);
  printSequenceOwners(p);
  printViews(p);
  printIndexes(p, (index) => p.printedViews.has(index.table), 'Indexes on materialized views');
  for (const index of catalog.indexes.values()) {
    if (catalog.views.has(index.table) && !p.printedViews.has(index.table)) {
      p.note(`index ${qualified(index.schema, index.name)} (its materialized view is not printed)`, { kind: 'index', key: objectKey(index.schema, index.name), reason: 'on a view not printed' });
    }
  }
  printTriggers(p, tables);
  p.resetSearchPath();
  const head = [...(options.header ? options.header.split('\n').map((l) => `-- ${l}`) : []), ...p.notes.map((n) => `-- Not printed: ${n}`)];
  return { sql: `${[...head, ...p.lines].join('\n').replace(/^\n+/, '')}\n`, omitted: p.omitted };
}

// ---------------------------------------------------------------- schemas, types, sequences

function printSchemas(p: Printer): void {
  const schemas = [...p.catalog.schemas].filter((s) => s !== 'public' && s !== 'pg_temp').sort();
  if (schemas.length || p.catalog.extensions.size) p.section('Schemas and extensions');
  for (const schema of schemas) p.emit(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`);
  for (const extension of [...p.catalog.extensions].sort()) p.emit(`CREATE EXTENSION IF NOT EXISTS ${ident(extension)}`);
}

function printTypes(p: Printer): void {
  const types = [...p.catalog.types.values()];
  if (types.length === 0) return;
  p.section('Types');
  // Enums and opaque types first: domains and composite types may be built on them.
  for (const type of types.filter((t) => t.kind !== 'domain')) printType(p, type);
  for (const type of types.filter((t) => t.kind === 'domain')) printType(p, type);
  p.resetSearchPath();
}

function printType(p: Printer, type: UserType): void {
  const name = qualified(type.schema, type.name);
  if (type.kind === 'enum') {
    p.emit(`CREATE TYPE ${name} AS ENUM (${type.values.map(literal).join(', ')})`);
  } else if (type.kind === 'domain') {
    let sql = `CREATE DOMAIN ${name} AS ${type.baseType.display}`;
    const fallback = type.default && p.expr(type.default, `the default of domain ${name}`);
    if (fallback) sql += ` DEFAULT ${fallback}`;
    if (type.notNull) sql += ' NOT NULL';
    const invalid: string[] = [];
    for (const check of type.checks) {
      const text = p.expr(check.expr, `check ${check.name} of domain ${name}`);
      if (text === undefined) continue;
      if (check.validated) sql += ` CONSTRAINT ${ident(check.name)} CHECK (${text})`;
      else invalid.push(`ALTER DOMAIN ${name} ADD CONSTRAINT ${ident(check.name)} CHECK (${text}) NOT VALID`);
    }
    p.emit(sql);
    invalid.forEach((s) => p.emit(s));
  } else {
    const source = sourceNaming(p, type.origin, ['CompositeTypeStmt', 'CreateRangeStmt', 'DefineStmt', 'CreateEnumStmt'], type.schema, type.name);
    if (source) p.verbatim(source);
    else p.note(`${type.kind} type ${name} (the model does not keep its definition)`, { kind: 'type', key: objectKey(type.schema, type.name), reason: 'no definition' });
  }
}

function printSequences(p: Printer): void {
  const sequences = [...p.catalog.sequences.values()].filter((s) => !s.identityOf);
  if (sequences.length === 0) return;
  p.section('Sequences');
  for (const sequence of sequences) p.emit(`CREATE SEQUENCE ${qualified(sequence.schema, sequence.name)}${sequenceOptions(sequence)}`);
}

function sequenceOptions(sequence: Sequence): string {
  let options = '';
  if (sequence.dataType.name !== 'int8') options += ` AS ${sequence.dataType.display}`;
  if (sequence.increment !== 1) options += ` INCREMENT BY ${sequence.increment}`;
  if (sequence.start !== undefined) options += ` START WITH ${sequence.start}`;
  return options;
}

function printSequenceOwners(p: Printer): void {
  const owned = [...p.catalog.sequences.values()].filter((s) => s.ownedBy && !s.identityOf);
  if (owned.length === 0) return;
  p.section('Sequence owners');
  for (const sequence of owned) {
    p.emit(`ALTER SEQUENCE ${qualified(sequence.schema, sequence.name)} OWNED BY ${qualifiedKey(sequence.ownedBy!.table)}.${ident(sequence.ownedBy!.column)}`);
  }
}

function printFunctions(p: Printer): void {
  const functions = [...p.catalog.functions.values()];
  if (functions.length === 0) return;
  p.section('Functions');
  for (const fn of functions) printFunction(p, fn);
  p.resetSearchPath();
}

function printFunction(p: Printer, fn: FunctionDef): void {
  const source = sourceNaming(p, fn.origin, ['CreateFunctionStmt'], fn.schema, fn.name);
  if (source) p.verbatim(source);
  else {
    p.note(`${fn.kind} ${qualified(fn.schema, fn.name)}(${fn.argTypes.join(', ')}) (renamed or moved since it was created; the model keeps no body)`, {
      kind: 'function',
      key: objectKey(fn.schema, fn.name),
      reason: 'no body',
    });
  }
}

// ---------------------------------------------------------------- tables

function printTable(p: Printer, table: Table): void {
  const name = qualified(table.schema, table.name);
  const items = table.columns.map((column) => columnSql(p, table, column));
  for (const constraint of table.constraints) {
    if (constraint.kind === 'check' && constraint.validated) {
      const text = constraint.check && p.expr(constraint.check, `check ${constraint.name} on ${name}`);
      if (text !== undefined) items.push(`CONSTRAINT ${ident(constraint.name)} CHECK (${text})${constraint.noInherit ? ' NO INHERIT' : ''}${constraint.enforced ? '' : ' NOT ENFORCED'}`);
    }
  }
  const unlogged = table.persistence === 'unlogged' ? 'UNLOGGED ' : '';
  let sql = `CREATE ${unlogged}TABLE ${name} (${items.length ? `\n  ${items.join(',\n  ')}\n` : ''})`;
  if (table.partitioning) {
    const keys = table.partitioning.keys.map((k) => (k.column !== undefined ? ident(k.column) : `(${k.expression ? p.expr(k.expression, `the partition key of ${name}`) : ''})`));
    sql += ` PARTITION BY ${table.partitioning.strategy.toUpperCase()} (${keys.join(', ')})`;
  }
  p.emit(sql);
}

function columnSql(p: Printer, table: Table, column: Column): string {
  let sql = `${ident(column.name)} ${column.type.display}`;
  const where = `column ${qualified(table.schema, table.name)}.${ident(column.name)}`;
  if (column.generated) {
    const text = p.expr(column.generated.expr, `the generation expression of ${where}`);
    if (text !== undefined) sql += ` GENERATED ALWAYS AS (${text}) ${column.generated.kind.toUpperCase()}`;
  } else if (column.default) {
    const text = p.expr(column.default, `the default of ${where}`);
    if (text !== undefined) sql += ` DEFAULT ${text}`;
  }
  if (column.identity) sql += ` GENERATED ${column.identity.toUpperCase()} AS IDENTITY${identityOptions(p.catalog, table, column)}`;
  const notNull = table.constraints.find((c) => c.kind === 'not null' && c.columns[0] === column.name);
  if (notNull && notNull.validated) sql += ` CONSTRAINT ${ident(notNull.name)} NOT NULL${notNull.noInherit ? ' NO INHERIT' : ''}`;
  else if (!notNull && column.notNull) sql += ' NOT NULL';
  return sql;
}

function identityOptions(catalog: Catalog, table: Table, column: Column): string {
  const key = objectKey(table.schema, table.name);
  const sequence = [...catalog.sequences.values()].find((s) => s.identityOf?.table === key && s.identityOf.column === column.name);
  if (!sequence) return '';
  const options: string[] = [];
  const defaultName = `${table.name}_${column.name}_seq`;
  if (sequence.name !== defaultName || sequence.schema !== table.schema) options.push(`SEQUENCE NAME ${qualified(sequence.schema, sequence.name)}`);
  if (sequence.increment !== 1) options.push(`INCREMENT BY ${sequence.increment}`);
  if (sequence.start !== undefined) options.push(`START WITH ${sequence.start}`);
  return options.length ? ` (${options.join(' ')})` : '';
}

function printAttachments(p: Printer, tables: Table[]): void {
  const partitions = tables.filter((t) => t.partitionOf);
  if (partitions.length === 0) return;
  p.section('Partitions');
  for (const table of partitions) {
    p.emit(`ALTER TABLE ONLY ${qualifiedKey(table.partitionOf!.parent)} ATTACH PARTITION ${qualified(table.schema, table.name)} ${table.partitionOf!.bound === 'DEFAULT' ? 'DEFAULT' : table.partitionOf!.bound}`);
  }
}

/**
 * Primary keys, unique and exclusion constraints. A partition's key that its parent's key created
 * (attached, inheritable) is left to the parent's: adding that one without ONLY after the
 * partitions are attached creates or adopts the partitions' keys, as it did in the migrations.
 */
function printKeys(p: Printer, tables: Table[]): void {
  const keyed = tables.flatMap((table) => table.constraints.filter((c) => isIndexBacked(c)).map((c) => ({ table, constraint: c })));
  if (keyed.length === 0) return;
  p.section('Keys');
  const createdByParent = (constraint: Constraint) => !constraint.noInherit && constraint.index !== undefined && p.catalog.indexes.get(constraint.index)?.parent !== undefined;
  const ordered = [...keyed.filter((k) => !k.table.partitioning), ...keyed.filter((k) => k.table.partitioning)];
  for (const { table, constraint } of ordered) {
    if (createdByParent(constraint)) continue;
    const definition = keySql(p, table, constraint);
    if (definition) p.emit(`ALTER TABLE ${qualified(table.schema, table.name)} ADD CONSTRAINT ${ident(constraint.name)} ${definition}`);
  }
}

function isIndexBacked(constraint: Constraint): boolean {
  return constraint.kind === 'primary key' || constraint.kind === 'unique' || constraint.kind === 'exclusion';
}

function keySql(p: Printer, table: Table, constraint: Constraint): string | undefined {
  const index = constraint.index ? p.catalog.indexes.get(constraint.index) : undefined;
  const include = index?.include.length ? ` INCLUDE (${index.include.map(ident).join(', ')})` : '';
  const deferral = deferralSql(constraint);
  if (constraint.kind === 'primary key') return `PRIMARY KEY (${constraint.columns.map(ident).join(', ')})${include}${deferral}`;
  if (constraint.kind === 'unique') {
    return `UNIQUE${index?.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''} (${constraint.columns.map(ident).join(', ')})${include}${deferral}`;
  }
  if (!index) {
    p.note(`exclusion constraint ${constraint.name} on ${qualified(table.schema, table.name)} (its index is unknown)`, { kind: 'constraint', key: `${objectKey(table.schema, table.name)}.${constraint.name}`, reason: 'index unknown' });
    return undefined;
  }
  const keys = index.keys.map((k) => keySqlText(p, k, `exclusion constraint ${constraint.name}`));
  const predicate = index.predicate && p.expr(index.predicate, `the predicate of ${constraint.name}`);
  return `EXCLUDE USING ${index.method} (${keys.join(', ')})${include}${predicate ? ` WHERE (${predicate})` : ''}${deferral}`;
}

function deferralSql(constraint: Constraint): string {
  if (!constraint.deferrable) return '';
  return constraint.initiallyDeferred ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE';
}

function keySqlText(p: Printer, key: IndexKey, what: string): string {
  let text = key.column !== undefined ? ident(key.column) : `(${(key.expression && p.expr(key.expression, `an expression of ${what}`)) ?? 'NULL'})`;
  if (key.collation) text += ` COLLATE ${key.collation}`;
  if (key.opclass) text += ` ${key.opclass}`;
  if (key.descending) text += ' DESC';
  if (key.nullsFirst === true && !key.descending) text += ' NULLS FIRST';
  if (key.nullsFirst === false && key.descending) text += ' NULLS LAST';
  if (key.operator) text += ` WITH ${key.operator}`;
  return text;
}

function printIndexes(p: Printer, include: (index: Index) => boolean, title = 'Indexes'): void {
  const indexes = [...p.catalog.indexes.values()].filter((index) => !index.constraint && include(index));
  if (indexes.length === 0) return;
  p.section(title);
  for (const index of indexes) {
    if (!index.valid && !p.catalog.tables.get(index.table)?.partitioning) {
      p.note(`index ${qualified(index.schema, index.name)} is invalid (a failed CREATE INDEX CONCURRENTLY) and cannot be recreated as such`, { kind: 'index', key: objectKey(index.schema, index.name), reason: 'invalid' });
      continue;
    }
    const only = p.catalog.tables.get(index.table)?.partitioning ? 'ONLY ' : '';
    const keys = index.keys.map((k) => keySqlText(p, k, `index ${index.name}`));
    let sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${ident(index.name)} ON ${only}${qualifiedKey(index.table)} USING ${index.method} (${keys.join(', ')})`;
    if (index.include.length) sql += ` INCLUDE (${index.include.map(ident).join(', ')})`;
    if (index.nullsNotDistinct) sql += ' NULLS NOT DISTINCT';
    const predicate = index.predicate && p.expr(index.predicate, `the predicate of index ${index.name}`);
    if (predicate) sql += ` WHERE (${predicate})`;
    p.emit(sql);
  }
  for (const index of indexes) {
    if (index.parent) p.emit(`ALTER INDEX ${qualifiedKey(index.parent)} ATTACH PARTITION ${qualified(index.schema, index.name)}`);
  }
}

/** Foreign keys (after every key they reference) and constraints that are NOT VALID. */
function printLateConstraints(p: Printer, tables: Table[]): void {
  const late = tables.flatMap((table) =>
    table.constraints
      .filter((c) => (c.kind === 'foreign key' && !c.inherited) || (!c.validated && (c.kind === 'check' || c.kind === 'not null')))
      .map((constraint) => ({ table, constraint })),
  );
  if (late.length === 0) return;
  p.section('Foreign keys and constraints not yet validated');
  for (const { table, constraint } of late) {
    const definition = lateConstraintSql(p, table, constraint);
    if (!definition) continue;
    p.emit(`ALTER TABLE ${qualified(table.schema, table.name)} ADD CONSTRAINT ${ident(constraint.name)} ${definition}${constraint.validated ? '' : ' NOT VALID'}`);
  }
}

function lateConstraintSql(p: Printer, table: Table, constraint: Constraint): string | undefined {
  const enforced = constraint.enforced ? '' : ' NOT ENFORCED';
  if (constraint.kind === 'not null') return `NOT NULL ${ident(constraint.columns[0])}${constraint.noInherit ? ' NO INHERIT' : ''}`;
  if (constraint.kind === 'check') {
    const text = constraint.check && p.expr(constraint.check, `check ${constraint.name} on ${qualified(table.schema, table.name)}`);
    return text === undefined ? undefined : `CHECK (${text})${constraint.noInherit ? ' NO INHERIT' : ''}${enforced}`;
  }
  const ref = constraint.references!;
  const match = ref.match === 'full' ? ' MATCH FULL' : ref.match === 'partial' ? ' MATCH PARTIAL' : '';
  const action = (a: string) => a.toUpperCase();
  const actions = `${ref.onDelete !== 'no action' ? ` ON DELETE ${action(ref.onDelete)}` : ''}${ref.onUpdate !== 'no action' ? ` ON UPDATE ${action(ref.onUpdate)}` : ''}`;
  return `FOREIGN KEY (${constraint.columns.map(ident).join(', ')}) REFERENCES ${qualifiedKey(ref.table)} (${ref.columns.map(ident).join(', ')})${match}${actions}${deferralSql(constraint)}${enforced}`;
}

// ---------------------------------------------------------------- views, triggers

function printViews(p: Printer): void {
  const views = [...p.catalog.views.values()];
  if (views.length === 0) return;
  p.section('Views');
  // The catalog keeps creation order, so a view that reads another comes after it.
  for (const view of views) printView(p, view);
  p.resetSearchPath();
}

function printView(p: Printer, view: View): void {
  const key = objectKey(view.schema, view.name);
  const source = sourceNaming(p, view.origin, ['ViewStmt', 'CreateTableAsStmt'], view.schema, view.name);
  const shape = (v: View | undefined) => v && JSON.stringify([v.materialized, v.columns, v.relations, v.dependsOn]);
  const same = source && stillMeans(p.catalog, source, (c) => c.views.delete(key), (c) => shape(c.views.get(key)) === shape(view));
  if (source && same) {
    p.verbatim(source);
    p.printedViews.add(key);
  } else {
    p.note(`${view.materialized ? 'materialized view' : 'view'} ${qualified(view.schema, view.name)} (it or what it reads changed since it was created; the model keeps no query)`, { kind: 'view', key, reason: 'no query' });
  }
}

function printTriggers(p: Printer, tables: Table[]): void {
  const triggers = tables.flatMap((table) => table.triggers.map((trigger) => ({ table, trigger })));
  if (triggers.length === 0) return;
  p.section('Triggers');
  for (const { table, trigger } of triggers) printTrigger(p, table, trigger);
  p.resetSearchPath();
}

function printTrigger(p: Printer, table: Table, trigger: Trigger): void {
  const source = trigger.origin && p.options.source?.(trigger.origin);
  const node = source?.kind === 'CreateTrigStmt' ? (source.node as { trigname?: string; relation?: Node; funcname?: Node[] }) : undefined;
  const relation = node ? relationName(node.relation as never) : undefined;
  const fn = node ? qualifiedFromList(node.funcname) : undefined;
  const fnExists = fn && [...p.catalog.functions.values()].some((f) => f.name === fn.name && (!fn.schema || f.schema === fn.schema));
  const key = objectKey(table.schema, table.name);
  const shape = (t: Trigger | undefined) => t && JSON.stringify([t.function, t.timing, t.events, t.columns, t.forEachRow, t.when?.text]);
  const same =
    source &&
    stillMeans(
      p.catalog,
      source,
      (c) => {
        const owner = c.tables.get(key);
        if (owner) owner.triggers = owner.triggers.filter((t) => t.name !== trigger.name);
      },
      (c) => shape(c.tables.get(key)?.triggers.find((t) => t.name === trigger.name)) === shape(trigger),
    );
  if (source && same && node?.trigname === trigger.name && relation?.name === table.name && (!relation.schema || relation.schema === table.schema) && fnExists) {
    p.verbatim(source);
  } else {
    p.note(`trigger ${ident(trigger.name)} on ${qualified(table.schema, table.name)} (renamed, or its table or function changed, since it was created)`, {
      kind: 'trigger',
      key: `${key}.${trigger.name}`,
      reason: 'changed since created',
    });
  }
}

// ---------------------------------------------------------------- sources

/** The creating statement of an object, when it still names the object as it is now. */
function sourceNaming(p: Printer, origin: Origin | undefined, kinds: string[], schema: string, name: string): SourceStatement | undefined {
  const source = origin && p.options.source?.(origin);
  if (!source || !kinds.includes(source.kind)) return undefined;
  const named = createdName(source);
  if (!named || named.name !== name) return undefined;
  const createdIn = named.schema ?? source.searchPath.find((s) => p.catalog.schemas.has(s));
  return createdIn === schema ? source : undefined;
}

/**
 * True when the statement, run now against the final catalog (with the object removed), builds
 * the object as the catalog has it: the names it reads were not renamed or dropped since.
 */
function stillMeans(catalog: Catalog, source: SourceStatement, remove: (scratch: Catalog) => void, matches: (scratch: Catalog) => boolean): boolean {
  const scratch = cloneCatalog(catalog);
  remove(scratch);
  scratch.searchPath = [...source.searchPath];
  const outcome = applyStatement(scratch, { kind: source.kind, node: source.node, text: source.text, index: 0 });
  return outcome.status === 'applied' && matches(scratch);
}

function createdName(source: SourceStatement): { schema?: string; name: string } | undefined {
  const node = source.node as Record<string, unknown>;
  switch (source.kind) {
    case 'ViewStmt':
      return relationName(node.view as never);
    case 'CreateTableAsStmt':
      return relationName((node.into as { rel?: never } | undefined)?.rel);
    case 'CreateFunctionStmt':
      return qualifiedFromList(node.funcname as Node[]);
    case 'CompositeTypeStmt':
      return relationName(node.typevar as never);
    case 'CreateRangeStmt':
    case 'CreateEnumStmt':
      return qualifiedFromList(node.typeName as Node[]);
    case 'DefineStmt':
      return qualifiedFromList(node.defnames as Node[]);
    default:
      return undefined;
  }
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

// ---------------------------------------------------------------- one object, for hovers

/**
 * A table as a readable CREATE TABLE with every constraint inline (NOT VALID marked) and its
 * indexes after it; a view as its kind and columns. Names of NOT NULL constraints are left out.
 */
export function describeRelation(catalog: Catalog, key: string): string | undefined {
  const p = new Printer(catalog, {});
  const table = catalog.tables.get(key);
  if (!table) {
    const view = catalog.views.get(key);
    return view ? `${view.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${qualifiedKey(key)} (${view.columns.map(ident).join(', ')})` : undefined;
  }
  const items = table.columns.map((column) => describeColumnSql(table, column));
  for (const constraint of table.constraints) {
    if (constraint.kind === 'not null') continue;
    const definition = isIndexBacked(constraint) ? keySql(p, table, constraint) : lateConstraintSql(p, table, constraint);
    if (definition) items.push(`CONSTRAINT ${ident(constraint.name)} ${definition}${constraint.validated ? '' : ' NOT VALID'}`);
  }
  const head = `CREATE ${table.persistence === 'unlogged' ? 'UNLOGGED ' : table.persistence === 'temporary' ? 'TEMPORARY ' : ''}TABLE ${qualifiedKey(key)}`;
  const partitioned = table.partitioning ? ` PARTITION BY ${table.partitioning.strategy.toUpperCase()} (${table.partitioning.keys.map((k) => k.column ?? k.expression?.text ?? '').join(', ')})` : '';
  const lines = [`${head} (${items.length ? `\n  ${items.join(',\n  ')}\n` : ''})${partitioned};`];
  if (table.partitionOf) lines.push(`-- partition of ${qualifiedKey(table.partitionOf.parent)} ${table.partitionOf.bound}`);
  for (const index of catalog.indexes.values()) {
    if (index.table === key && !index.constraint) lines.push(describeIndex(catalog, index));
  }
  return lines.join('\n');
}

/** `CREATE UNIQUE INDEX orders_user_idx ON public.orders (user_id) WHERE ...;` */
export function describeIndex(catalog: Catalog, index: Index): string {
  const p = new Printer(catalog, {});
  const keys = index.keys.map((k) => keySqlText(p, k, `index ${index.name}`));
  const include = index.include.length ? ` INCLUDE (${index.include.map(ident).join(', ')})` : '';
  const predicate = index.predicate ? ` WHERE ${index.predicate.text}` : '';
  const method = index.method === 'btree' ? '' : ` USING ${index.method}`;
  const comment = index.constraint ? ` -- implements constraint ${ident(index.constraint)}` : index.valid ? '' : ' -- INVALID';
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${ident(index.name)} ON ${qualifiedKey(index.table)}${method} (${keys.join(', ')})${include}${predicate};${comment}`;
}

/** `orders.total numeric(10,2) NOT NULL DEFAULT 0` */
export function describeColumn(catalog: Catalog, tableKey: string, column: Column): string {
  const table = catalog.tables.get(tableKey);
  const { name } = splitKey(tableKey);
  return `${ident(name)}.${table ? describeColumnSql(table, column) : `${ident(column.name)} ${column.type.display}`}`;
}

function describeColumnSql(table: Table, column: Column): string {
  let sql = `${ident(column.name)} ${column.type.display}`;
  if (column.notNull) sql += ' NOT NULL';
  if (column.generated) sql += ` GENERATED ALWAYS AS (${column.generated.expr.text}) ${column.generated.kind.toUpperCase()}`;
  else if (column.default) sql += ` DEFAULT ${column.default.text}`;
  if (column.identity) sql += ` GENERATED ${column.identity.toUpperCase()} AS IDENTITY`;
  const notValid = table.constraints.find((c) => c.kind === 'not null' && c.columns[0] === column.name && !c.validated);
  if (notValid) sql += ' NOT NULL NOT VALID';
  return sql;
}

/** `CREATE TYPE app.mood AS ENUM ('ok', 'sad')`, `CREATE DOMAIN ...`, or the kind of another type. */
export function describeType(type: UserType): string {
  const name = qualified(type.schema, type.name);
  if (type.kind === 'enum') return `CREATE TYPE ${name} AS ENUM (${type.values.map(literal).join(', ')});`;
  if (type.kind === 'domain') {
    const parts = [`CREATE DOMAIN ${name} AS ${type.baseType.display}`];
    if (type.default) parts.push(`DEFAULT ${type.default.text}`);
    if (type.notNull) parts.push('NOT NULL');
    for (const check of type.checks) parts.push(`CONSTRAINT ${ident(check.name)} CHECK (${check.expr.text})${check.validated ? '' : ' NOT VALID'}`);
    return `${parts.join(' ')};`;
  }
  return `-- ${type.kind} type ${name}`;
}
