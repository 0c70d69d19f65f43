/**
 * What require-lock-timeout and require-statement-timeout share: which statements are worth a
 * timeout, whether an earlier statement set one, and the fix that inserts it.
 */
import type { A_Const, FuncCall, ResTarget, SelectStmt, TransactionStmt, VariableSetStmt } from 'libpg-query';
import { asKind, nodeOfKind, sameRelation, stringValue } from '../ast';
import { strength, strongest } from '../locks/locks';
import { statementLocks, type StatementLock } from '../locks/statementLocks';
import type { ParsedDocument, ParsedStatement } from '../parse/parseDocument';
import { newlineOf } from './helpers';
import { statementBlock } from '../fixes/plan';
import type { FileContext, Fix, StatementContext } from './types';
import type { FactQuery } from '../facts/fileFacts';

export type TimeoutSetting = 'lock_timeout' | 'statement_timeout';

/** The statement's strongest lock of SHARE UPDATE EXCLUSIVE or above on a table that existed before the file. */
export function slowLock(context: StatementContext, statement: ParsedStatement): StatementLock | undefined {
  return slowLockIn(context.file, statement);
}

function slowLockIn(file: FileContext, statement: ParsedStatement): StatementLock | undefined {
  if (['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'SelectStmt'].includes(statement.kind)) return undefined;
  const created = file.createdTables;
  const locks = statementLocks(statement).filter(
    (l) => strength(l.mode) >= strength('ShareUpdateExclusiveLock') && !created.some((t) => t.index < statement.index && sameRelation(t.name, l.name)),
  );
  const mode = strongest(locks.map((l) => l.mode));
  return mode ? locks.find((l) => l.mode === mode) : undefined;
}

/**
 * The lock to report when this is the file's first slow statement and no timeout was set before
 * it. A SET LOCAL ends with its transaction, so it counts only when no COMMIT or ROLLBACK lies between.
 */
export function firstSlowLockWithoutTimeout(context: StatementContext, setting: TimeoutSetting): StatementLock | undefined {
  // Any earlier slow statement ends the search below, so only the file's first one can report.
  if (!context.ask(FIRST_SLOW, undefined)) return undefined;
  const lock = slowLock(context, context.statement);
  if (!lock) return undefined;
  let transactionEnded = false;
  for (let i = context.previous.length - 1; i >= 0; i--) {
    const earlier = context.previous[i];
    if (setsTimeout(earlier, setting) && !(transactionEnded && isLocalSet(earlier))) return undefined;
    if (slowLock(context, earlier)) return undefined;
    const kind = asKind<TransactionStmt>(earlier, 'TransactionStmt')?.kind;
    if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK') transactionEnded = true;
  }
  return lock;
}

/** Per document: the index of its first slow statement (Infinity when none), found once rather than per statement. */
const firstSlow = new WeakMap<ParsedDocument, number>();

/** Whether the statement is the file's first slow one. */
const FIRST_SLOW: FactQuery<undefined, boolean> = {
  id: 'firstSlow',
  prefixOnly: true,
  answer(file, index) {
    const { document } = file;
    let first = firstSlow.get(document);
    if (first === undefined) {
      const found = document.statements.findIndex((statement) => slowLockIn(file, statement) !== undefined);
      firstSlow.set(document, (first = found < 0 ? Infinity : found));
    }
    return index === first;
  },
};

function isLocalSet(statement: ParsedStatement): boolean {
  return asKind<VariableSetStmt>(statement, 'VariableSetStmt')?.is_local === true;
}

/** SET [LOCAL] <setting> to a non-zero value, or SELECT set_config('<setting>', …). */
export function setsTimeout(statement: ParsedStatement, setting: TimeoutSetting): boolean {
  const set = asKind<VariableSetStmt>(statement, 'VariableSetStmt');
  if (set) {
    if (set.name !== setting || set.kind !== 'VAR_SET_VALUE') return false;
    const value = nodeOfKind<A_Const>(set.args?.[0], 'A_Const');
    // The parse tree leaves a zero integer's value out: `{ ival: {} }`.
    return value?.ival !== undefined ? Boolean(value.ival.ival) : value?.sval?.sval !== '0';
  }
  const select = asKind<SelectStmt>(statement, 'SelectStmt');
  return (select?.targetList ?? []).some((target) => {
    const call = nodeOfKind<FuncCall>(nodeOfKind<ResTarget>(target, 'ResTarget')?.val, 'FuncCall');
    const name = call?.funcname?.map(stringValue).pop();
    const key = nodeOfKind<A_Const>(call?.args?.[0], 'A_Const')?.sval?.sval;
    const value = nodeOfKind<A_Const>(call?.args?.[1], 'A_Const')?.sval?.sval;
    return name === 'set_config' && key === setting && value !== '0';
  });
}

/** The values the timeout preamble sets (recipe 13). */
export const PREAMBLE_VALUES: Record<TimeoutSetting, string> = { lock_timeout: '2s', statement_timeout: '15min' };

/**
 * Recipe 13: the timeout preamble before the first statement of the transaction the slow statement
 * runs in: `setting`, plus the other timeout when it is missing too, as SET LOCAL inside a
 * transaction (it ends with it) and SET outside, with a comment that says what to do on timeout.
 */
export function timeoutPreambleFix(context: StatementContext, setting: TimeoutSetting, value: string): Fix {
  const other: TimeoutSetting = setting === 'lock_timeout' ? 'statement_timeout' : 'lock_timeout';
  if (!firstSlowLockWithoutTimeout(context, other)) return singleTimeoutFix(context, setting, value);
  const local = context.transaction.inTransaction ? 'LOCAL ' : '';
  const values = { ...PREAMBLE_VALUES, [setting]: value };
  const lines = [
    '-- Fail fast instead of queueing traffic behind a lock wait or a slow statement; retry the migration if it times out.',
    `SET ${local}lock_timeout = '${values.lock_timeout}';`,
    `SET ${local}statement_timeout = '${values.statement_timeout}';`,
  ];
  return { ...preambleFix(context, lines, `Insert the timeout preamble (SET ${local}lock_timeout and statement_timeout)`), preferred: true };
}

/** Inserts `SET [LOCAL] <setting> = '<value>';` before the first statement of the transaction the slow statement runs in. */
function singleTimeoutFix(context: StatementContext, setting: TimeoutSetting, value: string): Fix {
  const statement = `SET ${context.transaction.inTransaction ? 'LOCAL ' : ''}${setting} = '${value}';`;
  return { ...preambleFix(context, [statement], `Insert ${statement}`), preferred: true };
}

/** Lines inserted before the first statement of the slow statement's transaction (above its ignore comment). */
function preambleFix(context: StatementContext, lines: string[], title: string): Fix {
  const { document } = context.file;
  const newline = newlineOf(document.text);
  const beginIndex = context.transaction.explicit ? lastBegin(context) : -1;
  const anchor = document.statements[beginIndex + 1] ?? context.statement;
  const ignoreComment = anchor.leadingComments.find((c) => /safeshift-ignore|squawk-ignore/.test(c.text));
  // Above the statement's own comments too, so they stay next to it.
  const at = Math.min(ignoreComment ? ignoreComment.range.start : anchor.range.start, statementBlock(document, anchor).start);
  const line = document.lineIndex.positionAt(at).line;
  const lineStart = document.lineIndex.lineStart(line);
  const startsLine = document.text.slice(lineStart, at).trim() === '';
  // Mid-line, only statements fit: the comment line is left out.
  const text = startsLine ? lines.join(newline) + newline : lines.filter((l) => !l.startsWith('--')).join(' ') + ' ';
  return { title, edits: [{ range: { start: startsLine ? lineStart : at, end: startsLine ? lineStart : at }, newText: text }] };
}

function lastBegin(context: StatementContext): number {
  for (let i = context.previous.length - 1; i >= 0; i--) {
    const kind = asKind<TransactionStmt>(context.previous[i], 'TransactionStmt')?.kind;
    if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return i;
  }
  return -1;
}
