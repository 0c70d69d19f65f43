import type { ParsedStatement } from '../parse/parseDocument';
import { lockingStatementName, lockPhrase } from './helpers';
import { firstSlowLockWithoutTimeout, setsTimeout, timeoutPreambleFix } from './timeouts';
import type { Rule } from './types';

export const requireLockTimeout: Rule = {
  meta: {
    id: 'require-lock-timeout',
    category: 'locking',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'A migration that takes a strong lock must set lock_timeout first, or a lock wait can stall all traffic behind it.',
    docs: {
      badExample: 'ALTER TABLE warehouses ADD COLUMN city text;',
      goodExample: "SET lock_timeout = '2s';\nALTER TABLE warehouses ADD COLUMN city text;",
      why: 'A DDL statement that waits for its lock (behind a long-running query, say) sits in the lock queue, and every query that arrives after it queues behind it. Without lock_timeout a quick ALTER TABLE can take the application down while it waits.',
      lock: 'AccessExclusiveLock',
      safeAlternative: "Start the migration with SET lock_timeout = '2s' (SET LOCAL inside a transaction) and retry the migration when it times out.",
      squawkDifference:
        "Safeshift fires only on statements that take a SHARE UPDATE EXCLUSIVE or stronger lock on a table that existed before the file; Squawk also fires on DDL that locks nothing existing (CREATE FUNCTION, statements on tables created earlier in the file). Safeshift treats SET lock_timeout = 0 as no timeout, accepts set_config('lock_timeout', …), and does not count a SET LOCAL whose transaction has already ended. Squawk's fix inserts '1s'; Safeshift's inserts '2s', as SET LOCAL inside a transaction.",
    },
  },
  check(context) {
    // Reported once per file: on the first slow statement, when no lock_timeout precedes it.
    const lock = firstSlowLockWithoutTimeout(context, 'lock_timeout');
    if (!lock) return [];
    return [
      {
        message: `${lockingStatementName(context.statement, lock.reason)} ${lockPhrase(lock.mode, lock.name)}, and no lock_timeout is set: while it waits for the lock, every query queued behind it waits too. Set lock_timeout first.`,
        fixes: [timeoutPreambleFix(context, 'lock_timeout', '2s')],
      },
    ];
  },
};

export function setsLockTimeout(statement: ParsedStatement): boolean {
  return setsTimeout(statement, 'lock_timeout');
}
