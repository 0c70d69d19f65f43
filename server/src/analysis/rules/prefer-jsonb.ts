import { quoted } from './helpers';
import { declaredTypes } from './column-types';
import type { Fix, Rule } from './types';

export const preferJsonb: Rule = {
  meta: {
    id: 'prefer-jsonb',
    category: 'style',
    defaultSeverity: 'warning',
    summary: 'A json column stores the text as written and has no equality operator; use jsonb.',
    docs: {
      badExample: 'ALTER TABLE shipments ADD COLUMN payload json;',
      goodExample: 'ALTER TABLE shipments ADD COLUMN payload jsonb;',
      why: 'json keeps the input text verbatim and re-parses it on every access. It has no equality operator, so SELECT DISTINCT, GROUP BY, UNION and comparisons on the column fail, and it cannot have GIN indexes. jsonb stores the parsed value, supports =, containment (@>) and GIN indexes, and is what almost every application wants. Changing the type later is an ALTER COLUMN TYPE that rewrites the table under an ACCESS EXCLUSIVE lock.',
      safeAlternative: 'Declare the column as jsonb; keep json only when the exact input text (key order, duplicate keys, whitespace) must be preserved.',
      squawkDifference: 'Squawk has no such rule (strong_migrations, Eugene and the Postgres Language Server do).',
    },
  },
  check({ statement }) {
    return declaredTypes(statement)
      .filter((t) => t.info.name === 'json' && !t.info.schema)
      .map((t) => {
        const range = t.range();
        const fixes: Fix[] = range ? [{ title: 'Replace with jsonb', preferred: true, edits: [{ range, newText: 'jsonb' }] }] : [];
        return {
          message: `Column "${t.columnName}" of ${quoted(t.table)} is json, which has no equality operator (DISTINCT, GROUP BY and = fail) and no GIN indexes. Use jsonb.`,
          range,
          fixes,
        };
      });
  },
};
