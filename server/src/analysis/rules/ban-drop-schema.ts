import type { CreateSchemaStmt, DropStmt } from 'libpg-query';
import { asKind, stringValue } from '../ast';
import { listOf } from './helpers';
import type { Rule, StatementContext } from './types';

export const banDropSchema: Rule = {
  meta: {
    id: 'ban-drop-schema',
    category: 'data-loss',
    defaultSeverity: 'warning',
    summary: 'DROP SCHEMA removes a namespace the application may still use; with CASCADE it deletes every table, view, function and type in it with their data.',
    docs: {
      badExample: 'DROP SCHEMA reporting CASCADE;',
      goodExample: '-- drop the objects one by one, each after the application stopped using it\nDROP VIEW reporting.daily_stock;\nDROP TABLE reporting.stock_snapshots;\n-- safeshift-ignore ban-drop-schema -- empty now; release 41 stopped using it\nDROP SCHEMA reporting;',
      why: 'DROP SCHEMA … CASCADE deletes every object in the schema (tables with all their rows, views, functions, types, sequences) and everything elsewhere that depends on them, taking an ACCESS EXCLUSIVE lock on each table, and none of it can be undone after COMMIT. Without CASCADE it fails unless the schema is empty, but the running application still breaks if its search_path or queries name the schema.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Drop the objects in the schema one by one, each after the application stopped using it, then drop the empty schema without CASCADE.',
    },
  },
  check(context) {
    const drop = asKind<DropStmt>(context.statement, 'DropStmt');
    if (drop?.removeType !== 'OBJECT_SCHEMA') return [];
    const schemas = (drop.objects ?? []).map(stringValue).filter((s): s is string => s !== undefined && !createdEarlier(context, s));
    if (schemas.length === 0) return [];
    const names = listOf(schemas.map((s) => `"${s}"`));
    const cascade = drop.behavior === 'DROP_CASCADE';
    const effect = cascade
      ? `deletes every table, view, function and type in ${names}, with all their rows and whatever depends on them elsewhere, taking an ACCESS EXCLUSIVE lock on each table (blocks all reads and writes)`
      : `removes ${names}, and the running application breaks if its search_path or queries still name ${schemas.length > 1 ? 'them' : 'it'}`;
    return [{ message: `DROP SCHEMA${cascade ? ' … CASCADE' : ''} ${effect}. Drop the objects one by one after the application stopped using them, then the empty schema without CASCADE.` }];
  },
};

/** A schema created earlier in this file holds nothing the application uses yet. */
function createdEarlier(context: StatementContext, schema: string): boolean {
  return context.previous.some((s) => asKind<CreateSchemaStmt>(s, 'CreateSchemaStmt')?.schemaname === schema);
}
