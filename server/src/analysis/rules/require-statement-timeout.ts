import { lockingStatementName, lockPhrase } from './helpers';
import { firstSlowLockWithoutTimeout, timeoutPreambleFix } from './timeouts';
import type { Rule } from './types';

/** The value the fix inserts: long enough for an index build, short enough to stop a runaway rewrite. */
const SUGGESTED_TIMEOUT = '15min';

export const requireStatementTimeout: Rule = {
  meta: {
    id: 'require-statement-timeout',
    category: 'locking',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'A migration that takes a strong lock should set statement_timeout first, so a statement that runs far longer than expected is stopped instead of holding its lock indefinitely.',
    docs: {
      badExample: 'ALTER TABLE warehouses ADD COLUMN city text;',
      goodExample: `SET statement_timeout = '${SUGGESTED_TIMEOUT}';\nALTER TABLE warehouses ADD COLUMN city text;`,
      why: 'Once a DDL statement holds its lock, everything that conflicts with it waits until the statement finishes. A rewrite, scan or index build that takes far longer than in testing (a bigger table, a slower disk) keeps the application blocked for all of that time unless a statement_timeout cancels it.',
      lock: 'AccessExclusiveLock',
      safeAlternative: `Start the migration with SET statement_timeout = '${SUGGESTED_TIMEOUT}' (SET LOCAL inside a transaction), sized to the slowest statement you expect, alongside lock_timeout.`,
      squawkDifference:
        "Same trigger as Safeshift's require-lock-timeout: the first statement that takes a SHARE UPDATE EXCLUSIVE or stronger lock on a table that existed before the file, reported once per file. Squawk also fires on statements that lock nothing that exists yet (CREATE FUNCTION, CREATE TYPE, CREATE TABLE with a foreign key to a table created in the same file, ALTER on a new table). Safeshift treats SET statement_timeout = 0 as no timeout, accepts set_config('statement_timeout', …), and does not count a SET LOCAL whose transaction has already ended. Squawk's fix inserts set statement_timeout = '5s', which would cancel most index builds; Safeshift inserts '15min', as SET LOCAL inside a transaction.",
    },
  },
  check(context) {
    // Reported once per file: on the first slow statement, when no statement_timeout precedes it.
    const lock = firstSlowLockWithoutTimeout(context, 'statement_timeout');
    if (!lock) return [];
    return [
      {
        message: `${lockingStatementName(context.statement, lock.reason)} ${lockPhrase(lock.mode, lock.name)}, and no statement_timeout is set: if it runs longer than expected, that traffic stays blocked until it ends. Set statement_timeout first.`,
        fixes: [timeoutPreambleFix(context, 'statement_timeout', SUGGESTED_TIMEOUT)],
      },
    ];
  },
};
