import type { RangeVar, TruncateStmt } from 'libpg-query';
import { asKind, nodeOfKind, relationName, type QualifiedName } from '../ast';
import { listOf, lockPhraseOnAll, quoted } from './helpers';
import type { Rule } from './types';

export const banTruncate: Rule = {
  meta: {
    id: 'ban-truncate',
    category: 'data-loss',
    defaultSeverity: 'warning',
    summary: 'TRUNCATE deletes every row of the table at once, without a way back, under an ACCESS EXCLUSIVE lock.',
    docs: {
      badExample: 'TRUNCATE stock_movements;',
      goodExample: "-- delete only the rows the change needs, in batches\nDELETE FROM stock_movements WHERE created_at < now() - interval '2 years' AND id < 100000;",
      why: 'TRUNCATE empties the table instantly by swapping in a new, empty file: every row is gone once the transaction commits, triggers ON DELETE do not run, and the ACCESS EXCLUSIVE lock it takes blocks every read and write of the table, and queues every later query behind it while it waits for running ones. A migration is rarely the place to throw away a live table\'s data. TRUNCATE … CASCADE is reported by ban-truncate-cascade instead.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Delete only the rows the change needs with DELETE … WHERE, in batches; if the table really must be emptied, do it outside the migration or say so with an ignore comment.',
      squawkDifference: 'Squawk has no such rule (only ban-truncate-cascade). Tables created earlier in the same file are not flagged.',
    },
  },
  check(context) {
    const stmt = asKind<TruncateStmt>(context.statement, 'TruncateStmt');
    // CASCADE is ban-truncate-cascade's finding; one report per statement is enough.
    if (!stmt || stmt.behavior === 'DROP_CASCADE') return [];
    const tables = (stmt.relations ?? [])
      .map((r) => relationName(nodeOfKind<RangeVar>(r, 'RangeVar')))
      .filter((t): t is QualifiedName => t !== undefined && !context.isNewTable(t));
    if (tables.length === 0) return [];
    return [
      {
        message: `TRUNCATE deletes every row of ${listOf(tables.map(quoted))} for good and ${lockPhraseOnAll('AccessExclusiveLock', tables)}. Delete only the rows the change needs with DELETE … WHERE, in batches.`,
      },
    ];
  },
};
