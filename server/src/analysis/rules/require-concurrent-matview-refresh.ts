import type { RefreshMatViewStmt } from 'libpg-query';
import { asKind, relationName } from '../ast';
import { insertAfter, lockPhrase } from './helpers';
import type { Fix, Rule, StatementContext, TextEdit } from './types';
import { concurrentFormFix, hasUsableUniqueIndex } from '../fixes/recipes/concurrentForms';

export const requireConcurrentMatviewRefresh: Rule = {
  meta: {
    id: 'require-concurrent-matview-refresh',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks every read of the view until the query behind it has run again.',
    docs: {
      badExample: 'REFRESH MATERIALIZED VIEW daily_stock;',
      goodExample: '-- once: CREATE UNIQUE INDEX CONCURRENTLY daily_stock_key ON daily_stock (warehouse_id, day);\nREFRESH MATERIALIZED VIEW CONCURRENTLY daily_stock;',
      why: 'A plain refresh re-runs the view\'s query into a new file and swaps it in while holding an ACCESS EXCLUSIVE lock on the view, so every SELECT from it waits for the whole query, however long it takes. With CONCURRENTLY, PostgreSQL computes the new contents beside the old ones and applies the difference under an EXCLUSIVE lock, which lets reads continue. CONCURRENTLY needs a unique index on the view that uses only column names (no expressions, no WHERE), and the view must already be populated.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Create a unique index on the materialized view (CREATE UNIQUE INDEX CONCURRENTLY), then refresh it with REFRESH MATERIALIZED VIEW CONCURRENTLY.',
      squawkDifference: 'Squawk has no such rule. Materialized views created earlier in the same file, and REFRESH … WITH NO DATA (which CONCURRENTLY does not allow), are not flagged.',
    },
  },
  check(context) {
    const refresh = asKind<RefreshMatViewStmt>(context.statement, 'RefreshMatViewStmt');
    // WITH NO DATA empties the view and cannot be concurrent; a view made in this file has no readers yet.
    if (!refresh || refresh.concurrent || refresh.skipData) return [];
    const view = relationName(refresh.relation);
    if (!view || context.isNewTable(view)) return [];
    const insertion = insertAfter(context.statement, /materialized\s+view/i, ' CONCURRENTLY');
    // Preferred only when a usable unique index is known: without one CONCURRENTLY fails.
    const moved = insertion && hasUsableUniqueIndex(context, view) ? refreshFix(context, insertion, view.name) : undefined;
    const fixes: Fix[] = moved ? [moved] : insertion ? [{ title: 'Refresh CONCURRENTLY (needs a unique index on the view)', edits: [insertion] }] : [];
    return [
      {
        message: `REFRESH MATERIALIZED VIEW re-runs the view's query and ${lockPhrase('AccessExclusiveLock', view)} until it finishes. Use REFRESH MATERIALIZED VIEW CONCURRENTLY, which lets reads continue and needs a unique index on the view.`,
        fixes,
      },
    ];
  },
};

/** Outside a transaction the insertion is the whole fix; inside one the statement moves out of it. */
function refreshFix(context: StatementContext, insertion: TextEdit, view: string): Fix | undefined {
  if (!context.transaction.inTransaction) return { title: 'Refresh CONCURRENTLY (the view has a unique index)', preferred: true, edits: [insertion] };
  return concurrentFormFix(context, 'refresh', insertion, `refresh ${view} concurrently`);
}
