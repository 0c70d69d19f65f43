import { parserReady, scanText } from '../parse/pgParser';
import { EncodingMap } from '../text/lineIndex';
import type { Fix, Rule, RuleFinding } from './types';

/** NAMEDATALEN - 1: PostgreSQL keeps this many bytes of an identifier and drops the rest. */
const MAX_IDENTIFIER_BYTES = 63;

export const identifierTooLong: Rule = {
  meta: {
    id: 'identifier-too-long',
    category: 'correctness',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'PostgreSQL silently truncates identifiers longer than 63 bytes, so the object gets another name than the one written.',
    docs: {
      badExample: 'CREATE INDEX warehouses_region_city_postal_code_opening_hours_covering_index_for_reports ON warehouses (region, city);',
      goodExample: 'CREATE INDEX warehouses_region_city_reports_idx ON warehouses (region, city);',
      why: 'PostgreSQL keeps the first 63 bytes of a name and drops the rest with only a NOTICE. The object then exists under a name that differs from the migration, the ORM and the down migration, and two long names that share their first 63 bytes refer to the same object, so the second CREATE fails or the wrong object is dropped.',
      safeAlternative: 'Use a name of at most 63 bytes (fewer characters when they are not ASCII).',
      squawkDifference: 'Same meaning. Safeshift counts bytes after folding unquoted names to lower case and offers the truncated name as a fix, quoted when needed.',
    },
  },
  check({ statement }) {
    if (!parserReady() || !mayHoldLongIdentifier(statement.text)) return [];
    const scanned = scanText(statement.text);
    if (!scanned.ok) return [];
    const encoding = new EncodingMap(statement.text);
    const base = statement.range.start;
    const findings: RuleFinding[] = [];
    for (const token of scanned.tokens) {
      if (token.name !== 'IDENT') continue;
      const quotedName = token.text.startsWith('"');
      const name = quotedName ? token.text.slice(1, -1).replace(/""/g, '"') : token.text.toLowerCase();
      const bytes = new TextEncoder().encode(name).length;
      if (bytes <= MAX_IDENTIFIER_BYTES) continue;
      const truncated = truncate(name);
      const replacement = quotedName || !/^[a-z_][a-z0-9_$]*$/.test(truncated) ? `"${truncated.replace(/"/g, '""')}"` : truncated;
      const range = { start: base + encoding.fromUtf8(token.start), end: base + encoding.fromUtf8(token.end) };
      const fixes: Fix[] = [{ title: `Rename to ${replacement}`, edits: [{ range, newText: replacement }], preferred: true }];
      findings.push({
        range,
        message: `This identifier is ${bytes} bytes long; PostgreSQL silently truncates it to 63 bytes (${replacement}), so the object's name differs from the one written. Use a name of at most 63 bytes.`,
        fixes,
      });
    }
    return findings;
  },
};

/**
 * A cheap test that skips the scanner for almost every statement: a name over 63 bytes is either
 * quoted, or 64 ASCII word characters in a row, or holds a non-ASCII letter.
 */
function mayHoldLongIdentifier(text: string): boolean {
  return text.includes('"') || /[A-Za-z0-9_$]{64}|[^\x00-\x7f]/.test(text);
}

/** The first 63 bytes of a name, cut at a character boundary as PostgreSQL does. */
function truncate(name: string): string {
  const bytes = new TextEncoder().encode(name);
  let end = MAX_IDENTIFIER_BYTES;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
}
