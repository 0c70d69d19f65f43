import type { A_Const, FuncCall, ResTarget, SelectStmt, TransactionStmt, VariableSetStmt } from 'libpg-query';
import { asKind, nodeOfKind, stringValue } from '../ast';
import { strength, strongest } from '../locks/locks';
import { statementLocks } from '../locks/statementLocks';
import type { ParsedStatement } from '../parse/parseDocument';
import { lockingStatementName, lockPhrase, newlineOf } from './helpers';
import type { Fix, Rule, StatementContext } from './types';

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
    const { statement } = context;
    const lock = slowLock(context, statement);
    if (!lock) return [];
    // Report once per file: only the first slow statement, and only when no timeout precedes it.
    // SET LOCAL ends with its transaction, so it counts only when no COMMIT or ROLLBACK lies between.
    let transactionEnded = false;
    for (let i = context.previous.length - 1; i >= 0; i--) {
      const earlier = context.previous[i];
      if (setsStatementTimeout(earlier) && !(transactionEnded && isLocalSet(earlier))) return [];
      if (slowLock(context, earlier)) return [];
      const kind = asKind<TransactionStmt>(earlier, 'TransactionStmt')?.kind;
      if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK') transactionEnded = true;
    }
    return [
      {
        message: `${lockingStatementName(statement, lock.reason)} ${lockPhrase(lock.mode, lock.name)}, and no statement_timeout is set: if it runs longer than expected, that traffic stays blocked until it ends. Set statement_timeout first.`,
        fixes: [preambleFix(context)],
      },
    ];
  },
};

/** The statement's strongest lock of SHARE UPDATE EXCLUSIVE or above on a table that existed before the file, as require-lock-timeout decides it. */
function slowLock(context: StatementContext, statement: ParsedStatement) {
  if (['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'SelectStmt'].includes(statement.kind)) return undefined;
  const locks = statementLocks(statement).filter((l) => strength(l.mode) >= strength('ShareUpdateExclusiveLock') && !createdBefore(context, statement, l.name));
  const mode = strongest(locks.map((l) => l.mode));
  return mode ? locks.find((l) => l.mode === mode) : undefined;
}

function createdBefore(context: StatementContext, statement: ParsedStatement, name: { schema?: string; name: string }): boolean {
  return context.file.createdTables.some((t) => t.index < statement.index && t.name.name === name.name && (!t.name.schema || !name.schema || t.name.schema === name.schema));
}

function isLocalSet(statement: ParsedStatement): boolean {
  return asKind<VariableSetStmt>(statement, 'VariableSetStmt')?.is_local === true;
}

/** SET [LOCAL] statement_timeout to a non-zero value, or set_config('statement_timeout', …). */
export function setsStatementTimeout(statement: ParsedStatement): boolean {
  const set = asKind<VariableSetStmt>(statement, 'VariableSetStmt');
  if (set) {
    if (set.name !== 'statement_timeout' || set.kind !== 'VAR_SET_VALUE') return false;
    const value = nodeOfKind<A_Const>(set.args?.[0], 'A_Const');
    // The parse tree leaves a zero integer's value out: `{ ival: {} }`.
    return value?.ival !== undefined ? Boolean(value.ival.ival) : value?.sval?.sval !== '0';
  }
  const select = asKind<SelectStmt>(statement, 'SelectStmt');
  return (select?.targetList ?? []).some((target) => {
    const call = nodeOfKind<FuncCall>(nodeOfKind<ResTarget>(target, 'ResTarget')?.val, 'FuncCall');
    const name = call?.funcname?.map(stringValue).pop();
    const setting = nodeOfKind<A_Const>(call?.args?.[0], 'A_Const')?.sval?.sval;
    const value = nodeOfKind<A_Const>(call?.args?.[1], 'A_Const')?.sval?.sval;
    return name === 'set_config' && setting === 'statement_timeout' && value !== '0';
  });
}

/** Inserts the timeout before the first statement of the transaction the slow statement runs in. */
function preambleFix(context: StatementContext): Fix {
  const { document } = context.file;
  const newline = newlineOf(document.text);
  const beginIndex = context.transaction.explicit ? lastBegin(context) : -1;
  const anchor = document.statements[beginIndex + 1] ?? context.statement;
  const ignoreComment = anchor.leadingComments.find((c) => /safeshift-ignore|squawk-ignore/.test(c.text));
  const at = ignoreComment ? ignoreComment.range.start : anchor.range.start;
  const line = document.lineIndex.positionAt(at).line;
  const lineStart = document.lineIndex.lineStart(line);
  const startsLine = document.text.slice(lineStart, at).trim() === '';
  const setting = `SET ${context.transaction.inTransaction ? 'LOCAL ' : ''}statement_timeout = '${SUGGESTED_TIMEOUT}';`;
  return {
    title: `Insert ${setting}`,
    preferred: true,
    edits: [startsLine ? { range: { start: lineStart, end: lineStart }, newText: setting + newline } : { range: { start: at, end: at }, newText: setting + ' ' }],
  };
}

function lastBegin(context: StatementContext): number {
  for (let i = context.previous.length - 1; i >= 0; i--) {
    const kind = asKind<TransactionStmt>(context.previous[i], 'TransactionStmt')?.kind;
    if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return i;
  }
  return -1;
}
