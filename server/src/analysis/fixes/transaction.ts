/**
 * Taking a statement out of the transaction the way the detected tool allows: when the statement
 * is alone in its migration, mark the migration (goose NO TRANSACTION, dbmate transaction:false,
 * sqlx -- no-transaction, Diesel metadata.toml, a Flyway sidecar, sql-migrate notransaction);
 * otherwise move it to a new migration of its own right after the current one.
 */
import type { VariableSetStmt } from 'libpg-query';
import { asKind } from '../ast';
import type { ParsedStatement } from '../parse/parseDocument';
import { sectionAt } from '../project/lintContext';
import { dirnameOf, joinPath } from '../project/paths';
import type { Fix, StatementContext, TextEdit } from '../rules/types';
import { nonTransactionalMode } from './naming';
import { fixContextOf, inDownSection, nonTransactionalMigrations, planToFix, replaceStatement, rewriteInPlace, statementBlock, type Step } from './plan';
import type { ParsedDocument } from '../parse/parseDocument';
import type { FileChange, MigrationFixContext } from './types';

export interface OutsideTransaction {
  /** What the fix does, e.g. `Build the index concurrently`. */
  title: string;
  /** The title when the statement already runs outside a transaction and only its text changes. */
  inPlaceTitle?: string;
  /** The statement rewritten, e.g. with CONCURRENTLY. */
  sql: string;
  /** Why, in comment lines, placed above the statement. */
  comment: string[];
  /** Words for a new migration's name. */
  description: string;
  /** The down SQL of a new migration. */
  down?: string;
}

/** The fix that runs `rewrite` outside a transaction, or undefined when the tool offers no way. */
export function outsideTransactionFix(context: StatementContext, rewrite: OutsideTransaction): Fix | undefined {
  const { statement } = context;
  const document = context.file.document;
  const rewritten = (): TextEdit => rewriteInPlace(document, statement, [...rewrite.comment.map((l) => `-- ${l}`), rewrite.sql].join('\n'));
  // Already outside a transaction: only the statement changes, as a token edit would.
  if (!context.transaction.inTransaction) return { title: rewrite.inPlaceTitle ?? rewrite.title, edits: [rewriteInPlace(document, statement, rewrite.sql)], preferred: true };
  const ctx = fixContextOf(context);
  const migration = context.file.migration;
  if (!ctx || !migration || inDownSection(context)) return undefined;
  if (!context.transaction.explicit) {
    const marked = markNonTransactional(context, ctx, sameSectionStatements(context));
    if (marked) return { title: `${rewrite.title} (${marked.how})`, edits: [...marked.edits, rewritten()], preferred: true, fileChanges: marked.changes };
  }
  // The user's own comments above the statement move with it.
  const step: Step = { comment: [...userComments(document, statement), ...rewrite.comment], sql: rewrite.sql };
  const followUps = nonTransactionalMigrations(ctx, rewrite.description, [], [step], rewrite.down);
  return planToFix(context, {
    title: `${rewrite.title} in a migration of its own`,
    followUps,
    edits: (names) => [replaceStatement(document, statement, `-- ${firstWords(rewrite.sql)} moved to ${names.join(', ')}: it cannot run inside this migration's transaction.`)],
  });
}

/** The comment lines above a statement that move with it, without their `--`. */
export function userComments(document: ParsedDocument, statement: ParsedStatement): string[] {
  const block = statementBlock(document, statement);
  return document.text
    .slice(block.start, statement.range.start)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith('--'))
    .map((line) => line.replace(/^--\s?/, ''));
}

function firstWords(sql: string): string {
  return sql.replace(/\s+/g, ' ').split(' ').slice(0, 3).join(' ').replace(/;$/, '');
}

/** The statements of the section (up or down) the statement sits in. */
export function sameSectionStatements(context: StatementContext): ParsedStatement[] {
  const migration = context.file.migration;
  const statements = context.file.document.statements;
  if (!migration) return statements;
  // Grouped once per lint of the file: a file with thousands of findings asks for every one.
  let bySection = sectionsCache.get(context.file);
  if (!bySection) {
    bySection = new Map();
    for (const statement of statements) {
      const section = sectionAt(migration, statement.range.start);
      bySection.set(section, [...(bySection.get(section) ?? []), statement]);
    }
    sectionsCache.set(context.file, bySection);
  }
  return bySection.get(sectionAt(migration, context.statement.range.start)) ?? [];
}

const sectionsCache = new WeakMap<object, Map<unknown, ParsedStatement[]>>();

function isSet(statement: ParsedStatement): boolean {
  return asKind<VariableSetStmt>(statement, 'VariableSetStmt') !== undefined;
}

interface Marking {
  how: string;
  edits: TextEdit[];
  changes?: FileChange[];
}

/**
 * Marks the current migration non-transactional when that is enough: the statement is alone in
 * it (or, where statements are sent one by one, joined only by SET statements).
 */
function markNonTransactional(context: StatementContext, ctx: MigrationFixContext, section: ParsedStatement[]): Marking | undefined {
  const mode = nonTransactionalMode(ctx);
  const alone = section.length === 1 && section[0] === context.statement;
  // Stops at the first other statement that is not a SET: cheap even with thousands of statements.
  const onlySets = section.every((s) => s === context.statement || isSet(s));
  if (!mode || !(alone || (mode === 'statements' && onlySets))) return undefined;
  const text = context.file.document.text;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  switch (ctx.tool) {
    case 'goose':
      return { how: 'goose NO TRANSACTION', edits: [{ range: { start: 0, end: 0 }, newText: `-- +goose NO TRANSACTION${newline}` }] };
    case 'sql-migrate':
    case 'dbmate': {
      const marker = ctx.tool === 'dbmate' ? /^--\s*migrate:up\b[^\r\n]*/gm : /^--\s*\+migrate\s+Up\b[^\r\n]*/gim;
      const at = lastMatchBefore(text, marker, context.statement.range.start);
      if (!at) return undefined;
      const option = ctx.tool === 'dbmate' ? ' transaction:false' : ' notransaction';
      return { how: ctx.tool === 'dbmate' ? 'dbmate transaction:false' : 'sql-migrate notransaction', edits: [{ range: { start: at.end, end: at.end }, newText: option }] };
    }
    case 'sqlx':
      return { how: 'sqlx -- no-transaction', edits: [{ range: { start: 0, end: 0 }, newText: `-- no-transaction${newline}` }] };
    case 'diesel': {
      const path = joinPath(dirnameOf(ctx.file), 'metadata.toml');
      const existing = ctx.related[path];
      const change: FileChange =
        existing === undefined
          ? { kind: 'create', path, text: 'run_in_transaction = false\n' }
          : { kind: 'edit', path, original: existing, edits: [tomlSetting(existing, 'run_in_transaction', 'false')] };
      return { how: 'Diesel metadata.toml run_in_transaction = false', edits: [], changes: [change] };
    }
    case 'flyway': {
      // A script of only non-transactional statements runs without a transaction by itself.
      if (alone) return { how: 'Flyway runs a script of only such statements without a transaction', edits: [] };
      const path = `${ctx.file}.conf`;
      const existing = ctx.related[path];
      const change: FileChange =
        existing === undefined
          ? { kind: 'create', path, text: 'executeInTransaction=false\n' }
          : { kind: 'edit', path, original: existing, edits: [propertySetting(existing, 'executeInTransaction', 'false')] };
      return { how: 'Flyway sidecar executeInTransaction=false', edits: [], changes: [change] };
    }
    default:
      return undefined;
  }
}

function lastMatchBefore(text: string, pattern: RegExp, before: number): { start: number; end: number } | undefined {
  let found: { start: number; end: number } | undefined;
  for (const match of text.matchAll(pattern)) {
    if (match.index === undefined || match.index >= before) break;
    found = { start: match.index, end: match.index + match[0].length };
  }
  return found;
}

/** Sets `key = value` in a small TOML file: replaces the line when present, else appends one. */
function tomlSetting(text: string, key: string, value: string): TextEdit {
  const line = new RegExp(`^\\s*${key}\\s*=.*$`, 'm').exec(text);
  if (line) return { range: { start: line.index, end: line.index + line[0].length }, newText: `${key} = ${value}` };
  const prefix = text === '' || text.endsWith('\n') ? '' : '\n';
  return { range: { start: text.length, end: text.length }, newText: `${prefix}${key} = ${value}\n` };
}

/** Sets `key=value` in a Java properties file (a Flyway sidecar). */
function propertySetting(text: string, key: string, value: string): TextEdit {
  const line = new RegExp(`^\\s*${key}\\s*[=:].*$`, 'm').exec(text);
  if (line) return { range: { start: line.index, end: line.index + line[0].length }, newText: `${key}=${value}` };
  const prefix = text === '' || text.endsWith('\n') ? '' : '\n';
  return { range: { start: text.length, end: text.length }, newText: `${prefix}${key}=${value}\n` };
}
