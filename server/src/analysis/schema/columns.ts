/**
 * Columns and the constraints written with them: CREATE TABLE and ALTER TABLE ADD COLUMN share this.
 * Serial columns become an integer with a sequence, a nextval default and NOT NULL; identity columns
 * get their sequence; PRIMARY KEY, UNIQUE, CHECK and REFERENCES become table constraints.
 */
import type { ColumnDef, Constraint as ConstraintNode, Node } from 'libpg-query';
import { nodeOfKind } from '../ast';
import type { ApplyContext } from './context';
import { fail, typeSchemaResolver } from './context';
import { makeExpr } from './expr';
import type { Column, Expr, Sequence, Table } from './model';
import { objectKey } from './model';
import { chooseRelationName } from './names';
import { resolveSequence } from './resolve';
import { columnType, displayIdent, makeColumnType, SERIAL_TYPES } from './types';

/** A column constraint is handled after the column exists, with the table-level ones. */
export function columnConstraints(def: ColumnDef): ConstraintNode[] {
  const nodes = (def.constraints ?? []).map((n) => nodeOfKind<ConstraintNode>(n, 'Constraint')).filter((c): c is ConstraintNode => c !== undefined);
  // DEFERRABLE / INITIALLY DEFERRED / NOT VALID after a column constraint modify the one before them.
  const merged: ConstraintNode[] = [];
  for (const node of nodes) {
    const previous = merged[merged.length - 1];
    switch (node.contype) {
      case 'CONSTR_ATTR_DEFERRABLE':
        if (previous) merged[merged.length - 1] = { ...previous, deferrable: true };
        break;
      case 'CONSTR_ATTR_NOT_DEFERRABLE':
        if (previous) merged[merged.length - 1] = { ...previous, deferrable: false };
        break;
      case 'CONSTR_ATTR_DEFERRED':
        if (previous) merged[merged.length - 1] = { ...previous, initdeferred: true, deferrable: true };
        break;
      case 'CONSTR_ATTR_IMMEDIATE':
        if (previous) merged[merged.length - 1] = { ...previous, initdeferred: false };
        break;
      case 'CONSTR_ATTR_ENFORCED':
        if (previous) merged[merged.length - 1] = { ...previous, is_enforced: true };
        break;
      case 'CONSTR_ATTR_NOT_ENFORCED':
        if (previous) merged[merged.length - 1] = { ...previous, is_enforced: false, initially_valid: false };
        break;
      default:
        merged.push(node);
    }
  }
  return merged;
}

export interface BuiltColumn {
  column: Column;
  /** The serial or identity sequence to create with the column. */
  sequence?: Sequence;
  /** Constraints that become table constraints (key, check, foreign key, named not-null). */
  tableConstraints: ConstraintNode[];
}

/** Builds a column; `sequenceTaken` lists sequence names already chosen in the same statement. */
export function buildColumn(ctx: ApplyContext, table: Table, def: ColumnDef, sequenceTaken: Set<string>): BuiltColumn {
  const name = def.colname ?? fail('a column without a name');
  if (!def.typeName) fail(`column "${name}" has no type`);
  const typeNames = (def.typeName.names ?? []).map((n) => nodeOfKind<{ sval?: string }>(n, 'String')?.sval);
  const written = typeNames[typeNames.length - 1] ?? '';
  const serialBase = typeNames.length === 1 && !def.typeName.arrayBounds?.length ? SERIAL_TYPES[written] : undefined;
  const type = serialBase ? makeColumnType(serialBase, [], 0) : columnType(def.typeName, typeSchemaResolver(ctx));
  const column: Column = { name, type, notNull: false, origin: ctx.origin };
  const built: BuiltColumn = { column, tableConstraints: [] };
  const key = objectKey(table.schema, table.name);
  if (serialBase) {
    const seqName = chooseRelationName(ctx.catalog, table.schema, table.name, name, 'seq', false, sequenceTaken);
    sequenceTaken.add(seqName);
    built.sequence = { schema: table.schema, name: seqName, dataType: type, ownedBy: { table: key, column: name }, increment: 1, origin: ctx.origin };
    column.default = nextvalDefault(table.schema, seqName);
    column.notNull = true;
  }
  if (def.raw_default) column.default = defaultExpr(def.raw_default, ctx);
  for (const constraint of columnConstraints(def)) {
    applyColumnConstraint(ctx, table, built, constraint, sequenceTaken);
  }
  return built;
}

function applyColumnConstraint(ctx: ApplyContext, table: Table, built: BuiltColumn, constraint: ConstraintNode, sequenceTaken: Set<string>): void {
  const column = built.column;
  switch (constraint.contype) {
    case 'CONSTR_NULL':
      column.notNull = false;
      return;
    case 'CONSTR_NOTNULL':
      column.notNull = true;
      // A named or NOT VALID one is carried as a table constraint to keep its name and validity.
      if (constraint.conname || constraint.initially_valid === false) built.tableConstraints.push({ ...constraint, keys: [stringNode(column.name)] });
      return;
    case 'CONSTR_DEFAULT':
      column.default = constraint.raw_expr ? defaultExpr(constraint.raw_expr, ctx) : undefined;
      return;
    case 'CONSTR_IDENTITY': {
      column.identity = constraint.generated_when === 'a' ? 'always' : 'by default';
      column.notNull = true;
      const seqName = chooseRelationName(ctx.catalog, table.schema, table.name, column.name, 'seq', false, sequenceTaken);
      sequenceTaken.add(seqName);
      const ref = { table: objectKey(table.schema, table.name), column: column.name };
      built.sequence = { schema: table.schema, name: seqName, dataType: column.type, ownedBy: ref, identityOf: ref, increment: 1, origin: ctx.origin };
      return;
    }
    case 'CONSTR_GENERATED':
      if (constraint.raw_expr) column.generated = { kind: constraint.generated_kind === 's' ? 'stored' : 'virtual', expr: makeExpr(constraint.raw_expr) };
      return;
    case 'CONSTR_PRIMARY':
      column.notNull = true;
      built.tableConstraints.push({ ...constraint, keys: [stringNode(column.name)] });
      return;
    case 'CONSTR_UNIQUE':
      built.tableConstraints.push({ ...constraint, keys: [stringNode(column.name)] });
      return;
    case 'CONSTR_FOREIGN':
      built.tableConstraints.push({ ...constraint, fk_attrs: [stringNode(column.name)] });
      return;
    case 'CONSTR_CHECK':
      built.tableConstraints.push(constraint);
      return;
    default:
      return;
  }
}

/**
 * `DEFAULT NULL` stores no default at all. `nextval('seq')` names its sequence through search_path
 * when the default is created; PostgreSQL keeps the sequence itself, so the default is rebuilt
 * with the name resolved, and follows later renames and moves.
 */
export function defaultExpr(node: Node, ctx?: ApplyContext): Expr | undefined {
  const constant = nodeOfKind<{ isnull?: boolean }>(node, 'A_Const');
  if (constant?.isnull) return undefined;
  const sequence = ctx ? nextvalSequence(ctx, node) : undefined;
  return sequence ? nextvalDefault(sequence.schema, sequence.name) : makeExpr(node);
}

function nextvalSequence(ctx: ApplyContext, node: Node): { schema: string; name: string } | undefined {
  const call = nodeOfKind<{ funcname?: Node[]; args?: Node[] }>(node, 'FuncCall');
  const fn = (call?.funcname ?? []).map((n) => nodeOfKind<{ sval?: string }>(n, 'String')?.sval);
  if (fn[fn.length - 1] !== 'nextval' || call?.args?.length !== 1) return undefined;
  const arg = nodeOfKind<{ arg?: Node }>(call.args[0], 'TypeCast')?.arg ?? call.args[0];
  const literal = nodeOfKind<{ sval?: { sval?: string } }>(arg, 'A_Const')?.sval?.sval;
  if (!literal) return undefined;
  const parts = literal.split('.').map((p) => (p.startsWith('"') ? p.slice(1, -1) : p.toLowerCase()));
  const name = parts.length > 1 ? { schema: parts[0], name: parts[1] } : { name: parts[0] };
  const key = resolveSequence(ctx.catalog, name);
  return key ? ctx.catalog.sequences.get(key) : undefined;
}

export function stringNode(sval: string): Node {
  return { String: { sval } } as Node;
}

/** The default of a serial column, as PostgreSQL stores it: nextval('seq'::regclass). */
export function nextvalDefault(schema: string, sequence: string): Expr {
  const regclass = schema === 'public' ? displayIdent(sequence) : `${displayIdent(schema)}.${displayIdent(sequence)}`;
  const ast = {
    FuncCall: {
      funcname: [stringNode('nextval')],
      args: [{ TypeCast: { arg: { A_Const: { sval: { sval: regclass } } }, typeName: { names: [stringNode('regclass')], typemod: -1 } } }],
      funcformat: 'COERCE_EXPLICIT_CALL',
    },
  } as unknown as Node;
  return makeExpr(ast);
}
