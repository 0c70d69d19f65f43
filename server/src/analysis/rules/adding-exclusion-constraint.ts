import type { Constraint } from 'libpg-query';
import { nodeOfKind } from '../ast';
import { alterTableCommands, alteredTable, lockPhrase } from './helpers';
import type { Rule, RuleFinding } from './types';

export const addingExclusionConstraint: Rule = {
  meta: {
    id: 'adding-exclusion-constraint',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'ADD CONSTRAINT … EXCLUDE on an existing table builds its index under an ACCESS EXCLUSIVE lock, and has no NOT VALID or CONCURRENTLY form.',
    docs: {
      badExample: 'ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);',
      goodExample:
        '-- no in-place safe way: build a new table with the constraint, copy the rows in batches\n-- while a trigger keeps it in sync, then swap the names in one short transaction;\n-- or add the constraint in a maintenance window, with a lock_timeout\nSET lock_timeout = \'2s\';\nALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&); -- safeshift-ignore adding-exclusion-constraint -- maintenance window',
      why: 'An exclusion constraint is enforced by an index that PostgreSQL builds while the ALTER TABLE holds an ACCESS EXCLUSIVE lock, so no query can read or write the table until every row has been indexed and checked against every other. Unlike CHECK and FOREIGN KEY constraints it cannot be added NOT VALID, and unlike UNIQUE it cannot be attached from an index built CONCURRENTLY (ADD CONSTRAINT … USING INDEX accepts only unique indexes).',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'There is no in-place online way: build a new table with the constraint, copy the rows in batches while a trigger keeps it in sync, and swap the names; or add it in a maintenance window.',
      squawkDifference: 'Squawk has no such rule (strong_migrations, Eugene and the Postgres Language Server do). Tables created earlier in the same file are not flagged.',
    },
  },
  check(context) {
    const table = alteredTable(context.statement);
    if (!table || context.isNewTable(table)) return [];
    const findings: RuleFinding[] = [];
    for (const command of alterTableCommands(context.statement)) {
      const constraint = command.cmd.subtype === 'AT_AddConstraint' ? nodeOfKind<Constraint>(command.cmd.def, 'Constraint') : undefined;
      if (constraint?.contype !== 'CONSTR_EXCLUSION') continue;
      findings.push({
        range: command.range,
        message: `ADD CONSTRAINT ${constraint.conname ? `"${constraint.conname}" ` : ''}… EXCLUDE builds its index and checks every row while it ${lockPhrase('AccessExclusiveLock', table)}, and it has no NOT VALID or CONCURRENTLY form. Build a new table with the constraint and swap it in, or add it in a maintenance window.`,
      });
    }
    return findings;
  },
};
