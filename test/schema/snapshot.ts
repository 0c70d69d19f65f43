/**
 * The shape both sides of the fidelity test are brought to: the catalog model (`fromCatalog`) and
 * a real PostgreSQL (`pgDump.ts`). Plain JSON, so `assert.deepEqual` shows the exact difference.
 * Expressions are canonical text (see canonical.ts); keys are `schema.name`.
 */
import type { Catalog, Constraint, Index, IndexKey, Table } from '../../server/src/analysis/schema/model';
import { objectKey } from '../../server/src/analysis/schema/model';
import { displayIdent } from '../../server/src/analysis/schema/types';
import { canonicalFromAst } from './canonical';

export interface ColumnShape {
  name: string;
  type: string;
  notNull: boolean;
  default?: string;
  identity?: 'always' | 'by default';
  generated?: string;
}

export interface ConstraintShape {
  kind: 'primary key' | 'unique' | 'check' | 'foreign key' | 'exclusion' | 'not null';
  columns: string[];
  validated: boolean;
  enforced: boolean;
  deferrable: boolean;
  initiallyDeferred: boolean;
  noInherit: boolean;
  inherited: boolean;
  check?: string;
  references?: string;
  index?: string;
}

export interface TableShape {
  persistence: 'permanent' | 'unlogged';
  partitionKey?: string;
  partitionOf?: { parent: string; bound: string };
  columns: ColumnShape[];
  constraints: Record<string, ConstraintShape>;
  triggers: Record<string, string>;
}

export interface IndexShape {
  table: string;
  unique: boolean;
  nullsNotDistinct: boolean;
  method: string;
  keys: string[];
  include: string[];
  predicate?: string;
  valid: boolean;
  constraint?: string;
  parent?: string;
}

export interface ViewShape {
  materialized: boolean;
  columns: string[];
  dependsOn: string[];
}

export interface SequenceShape {
  type: string;
  increment: number;
  start: number;
  ownedBy?: string;
}

export interface DomainShape {
  base: string;
  notNull: boolean;
  default?: string;
  checks: Record<string, string>;
}

export interface SchemaSnapshot {
  schemas: string[];
  tables: Record<string, TableShape>;
  indexes: Record<string, IndexShape>;
  views: Record<string, ViewShape>;
  sequences: Record<string, SequenceShape>;
  enums: Record<string, string[]>;
  domains: Record<string, DomainShape>;
  functions: string[];
}

export function fromCatalog(catalog: Catalog): SchemaSnapshot {
  const snapshot: SchemaSnapshot = { schemas: [...catalog.schemas].sort(), tables: {}, indexes: {}, views: {}, sequences: {}, enums: {}, domains: {}, functions: [] };
  for (const [key, table] of sorted(catalog.tables)) {
    if (table.persistence === 'temporary') continue;
    snapshot.tables[key] = tableShape(table);
  }
  for (const [key, index] of sorted(catalog.indexes)) {
    if (catalog.tables.get(index.table)?.persistence === 'temporary') continue;
    snapshot.indexes[key] = indexShape(index);
  }
  for (const [key, view] of sorted(catalog.views)) {
    snapshot.views[key] = { materialized: view.materialized, columns: view.columns, dependsOn: view.dependsOn.map((d) => `${d.table}.${d.column}`).sort() };
  }
  for (const [key, sequence] of sorted(catalog.sequences)) {
    const shape: SequenceShape = { type: sequence.dataType.display, increment: sequence.increment, start: sequence.start ?? (sequence.increment > 0 ? 1 : -1) };
    if (sequence.ownedBy) shape.ownedBy = `${sequence.ownedBy.table}.${sequence.ownedBy.column}`;
    snapshot.sequences[key] = shape;
  }
  for (const [key, type] of sorted(catalog.types)) {
    if (type.kind === 'enum') snapshot.enums[key] = type.values;
    if (type.kind === 'domain') {
      const shape: DomainShape = { base: type.baseType.display, notNull: type.notNull, checks: {} };
      if (type.default) shape.default = canonicalFromAst(type.default.ast, type.baseType.display);
      for (const check of type.checks) shape.checks[check.name] = canonicalFromAst(check.expr.ast) + (check.validated ? '' : ' NOT VALID');
      snapshot.domains[key] = shape;
    }
  }
  snapshot.functions = [...catalog.functions.values()].map((f) => `${f.kind} ${objectKey(f.schema, f.name)}(${f.argTypes.join(', ')})`).sort();
  return snapshot;
}

function sorted<V>(map: Map<string, V>): Array<[string, V]> {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function tableShape(table: Table): TableShape {
  const shape: TableShape = {
    persistence: table.persistence === 'unlogged' ? 'unlogged' : 'permanent',
    columns: table.columns.map((c) => {
      const column: ColumnShape = { name: c.name, type: c.type.display, notNull: c.notNull };
      if (c.default && !c.generated) column.default = canonicalFromAst(c.default.ast, c.type.display);
      if (c.identity) column.identity = c.identity;
      if (c.generated) column.generated = `${c.generated.kind} ${canonicalFromAst(c.generated.expr.ast)}`;
      return column;
    }),
    constraints: {},
    triggers: {},
  };
  if (table.partitioning) {
    const keys = table.partitioning.keys.map((k) => (k.column !== undefined ? displayIdent(k.column) : canonicalFromAst(k.expression!.ast)));
    shape.partitionKey = `${table.partitioning.strategy.toUpperCase()} (${keys.join(', ')})`;
  }
  if (table.partitionOf) shape.partitionOf = { ...table.partitionOf };
  for (const constraint of [...table.constraints].sort((a, b) => (a.name < b.name ? -1 : 1))) shape.constraints[constraint.name] = constraintShape(constraint);
  for (const trigger of [...table.triggers].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    shape.triggers[trigger.name] = `${trigger.timing} ${trigger.events.join(' or ')} ${trigger.forEachRow ? 'row' : 'statement'} ${trigger.function}`;
  }
  return shape;
}

function constraintShape(c: Constraint): ConstraintShape {
  const shape: ConstraintShape = {
    kind: c.kind,
    columns: c.kind === 'check' ? [...c.columns].sort() : c.columns,
    validated: c.validated,
    enforced: c.enforced,
    deferrable: c.deferrable,
    initiallyDeferred: c.initiallyDeferred,
    noInherit: c.noInherit,
    inherited: c.inherited === true,
  };
  if (c.check) shape.check = canonicalFromAst(c.check.ast);
  if (c.references) {
    const r = c.references;
    shape.references = `${r.table}(${r.columns.join(', ')}) on delete ${r.onDelete} on update ${r.onUpdate} match ${r.match}`;
  }
  if (c.index) shape.index = c.index;
  return shape;
}

function indexShape(index: Index): IndexShape {
  const shape: IndexShape = {
    table: index.table,
    unique: index.unique,
    nullsNotDistinct: index.nullsNotDistinct,
    method: index.method,
    keys: index.keys.map(keyText),
    include: index.include,
    valid: index.valid,
  };
  if (index.predicate) shape.predicate = canonicalFromAst(index.predicate.ast);
  if (index.constraint) shape.constraint = index.constraint;
  if (index.parent) shape.parent = index.parent;
  return shape;
}

/**
 * One index key as text. ASC NULLS LAST and DESC NULLS FIRST are the defaults PostgreSQL leaves
 * out when it prints an index, so they are left out here too.
 */
export function keyText(key: IndexKey): string {
  let text = key.column !== undefined ? displayIdent(key.column) : canonicalFromAst(key.expression!.ast);
  if (key.collation) text += ` COLLATE ${key.collation}`;
  if (key.opclass) text += ` ${key.opclass}`;
  if (key.descending) text += ' DESC';
  if (key.nullsFirst === true && !key.descending) text += ' NULLS FIRST';
  if (key.nullsFirst === false && key.descending) text += ' NULLS LAST';
  if (key.operator) text += ` WITH ${key.operator}`;
  return text;
}
