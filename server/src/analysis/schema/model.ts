/**
 * The catalog model: what a PostgreSQL database contains after a sequence of migrations, as far as
 * the rules need to know it. Plain data, no database. Objects are keyed by `schema.name`.
 *
 * A catalog is mutated in place by `applyStatement`; `cloneCatalog` copies it so the catalog before
 * each migration can be kept. Only table objects (and their arrays) are edited in place, and only
 * after `catalog.tables` (a TableMap) has handed out a private copy; every other object is replaced
 * when it changes, so clones share them, parse trees included.
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
    tables: new TableMap(),
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
 * The tables of a catalog, copied on write. A clone shares every table object with its source;
 * the first `get` (or iteration) of a shared table in either catalog replaces it there with a
 * private copy (the table object and its arrays), which that catalog may then edit freely. So
 * cloning costs O(tables) map entries, and a statement copies only the tables it touches.
 * `peek` and `peekValues` read without copying: for code that never edits what it reads.
 */
export class TableMap extends Map<string, Table> {
  /** Keys whose table object may also be held by another catalog. */
  #shared = new Set<string>();

  /** A map holding the same tables, all of them shared with `source` (which shares them back). */
  static sharing(source: TableMap): TableMap {
    const copy = new TableMap();
    for (const [key, table] of source.peekEntries()) {
      copy.set(key, table);
      copy.#shared.add(key);
      source.#shared.add(key);
    }
    return copy;
  }

  override get(key: string): Table | undefined {
    const table = super.get(key);
    if (table === undefined || !this.#shared.has(key)) return table;
    const own = cloneTable(table);
    super.set(key, own);
    this.#shared.delete(key);
    return own;
  }

  /** The table, possibly shared with other catalogs: read it, never edit it. */
  peek(key: string): Table | undefined {
    return super.get(key);
  }

  /** The tables, possibly shared with other catalogs: read them, never edit them. */
  peekValues(): IterableIterator<Table> {
    return super.values();
  }

  peekEntries(): IterableIterator<[string, Table]> {
    return super.entries();
  }

  override set(key: string, table: Table): this {
    this.#shared.delete(key);
    return super.set(key, table);
  }

  override delete(key: string): boolean {
    this.#shared.delete(key);
    return super.delete(key);
  }

  override clear(): void {
    this.#shared.clear();
    super.clear();
  }

  override *values(): IterableIterator<Table> {
    for (const key of [...super.keys()]) {
      const table = this.get(key);
      if (table !== undefined) yield table;
    }
  }

  override *entries(): IterableIterator<[string, Table]> {
    for (const key of [...super.keys()]) {
      const table = this.get(key);
      if (table !== undefined) yield [key, table];
    }
  }

  override [Symbol.iterator](): IterableIterator<[string, Table]> {
    return this.entries();
  }

  override forEach(callback: (table: Table, key: string, map: Map<string, Table>) => void, thisArg?: unknown): void {
    for (const [key, table] of this.entries()) callback.call(thisArg, table, key, this);
  }
}

/**
 * The keys of the tables `pick` selects, read without copying them; `catalog.tables.get(key)` then
 * hands out one to edit. Statements that touch a few tables of many scan this way, so a clone
 * copies only the tables that change.
 */
export function tableKeysWhere(catalog: Catalog, pick: (table: Table, key: string) => boolean): string[] {
  const keys: string[] = [];
  const entries = catalog.tables instanceof TableMap ? catalog.tables.peekEntries() : catalog.tables.entries();
  for (const [key, table] of entries) if (pick(table, key)) keys.push(key);
  return keys;
}

/** Reads a table without copying it, whatever kind of map the catalog holds. */
export function peekTable(catalog: Catalog, key: string): Table | undefined {
  return catalog.tables instanceof TableMap ? catalog.tables.peek(key) : catalog.tables.get(key);
}

/** The catalog's tables without copying them: read them, never edit them. */
export function peekTables(catalog: Catalog): IterableIterator<Table> {
  return catalog.tables instanceof TableMap ? catalog.tables.peekValues() : catalog.tables.values();
}

/**
 * A copy that `applyStatement` can change without touching the original. Cheap: the tables are
 * shared copy-on-write (see TableMap), and the model replaces, never edits, a column, constraint,
 * trigger, index, view, sequence, type or function object, so those objects are shared between
 * catalogs. replay.test.ts freezes them to hold the model to that rule. A catalog whose tables are
 * a plain Map (built by hand, or sent to a worker thread) has its tables copied one level deep.
 */
export function cloneCatalog(catalog: Catalog): Catalog {
  let tables: TableMap;
  if (catalog.tables instanceof TableMap) tables = TableMap.sharing(catalog.tables);
  else {
    tables = new TableMap();
    for (const [key, table] of catalog.tables) tables.set(key, cloneTable(table));
  }
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
