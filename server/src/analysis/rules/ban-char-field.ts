import { quoted } from './helpers';
import { columnTypes, typeNameWords } from './type-name-words';
import type { Fix, Rule, RuleFinding } from './types';

export const banCharField: Rule = {
  meta: {
    id: 'ban-char-field',
    category: 'style',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'char(n) pads values with spaces and is no faster than text or varchar in PostgreSQL.',
    docs: {
      badExample: 'CREATE TABLE warehouses (id bigint PRIMARY KEY, country char(2));',
      goodExample: 'CREATE TABLE warehouses (id bigint PRIMARY KEY, country text CHECK (length(country) = 2));',
      why: 'character(n) stores every value padded with spaces to n characters, ignores trailing spaces in comparisons but not in LIKE or regular expressions, and takes as much space as varchar. It has no performance advantage in PostgreSQL and surprises code that reads the padded value back.',
      safeAlternative: 'Use text (with a CHECK on the length if it matters) or varchar(n).',
      squawkDifference: 'Squawk also flags "char" (quoted), PostgreSQL\'s internal one-byte type, which is not character(n); Safeshift does not.',
    },
  },
  check({ statement }) {
    const findings: RuleFinding[] = [];
    for (const t of columnTypes(statement)) {
      if (t.info.name !== 'bpchar' || t.info.schema) continue;
      const words = typeNameWords(statement, t.typeName);
      const replacement = words?.hasModifiers ? 'varchar' : 'text';
      const fixes: Fix[] = words ? [{ title: `Replace with ${replacement}`, edits: [{ range: words.nameRange, newText: replacement }], preferred: true }] : [];
      const length = t.info.modifiers[0];
      findings.push({
        range: words?.nameRange,
        message: `Column "${t.column}" of ${quoted(t.table)} is character${length !== undefined ? `(${length})` : ''}, which pads values with spaces and is no faster than text. Use ${replacement}${words?.hasModifiers ? '(n)' : ''}${replacement === 'varchar' ? ' or text' : ''}.`,
        fixes,
      });
    }
    return findings;
  },
};
