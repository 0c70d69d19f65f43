import { quoted } from './helpers';
import { declaredTypes } from './column-types';
import type { Fix, Rule } from './types';

export const preferTimestampTz: Rule = {
  meta: {
    id: 'prefer-timestamp-tz',
    category: 'correctness',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'timestamp without time zone drops the UTC offset of every value written to it; use timestamptz.',
    docs: {
      badExample: 'ALTER TABLE shipments ADD COLUMN shipped_at timestamp;',
      goodExample: 'ALTER TABLE shipments ADD COLUMN shipped_at timestamptz;',
      why: 'A timestamp column stores the wall-clock reading and throws the offset away, so 21:11+02 and 21:11-06 are stored as the same value although they are eight hours apart. Switching to timestamptz later is an ALTER COLUMN TYPE that rewrites the table unless the session time zone is UTC.',
      safeAlternative: 'Declare the column as timestamptz (timestamp with time zone).',
      squawkDifference: 'Squawk names this rule prefer-timestamptz in its documentation and ignore comments, and prefer-timestamp-tz in its output; `squawk-ignore prefer-timestamptz` and `squawk-ignore prefer-timestamp-tz` both suppress it. Squawk also reports `"varchar"(n)` and `pg_catalog.varchar(n)` under this rule (a copy-paste slip in its code); Safeshift does not. `time` without time zone is not flagged, as in Squawk.',
    },
  },
  check({ statement }) {
    return declaredTypes(statement)
      .filter((t) => t.info.name === 'timestamp' && !t.info.schema)
      .map((t) => {
        const range = t.range();
        const precision = t.info.modifiers.length > 0 ? `(${t.info.modifiers[0]})` : '';
        const fixes: Fix[] = range ? [{ title: 'Replace with timestamptz', preferred: true, edits: [{ range, newText: `timestamptz${precision}` }] }] : [];
        return {
          message: `Column "${t.columnName}" of ${quoted(t.table)} is timestamp without time zone, which drops the UTC offset of every value. Use timestamptz.`,
          range,
          fixes,
        };
      });
  },
};
