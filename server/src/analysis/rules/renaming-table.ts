import type { RenameStmt, ViewStmt } from 'libpg-query';
import { asKind, displayName, relationName, sameRelation, type QualifiedName } from '../ast';
import type { ParsedDocument, ParsedStatement } from '../parse/parseDocument';
import { lockPhrase, newlineOf, quoted } from './helpers';
import type { Fix, Rule } from './types';
import { renameTableFix } from '../fixes/recipes/renameTable';
import { relationText, schemaPrefix } from '../fixes/sql';

export const renamingTable: Rule = {
  meta: {
    id: 'renaming-table',
    category: 'breaking',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'RENAME TO breaks the running application, which still queries the old table name.',
    docs: {
      badExample: 'ALTER TABLE stock RENAME TO inventory;',
      goodExample: 'BEGIN;\nALTER TABLE stock RENAME TO inventory;\nCREATE VIEW stock AS SELECT * FROM inventory;\nCOMMIT;\n-- in a later release, once nothing uses the old name:\nDROP VIEW stock;',
      why: 'During a deploy the previous version of the application keeps running and keeps querying the old name; every one of those queries fails from the moment the rename commits until every instance is replaced.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'In the same transaction as the rename, create a view with the old name (SELECT * FROM the new name; simple views accept INSERT, UPDATE and DELETE), and drop the view once the application uses the new name.',
      squawkDifference:
        'Squawk flags every rename. Safeshift does not flag a table created earlier in the same file, nor a rename followed in the same file by a view that keeps the old name working, and offers that view as a fix.',
    },
  },
  check(context) {
    const rename = asKind<RenameStmt>(context.statement, 'RenameStmt');
    if (rename?.renameType !== 'OBJECT_TABLE' || !rename.newname) return [];
    const old = relationName(rename.relation);
    if (!old || context.isNewTable(old)) return [];
    const renamed: QualifiedName = old.schema ? { schema: old.schema, name: rename.newname } : { name: rename.newname };
    const document = context.file.document;
    const keepsOldName = document.statements.slice(context.statement.index + 1).some((s) => {
      const view = relationName(asKind<ViewStmt>(s, 'ViewStmt')?.view);
      return view !== undefined && sameRelation(view, old);
    });
    if (keepsOldName) return [];
    // Both names as the user wrote the old one: quoting and schema kept.
    const oldSql = relationText(context.statement, rename.relation, old);
    const newSql = `${schemaPrefix(oldSql)}${displayName({ name: rename.newname })}`;
    const view = `CREATE VIEW ${displayName(old)} AS SELECT * FROM ${displayName(renamed)};`;
    return [
      {
        message: `RENAME TO ${quoted(renamed)} breaks the running application, which still queries ${quoted(old)}, until every instance is redeployed. It ${lockPhrase('AccessExclusiveLock', old)} (briefly). Keep the old name working with ${view.replace(/;$/, '')} in the same transaction, and drop the view once the application uses the new name.`,
        fixes: [
          renameTableFix(context, { oldName: oldSql, newName: newSql, securityInvoker: context.pgAtLeast(15) }),
          viewFix(document, context.statement, view),
        ].filter((f): f is Fix => f !== undefined),
      },
    ];
  },
};

/** Inserts the view on the line after the rename (after a trailing comment, if any). */
function viewFix(document: ParsedDocument, statement: ParsedStatement, view: string): Fix {
  const newline = newlineOf(document.text);
  const line = document.lineIndex.positionAt(statement.range.end).line;
  const lineText = document.lineIndex.lineText(line);
  const lineEnd = document.lineIndex.lineStart(line) + lineText.length;
  const rest = document.text.slice(statement.range.end, lineEnd).trim();
  const ownsLineEnd = rest === '' || (statement.trailingComment !== undefined && statement.trailingComment.range.end === lineEnd && !rest.startsWith('/*'));
  const edit = ownsLineEnd
    ? { range: { start: lineEnd, end: lineEnd }, newText: `${newline}${view}` }
    : { range: { start: statement.range.end, end: statement.range.end }, newText: ` ${view}` };
  return { title: `Keep the old name working: add ${view.replace(/;$/, '')}`, edits: [edit] };
}
