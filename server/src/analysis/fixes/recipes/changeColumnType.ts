/**
 * Recipe 12: a rewriting `ALTER COLUMN c TYPE t` → expand/contract. The migration adds `c_new` of
 * the new type and a trigger that keeps both in step; a following migration backfills `c_new` in
 * batches; a swap migration renames `c` to `c_old` and `c_new` to `c` in one transaction; a
 * contract migration, once nothing reads `c_old`, drops it. Needs the column's current type, so
 * only with the schema replayed from the project's history.
 */
import type { AlterTableStmt, ColumnDef } from 'libpg-query';
import { asKind, nodeOfKind, relationName, sameRelation } from '../../ast';
import type { AlterCommand } from '../../rules/helpers';
import type { Fix, StatementContext, TextEdit } from '../../rules/types';
import { columnUsers, findColumn, findTable } from '../../schema/lookup';
import { fixContextOf, planToFix, transactionalMigration, type Step } from '../plan';
import { backfillMigrations, dropSync, expandStatements, promoteNotNull, undoExpand, type ColumnPair } from './columnSync';
import { catalogOf, dependentNames, replaceStatementText, sameFileDownStatements, inUpSection } from './statementFacts';
import { column, tableRef, type TableRef } from './sqlParts';

export interface ChangeTypeFacts {
  table: TableRef;
  column: string;
  /** The current type, as `format_type` prints it (for the copy back to the old column). */
  oldType: string;
  /** The new type, as the user wrote it. */
  newType: string;
  /** A free name for the new column, `quantity_new` unless taken. */
  newColumn: string;
  defaultText?: string;
  notNull: boolean;
  /** Indexes, constraints and views that use the column, by name. */
  dependents: string[];
}

export function changeTypePair(facts: ChangeTypeFacts): ColumnPair {
  return {
    table: facts.table,
    oldColumn: facts.column,
    newColumn: facts.newColumn,
    newType: facts.newType,
    toNew: (ref) => `${ref}::${facts.newType}`,
    toOld: (ref) => `${ref}::${facts.oldType}`,
    notNull: facts.notNull,
  };
}

export function changeTypeExpand(facts: ChangeTypeFacts): string {
  const pair = changeTypePair(facts);
  const col = column(facts.column);
  return [
    `-- Expand (instead of ALTER COLUMN ${col} TYPE ${facts.newType}, which rewrites the table under an ACCESS EXCLUSIVE lock):`,
    `-- add ${column(facts.newColumn)} of the new type; the trigger copies every write of one column to the other while both exist`,
    `-- (so until the swap, values written to ${column(facts.newColumn)} must also fit ${facts.oldType}).`,
    ...expandStatements(pair),
  ].join('\n');
}

export function oldColumnName(facts: Pick<ChangeTypeFacts, 'column'>): string {
  return `${facts.column}_old`;
}

export function changeTypeSwap(facts: ChangeTypeFacts): { header: string[]; steps: Step[] } {
  const pair = changeTypePair(facts);
  const table = facts.table.sql;
  const col = column(facts.column);
  const newCol = column(facts.newColumn);
  const oldCol = column(oldColumnName(facts));
  const header = [
    `Swap: ${col} becomes the ${facts.newType} column in one short transaction; the old values stay in ${oldCol}.`,
    `Run it once the backfill is done and every running version of the application accepts ${facts.newType} in ${col}.`,
  ];
  if (facts.dependents.length > 0) header.push(`Recreate on ${newCol} what uses ${col} before this runs (concurrently, in their own migrations): ${facts.dependents.join(', ')}.`);
  const ignoreRename = `safeshift-ignore renaming-column -- swap of the expand/contract type change: the application keeps using ${col}`;
  const steps: Step[] = [
    ...(facts.notNull ? [promoteNotNull(pair, facts.newColumn)] : []),
    { comment: [`The old column steps aside.`, ignoreRename], sql: `ALTER TABLE ${table} RENAME COLUMN ${col} TO ${oldCol};` },
    { comment: [`The new column takes its name.`, ignoreRename], sql: `ALTER TABLE ${table} RENAME COLUMN ${newCol} TO ${col};` },
    dropSync(pair),
  ];
  if (facts.defaultText !== undefined) {
    steps.push({
      comment: [`${col} keeps its default.`],
      sql: [`ALTER TABLE ${table} ALTER COLUMN ${oldCol} DROP DEFAULT;`, `ALTER TABLE ${table} ALTER COLUMN ${col} SET DEFAULT ${facts.defaultText};`].join('\n'),
    });
  }
  if (facts.notNull) {
    steps.push({
      comment: [
        `Nothing writes ${oldCol} any more, so it must accept NULL.`,
        `safeshift-ignore ban-drop-not-null -- ${oldCol} is no longer written; the contract migration drops it`,
      ],
      sql: `ALTER TABLE ${table} ALTER COLUMN ${oldCol} DROP NOT NULL;`,
    });
  }
  return { header, steps };
}

export function changeTypeContract(facts: ChangeTypeFacts): { header: string[]; steps: Step[] } {
  const oldCol = column(oldColumnName(facts));
  return {
    header: [`Contract: run this migration only once no running version of the application reads ${oldCol}.`],
    steps: [
      {
        comment: [`safeshift-ignore ban-drop-column -- contract step of the type change of ${column(facts.column)}: ${oldCol} holds the old values only`],
        sql: `ALTER TABLE ${facts.table.sql} DROP COLUMN ${oldCol};`,
      },
    ],
  };
}

/**
 * The preferred fix of changing-column-type for one subcommand: only when it is the statement's
 * only subcommand, has no USING or COLLATE (the trigger converts with plain casts), and the column
 * is no key (a primary key or foreign key cannot move to another column this way).
 */
export function changeTypeFix(context: StatementContext, command: AlterCommand): Fix | undefined {
  const stmt = asKind<AlterTableStmt>(context.statement, 'AlterTableStmt');
  const table = relationName(stmt?.relation);
  const catalog = catalogOf(context);
  const name = command.cmd.name;
  if (!stmt || !table || !catalog || !name || (stmt.cmds ?? []).length !== 1 || !command.located || !inUpSection(context)) return undefined;
  const def = nodeOfKind<ColumnDef>(command.cmd.def, 'ColumnDef');
  if (def?.raw_default || def?.collClause) return undefined;
  const newType = /\bTYPE\s+([\s\S]+)$/i.exec(context.file.document.text.slice(command.range.start, command.range.end))?.[1].trim();
  const found = findColumn(catalog, table, name);
  if (!newType || !found || found.generated || found.identity) return undefined;
  const users = columnUsers(catalog, table, name);
  if (users.constraints.some((c) => c.constraint.kind === 'primary key' || c.constraint.kind === 'foreign key')) return undefined;
  const taken = new Set(findTable(catalog, table)?.columns.map((c) => c.name) ?? []);
  const facts: ChangeTypeFacts = {
    table: tableRef(context.statement, stmt.relation, table),
    column: name,
    oldType: found.type.display,
    newType,
    newColumn: freeName(`${name}_new`, taken),
    defaultText: found.default?.text,
    notNull: found.notNull,
    dependents: dependentNames(users),
  };
  if (taken.has(oldColumnName(facts))) return undefined;
  const ctx = fixContextOf(context);
  const swap = changeTypeSwap(facts);
  const contract = changeTypeContract(facts);
  const down = reverseTypeChange(context, facts);
  return planToFix(context, {
    title: `Change the type of ${column(name)} by expand/contract: new column, sync trigger, backfill, swap, contract migration`,
    edits: () => [replaceStatementText(context.file.document, context.statement, changeTypeExpand(facts)), ...(down ? [down] : [])],
    followUps: [
      ...backfillMigrations(ctx, changeTypePair(facts), { partitions: context.pgAtLeast(12) }),
      transactionalMigration(`swap ${facts.table.name} ${name}`, swap.header, swap.steps),
      transactionalMigration(`contract ${facts.table.name} ${name}`, contract.header, contract.steps),
    ],
  });
}

/** In a down section of the same file, the type change back becomes the undo of the expand. */
function reverseTypeChange(context: StatementContext, facts: ChangeTypeFacts): TextEdit | undefined {
  const table = relationName(asKind<AlterTableStmt>(context.statement, 'AlterTableStmt')?.relation);
  const reverse = sameFileDownStatements(context).find((s) => {
    const alter = asKind<AlterTableStmt>(s, 'AlterTableStmt');
    const on = relationName(alter?.relation);
    const cmds = (alter?.cmds ?? []).map((c) => nodeOfKind<{ subtype?: string; name?: string }>(c, 'AlterTableCmd'));
    return on !== undefined && table !== undefined && sameRelation(on, table) && cmds.length === 1 && cmds[0]?.subtype === 'AT_AlterColumnType' && cmds[0].name === facts.column;
  });
  return reverse ? replaceStatementText(context.file.document, reverse, undoExpand(changeTypePair(facts))) : undefined;
}

function freeName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  return name;
}
