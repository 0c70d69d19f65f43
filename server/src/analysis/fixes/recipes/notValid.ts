/**
 * Recipes 3, 4 and 5: a constraint added NOT VALID now and validated in a following migration.
 * 3 foreign key (plus a concurrent index on the referencing columns when none exists),
 * 4 CHECK, 5 SET NOT NULL (PostgreSQL 12–17: a CHECK (c IS NOT NULL) that lets SET NOT NULL skip
 * its scan; PostgreSQL 18: a NOT NULL constraint added NOT VALID).
 */
import type { ColumnRef, Constraint, IndexStmt } from 'libpg-query';
import { asKind, relationName, sameRelation, stringValue, walk, type QualifiedName } from '../../ast';
import { indexesCovering } from '../../schema/lookup';
import { sectionAt } from '../../project/lintContext';
import type { AlterCommand } from '../../rules/helpers';
import type { Fix, StatementContext, TextEdit } from '../../rules/types';
import { insertAfterStatement, nonTransactionalMigrations, planToFix, transactionalMigration, type Step } from '../plan';
import { objectName, quoteIdent, relationText, schemaPrefix } from '../sql';
import type { NewMigration } from '../naming';
import type { AlterTableStmt } from 'libpg-query';

/** The table of an ALTER TABLE as the user wrote it, with `ONLY` kept out. */
function tableSql(context: StatementContext): string {
  return relationText(context.statement, asKind<AlterTableStmt>(context.statement, 'AlterTableStmt')?.relation);
}

function tableName(context: StatementContext): QualifiedName | undefined {
  return relationName(asKind<AlterTableStmt>(context.statement, 'AlterTableStmt')?.relation);
}

/**
 * The follow-up statements after a NOT VALID step: in the same file when each statement commits on
 * its own (no transaction), else in new migrations right after this one.
 */
function withFollowUps(context: StatementContext, title: string, currentEdits: TextEdit[], validate: Step[], later: NewMigration[] = []): Fix | undefined {
  const document = context.file.document;
  if (!context.transaction.inTransaction && later.length === 0 && sentStatementByStatement(context)) {
    const appended = validate.map((s) => [...s.comment.map((l) => `-- ${l}`), s.sql].join('\n')).join('\n');
    return { title, edits: [...currentEdits, insertAfterStatement(document, context.statement, appended)], preferred: true };
  }
  const header = ['Runs in its own transaction, after the constraint was added NOT VALID by the previous migration.'];
  return planToFix(context, { title, edits: () => currentEdits, followUps: [transactionalMigration(`validate ${validateName(validate)}`, header, validate), ...later] });
}

/** True unless the tool sends the section as one string, where a second statement would make one implicit transaction. */
function sentStatementByStatement(context: StatementContext): boolean {
  const migration = context.file.migration;
  const section = migration ? sectionAt(migration, context.statement.range.start) : undefined;
  return section?.execution !== 'one-string';
}

function validateName(steps: Step[]): string {
  return /VALIDATE CONSTRAINT\s+("?)([^";\s]+)\1/.exec(steps.map((s) => s.sql).join('\n'))?.[2] ?? 'constraint';
}

function validateStep(table: string, name: string, what: string): Step {
  return { comment: [`Checks the existing rows under a SHARE UPDATE EXCLUSIVE lock: reads and writes on ${table} continue. ${what}`], sql: `ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdent(name)};` };
}

/** `CONSTRAINT name ` inserted after `ADD` when the constraint has no name, so VALIDATE can name it. */
function nameEdits(context: StatementContext, command: AlterCommand, constraint: Constraint, name: string): TextEdit[] {
  if (constraint.conname) return [];
  const text = context.file.document.text.slice(command.range.start, command.range.end);
  const add = /^ADD\s+/i.exec(text);
  if (!add) return [];
  const at = command.range.start + add[0].length;
  return [{ range: { start: at, end: at }, newText: `CONSTRAINT ${quoteIdent(name)} ` }];
}

function notValidEdit(command: AlterCommand): TextEdit {
  return { range: { start: command.range.end, end: command.range.end }, newText: ' NOT VALID' };
}

/** NOT VALID edits already made by the caller; VALIDATE CONSTRAINT `name` after them (recipe 3 for ADD COLUMN … REFERENCES). */
export function validateInFollowingMigration(context: StatementContext, title: string, edits: TextEdit[], name: string, columns: string[]): Fix | undefined {
  const table = tableName(context);
  const sql = tableSql(context);
  const index = table && !hasIndexOn(context, table, columns) ? indexMigration(context, sql, table, columns) : [];
  const withIndex = index.length ? `${title}, with an index on ${columns.join(', ')}` : title;
  return withFollowUps(context, withIndex, edits, [validateStep(sql, name, 'Rows that reference nothing make it fail: fix them and run it again.')], index);
}

// ---------------------------------------------------------------------------------------------
// Recipe 3: foreign key

export function foreignKeyFix(context: StatementContext, command: AlterCommand, constraint: Constraint): Fix | undefined {
  const table = tableName(context);
  if (!table || !command.located) return undefined;
  const sql = tableSql(context);
  const columns = (constraint.fk_attrs ?? []).map(stringValue).filter((c): c is string => c !== undefined);
  const name = constraint.conname ?? objectName(table.name, ...columns, 'fkey');
  const edits = [...nameEdits(context, command, constraint, name), notValidEdit(command)];
  const validate = [validateStep(sql, name, 'Rows that reference nothing make it fail: fix them and run it again.')];
  const index = columns.length > 0 && !hasIndexOn(context, table, columns) ? indexMigration(context, sql, table, columns) : [];
  const title = `Add the foreign key NOT VALID and VALIDATE it in a following migration${index.length ? `, with an index on ${columns.join(', ')}` : ''}`;
  return withFollowUps(context, title, edits, validate, index);
}

/** Whether an index leads with the referencing columns: in the catalog before this statement, or created anywhere in this file. */
function hasIndexOn(context: StatementContext, table: QualifiedName, columns: string[]): boolean {
  const catalog = context.catalog?.();
  if (catalog && indexesCovering(catalog, table, columns).length > 0) return true;
  return context.file.document.statements.some((statement) => {
    const index = asKind<IndexStmt>(statement, 'IndexStmt');
    const on = relationName(index?.relation);
    if (!index || !on || !sameRelation(on, table) || index.whereClause) return false;
    const leading = (index.indexParams ?? []).slice(0, columns.length).map((p) => (p as { IndexElem?: { name?: string } }).IndexElem?.name);
    return leading.length === columns.length && columns.every((c) => leading.includes(c));
  });
}

function indexMigration(context: StatementContext, tableSqlText: string, table: QualifiedName, columns: string[]): NewMigration[] {
  const ctx = context.file.migration?.fixes;
  const name = objectName(table.name, ...columns, 'idx');
  const prefix = schemaPrefix(tableSqlText);
  const step: Step = {
    comment: [`Deletes and key updates on the referenced table look up ${columns.join(', ')} here: without an index each one scans ${tableSqlText}.`, `If the build fails it leaves an invalid index behind: DROP INDEX CONCURRENTLY IF EXISTS ${prefix}${quoteIdent(name)}; then run this again.`],
    sql: `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(name)} ON ${tableSqlText} (${columns.map(quoteIdent).join(', ')});`,
  };
  return nonTransactionalMigrations(ctx, `index ${name} concurrently`, [], [step], `DROP INDEX CONCURRENTLY IF EXISTS ${prefix}${quoteIdent(name)};`);
}

// ---------------------------------------------------------------------------------------------
// Recipe 4: CHECK

export function checkFix(context: StatementContext, command: AlterCommand, constraint: Constraint): Fix | undefined {
  const table = tableName(context);
  if (!table || !command.located) return undefined;
  const columns = referencedColumns(constraint);
  const name = constraint.conname ?? objectName(table.name, ...(columns.length === 1 ? columns : []), 'check');
  const edits = [...nameEdits(context, command, constraint, name), notValidEdit(command)];
  const what = constraint.contype === 'CONSTR_NOTNULL' ? 'NOT NULL' : 'CHECK';
  return withFollowUps(context, `Add the ${what} constraint NOT VALID and VALIDATE it in a following migration`, edits, [validateStep(tableSql(context), name, 'Rows that break the constraint make it fail: fix them and run it again.')]);
}

function referencedColumns(constraint: Constraint): string[] {
  const columns = new Set<string>();
  walk(constraint.raw_expr, (kind, node) => {
    if (kind !== 'ColumnRef') return;
    const fields = (node as ColumnRef).fields ?? [];
    const name = stringValue(fields[fields.length - 1]);
    if (name) columns.add(name);
  });
  return [...columns];
}

// ---------------------------------------------------------------------------------------------
// Recipe 5: SET NOT NULL

export function setNotNullFix(context: StatementContext, command: AlterCommand, column: string): Fix | undefined {
  const table = tableName(context);
  if (!table || !command.located || !context.pgAtLeast(12)) return undefined;
  const sql = tableSql(context);
  const col = quoteIdent(column);
  const name = objectName(table.name, column, 'not_null');
  const replace = (text: string): TextEdit => ({ range: command.range, newText: text });
  const nulls = `Rows with NULL in ${col} make it fail: backfill them first.`;
  if (context.pgAtLeast(18)) {
    return withFollowUps(
      context,
      'Add a NOT NULL constraint NOT VALID and VALIDATE it in a following migration (PostgreSQL 18)',
      [replace(`ADD CONSTRAINT ${quoteIdent(name)} NOT NULL ${col} NOT VALID`)],
      [validateStep(sql, name, `${nulls} Once valid, ${col} is NOT NULL.`)],
    );
  }
  return withFollowUps(
    context,
    'Prove NOT NULL with a CHECK added NOT VALID, VALIDATE it in a following migration, then SET NOT NULL without a scan',
    [replace(`ADD CONSTRAINT ${quoteIdent(name)} CHECK (${col} IS NOT NULL) NOT VALID`)],
    [
      validateStep(sql, name, nulls),
      { comment: ['The validated CHECK proves there is no NULL, so SET NOT NULL skips its table scan (PostgreSQL 12 and later).'], sql: `ALTER TABLE ${sql} ALTER COLUMN ${col} SET NOT NULL;` },
      { comment: ['The CHECK has done its job.'], sql: `ALTER TABLE ${sql} DROP CONSTRAINT ${quoteIdent(name)};` },
    ],
  );
}
