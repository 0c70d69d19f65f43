/**
 * A rewrite plan (edits to the linted file plus new migrations after it) turned into a Fix with
 * file changes. Recipes describe what each step does; this module decides where each step lands
 * for the detected tool.
 */
import type { ParsedDocument, ParsedStatement } from '../parse/parseDocument';
import { sectionAt } from '../project/lintContext';
import type { Fix, StatementContext, TextEdit } from '../rules/types';
import { lazyFix } from './lazy';
import { canPlanMigrations, nonTransactionalMode, planMigrations, type NewMigration } from './naming';
import { commentLines, LOCK_TIMEOUT, setTimeout, sqlBlock } from './sql';
import type { FileChange, MigrationFixContext } from './types';

export interface RewritePlan {
  title: string;
  /** Edits to the linted file; `names` are the new migrations' files, to mention in comments. */
  edits(names: string[]): TextEdit[];
  /** New migrations, in order, right after the linted one. */
  followUps: NewMigration[];
  /** Other changes to existing files (a marker file, a sidecar). */
  changes?: FileChange[];
}

/** True when the statement sits in a down section (a goose/dbmate Down, a .down.sql file). */
export function inDownSection(context: StatementContext): boolean {
  const migration = context.file.migration;
  return migration !== undefined && sectionAt(migration, context.statement.range.start)?.direction === 'down';
}

export function fixContextOf(context: StatementContext): MigrationFixContext | undefined {
  return context.file.migration?.fixes;
}

/**
 * The Fix for a plan, or undefined when the tool cannot hold its migrations. Whether it exists is
 * decided now (rules offer other fixes when it does not); its title, edits and files are laid out
 * only when read (see lazyFix), so a lint that shows no fixes never builds them.
 */
export function planToFix(context: StatementContext, plan: RewritePlan): Fix | undefined {
  if (plan.followUps.length === 0 && !plan.changes?.length) return lazyFix(() => ({ title: plan.title, edits: plan.edits([]), preferred: true }));
  const ctx = fixContextOf(context);
  // A down section undoes its migration: its steps cannot move to new migrations that run up.
  if (!ctx || inDownSection(context)) return undefined;
  try {
    if (!canPlanMigrations(ctx, plan.followUps)) return undefined;
  } catch {
    // An unusual version or file name must cost the fix, never the finding.
    return undefined;
  }
  return lazyFix(() => {
    let planned: ReturnType<typeof planMigrations>;
    try {
      planned = planMigrations(ctx, plan.followUps);
    } catch {
      planned = undefined;
    }
    if (!planned) return undefined;
    const fileChanges = [...planned.changes, ...(plan.changes ?? [])];
    const where = planned.names.length ? ` (${planned.names.length === 1 ? 'new migration' : 'new migrations'} ${planned.names.join(', ')})` : '';
    return { title: `${plan.title}${where}`, edits: plan.edits(planned.names), preferred: true, fileChanges };
  });
}

export interface Step {
  /** Why this statement, in a line or two. */
  comment: string[];
  sql: string;
}

/**
 * Steps that must run outside a transaction as new migrations: one migration holding them all
 * where the tool sends statements one by one (with a lock timeout first), or one migration per
 * statement where it sends the file as one string, which PostgreSQL would run as one implicit
 * transaction.
 */
export function nonTransactionalMigrations(ctx: MigrationFixContext | undefined, description: string, header: string[], steps: Step[], down?: string): NewMigration[] {
  const mode = ctx ? nonTransactionalMode(ctx) : undefined;
  if (mode === 'statements') {
    const body = steps.map((s) => sqlBlock(s.comment, [s.sql]));
    const up = [...headerLines(header), setTimeout('lock_timeout', LOCK_TIMEOUT, false), '', ...joinParagraphs(body), '', 'RESET lock_timeout;'].join('\n');
    return [{ description, up, down, transactional: false }];
  }
  return steps.map((s, i) => ({
    description: steps.length > 1 ? `${description} ${i + 1}` : description,
    up: [...headerLines(header), sqlBlock(s.comment, [s.sql])].join('\n'),
    down: i === steps.length - 1 ? down : undefined,
    transactional: false,
  }));
}

function headerLines(header: string[]): string[] {
  return header.length ? [commentLines(header), ''] : [];
}

function joinParagraphs(blocks: string[]): string[] {
  return blocks.flatMap((b, i) => (i === 0 ? [b] : ['', b]));
}

/** A transactional follow-up migration with a lock timeout first. */
export function transactionalMigration(description: string, header: string[], steps: Step[], down?: string): NewMigration {
  const up = [...headerLines(header), setTimeout('lock_timeout', LOCK_TIMEOUT, true), '', ...joinParagraphs(steps.map((s) => sqlBlock(s.comment, [s.sql])))].join('\n');
  return { description, up, down, transactional: true };
}

// ---------------------------------------------------------------------------------------------
// Edits in the linted file

const DIRECTIVE = /^--\s*(\+goose|\+migrate|migrate:|changeset\b|liquibase\b|no-transaction|(up|down)\s+migration|rollback\b)/i;

/**
 * The text that belongs to a statement when it is moved or removed: its comment lines directly
 * above it (not tool directives), the statement, a comment on the rest of its last line, and
 * the line break.
 */
export function statementBlock(document: ParsedDocument, statement: ParsedStatement): { start: number; end: number } {
  const text = document.text;
  let start = statement.range.start;
  const ownComments = statement.leadingComments.filter((c) => !DIRECTIVE.test(c.text));
  for (let i = ownComments.length - 1; i >= 0; i--) {
    const comment = ownComments[i];
    if (text.slice(comment.range.end, start).trim() !== '' || text.slice(comment.range.end, start).split('\n').length > 2) break;
    start = comment.range.start;
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (text.slice(lineStart, start).trim() === '') start = lineStart;
  let end = statement.range.end;
  const rest = /^[ \t]*(--[^\n]*)?\r?\n?/.exec(text.slice(end));
  if (rest) end += rest[0].length;
  return { start, end };
}

/** Replaces a statement (with its comments) by `replacement` lines, keeping the file's line breaks. */
export function replaceStatement(document: ParsedDocument, statement: ParsedStatement, replacement: string): TextEdit {
  const block = statementBlock(document, statement);
  const newline = document.text.includes('\r\n') ? '\r\n' : '\n';
  const text = replacement === '' ? '' : replacement.replace(/\n/g, newline) + newline;
  return { range: block, newText: text };
}

/** Replaces the statement's own text (its comments stay) by `replacement`, which may span lines. */
export function rewriteInPlace(document: ParsedDocument, statement: ParsedStatement, replacement: string): TextEdit {
  const newline = document.text.includes('\r\n') ? '\r\n' : '\n';
  const lineStart = document.text.lastIndexOf('\n', statement.range.start - 1) + 1;
  const indent = document.text.slice(lineStart, statement.range.start);
  const separator = indent.trim() === '' ? newline + indent : ' ';
  return { range: statement.range, newText: replacement.split('\n').join(separator) };
}

/** Inserts lines after a statement (and the comment ending its line). */
export function insertAfterStatement(document: ParsedDocument, statement: ParsedStatement, lines: string): TextEdit {
  const block = statementBlock(document, statement);
  const newline = document.text.includes('\r\n') ? '\r\n' : '\n';
  const atEnd = block.end === document.text.length && !document.text.endsWith('\n');
  return { range: { start: block.end, end: block.end }, newText: (atEnd ? newline : '') + lines.replace(/\n/g, newline) + newline };
}
