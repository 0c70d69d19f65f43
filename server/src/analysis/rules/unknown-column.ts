import { displayName } from '../ast';
import { suggestColumns } from '../schema/lookup';
import { catalogAt, certainTable, globalDoubt } from './schemaFacts';
import { columnRefs } from './schemaRefs';
import type { Rule, RuleFinding } from './types';

export const unknownColumn: Rule = {
  meta: {
    id: 'unknown-column',
    category: 'correctness',
    defaultSeverity: 'error',
    summary: 'The statement names a column that its table does not have at this point of the migration history, so it fails when it runs.',
    docs: {
      badExample: '-- before: CREATE TABLE users (id bigint PRIMARY KEY, email text);\nALTER TABLE users ALTER COLUMN emial SET NOT NULL;',
      goodExample: '-- before: CREATE TABLE users (id bigint PRIMARY KEY, email text);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      why: 'Safeshift replays the earlier migrations of the project to know the columns of each table before this migration. A column that none of them (nor an earlier statement of this migration) added is a typo or a migration in the wrong order, and the deploy fails on it. (In the examples, `-- before:` lines stand for an earlier migration of the project.)',
      safeAlternative: 'Fix the column name (the message suggests the closest existing one), or move the statement after the migration that adds the column.',
    },
  },
  check(context) {
    // The parse tree first: asking for the catalog applies the statements before this one.
    const refs = columnRefs(context.statement);
    const trusted = refs.length > 0 ? catalogAt(context) : undefined;
    if (!trusted) return [];
    const missing = refs.filter((ref) => {
      const table = certainTable(trusted.catalog, ref.table, trusted.migrationId);
      return table !== undefined && !table.columns.some((c) => c.name === ref.column);
    });
    if (missing.length === 0 || globalDoubt(context, trusted)) return [];
    const findings: RuleFinding[] = [];
    const seen = new Set<string>();
    for (const ref of missing) {
      const key = `${ref.range.start}:${ref.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const suggestions = suggestColumns(trusted.catalog, ref.table, ref.column);
      const hint = suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '.';
      findings.push({ range: ref.range, message: `column "${ref.column}" of relation "${displayName(ref.table)}" does not exist as of this migration${hint}` });
    }
    return findings;
  },
};
