import { lockPhrase, quoted } from './helpers';
import { unfilteredDml } from './ban-delete-without-where';
import type { Rule } from './types';

export const banUpdateWithoutWhere: Rule = {
  meta: {
    id: 'ban-update-without-where',
    category: 'data-loss',
    defaultSeverity: 'warning',
    summary: 'UPDATE without WHERE rewrites every row of the table in one transaction that locks every row.',
    docs: {
      badExample: "UPDATE warehouses SET region = 'eu';",
      goodExample: "-- backfill in batches, outside the DDL transaction; repeat until no row is left\nUPDATE warehouses SET region = 'eu' WHERE region IS NULL AND id BETWEEN 1 AND 10000;",
      why: 'An UPDATE with no WHERE clause overwrites a column in every row, which loses the previous values when it was meant for some rows only. On a large table it is also one long transaction: every row stays locked until COMMIT, so concurrent UPDATE, DELETE and SELECT FOR UPDATE of any row wait, and every row leaves a dead tuple behind, which can double the table on disk until VACUUM catches up. An UPDATE inside a data-modifying WITH counts too.',
      lock: 'RowExclusiveLock',
      safeAlternative: 'Add a WHERE clause that names the rows to change (for a backfill, `WHERE col IS NULL` plus a key range) and update in batches outside the DDL transaction.',
    },
  },
  check(context) {
    return unfilteredDml(context, 'UpdateStmt').map(({ table }) => ({
      message: `UPDATE without WHERE rewrites every row of ${quoted(table)} and locks each one until COMMIT, so concurrent UPDATE, DELETE and SELECT FOR UPDATE wait; the statement also ${lockPhrase('RowExclusiveLock', table)}. Add a WHERE clause that names the rows to change, and update in batches.`,
    }));
  },
};
