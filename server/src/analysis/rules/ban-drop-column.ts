import { alterTableCommands, alteredTable, columnsAddedEarlier, lockPhrase } from './helpers';
import type { Rule, RuleFinding } from './types';
import { contractDropFix } from '../fixes/recipes/contractDrop';
import { displayName } from '../ast';

export const banDropColumn: Rule = {
  meta: {
    id: 'ban-drop-column',
    category: 'data-loss',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'DROP COLUMN deletes data and breaks the running application if it still uses the column.',
    docs: {
      badExample: 'ALTER TABLE warehouses DROP COLUMN legacy_code;',
      goodExample: '-- safeshift-ignore ban-drop-column -- release 41 stopped reading and writing legacy_code\nALTER TABLE warehouses DROP COLUMN legacy_code;',
      why: 'The column and its data are gone for good, and during a deploy the previous version of the application is still running: its queries that name the column, and ORMs that select every known column, fail at once.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Stop using the column in the application and deploy that first (for an ORM, mark it ignored), then drop the column in a later migration.',
      squawkDifference: 'Squawk flags every DROP COLUMN; Safeshift does not flag columns of a table created earlier in the same file, or columns added earlier in the same file, which nothing can depend on yet.',
    },
  },
  check(context) {
    const table = alteredTable(context.statement);
    if (!table || context.isNewTable(table)) return [];
    const commands = alterTableCommands(context.statement).filter((c) => c.cmd.subtype === 'AT_DropColumn' && c.cmd.name);
    if (commands.length === 0) return [];
    const added = columnsAddedEarlier(context, table);
    const findings: RuleFinding[] = [];
    // The whole statement moves only when it does nothing but drop columns.
    const onlyDrops = alterTableCommands(context.statement).every((c) => c.cmd.subtype === 'AT_DropColumn');
    for (const command of commands) {
      const { cmd } = command;
      if (added.has(cmd.name!)) continue;
      const what = `column ${cmd.name} of ${displayName(table)}`;
      const fix = onlyDrops ? contractDropFix(context, { ruleId: 'ban-drop-column', what, description: `drop ${table.name} ${cmd.name}` }) : undefined;
      findings.push({
        range: command.range,
        fixes: fix ? [fix] : [],
        message: `DROP COLUMN "${cmd.name}" deletes its data, and the running application breaks if it still reads or writes the column. It ${lockPhrase('AccessExclusiveLock', table)} (briefly: no rewrite). Stop using the column in the application and deploy that first, then drop it in a later migration.`,
      });
    }
    return findings;
  },
};
