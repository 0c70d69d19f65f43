/**
 * Recipe 10: `RENAME COLUMN a TO b` → expand/contract. The migration adds `b` and a trigger that
 * keeps `a` and `b` in step; a following migration backfills `b` in batches; a contract migration,
 * to run once no running application uses `a`, drops the trigger and `a`. Needs the column's type,
 * so only with the schema replayed from the project's history.
 */
import type { RenameStmt } from 'libpg-query';
import { asKind, relationName, sameRelation } from '../../ast';
import type { Fix, StatementContext, TextEdit } from '../../rules/types';
import { columnUsers, findColumn } from '../../schema/lookup';
import { planToFix, transactionalMigration, fixContextOf, type Step } from '../plan';
import { backfillMigrations, dropSync, expandStatements, promoteNotNull, undoExpand, type ColumnPair } from './columnSync';
import { catalogOf, dependentNames, replaceStatementText, sameFileDownStatements, inUpSection } from './statementFacts';
import { column, tableRef, type TableRef } from './sqlParts';

export interface RenameColumnFacts {
  table: TableRef;
  oldColumn: string;
  newColumn: string;
  /** The column's type as `format_type` prints it, from the catalog. */
  type: string;
  /** The column's default as written, to move to the new column in the contract step. */
  defaultText?: string;
  notNull: boolean;
  /** Indexes, constraints and views that use the old column, by name, which the contract step must not lose. */
  dependents: string[];
}

export function renameColumnPair(facts: RenameColumnFacts): ColumnPair {
  return { table: facts.table, oldColumn: facts.oldColumn, newColumn: facts.newColumn, newType: facts.type, toNew: (ref) => ref, toOld: (ref) => ref, notNull: facts.notNull };
}

/** The statements that replace the rename in the current migration. */
export function renameColumnExpand(facts: RenameColumnFacts): string {
  const pair = renameColumnPair(facts);
  return [
    `-- Expand (instead of RENAME COLUMN ${column(facts.oldColumn)} TO ${column(facts.newColumn)}, which breaks the running application):`,
    `-- add ${column(facts.newColumn)} next to ${column(facts.oldColumn)}; the trigger copies every write of one to the other while both exist.`,
    ...expandStatements(pair),
  ].join('\n');
}

/** The contract migration: header lines and steps. */
export function renameColumnContract(facts: RenameColumnFacts): { header: string[]; steps: Step[] } {
  const pair = renameColumnPair(facts);
  const oldCol = column(facts.oldColumn);
  const newCol = column(facts.newColumn);
  const header = [
    `Contract: run this migration only once no running version of the application reads or writes ${oldCol}`,
    `(deploy the application that uses ${newCol} first). Until then keep it out of the deploy.`,
  ];
  if (facts.dependents.length > 0) header.push(`Recreate on ${newCol} what uses ${oldCol} before this runs, or it goes with the column: ${facts.dependents.join(', ')}.`);
  const steps: Step[] = [];
  if (facts.notNull) steps.push(promoteNotNull(pair, facts.newColumn));
  if (facts.defaultText !== undefined) {
    steps.push({ comment: [`${newCol} takes over the default of ${oldCol}.`], sql: `ALTER TABLE ${facts.table.sql} ALTER COLUMN ${newCol} SET DEFAULT ${facts.defaultText};` });
  }
  steps.push(dropSync(pair));
  steps.push({
    comment: [`safeshift-ignore ban-drop-column -- contract step of renaming ${oldCol} to ${newCol}: the application no longer uses ${oldCol}`],
    sql: `ALTER TABLE ${facts.table.sql} DROP COLUMN ${oldCol};`,
  });
  return { header, steps };
}

/** The preferred fix of renaming-column, when the schema knows the column. */
export function renameColumnFix(context: StatementContext, rename: RenameStmt): Fix | undefined {
  const table = relationName(rename.relation);
  const catalog = catalogOf(context);
  if (!table || !catalog || !rename.subname || !rename.newname || !inUpSection(context)) return undefined;
  const found = findColumn(catalog, table, rename.subname);
  if (!found || found.generated || found.identity) return undefined;
  const facts: RenameColumnFacts = {
    table: tableRef(context.statement, rename.relation, table),
    oldColumn: rename.subname,
    newColumn: rename.newname,
    type: found.type.display,
    defaultText: found.default?.text,
    notNull: found.notNull,
    dependents: dependentNames(columnUsers(catalog, table, rename.subname)),
  };
  const ctx = fixContextOf(context);
  const contract = renameColumnContract(facts);
  const description = `${facts.table.name} ${facts.newColumn}`;
  const down = reverseRename(context, facts);
  return planToFix(context, {
    title: `Rename ${column(facts.oldColumn)} to ${column(facts.newColumn)} by expand/contract: new column, sync trigger, backfill, contract migration`,
    edits: () => [replaceStatementText(context.file.document, context.statement, renameColumnExpand(facts)), ...(down ? [down] : [])],
    followUps: [...backfillMigrations(ctx, renameColumnPair(facts), { partitions: context.pgAtLeast(12) }), transactionalMigration(`contract ${description}`, contract.header, contract.steps)],
  });
}

/** In a down section of the same file, the rename back (`RENAME COLUMN b TO a`) becomes the undo of the expand. */
function reverseRename(context: StatementContext, facts: RenameColumnFacts): TextEdit | undefined {
  const table = relationName((context.statement.node as RenameStmt).relation);
  const reverse = sameFileDownStatements(context).find((s) => {
    const back = asKind<RenameStmt>(s, 'RenameStmt');
    const on = relationName(back?.relation);
    return back?.renameType === 'OBJECT_COLUMN' && on !== undefined && table !== undefined && sameRelation(on, table) && back.subname === facts.newColumn && back.newname === facts.oldColumn;
  });
  if (!reverse) return undefined;
  return replaceStatementText(context.file.document, reverse, undoExpand(renameColumnPair(facts)));
}
