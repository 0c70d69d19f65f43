/**
 * What H5's recipes read from the lint context: the schema before the statement, and edits that
 * replace a statement's own text while keeping the comments around it.
 */
import type { ParsedDocument, ParsedStatement } from '../../parse/parseDocument';
import type { StatementContext, TextEdit } from '../../rules/types';
import type { ColumnUsers } from '../../schema/lookup';
import type { Catalog } from '../../schema/model';
import { sectionAt } from '../../project/lintContext';

/** The catalog as the statement finds it (the project's history and the file's earlier statements), when the lint has one. */
export function catalogOf(context: StatementContext): Catalog | undefined {
  return context.catalog?.() ?? context.file.migration?.schema?.catalog;
}

/** Replaces exactly the statement's text (first token through semicolon) with `text`, in the file's line breaks. */
export function replaceStatementText(document: ParsedDocument, statement: ParsedStatement, text: string): TextEdit {
  const newline = document.text.includes('\r\n') ? '\r\n' : '\n';
  return { range: statement.range, newText: text.replace(/\n/g, newline) };
}

/** `index users_email_idx, view active_users`: what uses a column, for comments. */
export function dependentNames(users: ColumnUsers): string[] {
  return [
    ...users.indexes.filter((i) => !i.constraint).map((i) => `index ${i.name}`),
    // NOT NULL is the column's own property; the recipes speak of it separately.
    ...users.constraints.filter((c) => c.constraint.kind !== 'not null').map((c) => `constraint ${c.constraint.name}`),
    ...users.views.map((v) => `view ${v.name}`),
    ...users.triggers.map((t) => `trigger ${t.name}`),
    ...users.generatedColumns.map((c) => `generated column ${c}`),
  ];
}

/** The user's comment lines right above a statement (those a move takes along), without `--`. */
export function ownCommentLines(document: ParsedDocument, statement: ParsedStatement, blockStart: number): string[] {
  return document.text
    .slice(blockStart, statement.range.start)
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^--\s?/, ''))
    .filter((line) => line !== '');
}

/**
 * The statements of the down section(s) in the same file as the statement's up section (goose,
 * dbmate, sql-migrate keep both in one file), so a fix can keep the down in step with the up.
 */
export function sameFileDownStatements(context: StatementContext): ParsedStatement[] {
  const migration = context.file.migration;
  if (!migration) return [];
  const current = sectionAt(migration, context.statement.range.start);
  if (!current || current.direction !== 'up') return [];
  return context.file.document.statements.filter((s) => {
    const section = sectionAt(migration, s.range.start);
    return section?.direction === 'down' && section.file === current.file && !section.pieces;
  });
}

/**
 * False for a statement in a down section: a rollback is no place to add migrations or move
 * statements to later ones, so the recipes that do are offered only for up sections (or files
 * outside a migration project, where there are no sections).
 */
export function inUpSection(context: StatementContext): boolean {
  const migration = context.file.migration;
  if (!migration) return true;
  return sectionAt(migration, context.statement.range.start)?.direction !== 'down';
}
