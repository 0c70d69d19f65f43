import type { AlterTableStmt, ColumnDef, Constraint, CreateStmt, IndexElem, IndexStmt } from 'libpg-query';
import { displayName, nodeOfKind, quoteIdent, relationName, sameRelation, type QualifiedName } from '../ast';
import type { ParsedDocument, ParsedStatement } from '../parse/parseDocument';
import { findTable, indexesCovering } from '../schema/lookup';
import { alterTableCommands } from './helpers';
import { fileIndex, NEWLINE, type FactQuery } from '../facts/fileFacts';
import { catalogAt } from './schemaFacts';
import { foreignKeys, names, type ForeignKeyRef } from './schemaRefs';
import type { Fix, Rule, RuleFinding, StatementContext } from './types';

export const fkWithoutIndex: Rule = {
  meta: {
    id: 'fk-without-index',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'A foreign key whose columns no index starts with: every DELETE or key UPDATE on the referenced table scans the referencing one.',
    docs: {
      badExample: 'CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);',
      goodExample: 'CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\nCREATE INDEX orders_user_id_idx ON orders (user_id);',
      why: 'PostgreSQL indexes the referenced side of a foreign key (it must be a primary key or unique), not the referencing side. Without an index on the referencing columns, each DELETE or key UPDATE on the referenced table checks the referencing table with a sequential scan while holding row locks, and joins along the key are slow. On a large table this turns a routine delete into a long, lock-holding statement.',
      safeAlternative: 'Create an index that starts with the foreign key columns: in the same migration for a new table, or with CREATE INDEX CONCURRENTLY in a migration of its own for an existing table.',
    },
  },
  check(context) {
    const keys = foreignKeys(context.statement).filter((k) => k.columns.length > 0);
    if (keys.length === 0) return [];
    const trusted = catalogAt(context);
    const findings: RuleFinding[] = [];
    for (const key of keys) {
      const created = createsTable(context.statement, key.table);
      const isNew = created || context.isNewTable(key.table);
      // Without the table's history its indexes are unknown, unless this file created it.
      if (!isNew && !(trusted && findTable(trusted.catalog, key.table))) continue;
      if (trusted && !created && indexesCovering(trusted.catalog, key.table, key.columns).length > 0) continue;
      if (context.ask(INDEXED_IN_FILE, key)) continue;
      findings.push({
        range: key.range,
        message: `No index starts with the columns of the foreign key (${key.columns.join(', ')}) on "${displayName(key.table)}": every DELETE or key UPDATE on "${displayName(key.references)}" scans "${displayName(key.table)}" while holding its locks. ${isNew ? 'Create the index in this migration.' : 'Create it with CREATE INDEX CONCURRENTLY in a migration of its own.'}`,
        fixes: isNew ? [createIndexFix(context, key)] : [],
      });
    }
    return findings;
  },
};

/** Whether a statement anywhere in the file gives the key's table an index that starts with its columns. */
const INDEXED_IN_FILE: FactQuery<Pick<ForeignKeyRef, 'table' | 'columns'>, boolean> = {
  id: 'fkIndexedInFile',
  answer(file, _index, key) {
    // Asked again for every foreign key after each edit: answered once per table and columns per lint.
    const answers = fileIndex(file, 'fkIndexedInFile', () => new Map<string, boolean>());
    const memo = JSON.stringify([key.table.schema ?? null, key.table.name, key.columns]);
    let covered = answers.get(memo);
    if (covered === undefined) {
      covered = statementsOn(file.document, key.table).some((s) => indexDefinitions(s, key.table).some((columns) => covers(columns, key.columns)));
      answers.set(memo, covered);
    }
    return covered;
  },
};

/** Per document: the statements that create, index or alter each relation name, so each key looks only at those (linear, not quadratic, in long files). */
const byRelationName = new WeakMap<ParsedDocument, Map<string, ParsedStatement[]>>();

function statementsOn(document: ParsedDocument, table: QualifiedName): ParsedStatement[] {
  let index = byRelationName.get(document);
  if (!index) {
    index = new Map();
    for (const statement of document.statements) {
      const node = statement.node as Partial<IndexStmt & CreateStmt & AlterTableStmt>;
      const name = statement.kind === 'IndexStmt' || statement.kind === 'CreateStmt' || statement.kind === 'AlterTableStmt' ? node.relation?.relname : undefined;
      if (name === undefined) continue;
      const list = index.get(name);
      if (list) list.push(statement);
      else index.set(name, [statement]);
    }
    byRelationName.set(document, index);
  }
  return index.get(table.name) ?? [];
}

function createsTable(statement: ParsedStatement, table: QualifiedName): boolean {
  const created = relationName(statement.kind === 'CreateStmt' ? (statement.node as CreateStmt).relation : undefined);
  return created !== undefined && sameRelation(created, table);
}

/** True when an index on `indexed` (in order) serves lookups by `columns` (in any order). */
function covers(indexed: string[], columns: string[]): boolean {
  const leading = indexed.slice(0, columns.length);
  return leading.length === columns.length && columns.every((c) => leading.includes(c));
}

/** Key column lists of the non-partial indexes `statement` creates on `table` (plain columns only, up to the first expression). */
function indexDefinitions(statement: ParsedStatement, table: QualifiedName): string[][] {
  const found: string[][] = [];
  if (statement.kind === 'IndexStmt') {
    const index = statement.node as IndexStmt;
    const on = relationName(index.relation);
    if (on && sameRelation(on, table) && !index.whereClause) found.push(leadingColumns(index));
  }
  if (createsTable(statement, table)) {
    for (const element of (statement.node as CreateStmt).tableElts ?? []) {
      const column = nodeOfKind<ColumnDef>(element, 'ColumnDef');
      if (column?.colname && columnIsKey(column)) found.push([column.colname]);
      const keys = keyColumns(nodeOfKind<Constraint>(element, 'Constraint'));
      if (keys) found.push(keys);
    }
  }
  const alter = statement.kind === 'AlterTableStmt' ? (statement.node as AlterTableStmt) : undefined;
  const altered = relationName(alter?.relation);
  if (altered && sameRelation(altered, table)) {
    for (const { cmd } of alterTableCommands(statement)) {
      const keys = cmd.subtype === 'AT_AddConstraint' ? keyColumns(nodeOfKind<Constraint>(cmd.def, 'Constraint')) : undefined;
      if (keys) found.push(keys);
      const column = cmd.subtype === 'AT_AddColumn' ? nodeOfKind<ColumnDef>(cmd.def, 'ColumnDef') : undefined;
      if (column?.colname && columnIsKey(column)) found.push([column.colname]);
    }
  }
  return found;
}

function leadingColumns(index: IndexStmt): string[] {
  const columns: string[] = [];
  for (const param of index.indexParams ?? []) {
    const name = nodeOfKind<IndexElem>(param, 'IndexElem')?.name;
    if (!name) break;
    columns.push(name);
  }
  return columns;
}

function columnIsKey(column: ColumnDef): boolean {
  return (column.constraints ?? []).some((c) => {
    const type = nodeOfKind<Constraint>(c, 'Constraint')?.contype;
    return type === 'CONSTR_PRIMARY' || type === 'CONSTR_UNIQUE';
  });
}

function keyColumns(constraint: Constraint | undefined): string[] | undefined {
  if (constraint?.contype !== 'CONSTR_PRIMARY' && constraint?.contype !== 'CONSTR_UNIQUE') return undefined;
  return names(constraint.keys);
}

/** Adds the index right after the statement: the table is new, so a plain CREATE INDEX locks nothing anyone waits on. */
function createIndexFix(context: StatementContext, key: ForeignKeyRef): Fix {
  const { statement } = context;
  const name = `${key.table.name}_${key.columns.join('_')}_idx`.slice(0, 63);
  const terminated = statement.text.trimEnd().endsWith(';');
  const at = statement.range.end;
  const sql = `${terminated ? '' : ';'}${context.ask(NEWLINE, undefined)}CREATE INDEX ${quoteIdent(name)} ON ${displayName(key.table)} (${key.columns.map(quoteIdent).join(', ')});`;
  return { title: `Create an index on ${displayName(key.table)} (${key.columns.join(', ')})`, edits: [{ range: { start: at, end: at }, newText: sql }], preferred: true };
}
