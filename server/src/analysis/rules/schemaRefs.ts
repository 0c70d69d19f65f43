/**
 * The relations, columns and foreign keys a statement names, with where it names them: what the
 * schema-aware rules check against the catalog. Only names PostgreSQL resolves at run time are
 * collected, never names guarded by IF EXISTS.
 */
import type {
  AlterTableCmd,
  AlterTableStmt,
  ColumnDef,
  Constraint,
  CreateStmt,
  CreateTrigStmt,
  DeleteStmt,
  DropStmt,
  IndexElem,
  IndexStmt,
  InsertStmt,
  Node,
  RangeVar,
  RenameStmt,
  ResTarget,
  TableLikeClause,
  TruncateStmt,
  UpdateStmt,
} from 'libpg-query';
import type { QualifiedName } from '../ast';
import { nodeOfKind, qualifiedFromList, relationName, stringValue, unwrap } from '../ast';
import type { ParsedStatement } from '../parse/parseDocument';
import type { OffsetRange } from '../text/lineIndex';
import { alterTableCommands } from './helpers';

export interface RelationRef {
  name: QualifiedName;
  range: OffsetRange;
}

export interface ForeignKeyRef {
  /** The referencing table. */
  table: QualifiedName;
  columns: string[];
  references: QualifiedName;
  /** Empty when the key references the primary key implicitly. */
  refColumns: string[];
  range: OffsetRange;
}

const IDENT = /^(?:"(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_$]*)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_$]*))*/u;

/** The range of a (possibly qualified) name written at parse location `location`. */
export function nameRange(statement: ParsedStatement, location: number | undefined): OffsetRange {
  if (location === undefined || location < 0) return statement.range;
  const start = statement.offsetOf(location);
  const local = start - statement.range.start;
  const match = IDENT.exec(statement.text.slice(local));
  return match ? { start, end: start + match[0].length } : statement.range;
}

function refOf(statement: ParsedStatement, relation: RangeVar | undefined): RelationRef | undefined {
  const name = relationName(relation);
  return name ? { name, range: nameRange(statement, relation?.location) } : undefined;
}

/** Relations the statement requires to exist. */
export function relationRefs(statement: ParsedStatement): RelationRef[] {
  const node = statement.node as never;
  const refs: Array<RelationRef | undefined> = [];
  switch (statement.kind) {
    case 'AlterTableStmt': {
      const alter = node as AlterTableStmt;
      if (!alter.missing_ok) refs.push(refOf(statement, alter.relation));
      break;
    }
    case 'CreateStmt': {
      const create = node as CreateStmt;
      for (const parent of create.inhRelations ?? []) refs.push(refOf(statement, nodeOfKind<RangeVar>(parent, 'RangeVar')));
      for (const element of create.tableElts ?? []) {
        const like = nodeOfKind<TableLikeClause>(element, 'TableLikeClause');
        if (like) refs.push(refOf(statement, like.relation));
      }
      break;
    }
    case 'IndexStmt':
      refs.push(refOf(statement, (node as IndexStmt).relation));
      break;
    case 'CreateTrigStmt':
      refs.push(refOf(statement, (node as CreateTrigStmt).relation));
      break;
    case 'RenameStmt': {
      const rename = node as RenameStmt;
      if (!rename.missing_ok && rename.relation) refs.push(refOf(statement, rename.relation));
      break;
    }
    case 'InsertStmt':
      refs.push(refOf(statement, (node as InsertStmt).relation));
      break;
    case 'UpdateStmt':
      refs.push(refOf(statement, (node as UpdateStmt).relation));
      break;
    case 'DeleteStmt':
      refs.push(refOf(statement, (node as DeleteStmt).relation));
      break;
    case 'TruncateStmt':
      for (const relation of (node as TruncateStmt).relations ?? []) refs.push(refOf(statement, nodeOfKind<RangeVar>(relation, 'RangeVar')));
      break;
    case 'DropStmt': {
      const drop = node as DropStmt;
      if (drop.missing_ok || !['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW'].includes(drop.removeType ?? '')) break;
      for (const object of drop.objects ?? []) {
        const name = qualifiedFromList(nodeOfKind<{ items?: Node[] }>(object, 'List')?.items);
        if (name) refs.push({ name, range: statement.range });
      }
      break;
    }
  }
  for (const key of foreignKeys(statement)) refs.push({ name: key.references, range: key.range });
  return refs.filter((r): r is RelationRef => r !== undefined);
}

/** Foreign keys the statement adds: CREATE TABLE (column and table constraints) and ALTER TABLE … ADD. */
export function foreignKeys(statement: ParsedStatement): ForeignKeyRef[] {
  const keys: ForeignKeyRef[] = [];
  const create = statement.kind === 'CreateStmt' ? (statement.node as CreateStmt) : undefined;
  const createdName = relationName(create?.relation);
  if (create && createdName) {
    for (const element of create.tableElts ?? []) {
      const column = nodeOfKind<ColumnDef>(element, 'ColumnDef');
      if (column) keys.push(...columnKeys(statement, createdName, column, statement.range));
      const constraint = nodeOfKind<Constraint>(element, 'Constraint');
      if (constraint) keys.push(...constraintKeys(statement, createdName, constraint, [], statement.range));
    }
  }
  const alter = statement.kind === 'AlterTableStmt' ? (statement.node as AlterTableStmt) : undefined;
  const altered = relationName(alter?.relation);
  if (alter && altered) {
    for (const { cmd, range } of alterTableCommands(statement)) {
      if (cmd.subtype === 'AT_AddConstraint') keys.push(...constraintKeys(statement, altered, nodeOfKind<Constraint>(cmd.def, 'Constraint'), [], range));
      if (cmd.subtype === 'AT_AddColumn') keys.push(...columnKeys(statement, altered, nodeOfKind<ColumnDef>(cmd.def, 'ColumnDef'), range));
    }
  }
  return keys;
}

function columnKeys(statement: ParsedStatement, table: QualifiedName, column: ColumnDef | undefined, range: OffsetRange): ForeignKeyRef[] {
  if (!column?.colname) return [];
  return (column.constraints ?? []).flatMap((c) => constraintKeys(statement, table, nodeOfKind<Constraint>(c, 'Constraint'), [column.colname!], range));
}

function constraintKeys(statement: ParsedStatement, table: QualifiedName, constraint: Constraint | undefined, columnOf: string[], range: OffsetRange): ForeignKeyRef[] {
  if (constraint?.contype !== 'CONSTR_FOREIGN') return [];
  const references = relationName(constraint.pktable);
  if (!references) return [];
  const columns = columnOf.length > 0 ? columnOf : names(constraint.fk_attrs);
  const located = constraint.pktable?.location !== undefined ? nameRange(statement, constraint.pktable.location) : range;
  return [{ table, columns, references, refColumns: names(constraint.pk_attrs), range: range === statement.range ? located : range }];
}

export function names(nodes: Node[] | undefined): string[] {
  return (nodes ?? []).map(stringValue).filter((n): n is string => n !== undefined);
}

export interface ColumnRef {
  table: QualifiedName;
  column: string;
  range: OffsetRange;
}

/** ALTER TABLE subcommands that act on an existing column named in `cmd.name`. */
const COLUMN_SUBTYPES = new Set([
  'AT_AlterColumnType', 'AT_ColumnDefault', 'AT_DropNotNull', 'AT_SetNotNull', 'AT_SetStorage', 'AT_SetCompression',
  'AT_DropColumn', 'AT_AddIdentity', 'AT_SetIdentity', 'AT_DropIdentity', 'AT_DropExpression', 'AT_SetExpression',
  'AT_SetOptions', 'AT_ResetOptions', 'AT_AlterColumnGenericOptions',
]);

/**
 * Columns of existing tables the statement requires: ALTER TABLE subcommands on a column, RENAME
 * COLUMN, index keys, UPDATE … SET and INSERT column lists, and the referenced columns of foreign
 * keys. Columns the same ALTER TABLE adds before using them are left out.
 */
export function columnRefs(statement: ParsedStatement): ColumnRef[] {
  const refs: ColumnRef[] = [];
  const node = statement.node as never;
  if (statement.kind === 'AlterTableStmt') {
    const alter = node as AlterTableStmt;
    const table = relationName(alter.relation);
    if (table && !alter.missing_ok && alter.objtype === 'OBJECT_TABLE') {
      const added = new Set<string>();
      for (const { cmd, range } of alterTableCommands(statement)) {
        const addedColumn = cmd.subtype === 'AT_AddColumn' ? nodeOfKind<ColumnDef>(cmd.def, 'ColumnDef')?.colname : undefined;
        if (addedColumn) added.add(addedColumn);
        if (!cmd.name || !COLUMN_SUBTYPES.has(cmd.subtype ?? '') || added.has(cmd.name) || (cmd.subtype === 'AT_DropColumn' && cmd.missing_ok)) continue;
        refs.push({ table, column: cmd.name, range });
        if (cmd.subtype === 'AT_DropColumn') added.delete(cmd.name);
      }
      for (const key of foreignKeys(statement)) for (const column of key.columns) if (!added.has(column)) refs.push({ table, column, range: key.range });
    }
  }
  if (statement.kind === 'RenameStmt') {
    const rename = node as RenameStmt;
    const table = relationName(rename.relation);
    if (table && !rename.missing_ok && rename.renameType === 'OBJECT_COLUMN' && rename.relationType === 'OBJECT_TABLE' && rename.subname) {
      refs.push({ table, column: rename.subname, range: statement.range });
    }
  }
  if (statement.kind === 'IndexStmt') {
    const index = node as IndexStmt;
    const table = relationName(index.relation);
    const keys = [...(index.indexParams ?? []), ...(index.indexIncludingParams ?? [])];
    for (const param of keys) {
      const column = nodeOfKind<IndexElem>(param, 'IndexElem')?.name;
      if (table && column) refs.push({ table, column, range: statement.range });
    }
  }
  if (statement.kind === 'UpdateStmt' || statement.kind === 'InsertStmt') {
    const dml = node as UpdateStmt & InsertStmt;
    const table = relationName(dml.relation);
    const targets = statement.kind === 'UpdateStmt' ? dml.targetList : dml.cols;
    for (const target of targets ?? []) {
      const res = nodeOfKind<ResTarget>(target, 'ResTarget');
      if (table && res?.name) refs.push({ table, column: res.name, range: nameRange(statement, res.location) });
    }
  }
  for (const key of foreignKeys(statement)) for (const column of key.refColumns) refs.push({ table: key.references, column, range: key.range });
  return refs;
}

/** Subcommands of an ALTER TABLE, typed; for rules that do not need ranges. */
export function alterCmds(statement: ParsedStatement): AlterTableCmd[] {
  const alter = statement.kind === 'AlterTableStmt' ? (statement.node as AlterTableStmt) : undefined;
  return (alter?.cmds ?? []).map((c) => nodeOfKind<AlterTableCmd>(c, 'AlterTableCmd')).filter((c): c is AlterTableCmd => c !== undefined);
}

/** The kind of a statement's parse node, unwrapped (for rules that switch on it). */
export function kindOf(node: Node | undefined): string | undefined {
  return unwrap(node)?.kind;
}
