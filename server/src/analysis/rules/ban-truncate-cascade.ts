import type { RangeVar, TruncateStmt } from 'libpg-query';
import { asKind, nodeOfKind, relationName, type QualifiedName } from '../ast';
import { lastKeyword, listOf, lockPhrase, quoted } from './helpers';
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
    const cascade = lastKeyword(statement, 'cascade');
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
