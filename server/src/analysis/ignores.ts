/**
 * Ignore comments: `-- safeshift-ignore rule-a, rule-b -- reason` before a statement (or at the
 * end of its last line) and `-- safeshift-ignore-file rule` anywhere. Squawk's `squawk-ignore`
 * and `squawk-ignore-file` are accepted as aliases so teams can switch without rewriting comments.
 */
import type { ParsedDocument, SqlComment } from './parse/parseDocument';
import type { OffsetRange } from './text/lineIndex';
import type { Fix } from './rules/types';

export interface IgnoreDirective {
  comment: SqlComment;
  tool: 'safeshift' | 'squawk';
  fileLevel: boolean;
  /** Named rules with their ranges; empty means every rule. */
  rules: Array<{ id: string; range: OffsetRange }>;
  /** For statement-level ignores: the statement the comment belongs to. */
  statementIndex?: number;
}

const DIRECTIVE = /^(?:--|\/\*)\s*(safeshift|squawk)-ignore(-file)?(?=\s|\*\/|$)/;

export function findIgnores(document: ParsedDocument): IgnoreDirective[] {
  // By position, not object identity: after an incremental re-parse a statement's comments and
  // the document's list may be separate (equal) copies.
  const owner = new Map<number, number>();
  for (const statement of document.statements) {
    for (const comment of statement.leadingComments) owner.set(comment.range.start, statement.index);
    if (statement.trailingComment) owner.set(statement.trailingComment.range.start, statement.index);
  }
  const directives: IgnoreDirective[] = [];
  for (const comment of document.comments) {
    const match = DIRECTIVE.exec(comment.text);
    if (!match) continue;
    const fileLevel = match[2] !== undefined;
    const statementIndex = owner.get(comment.range.start);
    if (!fileLevel && statementIndex === undefined) continue;
    directives.push({
      comment,
      tool: match[1] as 'safeshift' | 'squawk',
      fileLevel,
      rules: ruleNames(comment, match[0].length),
      statementIndex: fileLevel ? undefined : statementIndex,
    });
  }
  return directives;
}

/** Rule names follow the directive, separated by commas or spaces, up to ` -- reason` or the end of a block comment. */
function ruleNames(comment: SqlComment, offset: number): Array<{ id: string; range: OffsetRange }> {
  let list = comment.text.slice(offset);
  const end = list.search(/\s--|\*\//);
  if (end >= 0) list = list.slice(0, end);
  const names: Array<{ id: string; range: OffsetRange }> = [];
  for (const match of list.matchAll(/[A-Za-z0-9_-]+/g)) {
    const start = comment.range.start + offset + match.index!;
    names.push({ id: match[0], range: { start, end: start + match[0].length } });
  }
  return names;
}

/**
 * Squawk's names that differ from Safeshift's id for the same rule: its documented
 * `prefer-timestamptz`, and its deprecated `require-timeout-settings`, which stands for both timeouts.
 */
const IGNORE_ALIASES: Record<string, readonly string[]> = {
  'prefer-timestamptz': ['prefer-timestamp-tz'],
  'require-timeout-settings': ['require-lock-timeout', 'require-statement-timeout'],
};

export function ignoreCovers(directive: IgnoreDirective, ruleId: string): boolean {
  return directive.rules.length === 0 || directive.rules.some((r) => r.id === ruleId || IGNORE_ALIASES[r.id]?.includes(ruleId) === true);
}

/** "Ignore for this statement": a comment on the line above, or one more name in one already there. */
export function ignoreStatementFix(document: ParsedDocument, statementIndex: number, ruleId: string, ignores: IgnoreDirective[]): Fix {
  const existing = ignores.find((d) => !d.fileLevel && d.tool === 'safeshift' && d.statementIndex === statementIndex && d.rules.length > 0);
  if (existing) return appendToDirective(existing, ruleId, `Ignore ${ruleId} for this statement`);
  const statement = document.statements[statementIndex];
  const line = document.lineIndex.positionAt(statement.range.start).line;
  const lineStart = document.lineIndex.lineStart(line);
  const indentation = /^[ \t]*/.exec(document.lineIndex.lineText(line))![0];
  const startsLine = document.text.slice(lineStart, statement.range.start).trim() === '';
  const newline = newlineOf(document);
  const edit = startsLine
    ? { range: { start: lineStart, end: lineStart }, newText: `${indentation}-- safeshift-ignore ${ruleId}${newline}` }
    : { range: { start: statement.range.start, end: statement.range.start }, newText: `${newline}${indentation}-- safeshift-ignore ${ruleId}${newline}${indentation}` };
  return { title: `Ignore ${ruleId} for this statement`, edits: [edit] };
}

/** Once per document: each finding gets ignore fixes, and a long file has hundreds of findings. */
const newlines = new WeakMap<ParsedDocument, string>();

function newlineOf(document: ParsedDocument): string {
  let newline = newlines.get(document);
  if (newline === undefined) newlines.set(document, (newline = document.text.includes('\r\n') ? '\r\n' : '\n'));
  return newline;
}

/** "Ignore for this file": a `safeshift-ignore-file` comment at the top. */
export function ignoreFileFix(document: ParsedDocument, ruleId: string, ignores: IgnoreDirective[]): Fix {
  const existing = ignores.find((d) => d.fileLevel && d.tool === 'safeshift' && d.rules.length > 0);
  if (existing) return appendToDirective(existing, ruleId, `Ignore ${ruleId} for this file`);
  const newline = newlineOf(document);
  return {
    title: `Ignore ${ruleId} for this file`,
    edits: [{ range: { start: 0, end: 0 }, newText: `-- safeshift-ignore-file ${ruleId}${newline}` }],
  };
}

function appendToDirective(directive: IgnoreDirective, ruleId: string, title: string): Fix {
  const last = directive.rules[directive.rules.length - 1];
  return { title, edits: [{ range: { start: last.range.end, end: last.range.end }, newText: `, ${ruleId}` }] };
}

/** Deletes an ignore comment, and its whole line when nothing else is on it. */
export function removeDirectiveFix(document: ParsedDocument, directive: IgnoreDirective): Fix {
  const { start, end } = directive.comment.range;
  const line = document.lineIndex.positionAt(start).line;
  const lineStart = document.lineIndex.lineStart(line);
  const lineText = document.lineIndex.lineText(line);
  const ownsLine = lineText.trim() === directive.comment.text.trim();
  const nextLineStart = line + 1 < document.lineIndex.lineCount ? document.lineIndex.lineStart(line + 1) : document.text.length;
  const range = ownsLine ? { start: lineStart, end: nextLineStart } : { start: trimLeftSpace(document.text, start), end };
  return { title: 'Remove this ignore comment', edits: [{ range, newText: '' }] };
}

function trimLeftSpace(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i;
}
