import { alterTableCommands, alteredTable, columnsAddedEarlier, quoted } from './helpers';
import type { Rule, RuleFinding } from './types';

export const banDropNotNull: Rule = {
  meta: {
    id: 'ban-drop-not-null',
    category: 'breaking',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'DROP NOT NULL lets NULL into a column that the running application and other readers assume is always set.',
    docs: {
      badExample: 'ALTER TABLE warehouses ALTER COLUMN city DROP NOT NULL;',
      goodExample: "-- keep the column NOT NULL and write a marker value instead of NULL\nALTER TABLE warehouses ALTER COLUMN city SET DEFAULT '';",
      why: 'Code written against the column, reports, PL/pgSQL functions and other services read it as never NULL. Once NULLs are written, those readers break, and restoring NOT NULL later needs a full scan under an ACCESS EXCLUSIVE lock. The statement itself takes an ACCESS EXCLUSIVE lock only briefly.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Keep the constraint and use a marker value, or update every reader to handle NULL first, then drop the constraint in a later release.',
      squawkDifference: 'Squawk also flags a column of a table created, or a column added, earlier in the same file; Safeshift does not, because nothing can depend on it yet.',
    },
  },
  check(context) {
    const table = alteredTable(context.statement);
    if (!table || context.isNewTable(table)) return [];
    const commands = alterTableCommands(context.statement).filter((c) => c.cmd.subtype === 'AT_DropNotNull' && c.cmd.name);
    if (commands.length === 0) return [];
    const added = columnsAddedEarlier(context, table);
    const findings: RuleFinding[] = [];
    for (const command of commands) {
      const column = command.cmd.name!;
      if (added.has(column)) continue;
      findings.push({
        range: command.range,
        message: `DROP NOT NULL on "${column}" of ${quoted(table)} lets NULL in where the running application and other readers expect a value, and they break when it arrives. Keep the constraint and write a marker value, or make every reader handle NULL before dropping it.`,
      });
    }
    return findings;
  },
};
