import type { ColumnDef, Constraint } from 'libpg-query';
import { nodeOfKind } from '../ast';
import { alterTableCommands, alteredTable, columnConstraints, lockPhrase } from './helpers';
import type { Rule, RuleFinding } from './types';
import { usingIndexFix } from '../fixes/recipes/usingIndex';

export const disallowedUniqueConstraint: Rule = {
  meta: {
    id: 'disallowed-unique-constraint',
    category: 'locking',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'Adding a UNIQUE constraint to an existing table builds its index under an ACCESS EXCLUSIVE lock; build the index concurrently and add the constraint USING INDEX.',
    docs: {
      badExample: 'ALTER TABLE warehouses ADD CONSTRAINT warehouses_code_key UNIQUE (code);',
      goodExample:
        '-- in a migration that does not run in a transaction:\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS warehouses_code_key ON warehouses (code);\n-- then:\nALTER TABLE warehouses ADD CONSTRAINT warehouses_code_key UNIQUE USING INDEX warehouses_code_key;',
      why: 'ADD CONSTRAINT … UNIQUE (and ADD COLUMN … UNIQUE) takes an ACCESS EXCLUSIVE lock and builds a unique index over every row before it commits, so nothing can read or write the table while the index is built.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Build the index with CREATE UNIQUE INDEX CONCURRENTLY outside a transaction, then ADD CONSTRAINT … UNIQUE USING INDEX, which only takes the lock for an instant.',
      squawkDifference:
        'Squawk exempts a table created earlier in the file only when both run in one transaction, and never for ADD COLUMN … UNIQUE; Safeshift exempts a table created earlier in the file in every case, since it is empty.',
    },
  },
  check(context) {
    const table = alteredTable(context.statement);
    if (!table || context.isNewTable(table)) return [];
    const findings: RuleFinding[] = [];
    const message = (what: string) =>
      `${what} builds a unique index over every row while it ${lockPhrase('AccessExclusiveLock', table)}. Build the index first with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … UNIQUE USING INDEX.`;
    for (const command of alterTableCommands(context.statement)) {
      const { cmd } = command;
      if (cmd.subtype === 'AT_AddConstraint') {
        const constraint = nodeOfKind<Constraint>(cmd.def, 'Constraint');
        if (constraint?.contype === 'CONSTR_UNIQUE' && !constraint.indexname) {
          const fix = usingIndexFix(context, command, constraint);
          findings.push({ range: command.range, message: message('ADD CONSTRAINT … UNIQUE'), ...(fix ? { fixes: [fix] } : {}) });
        }
      } else if (cmd.subtype === 'AT_AddColumn') {
        const column = nodeOfKind<ColumnDef>(cmd.def, 'ColumnDef');
        if (columnConstraints(column).some((c) => c.contype === 'CONSTR_UNIQUE')) findings.push({ range: command.range, message: message(`ADD COLUMN "${column?.colname ?? ''}" … UNIQUE`) });
      }
    }
    return findings;
  },
};
