/**
 * The catalog model: what a PostgreSQL database contains after a sequence of migrations, as far as
 * the rules need to know it. Plain data, no database. Objects are keyed by `schema.name`.
 *
 * A catalog is mutated in place by `applyStatement`; `cloneCatalog` copies it so the catalog before
 * each migration can be kept. Only table objects (and their arrays) are edited in place; every
 * other object is replaced when it changes, so clones share them, parse trees included.
 */
import type { Node } from 'libpg-query';

/** Where an object was created or last changed: the migration id given to the replay, and the statement. */
export interface Origin {
  migration?: string;
  statement: number;
}

/** An expression as written (its parse tree), with a readable rendering and the columns it reads. */
export interface Expr {
  text: string;
  ast: Node;
  /** Column names referenced (last field of each column reference), in order of appearance, unique. */
  columns: string[];
}

export interface ColumnType {
  /** Set for user-defined types (enums, domains, types the model does not know). */
  schema?: string;
  /** PostgreSQL's internal name: int4, varchar, timestamptz, or the user type's name. */
  name: string;
  /** Type modifiers as written: varchar(20) → [20], numeric(10,2) → [10, 2]. */
  modifiers: number[];
  arrayDims: number;
  /** What `format_type` prints with the default search_path: integer, character varying(20), app.mood[]. */
  display: string;
}

export interface Column {
  name: string;
  type: ColumnType;
  notNull: boolean;
  default?: Expr;
  identity?: 'always' | 'by default';
  generated?: { kind: 'stored' | 'virtual'; expr: Expr };
  /** Inherited from a partition parent; such columns cannot be dropped or renamed on the partition. */
  inherited?: boolean;
  comment?: string;
  origin?: Origin;
}

export type ConstraintKind = 'primary key' | 'unique' | 'check' | 'foreign key' | 'exclusion' | 'not null';
export type ForeignKeyAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ForeignKey {
  table: string;
  columns: string[];
  onDelete: ForeignKeyAction;
  onUpdate: ForeignKeyAction;
  match: 'simple' | 'full' | 'partial';
}

export interface Constraint {
  name: string;
  kind: ConstraintKind;
  /** Constrained columns: key columns, the NOT NULL column, or those a CHECK reads. */
  columns: string[];
  validated: boolean;
  enforced: boolean;
  deferrable: boolean;
  initiallyDeferred: boolean;
  noInherit: boolean;
  check?: Expr;
  references?: ForeignKey;
  /** The index behind a primary key, unique or exclusion constraint (`schema.name`). */
  index?: string;
  /** Copied from a partition parent (foreign keys, checks, not-null constraints, keys). */
  inherited?: boolean;
  origin?: Origin;
}

export interface IndexKey {
  column?: string;
  expression?: Expr;
  opclass?: string;
  descending?: boolean;
  nullsFirst?: boolean;
  collation?: string;
  /** The operator of an EXCLUDE constraint's element, such as `&&`. */
  operator?: string;
}

export interface Index {
  schema: string;
  name: string;
  /** `schema.name` of the table or materialized view. */
  table: string;
  unique: boolean;
  nullsNotDistinct: boolean;
  method: string;
  keys: IndexKey[];
  include: string[];
  predicate?: Expr;
  /** False after a failed CREATE INDEX CONCURRENTLY; the replay never produces that on its own. */
  valid: boolean;
  /** The constraint this index implements, when it does. */
  constraint?: string;
  /** The partitioned index this one is attached to (`schema.name`). */
  parent?: string;
  origin?: Origin;
}

export interface PartitionSpec {
  strategy: 'range' | 'list' | 'hash';
  /** Partition key: column names, or expression text. */
  keys: Array<{ column?: string; expression?: Expr }>;
}

export interface Trigger {
  name: string;
  /** `schema.name` as written or resolved; the function may be unknown to the model. */
  function: string;
  timing: 'before' | 'after' | 'instead of';
  events: Array<'insert' | 'update' | 'delete' | 'truncate'>;
  /** Columns of `UPDATE OF`, and columns read by the WHEN condition. */
  columns: string[];
  forEachRow: boolean;
  when?: Expr;
  origin?: Origin;
}

export interface Table {
  schema: string;
  name: string;
  persistence: 'permanent' | 'unlogged' | 'temporary';
  columns: Column[];
  constraints: Constraint[];
  triggers: Trigger[];
  partitioning?: PartitionSpec;
  /** For a partition: its parent (`schema.name`) and bound text (`FOR VALUES ...` or `DEFAULT`). */
  partitionOf?: { parent: string; bound: string };
  /** For a partitioned table: its partitions (`schema.name`), in attach order. */
  partitions: string[];
  comment?: string;
  origin?: Origin;
}

export interface ColumnRefOf {
  table: string;
  column: string;
}

export interface View {
  schema: string;
  name: string;
  materialized: boolean;
  /** Output column names. */
  columns: string[];
  /** Relations read (`schema.name`; a relation unknown to the model keeps its name as written). */
  relations: string[];
  /** Columns of known relations the query reads: a dropped or retyped column breaks the view. */
  dependsOn: ColumnRefOf[];
  origin?: Origin;
}

export interface Sequence {
  schema: string;
  name: string;
  dataType: ColumnType;
  ownedBy?: ColumnRefOf;
  /** Implicit sequences of serial and identity columns. */
  identityOf?: ColumnRefOf;
  increment: number;
  start?: number;
  origin?: Origin;
}

export interface EnumType {
  kind: 'enum';
  schema: string;
  name: string;
  values: string[];
  origin?: Origin;
}

export interface DomainType {
  kind: 'domain';
  schema: string;
  name: string;
  baseType: ColumnType;
  notNull: boolean;
  default?: Expr;
  checks: Array<{ name: string; expr: Expr; validated: boolean }>;
  origin?: Origin;
}

/** Composite, range and base types: their names matter for lookups; their inside does not. */
export interface OtherType {
  kind: 'composite' | 'range' | 'base';
  schema: string;
  name: string;
  origin?: Origin;
}

export type UserType = EnumType | DomainType | OtherType;

export interface FunctionDef {
  schema: string;
  name: string;
  kind: 'function' | 'procedure';
  /** Input argument types, as `format_type` prints them. */
  argTypes: string[];
  returns?: string;
  language?: string;
  origin?: Origin;
}

/** A statement the model does not interpret (GRANT, INSERT, DO, CREATE EXTENSION, ...). */
export interface OpaqueEntry {
  kind: string;
  text: string;
  origin?: Origin;
}

/** A statement the model understood but could not apply, for example ALTER of an unknown table. */
export interface ReplayFailure {
  kind: string;
  message: string;
  text: string;
  origin?: Origin;
}

export interface Catalog {
  /** Schemas an unqualified name is looked up in, in order (pg_catalog is implicit). */
  searchPath: string[];
  schemas: Set<string>;
  tables: Map<string, Table>;
  views: Map<string, View>;
  indexes: Map<string, Index>;
  sequences: Map<string, Sequence>;
  types: Map<string, UserType>;
  /** Keyed by `schema.name(argtype, ...)`. */
  functions: Map<string, FunctionDef>;
  extensions: Set<string>;
  opaque: OpaqueEntry[];
  failures: ReplayFailure[];
}

export function createCatalog(): Catalog {
  return {
    searchPath: ['public'],
    schemas: new Set(['public']),
    tables: new Map(),
    views: new Map(),
    indexes: new Map(),
    sequences: new Map(),
    types: new Map(),
    functions: new Map(),
    extensions: new Set(),
    opaque: [],
    failures: [],
  };
}

export function objectKey(schema: string, name: string): string {
  return `${schema}.${name}`;
}

export function splitKey(key: string): { schema: string; name: string } {
  const dot = key.indexOf('.');
  return { schema: key.slice(0, dot), name: key.slice(dot + 1) };
}

/**
 * A copy that `applyStatement` can change without touching the original. Cheap because only tables
 * are copied (one level: the table object and its arrays): the model replaces, never edits, a
 * column, constraint, trigger, index, view, sequence, type or function object, so those objects
 * are shared between catalogs. replay.test.ts freezes them to hold the model to that rule.
 */
export function cloneCatalog(catalog: Catalog): Catalog {
  const tables = new Map<string, Table>();
  for (const [key, table] of catalog.tables) tables.set(key, cloneTable(table));
  return {
    searchPath: [...catalog.searchPath],
    schemas: new Set(catalog.schemas),
    tables,
    views: new Map(catalog.views),
    indexes: new Map(catalog.indexes),
    sequences: new Map(catalog.sequences),
    types: new Map(catalog.types),
    functions: new Map(catalog.functions),
    extensions: new Set(catalog.extensions),
    opaque: [...catalog.opaque],
    failures: [...catalog.failures],
  };
}

function cloneTable(table: Table): Table {
  return { ...table, columns: [...table.columns], constraints: [...table.constraints], triggers: [...table.triggers], partitions: [...table.partitions] };
}
