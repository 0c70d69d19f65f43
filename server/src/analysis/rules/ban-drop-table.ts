import type { DropStmt, Node } from 'libpg-query';
import { asKind, nodeOfKind, qualifiedFromList, type QualifiedName } from '../ast';
import { listOf, lockPhraseOnAll, quoted } from './helpers';
import type { Rule } from './types';
import { contractDropFix } from '../fixes/recipes/contractDrop';
import { displayName } from '../ast';

export const banDropTable: Rule = {
  meta: {
    id: 'ban-drop-table',
    category: 'data-loss',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'DROP TABLE deletes the table and its data and breaks the running application if it still uses the table.',
    docs: {
      badExample: 'DROP TABLE legacy_stock;',
      goodExample: '-- safeshift-ignore ban-drop-table -- release 41 stopped using legacy_stock\nDROP TABLE legacy_stock;',
      why: 'The table and every row in it are gone for good, and during a deploy the previous version of the application is still running: every query it sends to the table fails.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Stop using the table in the application and deploy that first, then drop it in a later migration (renaming it first keeps a way back).',
      squawkDifference: 'Squawk flags every DROP TABLE; Safeshift does not flag tables created earlier in the same file (scratch tables), which nothing can depend on yet.',
    },
  },
  check(context) {
    const drop = asKind<DropStmt>(context.statement, 'DropStmt');
    if (drop?.removeType !== 'OBJECT_TABLE') return [];
    const tables = (drop.objects ?? [])
      .map((object) => qualifiedFromList(nodeOfKind<{ items?: Node[] }>(object, 'List')?.items))
      .filter((name): name is QualifiedName => name !== undefined && !context.isNewTable(name));
    if (tables.length === 0) return [];
    const names = listOf(tables.map(quoted));
    const cascade = drop.behavior === 'DROP_CASCADE' ? ` CASCADE also drops the views and foreign keys that depend on ${tables.length > 1 ? 'them' : 'it'}.` : '';
    const what = `${tables.length > 1 ? 'tables' : 'table'} ${tables.map(displayName).join(', ')}`;
    const fix = contractDropFix(context, { ruleId: 'ban-drop-table', what, description: `drop ${tables.map((t) => t.name).join(' ')}` });
    return [
      {
        fixes: fix ? [fix] : [],
        message: `DROP TABLE deletes ${names} with all ${tables.length > 1 ? 'their' : 'its'} rows, and the running application breaks if it still uses ${tables.length > 1 ? 'them' : 'it'}. It ${lockPhraseOnAll('AccessExclusiveLock', tables)}.${cascade} Stop using the table in the application and deploy that first, then drop it in a later migration.`,
      },
    ];
  },
};
