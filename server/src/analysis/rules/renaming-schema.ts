import type { CreateSchemaStmt, RenameStmt } from 'libpg-query';
import { asKind, quoteIdent } from '../ast';
import type { Rule } from './types';

export const renamingSchema: Rule = {
  meta: {
    id: 'renaming-schema',
    category: 'breaking',
    defaultSeverity: 'warning',
    summary: 'Renaming a schema breaks every query, view body written elsewhere, search_path and grant script of the running application that names the old schema.',
    docs: {
      badExample: 'ALTER SCHEMA billing RENAME TO invoicing;',
      goodExample: '-- expand: the new name next to the old one\nCREATE SCHEMA invoicing;\nCREATE VIEW invoicing.invoices AS SELECT * FROM billing.invoices;\n-- move the application to invoicing, then drop the old schema in a later release',
      why: 'The application, scheduled jobs, reporting tools, connection strings with search_path and role settings all name schemas in text. The moment the rename commits, every query that still says billing.invoices fails with "relation does not exist", and so does an unqualified query whose search_path lists the old name. The version of the application that is running during the deploy is the one that breaks.',
      safeAlternative: 'Expand and contract: create the new schema and move objects or add views in it, switch the application to the new name, and remove the old schema only after no running version uses it.',
    },
  },
  check(context) {
    const rename = asKind<RenameStmt>(context.statement, 'RenameStmt');
    if (rename?.renameType !== 'OBJECT_SCHEMA' || !rename.subname) return [];
    const oldName = rename.subname;
    // A schema created earlier in this file is used by nothing yet.
    if (context.previous.some((s) => asKind<CreateSchemaStmt>(s, 'CreateSchemaStmt')?.schemaname === oldName)) return [];
    return [
      {
        message: `Renaming schema ${quoteIdent(oldName)} to ${quoteIdent(rename.newname ?? '')} breaks every query of the running application that names ${quoteIdent(oldName)}, or finds it through search_path, the moment it commits. Create the new schema next to the old one, move the application over, and drop the old one in a later release.`,
      },
    ];
  },
};
