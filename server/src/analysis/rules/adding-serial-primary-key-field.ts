import type { ColumnDef, Constraint } from 'libpg-query';
import { nodeOfKind } from '../ast';
import { alterTableCommands, alteredTable, columnConstraints, lockPhrase } from './helpers';
import type { Rule, RuleFinding } from './types';
import { usingIndexFix } from '../fixes/recipes/usingIndex';

export const addingSerialPrimaryKeyField: Rule = {
  meta: {
    id: 'adding-serial-primary-key-field',
    category: 'locking',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'Adding a PRIMARY KEY to an existing table builds its index under an ACCESS EXCLUSIVE lock; build the index concurrently and add the key USING INDEX.',
    docs: {
      badExample: 'ALTER TABLE shipments ADD PRIMARY KEY (id);',
      goodExample:
        '-- in a migration that does not run in a transaction:\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS shipments_pkey ON shipments (id);\n-- then:\nALTER TABLE shipments ADD CONSTRAINT shipments_pkey PRIMARY KEY USING INDEX shipments_pkey;',
      why: 'ADD PRIMARY KEY takes an ACCESS EXCLUSIVE lock and builds a unique index over every row before it commits (and scans for NULLs if a key column is nullable), so nothing can read or write the table while the index is built: minutes on a large table.',
      lock: 'AccessExclusiveLock',
      safeAlternative:
        'Make the key columns NOT NULL safely first, build the index with CREATE UNIQUE INDEX CONCURRENTLY outside a transaction, then ADD CONSTRAINT … PRIMARY KEY USING INDEX, which only takes the lock for an instant.',
      squawkDifference: 'Squawk also flags a primary key added to a table created earlier in the same file, which is empty; Safeshift does not.',
    },
  },
  check(context) {
    const table = alteredTable(context.statement);
    if (!table || context.isNewTable(table)) return [];
    const findings: RuleFinding[] = [];
    const message = (what: string) =>
      `${what} builds a unique index over every row while it ${lockPhrase('AccessExclusiveLock', table)}. Build the index first with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … PRIMARY KEY USING INDEX.`;
    for (const command of alterTableCommands(context.statement)) {
      const { cmd } = command;
      if (cmd.subtype === 'AT_AddConstraint') {
        const constraint = nodeOfKind<Constraint>(cmd.def, 'Constraint');
        if (constraint?.contype === 'CONSTR_PRIMARY' && !constraint.indexname) {
          const fix = usingIndexFix(context, command, constraint);
          findings.push({ range: command.range, message: message('ADD PRIMARY KEY'), ...(fix ? { fixes: [fix] } : {}) });
        }
      } else if (cmd.subtype === 'AT_AddColumn') {
        const column = nodeOfKind<ColumnDef>(cmd.def, 'ColumnDef');
        if (columnConstraints(column).some((c) => c.contype === 'CONSTR_PRIMARY')) findings.push({ range: command.range, message: message(`ADD COLUMN "${column?.colname ?? ''}" … PRIMARY KEY`) });
      }
    }
    return findings;
  },
};
