import { displayName } from '../ast';
import { splitKey } from '../schema/model';
import { columnUsers, findTable, tableKeyOf } from '../schema/lookup';
import { alterTableCommands, alteredTable, listOf } from './helpers';
import { catalogAt } from './schemaFacts';
import type { Rule, RuleFinding } from './types';

export const dropColumnStillReferenced: Rule = {
  meta: {
    id: 'drop-column-still-referenced',
    category: 'breaking',
    defaultSeverity: 'warning',
    summary: 'DROP COLUMN of a column that a view, another table\'s foreign key, a trigger, a generated column or a multi-column index or constraint still uses.',
    docs: {
      badExample: '-- before: CREATE TABLE users (id bigint PRIMARY KEY, email text, active boolean);\n-- before: CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;\nALTER TABLE users DROP COLUMN email;',
      goodExample: '-- before: CREATE TABLE users (id bigint PRIMARY KEY, email text, active boolean);\n-- before: CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;\nCREATE OR REPLACE VIEW active_users AS SELECT id FROM users WHERE active;\nALTER TABLE users DROP COLUMN email;',
      why: 'PostgreSQL refuses to drop a column that a view, a foreign key of another table, a trigger or a generated column depends on, so the migration fails; with CASCADE it drops those objects silently, and the application loses them. Indexes and constraints of the table that include the column are always dropped with it, which removes uniqueness or lookup speed on the other columns they cover. (In the examples, `-- before:` lines stand for an earlier migration of the project.)',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Change or drop each dependent object explicitly first (the message names them), then drop the column.',
      squawkDifference: 'Squawk has no such rule. Safeshift knows the dependents from the replayed migration history, so the rule needs a migration project; a single-column index or constraint on the dropped column alone is not reported, since it only served that column.',
    },
  },
  check(context) {
    const table = alteredTable(context.statement);
    const commands = table ? alterTableCommands(context.statement) : [];
    if (!commands.some((c) => c.cmd.subtype === 'AT_DropColumn')) return [];
    const trusted = catalogAt(context)?.catalog;
    const known = table && trusted ? findTable(trusted, table) : undefined;
    if (!table || !trusted || !known) return [];
    const key = tableKeyOf(known);
    const cascade = commands.some((c) => c.cmd.behavior === 'DROP_CASCADE');
    const droppedHere = new Set(commands.filter((c) => c.cmd.subtype === 'AT_DropConstraint' && c.cmd.name).map((c) => c.cmd.name!));
    const findings: RuleFinding[] = [];
    for (const { cmd, range } of commands) {
      if (cmd.subtype !== 'AT_DropColumn' || !cmd.name || !known.columns.some((c) => c.name === cmd.name)) continue;
      const users = columnUsers(trusted, table, cmd.name);
      const blocking: string[] = [
        ...users.views.map((v) => `${v.materialized ? 'materialized view' : 'view'} ${displayName(v)}`),
        ...users.constraints.filter((c) => c.table !== key && c.constraint.kind === 'foreign key').map((c) => `foreign key ${c.constraint.name} of ${displayName(splitKey(c.table))}`),
        ...users.triggers.map((t) => `trigger ${t.name}`),
        ...users.generatedColumns.map((g) => `generated column ${g}`),
      ];
      const others = (columns: string[]) => columns.filter((c) => c !== cmd.name);
      const silent: string[] = [
        ...users.constraints
          .filter((c) => c.table === key && c.constraint.kind !== 'not null' && !droppedHere.has(c.constraint.name) && others(c.constraint.columns).length > 0)
          .map((c) => `${c.constraint.kind} constraint ${c.constraint.name} (also on ${others(c.constraint.columns).join(', ')})`),
        ...users.indexes
          .filter((i) => !i.constraint && others(i.keys.map((k) => k.column ?? '').filter(Boolean).concat(i.include)).length > 0)
          .map((i) => `index ${i.name} (also on ${others(i.keys.map((k) => k.column ?? '').filter(Boolean).concat(i.include)).join(', ')})`),
      ];
      if (blocking.length === 0 && silent.length === 0) continue;
      const parts: string[] = [];
      if (blocking.length > 0) {
        parts.push(cascade
          ? `CASCADE silently drops ${listOf(blocking)}, which use${blocking.length === 1 ? 's' : ''} it`
          : `${listOf(blocking)} still use${blocking.length === 1 ? 's' : ''} it, so PostgreSQL refuses the DROP (CASCADE would drop ${blocking.length === 1 ? 'it' : 'them'} too)`);
      }
      if (silent.length > 0) parts.push(`it also drops ${listOf(silent)}`);
      findings.push({ range, message: `DROP COLUMN "${cmd.name}" of ${displayName(table)}: ${parts.join('; ')}. Change or drop ${blocking.length + silent.length === 1 ? 'that object' : 'those objects'} explicitly first.` });
    }
    return findings;
  },
};
