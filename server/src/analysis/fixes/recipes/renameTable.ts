/**
 * Recipe 11: `ALTER TABLE a RENAME TO b` → the rename plus a view named `a` over `b` in the same
 * transaction, so the running application keeps working (a view over one table accepts INSERT,
 * UPDATE and DELETE), and a follow-up migration that drops the view once the application uses `b`.
 */
import type { RenameStmt } from 'libpg-query';
import { asKind, relationName } from '../../ast';
import type { Fix, StatementContext, TextEdit } from '../../rules/types';
import { sameFileDownStatements, inUpSection } from './statementFacts';
import { insertAfterStatement, planToFix, transactionalMigration } from '../plan';
import { commentLines } from '../sql';

export interface RenameTableFacts {
  /** Both names as SQL; the new one qualified like the old one. */
  oldName: string;
  newName: string;
  /** From PostgreSQL 15 the view checks permissions and row security as the querying user. */
  securityInvoker: boolean;
}

/** The view that keeps the old name working, on one line. */
export function compatibilityView(facts: RenameTableFacts): string {
  const options = facts.securityInvoker ? ' WITH (security_invoker = true)' : '';
  return `CREATE VIEW ${facts.oldName}${options} AS SELECT * FROM ${facts.newName};`;
}

/** Lines to put right after the rename, in its transaction. */
export function renameTableView(facts: RenameTableFacts): string {
  return [
    commentLines([
      `Keep the old name working for the running application: a view over one table accepts INSERT, UPDATE and DELETE.`,
      `It shows the columns ${facts.newName} has now; columns added later are not visible through it.`,
    ]),
    compatibilityView(facts),
  ].join('\n');
}

export function dropViewHeader(facts: RenameTableFacts): string[] {
  return [`Contract: run this migration only once no running version of the application uses ${facts.oldName}`, `(deploy the application that uses ${facts.newName} first).`];
}

export function renameTableFix(context: StatementContext, facts: RenameTableFacts): Fix | undefined {
  if (!inUpSection(context)) return undefined;
  const document = context.file.document;
  const { statement } = context;
  const view = renameTableView(facts);
  // The view must appear in the rename's transaction, so no query sees neither name.
  const wrap = !context.transaction.inTransaction;
  const newline = document.text.includes('\r\n') ? '\r\n' : '\n';
  const rename = statement.node as RenameStmt;
  const oldTable = { name: rename.relation?.relname ?? '' };
  const newTableName = rename.newname;
  const edits: TextEdit[] = wrap
    ? [
        { range: { start: statement.range.start, end: statement.range.start }, newText: `BEGIN;${newline}` },
        insertAfterStatement(document, statement, `${view}\nCOMMIT;`),
      ]
    : [insertAfterStatement(document, statement, view)];
  // In a down section of the same file, the view must go before the rename back can take its name.
  const back = sameFileDownStatements(context).find((s) => {
    const rename = asKind<RenameStmt>(s, 'RenameStmt');
    return rename?.renameType === 'OBJECT_TABLE' && rename.newname === oldTable.name && relationName(rename.relation)?.name === newTableName;
  });
  if (back) edits.push({ range: { start: back.range.start, end: back.range.start }, newText: `DROP VIEW IF EXISTS ${facts.oldName};${newline}` });
  return planToFix(context, {
    title: `Keep ${facts.oldName} working with a view in the same transaction, and drop the view in a follow-up migration`,
    edits: () => edits,
    followUps: [transactionalMigration(`drop view ${facts.oldName.replace(/"/g, '')}`, dropViewHeader(facts), [{ comment: [], sql: `DROP VIEW ${facts.oldName};` }])],
  });
}
