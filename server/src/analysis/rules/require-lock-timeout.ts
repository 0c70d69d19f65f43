import type { VariableSetStmt, A_Const } from 'libpg-query';
import { asKind, nodeOfKind } from '../ast';
import { strongest, strength } from '../locks/locks';
import { statementLocks } from '../locks/statementLocks';
import type { ParsedStatement } from '../parse/parseDocument';
import { lockingStatementName, lockPhrase, newlineOf } from './helpers';
import type { Fix, Rule, StatementContext } from './types';

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
        "Safeshift fires only on statements that take a SHARE UPDATE EXCLUSIVE or stronger lock on a table that existed before the file; Squawk also fires on DDL that locks nothing existing (CREATE FUNCTION, statements on tables created earlier in the file). Safeshift treats SET lock_timeout = 0 as no timeout. Squawk's fix inserts '1s'; Safeshift's inserts '2s', as SET LOCAL inside a transaction.",
    },
  },
  check(context) {
    const { statement } = context;
    const lock = slowLock(context, statement);
    if (!lock) return [];
    // Report once per file: only the first slow statement, and only when no timeout precedes it.
    for (let i = context.previous.length - 1; i >= 0; i--) {
      const earlier = context.previous[i];
      if (setsLockTimeout(earlier)) return [];
      if (slowLock(context, earlier)) return [];
    }
    return [
      {
        message: `${lockingStatementName(statement, lock.reason)} ${lockPhrase(lock.mode, lock.name)}, and no lock_timeout is set: while it waits for the lock, every query queued behind it waits too. Set lock_timeout first.`,
        fixes: [preambleFix(context)],
      },
    ];
  },
};

function slowLock(context: StatementContext, statement: ParsedStatement) {
  if (['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'SelectStmt'].includes(statement.kind)) return undefined;
  const locks = statementLocks(statement).filter((l) => strength(l.mode) >= strength('ShareUpdateExclusiveLock') && !isNewBefore(context, statement, l.name));
  const mode = strongest(locks.map((l) => l.mode));
  return mode ? locks.find((l) => l.mode === mode) : undefined;
}

function isNewBefore(context: StatementContext, statement: ParsedStatement, name: { schema?: string; name: string }): boolean {
  return context.file.createdTables.some((t) => t.index < statement.index && t.name.name === name.name && (!t.name.schema || !name.schema || t.name.schema === name.schema));
}

export function setsLockTimeout(statement: ParsedStatement): boolean {
  const set = asKind<VariableSetStmt>(statement, 'VariableSetStmt');
  if (!set || set.name !== 'lock_timeout' || set.kind !== 'VAR_SET_VALUE') return /set_config\s*\(\s*'lock_timeout'/i.test(statement.text);
  const value = nodeOfKind<A_Const>(set.args?.[0], 'A_Const');
  // The parse tree leaves a zero integer's value out: `{ ival: {} }`.
  const disables = value?.ival !== undefined ? !value.ival.ival : value?.sval?.sval === '0';
  return !disables;
}

/** Inserts the timeout before the first statement of the transaction the slow statement runs in. */
function preambleFix(context: StatementContext): Fix {
  const { document } = context.file;
  const newline = newlineOf(document.text);
  const inTransaction = context.transaction.inTransaction;
  const beginIndex = context.transaction.explicit ? lastBegin(context) : -1;
  const anchor = document.statements[beginIndex + 1] ?? context.statement;
  const firstComment = anchor.leadingComments.find((c) => /safeshift-ignore|squawk-ignore/.test(c.text));
  const at = firstComment ? firstComment.range.start : anchor.range.start;
  const line = document.lineIndex.positionAt(at).line;
  const lineStart = document.lineIndex.lineStart(line);
  const startsLine = document.text.slice(lineStart, at).trim() === '';
  const setting = `SET ${inTransaction ? 'LOCAL ' : ''}lock_timeout = '2s';`;
  return {
    title: `Insert ${setting}`,
    preferred: true,
    edits: [startsLine ? { range: { start: lineStart, end: lineStart }, newText: setting + newline } : { range: { start: at, end: at }, newText: setting + ' ' }],
  };
}

function lastBegin(context: StatementContext): number {
  for (let i = context.previous.length - 1; i >= 0; i--) if (context.previous[i].kind === 'TransactionStmt') return i;
  return -1;
}
