import { quoted } from './helpers';
import { declaredTypes } from './column-types';
import type { Fix, Rule } from './types';

export const preferTextField: Rule = {
  meta: {
    id: 'prefer-text-field',
    category: 'style',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'varchar(n) makes a later change of the limit an ALTER COLUMN TYPE; text with a CHECK constraint does not.',
    docs: {
      badExample: 'CREATE TABLE warehouses (id bigint PRIMARY KEY, city varchar(100));',
      goodExample: 'CREATE TABLE warehouses (id bigint PRIMARY KEY, city text CONSTRAINT city_length CHECK (length(city) <= 100));',
      why: 'PostgreSQL stores text and varchar the same way, so the length limit buys nothing but the limit itself. Lowering it later is an ALTER COLUMN TYPE that takes an ACCESS EXCLUSIVE lock and scans (or rewrites) the table, blocking every read and write meanwhile. A CHECK constraint can be replaced with NOT VALID and validated without blocking.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Declare the column as text and put the limit in a CHECK (length(col) <= n) constraint.',
    },
  },
  check({ statement }) {
    return declaredTypes(statement)
      .filter((t) => t.info.name === 'varchar' && t.info.modifiers.length > 0 && !t.info.schema)
      .map((t) => {
        const range = t.range();
        const fixes: Fix[] = range ? [{ title: 'Replace with text', preferred: true, edits: [{ range, newText: 'text' }] }] : [];
        return {
          message: `Column "${t.columnName}" of ${quoted(t.table)} is varchar(${t.info.modifiers[0]}): changing that limit later takes an ACCESS EXCLUSIVE lock and scans the table, blocking all reads and writes. Use text with a CHECK (length(${t.columnName}) <= ${t.info.modifiers[0]}) constraint.`,
          range,
          fixes,
        };
      });
  },
};
