/**
 * Recipe 14: an UPDATE or DELETE that runs in the same transaction as DDL → the same statement in
 * its own migration, outside a transaction, run one range of pages at a time with a commit after
 * each, so neither the DDL's lock nor the rows' locks are held for the whole backfill.
 *
 * Batching by pages visits a row twice when an update moves it to a page not yet visited, so the
 * recipe is offered only for statements that may safely see a row again: DELETE, and UPDATE
 * whose new values do not read the columns it sets and call no function (unless the WHERE clause
 * itself reads a column it sets, which then excludes rows already done).
 */
import type { DeleteStmt, Node, ResTarget, UpdateStmt } from 'libpg-query';
import { asKind, nodeOfKind, relationName, walk } from '../../ast';
import { parserReady, scanText } from '../../parse/pgParser';
import type { Fix, StatementContext } from '../../rules/types';
import { EncodingMap } from '../../text/lineIndex';
import { nonTransactionalMode } from '../naming';
import { fixContextOf, nonTransactionalMigrations, planToFix, replaceStatement, statementBlock } from '../plan';
import { ownCommentLines, inUpSection } from './statementFacts';
import { batchedDoBlock, tableRef } from './sqlParts';

export type BatchPlan = { ok: true; sql: string } | { ok: false; reason: string };

/** The statement as a batched DO block, or why it cannot be batched safely. */
export function batchedBackfill(context: StatementContext): BatchPlan {
  const { statement } = context;
  const node = asKind<UpdateStmt>(statement, 'UpdateStmt') ?? asKind<DeleteStmt>(statement, 'DeleteStmt');
  const table = relationName(node?.relation);
  if (!node || !table) return { ok: false, reason: 'the statement has no target table' };
  if (node.withClause) return { ok: false, reason: 'the statement has a WITH clause' };
  if (node.returningClause) return { ok: false, reason: 'the statement returns rows' };
  if (statement.kind === 'UpdateStmt' && !revisitSafe(node as UpdateStmt)) {
    return { ok: false, reason: 'running the UPDATE twice on a row would change it twice' };
  }
  const split = splitAtWhere(statement.text);
  if (!split) return { ok: false, reason: 'the statement could not be scanned' };
  const ctid = `${node.relation?.alias?.aliasname ?? table.name}.ctid`;
  const batched = split.condition === undefined ? `${split.head}\n WHERE {batch};` : `${split.head}\n WHERE {batch}\n   AND (${split.condition});`;
  return { ok: true, sql: batchedDoBlock({ table: tableRef(statement, node.relation, table), statement: batched, ctid }, { partitions: context.pgAtLeast(12) }) };
}

/** The preferred fix of backfill-in-ddl-transaction: the statement, batched, in a non-transactional migration of its own. */
export function batchedBackfillFix(context: StatementContext): Fix | undefined {
  const ctx = fixContextOf(context);
  if (!ctx || !nonTransactionalMode(ctx) || !inUpSection(context)) return undefined;
  const plan = batchedBackfill(context);
  if (!plan.ok) return undefined;
  const { statement } = context;
  const document = context.file.document;
  const verb = statement.kind === 'UpdateStmt' ? 'UPDATE' : 'DELETE';
  const ownComments = ownCommentLines(document, statement, statementBlock(document, statement).start);
  const header = [`The ${verb} moved out of the DDL transaction of the previous migration, so that migration's locks are released first.`, ...ownComments];
  const comment = ['One range of pages per transaction, so no row stays locked for long and other writes go on; it runs outside a transaction.'];
  const followUps = nonTransactionalMigrations(ctx, `backfill ${relationName((statement.node as UpdateStmt).relation)?.name ?? ''}`, header, [{ comment, sql: plan.sql }]);
  return planToFix(context, {
    title: `Move the ${verb} to a migration of its own, batched outside a transaction`,
    followUps,
    edits: (names) => [replaceStatement(document, statement, `-- The ${verb} that was here runs batched in ${names.join(', ')}, after this migration's transaction commits.`)],
  });
}

function revisitSafe(update: UpdateStmt): boolean {
  const targets = new Set((update.targetList ?? []).map((t) => nodeOfKind<ResTarget>(t, 'ResTarget')?.name).filter((n): n is string => n !== undefined));
  const values = (update.targetList ?? []).map((t) => nodeOfKind<ResTarget>(t, 'ResTarget')?.val);
  if (values.some((value) => readsAny(value, targets))) return false;
  const callsFunction = values.some((value) => contains(value, 'FuncCall') || contains(value, 'SQLValueFunction'));
  return !callsFunction || readsAny(update.whereClause, targets);
}

function readsAny(node: Node | undefined, columns: Set<string>): boolean {
  let found = false;
  walk(node, (kind, value) => {
    if (kind !== 'ColumnRef') return;
    const fields = (value.fields as Node[] | undefined) ?? [];
    const last = nodeOfKind<{ sval?: string }>(fields[fields.length - 1], 'String')?.sval;
    if (last !== undefined && columns.has(last)) found = true;
  });
  return found;
}

function contains(node: Node | undefined, kind: string): boolean {
  let found = false;
  walk(node, (k) => {
    if (k === kind) found = true;
  });
  return found;
}

/**
 * The statement cut at its top-level WHERE: `head` before the keyword, `condition` after it
 * (without the semicolon). WHEREs inside parentheses (subqueries) are not top level.
 */
export function splitAtWhere(text: string): { head: string; condition?: string } | undefined {
  if (!parserReady()) return undefined;
  const scanned = scanText(text);
  if (!scanned.ok) return undefined;
  const encoding = new EncodingMap(text);
  let depth = 0;
  let end = text.length;
  let where: { start: number; end: number } | undefined;
  for (const token of scanned.tokens) {
    if (token.name === 'SQL_COMMENT' || token.name === 'C_COMMENT') continue;
    if (token.text === '(') depth++;
    else if (token.text === ')') depth--;
    else if (token.text === ';' && depth === 0) {
      end = encoding.fromUtf8(token.start);
      break;
    } else if (depth === 0 && !where && token.name !== 'IDENT' && token.text.toLowerCase() === 'where') {
      where = { start: encoding.fromUtf8(token.start), end: encoding.fromUtf8(token.end) };
    }
  }
  if (!where) return { head: text.slice(0, end).trimEnd() };
  return { head: text.slice(0, where.start).trimEnd(), condition: text.slice(where.end, end).trim() };
}
