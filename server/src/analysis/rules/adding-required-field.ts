import type { A_Const, ColumnDef, CopyStmt, CreateStmt, InsertStmt } from 'libpg-query';
import { asKind, nodeOfKind, relationName, sameRelation, typeInfo, type QualifiedName } from '../ast';
import { alterTableCommands, alteredTable, columnConstraints, lockPhrase } from './helpers';
import type { ParsedStatement } from '../parse/parseDocument';
import type { Rule, RuleFinding, StatementContext } from './types';
import { createdTablesByName, fileIndex, nameIndex, type FactQuery, type NameIndex } from '../facts/fileFacts';
import { requiredColumnFix } from '../fixes/recipes/addColumn';

const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

export const addingRequiredField: Rule = {
  meta: {
    id: 'adding-required-field',
    category: 'breaking',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'ADD COLUMN … NOT NULL without a DEFAULT fails on a table with rows and breaks inserts from the running application.',
    docs: {
      badExample: 'ALTER TABLE warehouses ADD COLUMN city text NOT NULL;',
      goodExample: "ALTER TABLE warehouses ADD COLUMN city text NOT NULL DEFAULT '';",
      why: 'PostgreSQL fills a new column with NULL in every existing row, so a NOT NULL column without a DEFAULT makes the ALTER fail with "column contains null values" as soon as the table has a row. Where it succeeds, the version of the application still running does not know the column and its INSERTs start failing.',
      lock: 'AccessExclusiveLock',
      safeAlternative:
        'Give the column a constant DEFAULT (metadata only, no rewrite, on PostgreSQL 11 and later), or add it nullable, backfill it, and make it NOT NULL afterwards.',
      squawkDifference:
        'Squawk flags serial columns (bigserial NOT NULL), whose sequence default fills every row; Safeshift does not. Safeshift also treats DEFAULT NULL as no default and flags ADD COLUMN … PRIMARY KEY without a default, which implies NOT NULL and fails the same way. A table created earlier in the same file is exempt unless rows were inserted into it or it was created with CREATE TABLE … AS.',
    },
  },
  check(context) {
    const table = alteredTable(context.statement);
    if (!table || isEmptyNewTable(context, table)) return [];
    const findings: RuleFinding[] = [];
    for (const command of alterTableCommands(context.statement)) {
      const { cmd } = command;
      if (cmd.subtype !== 'AT_AddColumn') continue;
      const column = nodeOfKind<ColumnDef>(cmd.def, 'ColumnDef');
      const required = requiredWithoutDefault(column);
      if (!column || !required) continue;
      const alternative = context.pgAtLeast(11)
        ? 'Give it a constant DEFAULT (no table rewrite on PostgreSQL 11 and later), or add it nullable, backfill it, and make it NOT NULL afterwards.'
        : 'Add it nullable, backfill it, and make it NOT NULL afterwards (before PostgreSQL 11 a DEFAULT rewrites the table).';
      const fix = required === 'NOT NULL' ? requiredColumnFix(context, command, column) : undefined;
      findings.push({
        ...(fix ? { fixes: [fix] } : {}),
        range: command.range,
        message: `ADD COLUMN "${column.colname ?? ''}" ${required} without a DEFAULT fails on a table that has rows ("column contains null values"), and the running application's INSERTs break. It ${lockPhrase('AccessExclusiveLock', table)}. ${alternative}`,
      });
    }
    return findings;
  },
};

/** `NOT NULL` or `PRIMARY KEY` when the column must be filled but nothing fills it. */
function requiredWithoutDefault(column: ColumnDef | undefined): string | undefined {
  if (!column) return undefined;
  const constraints = columnConstraints(column);
  if (constraints.some((c) => c.contype === 'CONSTR_GENERATED' || c.contype === 'CONSTR_IDENTITY')) return undefined;
  if (column.identity || column.generated) return undefined;
  const type = typeInfo(column.typeName);
  if (type && !type.schema && SERIAL_TYPES.has(type.name)) return undefined;
  const hasDefault = constraints.some((c) => c.contype === 'CONSTR_DEFAULT' && !nodeOfKind<A_Const>(c.raw_expr, 'A_Const')?.isnull) || column.raw_default !== undefined;
  if (hasDefault) return undefined;
  if (constraints.some((c) => c.contype === 'CONSTR_NOTNULL') || column.is_not_null) return 'NOT NULL';
  if (constraints.some((c) => c.contype === 'CONSTR_PRIMARY')) return 'PRIMARY KEY';
  return undefined;
}

/** Created by CREATE TABLE earlier in this file, and nothing has put rows in it since. */
function isEmptyNewTable(context: StatementContext, table: QualifiedName): boolean {
  return context.ask(EMPTY_NEW_TABLE, table);
}

/** The question isEmptyNewTable asks, answered from the file's created tables and its INSERT and COPY FROM targets. */
const EMPTY_NEW_TABLE: FactQuery<QualifiedName, boolean> = {
  id: 'emptyNewTable',
  prefixOnly: true,
  answer(file, index, table) {
    const created = lastBefore(createdTablesByName(file), table, index);
    if (!created) return false;
    if (!asKind<CreateStmt>(file.document.statements[created.index], 'CreateStmt')) return false;
    const filled = fileIndex(file, 'filledTables', (f) => nameIndex(f.document.statements, (statement) => {
      const target = relationName(asKind<InsertStmt>(statement, 'InsertStmt')?.relation) ?? copyTarget(statement);
      return target ? [target] : undefined;
    }));
    return !(filled.get(table.name) ?? []).some((entry) => entry.index > created.index && entry.index < index && sameRelation(entry.name, table));
  },
};

/** The last entry before `index` that names the same relation as `table`. */
function lastBefore(index: NameIndex, table: QualifiedName, before: number): { name: QualifiedName; index: number } | undefined {
  let found: { name: QualifiedName; index: number } | undefined;
  for (const entry of index.get(table.name) ?? []) {
    if (entry.index >= before) break;
    if (sameRelation(entry.name, table)) found = entry;
  }
  return found;
}

function copyTarget(statement: ParsedStatement): QualifiedName | undefined {
  const copy = asKind<CopyStmt>(statement, 'CopyStmt');
  return copy?.is_from ? relationName(copy.relation) : undefined;
}
