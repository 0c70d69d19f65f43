import type { RangeVar, TruncateStmt } from 'libpg-query';
import { asKind, nodeOfKind, relationName, type QualifiedName } from '../ast';
import { parserReady, scanText } from '../parse/pgParser';
import type { ParsedStatement } from '../parse/parseDocument';
import { EncodingMap, type OffsetRange } from '../text/lineIndex';
import { listOf, lockPhrase, quoted } from './helpers';
import type { Fix, Rule } from './types';

export const banTruncateCascade: Rule = {
  meta: {
    id: 'ban-truncate-cascade',
    category: 'data-loss',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'TRUNCATE … CASCADE also empties every table that references the truncated ones through a foreign key, recursively.',
    docs: {
      badExample: 'TRUNCATE warehouses CASCADE;',
      goodExample: '-- name every table to empty; without CASCADE PostgreSQL refuses if another table references them\nTRUNCATE warehouses, inventory;',
      why: 'CASCADE empties every table with a foreign key to a truncated table, then every table referencing those, and so on: with a <- b <- c, truncating a also empties b and c, whatever they hold. It takes an ACCESS EXCLUSIVE lock on each of them, so nothing can read or write any of them until the transaction ends.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Remove CASCADE and list exactly the tables to empty; PostgreSQL then refuses to truncate a table that an unlisted table still references.',
      squawkDifference: 'Same meaning. Safeshift also offers a fix that removes CASCADE.',
    },
  },
  check({ statement }) {
    const stmt = asKind<TruncateStmt>(statement, 'TruncateStmt');
    if (stmt?.behavior !== 'DROP_CASCADE') return [];
    const tables = (stmt.relations ?? []).map((r) => relationName(nodeOfKind<RangeVar>(r, 'RangeVar'))).filter((t): t is QualifiedName => t !== undefined);
    const cascade = cascadeKeyword(statement);
    const fixes: Fix[] = cascade ? [{ title: 'Remove CASCADE (then list every table to empty)', edits: [{ range: cascade.removal, newText: '' }] }] : [];
    return [
      {
        range: cascade?.keyword,
        message: `TRUNCATE … CASCADE also empties every table that references ${listOf(tables.map(quoted)) || 'these tables'} through a foreign key, recursively, and ${lockPhrase('AccessExclusiveLock', undefined).replace(' lock:', ' lock on each:')}. Remove CASCADE and list exactly the tables to empty.`,
        fixes,
      },
    ];
  },
};

/** The CASCADE keyword and the range that removes it with the blank before it. */
function cascadeKeyword(statement: ParsedStatement): { keyword: OffsetRange; removal: OffsetRange } | undefined {
  if (!parserReady()) return undefined;
  const scanned = scanText(statement.text);
  if (!scanned.ok) return undefined;
  const encoding = new EncodingMap(statement.text);
  const base = statement.range.start;
  const tokens = scanned.tokens.filter((t) => t.name !== 'SQL_COMMENT' && t.name !== 'C_COMMENT');
  for (let i = tokens.length - 1; i > 0; i--) {
    if (tokens[i].name === 'IDENT' || tokens[i].text.toLowerCase() !== 'cascade') continue;
    const start = base + encoding.fromUtf8(tokens[i].start);
    const end = base + encoding.fromUtf8(tokens[i].end);
    return { keyword: { start, end }, removal: { start: base + encoding.fromUtf8(tokens[i - 1].end), end } };
  }
  return undefined;
}
