/**
 * How a migration tool would send one script to PostgreSQL, as steps the sandbox can trace one
 * statement at a time: the statements (found by the real parser), which of them run inside the
 * tool's transaction, and which must run outside any transaction.
 */
import type { TransactionStmt } from 'libpg-query';
import { asKind } from '../analysis/ast';
import { parseDocument, type ParsedStatement } from '../analysis/parse/parseDocument';
import { preprocess } from '../analysis/parse/preprocess';
import { scriptText } from '../analysis/project/envelopes';
import { cannotRunInTransaction } from '../analysis/project/nonTransactional';
import { toolName } from '../analysis/project/tools/index';
import type { Migration, Script } from '../analysis/project/types';
import type { LineIndex } from '../analysis/text/lineIndex';

export interface PlannedStatement {
  statement: ParsedStatement;
  /** The SQL sent: the statement's text with the tool's placeholders substituted. */
  sql: string;
  /** 1-based lines in the file. */
  line: number;
  endLine: number;
  /** Inside the tool's own transaction (the sandbox opens it with BEGIN). */
  inEnvelope: boolean;
  /** PostgreSQL refuses it inside a transaction block (CONCURRENTLY, VACUUM…). */
  nonTransactional: boolean;
  /** BEGIN/START, COMMIT/ROLLBACK… written in the script itself. */
  transactionControl?: 'begin' | 'end';
  /** Said in the report when the sandbox runs it differently from the tool. */
  note?: string;
}

export interface ScriptPlan {
  file: string;
  direction: Script['direction'];
  statements: PlannedStatement[];
  /** The tool wraps (some of) the script in a transaction. */
  wraps: boolean;
  /** A syntax error the parser found, with its 1-based position: the script cannot run. */
  syntaxError?: { message: string; line: number; column: number };
  lineIndex: LineIndex;
}

export interface PlanOptions {
  assumeInTransaction: boolean;
  placeholders: Record<string, string>;
}

export function planScript(migration: Migration, script: Script, fileText: string, options: PlanOptions): ScriptPlan {
  const text = scriptText(script, fileText);
  const placeholders = { ...options.placeholders, ...migration.placeholders };
  const document = parseDocument(text, { placeholders });
  const syntax = document.problems.find((p) => p.code === 'syntax-error');
  const lineIndex = document.lineIndex;
  const plan: ScriptPlan = { file: script.file, direction: script.direction, statements: [], wraps: false, lineIndex };
  if (syntax) {
    const at = lineIndex.positionAt(syntax.range.start);
    plan.syntaxError = { message: syntax.message, line: at.line + 1, column: at.character + 1 };
    return plan;
  }
  const statements = document.statements.filter((s) => s.kind !== 'EmptyStmt');
  const nonTransactional = statements.map(cannotRunInTransaction);
  const envelope = script.envelope;
  let wraps =
    envelope.kind === 'per-migration' ||
    envelope.kind === 'all-pending' ||
    (envelope.kind === 'implicit' && !statements.some(isTransactionControl)) ||
    (envelope.kind === 'unknown' && options.assumeInTransaction);
  if (envelope.nonTransactional === 'alone-only' && nonTransactional.length > 0 && nonTransactional.every(Boolean)) wraps = false;
  if (envelope.nonTransactional === 'whole-script' && nonTransactional.some(Boolean)) wraps = false;
  plan.wraps = wraps;
  const tool = toolName(migration.tool);
  let open = wraps;
  statements.forEach((statement, i) => {
    const start = lineIndex.positionAt(statement.range.start).line + 1;
    const end = lineIndex.positionAt(Math.max(statement.range.start, statement.range.end - 1)).line + 1;
    const control = transactionControl(statement);
    const planned: PlannedStatement = {
      statement,
      sql: substitute(statement.text, placeholders),
      line: start,
      endLine: end,
      inEnvelope: open && !nonTransactional[i],
      nonTransactional: nonTransactional[i],
      transactionControl: control,
    };
    if (open && nonTransactional[i] && envelope.nonTransactional !== 'split-out') {
      planned.note = `Run outside the migration's transaction because PostgreSQL refuses it inside one; ${tool} would send it inside its transaction, where it fails (SQLSTATE 25001).`;
    }
    plan.statements.push(planned);
    if (control === 'end') open = false;
  });
  return plan;
}

/** Placeholders the tool substitutes (`${name}`, `{{ .Var }}`), with psql meta-commands blanked. */
function substitute(sql: string, placeholders: Record<string, string>): string {
  if (sql.indexOf('${') < 0 && sql.indexOf('{{') < 0 && sql.indexOf('\\') < 0) return sql;
  return preprocess(sql, placeholders).text;
}

function transactionKind(statement: ParsedStatement): string | undefined {
  return asKind<TransactionStmt>(statement, 'TransactionStmt')?.kind;
}

function isTransactionControl(statement: ParsedStatement): boolean {
  return transactionControl(statement) !== undefined;
}

function transactionControl(statement: ParsedStatement): PlannedStatement['transactionControl'] {
  const kind = transactionKind(statement);
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return 'begin';
  if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE' || kind === 'TRANS_STMT_COMMIT_PREPARED') return 'end';
  return undefined;
}

/** The up scripts a tool runs for a migration, in file order (dbmate allows several per file). */
export function upScripts(migration: Migration): Script[] {
  return migration.sections.filter((s) => s.direction === 'up');
}

export function downScripts(migration: Migration): Script[] {
  return migration.sections.filter((s) => s.direction === 'down');
}

/** Migrations the tool applies to build the schema (not callbacks, not code migrations). */
export function appliesSchema(migration: Migration): boolean {
  return migration.kind !== 'callback' && migration.kind !== 'code' && upScripts(migration).length > 0;
}
