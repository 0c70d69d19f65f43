import type { A_Const, FuncCall, ResTarget, SelectStmt, TransactionStmt, VariableSetStmt } from 'libpg-query';
import { asKind, nodeOfKind, stringValue } from '../ast';
import type { ParsedStatement } from '../parse/parseDocument';
import { sectionAt } from '../project/lintContext';
import { newlineOf } from './helpers';
import type { Fix, Rule, StatementContext } from './types';

const SETTING = 'idle_in_transaction_session_timeout';
/** Long enough for any pause of a migration tool between statements, short enough to free the locks of a stuck one. */
const SUGGESTED_TIMEOUT = '1min';

export const requireIdleInTransactionTimeout: Rule = {
  meta: {
    id: 'require-idle-in-transaction-timeout',
    category: 'locking',
    defaultSeverity: 'off',
    summary: 'A migration that opens a transaction should set idle_in_transaction_session_timeout, so a stalled migration does not hold its locks indefinitely.',
    docs: {
      badExample: 'BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nCOMMIT;',
      goodExample: `SET ${SETTING} = '${SUGGESTED_TIMEOUT}';\nBEGIN;\nALTER TABLE orders ADD COLUMN region text;\nCOMMIT;`,
      why: 'Locks taken inside a transaction are held until it ends. If the migration tool stalls between statements (a crashed deploy script, a debugger, a network partition that leaves the connection open), the transaction sits "idle in transaction" with every lock it has taken, and an ACCESS EXCLUSIVE lock left that way blocks the table for everyone until someone finds and kills the session. statement_timeout does not help, because no statement is running.',
      safeAlternative: `Set ${SETTING} before the transaction opens (or SET LOCAL inside it), for example SET ${SETTING} = '${SUGGESTED_TIMEOUT}', so PostgreSQL ends a session that stays idle inside the transaction and releases its locks. From PostgreSQL 17, a transaction_timeout counts as well.`,
    },
  },
  check(context) {
    const opening = opensTransaction(context);
    if (!opening) return [];
    const settings = timeoutSettings(context);
    if (setEarlier(context, settings) || setInsideTransaction(context, settings)) return [];
    const how = opening === 'explicit' ? 'This transaction' : 'The transaction the migration tool wraps this file in';
    return [
      {
        message: `${how} runs without ${SETTING}: if the migration stalls between statements, the transaction stays open with every lock it has taken (an ACCESS EXCLUSIVE lock blocks all reads and writes of its table) until someone kills the session. Set ${SETTING} first.`,
        fixes: [preambleFix(context, opening)],
      },
    ];
  },
};

/** Whether this statement opens a transaction: a BEGIN written in the file, or the first statement of the tool's envelope. */
function opensTransaction(context: StatementContext): 'explicit' | 'envelope' | undefined {
  const { statement, transaction, file } = context;
  const kind = asKind<TransactionStmt>(statement, 'TransactionStmt')?.kind;
  if ((kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') && !transaction.inTransaction) return 'explicit';
  if (!transaction.envelope) return undefined;
  const before = context.previous[context.previous.length - 1];
  if (!before || !file.transactions[before.index]?.envelope) return 'envelope';
  const { migration } = file;
  return migration && sectionAt(migration, before.range.start) !== sectionAt(migration, statement.range.start) ? 'envelope' : undefined;
}

/** The settings that bound an idle transaction: from PostgreSQL 17, transaction_timeout bounds the whole transaction, idle time included. */
function timeoutSettings(context: StatementContext): string[] {
  return context.pgAtLeast(17) ? [SETTING, 'transaction_timeout'] : [SETTING];
}

/** A session-level SET earlier in the file lasts for the rest of the session. */
function setEarlier(context: StatementContext, settings: string[]): boolean {
  return context.previous.some((s) => setsTimeout(s, settings) === 'session');
}

/** A SET or SET LOCAL anywhere in the transaction this statement opens. */
function setInsideTransaction(context: StatementContext, settings: string[]): boolean {
  const { statements } = context.file.document;
  for (let i = context.statement.index; i < statements.length; i++) {
    const statement = statements[i];
    if (i > context.statement.index && !context.file.transactions[i]?.inTransaction) return false;
    if (setsTimeout(statement, settings)) return true;
    const kind = asKind<TransactionStmt>(statement, 'TransactionStmt')?.kind;
    if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK') return false;
  }
  return false;
}

/** SET [LOCAL] one of `settings` to a non-zero value, or set_config(…). */
function setsTimeout(statement: ParsedStatement, settings: string[]): 'session' | 'local' | undefined {
  const set = asKind<VariableSetStmt>(statement, 'VariableSetStmt');
  if (set) {
    if (!settings.includes(set.name ?? '') || set.kind !== 'VAR_SET_VALUE') return undefined;
    const value = nodeOfKind<A_Const>(set.args?.[0], 'A_Const');
    // The parse tree leaves a zero integer's value out: `{ ival: {} }`; 0 turns the timeout off.
    const enabled = value?.ival !== undefined ? Boolean(value.ival.ival) : value?.sval?.sval !== '0';
    return enabled ? (set.is_local ? 'local' : 'session') : undefined;
  }
  const select = asKind<SelectStmt>(statement, 'SelectStmt');
  for (const target of select?.targetList ?? []) {
    const call = nodeOfKind<FuncCall>(nodeOfKind<ResTarget>(target, 'ResTarget')?.val, 'FuncCall');
    const name = call?.funcname?.map(stringValue).pop();
    const setting = nodeOfKind<A_Const>(call?.args?.[0], 'A_Const')?.sval?.sval;
    const value = nodeOfKind<A_Const>(call?.args?.[1], 'A_Const')?.sval?.sval;
    const local = nodeOfKind<A_Const>(call?.args?.[2], 'A_Const')?.boolval?.boolval === true;
    if (name === 'set_config' && setting !== undefined && settings.includes(setting) && value !== '0') return local ? 'local' : 'session';
  }
  return undefined;
}

/** Inserts the setting on its own line before the BEGIN (as a session SET), or before the envelope's first statement (as SET LOCAL). */
function preambleFix(context: StatementContext, opening: 'explicit' | 'envelope'): Fix {
  const { document } = context.file;
  const anchor = context.statement;
  const ignoreComment = anchor.leadingComments.find((c) => /safeshift-ignore|squawk-ignore/.test(c.text));
  const at = ignoreComment ? ignoreComment.range.start : anchor.range.start;
  const line = document.lineIndex.positionAt(at).line;
  const lineStart = document.lineIndex.lineStart(line);
  const startsLine = document.text.slice(lineStart, at).trim() === '';
  const setting = `SET ${opening === 'envelope' ? 'LOCAL ' : ''}${SETTING} = '${SUGGESTED_TIMEOUT}';`;
  return {
    title: `Insert ${setting}`,
    preferred: true,
    edits: [startsLine ? { range: { start: lineStart, end: lineStart }, newText: setting + newlineOf(document.text) } : { range: { start: at, end: at }, newText: setting + ' ' }],
  };
}
