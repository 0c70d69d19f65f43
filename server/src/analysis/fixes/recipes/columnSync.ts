/**
 * Expand/contract for a column that gets a new name or type (recipes 10 and 12): the new column,
 * the trigger that keeps both columns in step while the old and the new application run, the
 * batched backfill of the rows that existed before the trigger, and the step that removes the
 * trigger.
 */
import type { Step } from '../plan';
import { nonTransactionalMigrations, transactionalMigration } from '../plan';
import { nonTransactionalMode, type NewMigration } from '../naming';
import { objectName } from '../sql';
import type { MigrationFixContext } from '../types';
import { batchedDoBlock, column, type TableRef } from './sqlParts';

export interface ColumnPair {
  table: TableRef;
  /** The column the application uses today. */
  oldColumn: string;
  /** The column it moves to. */
  newColumn: string;
  /** The new column's type, as SQL (`text`, `bigint`, `character varying(20)`). */
  newType: string;
  /** Converts a value of the old column to the new one: `NEW.qty` → `NEW.qty::bigint`. Identity for a rename. */
  toNew(ref: string): string;
  /** And back, for writes by the new application. */
  toOld(ref: string): string;
  /** The old column is NOT NULL: the new one gets a NOT VALID CHECK in the expand, and NOT NULL once validated. */
  notNull?: boolean;
}

/** The trigger and its function share one name, derived from the table and both columns. */
export function syncName(pair: ColumnPair): string {
  return objectName(pair.table.name, pair.oldColumn, pair.newColumn, 'sync');
}

function functionName(pair: ColumnPair): string {
  return `${pair.table.schemaPrefix}${column(syncName(pair))}`;
}

export function addNewColumn(pair: ColumnPair): string {
  return `ALTER TABLE ${pair.table.sql} ADD COLUMN ${column(pair.newColumn)} ${pair.newType};`;
}

/**
 * A BEFORE INSERT OR UPDATE trigger copying whichever column the writer set to the other one. On
 * INSERT the new column decides when it is set (it has no default, so only the new application
 * sets it); otherwise the old one does, default included. On UPDATE, the column that changed wins,
 * and a row the backfill has not reached yet gets the new column filled on the way.
 */
export function syncFunction(pair: ColumnPair): string[] {
  const oldCol = `NEW.${column(pair.oldColumn)}`;
  const newCol = `NEW.${column(pair.newColumn)}`;
  return [
    `CREATE FUNCTION ${functionName(pair)}() RETURNS trigger LANGUAGE plpgsql AS $$`,
    'BEGIN',
    "  IF TG_OP = 'INSERT' THEN",
    `    IF ${newCol} IS NOT NULL THEN ${oldCol} := ${pair.toOld(newCol)}; ELSE ${newCol} := ${pair.toNew(oldCol)}; END IF;`,
    `  ELSIF ${newCol} IS DISTINCT FROM OLD.${column(pair.newColumn)} THEN`,
    `    ${oldCol} := ${pair.toOld(newCol)};`,
    `  ELSIF ${oldCol} IS DISTINCT FROM OLD.${column(pair.oldColumn)} OR ${newCol} IS NULL THEN`,
    `    ${newCol} := ${pair.toNew(oldCol)};`,
    '  END IF;',
    '  RETURN NEW;',
    'END',
    '$$;',
  ];
}

/** The trigger that runs the sync function, created once the new column exists. */
export function syncTriggerOn(pair: ColumnPair): string {
  return `CREATE TRIGGER ${column(syncName(pair))} BEFORE INSERT OR UPDATE ON ${pair.table.sql} FOR EACH ROW EXECUTE FUNCTION ${functionName(pair)}();`;
}

/**
 * The expand statements: the function first (it takes no lock on the table), then the column and
 * the trigger, so the table's ACCESS EXCLUSIVE lock is held for as short a time as possible.
 */
export function expandStatements(pair: ColumnPair): string[] {
  return [...syncFunction(pair), addNewColumn(pair), syncTriggerOn(pair), ...(pair.notNull ? [addNotNullCheck(pair)] : [])];
}

export function notNullCheckName(pair: ColumnPair): string {
  return objectName(pair.table.name, pair.newColumn, 'not_null_check');
}

/** New rows already satisfy it (the trigger fills the new column first); NOT VALID skips the old ones until the backfill is done. */
function addNotNullCheck(pair: ColumnPair): string {
  return `ALTER TABLE ${pair.table.sql} ADD CONSTRAINT ${column(notNullCheckName(pair))} CHECK (${column(pair.newColumn)} IS NOT NULL) NOT VALID;`;
}

/**
 * After the backfill: validate the CHECK (a scan that lets reads and writes continue), then SET
 * NOT NULL, which the validated CHECK spares its scan, and drop the CHECK. `columnNow` is the new
 * column's name at that point.
 */
export function promoteNotNull(pair: ColumnPair, columnNow: string): Step {
  const check = column(notNullCheckName(pair));
  return {
    comment: [`${column(columnNow)} takes over NOT NULL: validating the CHECK scans under a SHARE UPDATE EXCLUSIVE lock (reads and writes go on),`, 'then SET NOT NULL uses it instead of scanning under an ACCESS EXCLUSIVE lock.'],
    sql: [
      `ALTER TABLE ${pair.table.sql} VALIDATE CONSTRAINT ${check};`,
      `ALTER TABLE ${pair.table.sql} ALTER COLUMN ${column(columnNow)} SET NOT NULL;`,
      `ALTER TABLE ${pair.table.sql} DROP CONSTRAINT ${check};`,
    ].join('\n'),
  };
}

/** The statement that copies the old column into the new one where the new one is still empty. */
function copyStatement(pair: ColumnPair, batch: boolean): string {
  const oldCol = column(pair.oldColumn);
  const newCol = column(pair.newColumn);
  const where = batch ? '\n WHERE {batch}\n   AND ' : ' WHERE ';
  return `UPDATE ${pair.table.sql} SET ${newCol} = ${pair.toNew(oldCol)}${where}${newCol} IS NULL AND ${oldCol} IS NOT NULL;`;
}

/**
 * The backfill as a migration of its own: batches that each commit, outside a transaction, where
 * the tool allows it; otherwise one UPDATE in the tool's transaction, which still holds no lock of
 * the expand migration.
 */
export function backfillMigrations(ctx: MigrationFixContext | undefined, pair: ColumnPair, options: { partitions: boolean }): NewMigration[] {
  const what = `${pair.table.sql}.${column(pair.newColumn)}`;
  const header = [`Backfill ${what} from ${column(pair.oldColumn)} for the rows written before the sync trigger existed.`];
  const description = `backfill ${pair.table.name} ${pair.newColumn}`;
  if (ctx && nonTransactionalMode(ctx)) {
    const comment = ['One range of pages per transaction, so no row stays locked for long; it runs outside a transaction.'];
    return nonTransactionalMigrations(ctx, description, header, [{ comment, sql: batchedDoBlock({ table: pair.table, statement: copyStatement(pair, true) }, options) }]);
  }
  const comment = ['The tool runs every migration in a transaction, so this cannot commit in batches; on a large table run it in batches from a job instead.'];
  return [transactionalMigration(description, header, [{ comment, sql: copyStatement(pair, false) }])];
}

/** Removes the trigger and its function. */
export function dropSync(pair: ColumnPair): Step {
  return {
    comment: ['The columns no longer need to be kept in step.'],
    sql: [`DROP TRIGGER ${column(syncName(pair))} ON ${pair.table.sql};`, `DROP FUNCTION ${functionName(pair)}();`].join('\n'),
  };
}

/** The down of the expand: the trigger, its function and the new column go; the old column was never touched. */
export function undoExpand(pair: ColumnPair): string {
  return [
    `-- Undo the expand: the sync trigger, its function and ${column(pair.newColumn)} go; ${column(pair.oldColumn)} was never changed.`,
    `DROP TRIGGER ${column(syncName(pair))} ON ${pair.table.sql};`,
    `DROP FUNCTION ${functionName(pair)}();`,
    `ALTER TABLE ${pair.table.sql} DROP COLUMN ${column(pair.newColumn)};`,
  ].join('\n');
}
