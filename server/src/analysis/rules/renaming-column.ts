import type { RenameStmt } from 'libpg-query';
import { asKind, relationName } from '../ast';
import { columnsAddedEarlier, lockPhrase } from './helpers';
import type { Rule } from './types';
import { renameColumnFix } from '../fixes/recipes/renameColumn';

export const renamingColumn: Rule = {
  meta: {
    id: 'renaming-column',
    category: 'breaking',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'RENAME COLUMN breaks the running application, which still uses the old name.',
    docs: {
      badExample: 'ALTER TABLE warehouses RENAME COLUMN town TO city;',
      goodExample:
        '-- expand: add the new column and keep both in step (trigger or application writes)\nALTER TABLE warehouses ADD COLUMN city text;\n-- backfill, switch reads and writes to city, deploy; later, contract:\nALTER TABLE warehouses DROP COLUMN town;',
      why: 'During a deploy the previous version of the application keeps running and keeps sending queries that name the old column; they fail from the moment the rename commits until every instance is replaced.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Rename only in the application (ORM column mapping), or add the new column, write both and backfill, switch the application, then drop the old column (expand/contract).',
      squawkDifference: 'Squawk flags every RENAME COLUMN; Safeshift does not flag columns of a table created earlier in the same file, or columns added earlier in the same file, which nothing can use yet.',
    },
  },
  check(context) {
    const rename = asKind<RenameStmt>(context.statement, 'RenameStmt');
    if (rename?.renameType !== 'OBJECT_COLUMN' || rename.relationType !== 'OBJECT_TABLE' || !rename.subname) return [];
    const table = relationName(rename.relation);
    if (!table || context.isNewTable(table) || columnsAddedEarlier(context, table).has(rename.subname)) return [];
    const fix = renameColumnFix(context, rename);
    return [
      {
        fixes: fix ? [fix] : [],
        message: `RENAME COLUMN "${rename.subname}" TO "${rename.newname ?? ''}" breaks the running application, which still uses the old name, until every instance is redeployed. It ${lockPhrase('AccessExclusiveLock', table)} (briefly). Rename only in the application's mapping, or add the new column, write both, and drop the old one later (expand/contract).`,
      },
    ];
  },
};
