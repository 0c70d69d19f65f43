/**
 * Turns a migration's text into statements with exact ranges, their comments, and the problems
 * found on the way. The whole file goes through PostgreSQL's parser first; only when that fails is
 * it cut at top-level semicolons found by PostgreSQL's scanner, so one broken statement never hides
 * the ones after it.
 */
import { EncodingMap, LineIndex, type OffsetRange } from '../text/lineIndex';
import { parseText, type Node } from './pgParser';
import { preprocess, type Preprocessed } from './preprocess';

export interface SqlComment {
  range: OffsetRange;
  text: string;
}

export interface ParsedStatement {
  index: number;
  /** The parse node's type, for example `IndexStmt` or `AlterTableStmt`. */
  kind: string;
  /** The parse node itself, for example the `IndexStmt` object. */
  node: unknown;
  ast: Node;
  /** From the first token through the terminating semicolon, in original-text offsets. */
  range: OffsetRange;
  text: string;
  /** Comments between the previous statement and this one. */
  leadingComments: SqlComment[];
  /** A comment that starts on the line where this statement ends. */
  trailingComment?: SqlComment;
  /** Maps a parse-node `location` (UTF-8 bytes within the parsed text) to an original offset; unknown (-1) maps to the statement start. */
  offsetOf(location: number | undefined): number;
}

export type ProblemCode = 'syntax-error' | 'psql-meta-command' | 'unresolved-placeholder' | 'invalid-input' | 'empty-migration';

export interface ParseProblem {
  code: ProblemCode;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  range: OffsetRange;
}

export interface ParsedDocument {
  text: string;
  lineIndex: LineIndex;
  statements: ParsedStatement[];
  comments: SqlComment[];
  problems: ParseProblem[];
  /** Set when a later edit may re-parse only the changed region (no preprocessing involved). */
  reuseKey?: string;
}

export interface ParseOptions {
  placeholders?: Record<string, string>;
  /** Files larger than this many bytes are reported and not parsed. */
  maxFileBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Parses `text`. With `previous` (the same document before an edit), statements before and after
 * the edited region are reused and only the region is parsed again, whenever that provably gives
 * the same result as a full parse; otherwise the whole text is parsed.
 */
export function parseDocument(text: string, options: ParseOptions = {}, previous?: ParsedDocument): ParsedDocument {
  const lineIndex = new LineIndex(text);
  const doc: ParsedDocument = { text, lineIndex, statements: [], comments: [], problems: [] };
  const refusal = refuseInput(text, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  if (refusal) {
    doc.problems.push(refusal);
    return doc;
  }
  const pre = preprocess(text, options.placeholders);
  reportPreprocessing(pre, doc);
  const reuseKey = pre.text === text ? JSON.stringify(options) : undefined;
  const reused = reuseKey !== undefined && previous?.reuseKey === reuseKey && reparseEditedRegion(previous, doc);
  if (!reused) {
    const whole = parseText(pre.text);
    const pieces: ParsedPiece[] = whole.ok
      ? [{ base: 0, parsedText: pre.text, statements: whole.statements }]
      : recoverStatements(pre.text, doc, pre).pieces;
    doc.statements = buildStatements(pieces, pre, doc.text);
    attachComments(pre, doc, doc.statements, 0, pre.text.length);
  }
  doc.statements.forEach((statement, index) => (statement.index = index));
  doc.reuseKey = reuseKey;
  if (doc.statements.length === 0 && doc.problems.length === 0) {
    doc.problems.push({
      code: 'empty-migration',
      severity: 'info',
      message: text.trim() === '' ? 'This migration file is empty.' : 'This migration file has comments but no SQL statements.',
      range: { start: 0, end: Math.min(text.length, firstLineEnd(text)) },
    });
  }
  return doc;
}

/**
 * Re-parses only the text between the last unchanged statement before the edit and the first
 * unchanged statement after it. Gives up (returns false) when the edited region could change how
 * the rest of the file splits: a statement left without its semicolon, or an unterminated quote
 * or comment that would run into the text after it.
 */
function reparseEditedRegion(previous: ParsedDocument, doc: ParsedDocument): boolean {
  const oldText = previous.text;
  const text = doc.text;
  const prefix = commonPrefixLength(oldText, text);
  const suffix = commonSuffixLength(oldText, text, Math.min(oldText.length, text.length) - prefix);
  const oldChangeEnd = oldText.length - suffix;
  const delta = text.length - oldText.length;
  const statements = previous.statements;
  let before = 0;
  while (before < statements.length && statements[before].range.end <= prefix && statements[before].text.endsWith(';')) before++;
  let after = statements.length;
  while (after > before && statements[after - 1].range.start >= oldChangeEnd) after--;
  const regionStart = before > 0 ? statements[before - 1].range.end : 0;
  const oldRegionEnd = after < statements.length ? statements[after].range.start : oldText.length;
  const regionEnd = oldRegionEnd + delta;
  const hasSuffix = after < statements.length;

  const region = text.slice(regionStart, regionEnd);
  const local = shiftedPreprocessed(region, regionStart);
  const sink: ParseProblem[] = [];
  const outcome = parseText(region);
  let pieces: ParsedPiece[];
  let open: boolean;
  if (outcome.ok) {
    pieces = [{ base: 0, parsedText: region, statements: outcome.statements }];
    open = false;
  } else {
    const recovered = recoverStatements(region, { problems: sink }, local);
    pieces = recovered.pieces;
    open = recovered.open;
  }
  const middle = buildStatements(pieces, local, text);
  const last = middle[middle.length - 1];
  // A region that ends inside a statement, literal or comment would run on into the text after it.
  if (hasSuffix && (open || splitStatements(region).open || (last !== undefined && !last.text.endsWith(';')))) return false;

  const lastBefore = before > 0 ? { ...statements[before - 1] } : undefined;
  const shiftedAfter = statements.slice(after).map((statement) => shiftStatement(statement, delta));
  doc.statements = [...statements.slice(0, Math.max(0, before - 1)), ...(lastBefore ? [lastBefore] : []), ...middle, ...shiftedAfter];
  doc.comments = previous.comments.filter((c) => c.range.end <= regionStart);
  attachComments(local, doc, middle, 0, region.length, lastBefore, shiftedAfter[0]);
  doc.comments.push(...previous.comments.filter((c) => c.range.start >= oldRegionEnd).map((c) => shiftComment(c, delta)));
  const kept = previous.problems.filter((p) => p.code === 'syntax-error');
  doc.problems.push(
    ...kept.filter((p) => p.range.end <= regionStart),
    ...sink,
    ...kept.filter((p) => p.range.start >= oldRegionEnd).map((p) => ({ ...p, range: shiftRange(p.range, delta) })),
  );
  return true;
}

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffixLength(a: string, b: string, limit: number): number {
  let i = 0;
  while (i < limit && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

function shiftRange(range: OffsetRange, delta: number): OffsetRange {
  return { start: range.start + delta, end: range.end + delta };
}

function shiftComment(comment: SqlComment, delta: number): SqlComment {
  return { range: shiftRange(comment.range, delta), text: comment.text };
}

function shiftStatement(statement: ParsedStatement, delta: number): ParsedStatement {
  if (delta === 0) return { ...statement };
  return {
    ...statement,
    range: shiftRange(statement.range, delta),
    leadingComments: statement.leadingComments.map((c) => shiftComment(c, delta)),
    trailingComment: statement.trailingComment && shiftComment(statement.trailingComment, delta),
    offsetOf: locatorAt(statement, delta),
  };
}

type Locate = (location: number | undefined) => number;

/**
 * Each `offsetOf` remembers the function that located nodes when the statement was parsed and how
 * far edits before it have moved it since, so a statement reused across many edits costs one
 * addition per lookup rather than one closure per edit.
 */
const locators = new WeakMap<Locate, { locate: Locate; shift: number }>();

function newLocator(locate: Locate): Locate {
  locators.set(locate, { locate, shift: 0 });
  return locate;
}

function locatorAt(statement: ParsedStatement, delta: number): Locate {
  const origin = locators.get(statement.offsetOf) ?? { locate: statement.offsetOf, shift: 0 };
  const shift = origin.shift + delta;
  const shifted: Locate = (location) => origin.locate(location) + shift;
  locators.set(shifted, { locate: origin.locate, shift });
  return shifted;
}

/** A region of plain (not preprocessed) text, positioned at `base` in the document. */
function shiftedPreprocessed(region: string, base: number): Preprocessed {
  return { text: region, metaCommands: [], placeholders: [], toOriginal: (offset) => offset + base };
}

function refuseInput(text: string, maxBytes: number): ParseProblem | undefined {
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    return {
      code: 'invalid-input',
      severity: 'error',
      message: 'This file contains NUL bytes, so it is binary, not SQL. Safeshift did not analyse it.',
      range: { start: nul, end: nul + 1 },
    };
  }
  const bytes = text.length > maxBytes / 4 ? Buffer.byteLength(text, 'utf8') : text.length;
  if (bytes > maxBytes) {
    return {
      code: 'invalid-input',
      severity: 'warning',
      message: `This file is ${formatSize(bytes)}, above the ${formatSize(maxBytes)} analysis limit, so Safeshift did not analyse it. Raise "maxFileSizeKb" in safeshift.json to analyse it anyway.`,
      range: { start: 0, end: firstLineEnd(text) },
    };
  }
  return undefined;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function firstLineEnd(text: string): number {
  const newline = text.search(/\r|\n/);
  return newline < 0 ? text.length : newline;
}

function reportPreprocessing(pre: Preprocessed, doc: ParsedDocument): void {
  for (const meta of pre.metaCommands) {
    doc.problems.push({
      code: 'psql-meta-command',
      severity: 'warning',
      message: `${meta.command} is a psql meta-command, not SQL: Safeshift skips it, and only psql can run this file.`,
      range: meta.range,
    });
  }
  const unresolved = pre.placeholders.filter((p) => !p.resolved);
  if (unresolved.length > 0) {
    const names = [...new Set(unresolved.map((p) => p.name))];
    doc.problems.push({
      code: 'unresolved-placeholder',
      severity: 'info',
      message: `Unresolved placeholder${names.length > 1 ? 's' : ''} ${names.map((n) => `"${n}"`).join(', ')}: analysed as a plain identifier. Give values under "placeholders" in safeshift.json.`,
      range: unresolved[0].range,
    });
  }
}

interface ParsedPiece {
  /** Offset of `parsedText` within the preprocessed text. */
  base: number;
  parsedText: string;
  statements: Array<{ node: Node; byteStart: number; byteLength?: number }>;
}

/**
 * The file did not parse as a whole: cut it at statement-ending semicolons and parse each part
 * alone. A part that fails becomes a syntax error at PostgreSQL's own position; the others count.
 */
function recoverStatements(text: string, doc: { problems: ParseProblem[] }, pre: Preprocessed): { pieces: ParsedPiece[]; open: boolean } {
  const { chunks, open } = splitStatements(text);
  const pieces: ParsedPiece[] = [];
  for (const chunk of chunks) {
    const chunkText = text.slice(chunk.start, chunk.end);
    const outcome = parseText(chunkText);
    if (outcome.ok) pieces.push({ base: chunk.start, parsedText: chunkText, statements: outcome.statements });
    else doc.problems.push(syntaxError(chunk.start, chunkText, outcome.message, outcome.cursor, pre));
  }
  return { pieces, open };
}

interface Chunk {
  start: number;
  end: number;
}

interface Split {
  chunks: Chunk[];
  /** The text ends inside a statement, literal or comment that text after it would continue. */
  open: boolean;
}

/**
 * Splits at the semicolons that end statements, the way psql does before it sends a script:
 * quotes, dollar quotes and (nested) comments are skipped, a SQL-standard `BEGIN ATOMIC ... END`
 * body keeps its semicolons, and parentheses hold semicolons only inside CREATE RULE ... DO (...),
 * so an unbalanced parenthesis cannot swallow the statements after it. PostgreSQL's own scanner
 * is not used here because it returns no tokens at all after the first lexical error, which is
 * exactly when recovery is needed.
 */
export function splitStatements(text: string): Split {
  const chunks: Chunk[] = [];
  let chunk: { start: number; words: string[]; previousWord: string; depth: number; atomicDepth: number } | undefined;
  const begin = (at: number) => (chunk ??= { start: at, words: [], previousWord: '', depth: 0, atomicDepth: 0 });
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if ((ch === '-' && text[i + 1] === '-') || (ch === '/' && text[i + 1] === '*')) {
      const close = commentEnd(text, i, text.length);
      const closed = ch === '-' ? close < text.length : text.startsWith('*/', close - 2) && close - 2 >= i + 2;
      if (!closed) return finish(chunks, chunk?.start ?? i, text, true);
      i = close;
    } else if (/\s/.test(ch)) {
      i++;
    } else if (ch === ';') {
      if (chunk && chunk.atomicDepth === 0 && (chunk.depth === 0 || !isCreateRule(chunk.words))) {
        chunks.push({ start: chunk.start, end: i + 1 });
        chunk = undefined;
      }
      i++;
    } else if (ch === "'" || ch === '"' || (ch === '$' && !isIdentifierChar(text[i - 1]) && DOLLAR_TAG.test(text.slice(i, i + 64)))) {
      const current = begin(i);
      const close = literalEnd(text, i, text.length);
      if (!literalClosedAt(text, i, close)) return finish(chunks, current.start, text, true);
      current.previousWord = '';
      i = close;
    } else if (isIdentifierChar(ch)) {
      const current = begin(i);
      let j = i + 1;
      while (j < text.length && isIdentifierChar(text[j])) j++;
      const word = text.slice(i, j).toUpperCase();
      if (current.words.length < 4) current.words.push(word);
      if (word === 'ATOMIC' && current.previousWord === 'BEGIN' && current.words[0] === 'CREATE' && current.depth === 0) current.atomicDepth++;
      else if (current.atomicDepth > 0 && word === 'CASE') current.atomicDepth++;
      else if (current.atomicDepth > 0 && word === 'END') current.atomicDepth--;
      current.previousWord = word;
      i = j;
    } else {
      const current = begin(i);
      if (ch === '(') current.depth++;
      else if (ch === ')') current.depth = Math.max(0, current.depth - 1);
      current.previousWord = '';
      i++;
    }
  }
  return finish(chunks, chunk?.start ?? -1, text, chunk !== undefined);
}

const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

function finish(chunks: Chunk[], openStart: number, text: string, open: boolean): Split {
  if (openStart >= 0 && text.slice(openStart).trim() !== '') chunks.push({ start: openStart, end: text.length });
  return { chunks, open };
}

/** True when the literal starting at `start` really closes at `end` rather than running out. */
function literalClosedAt(text: string, start: number, end: number): boolean {
  if (text[start] === '$') {
    const tag = DOLLAR_TAG.exec(text.slice(start, start + 64))![0];
    return end - start >= 2 * tag.length && text.slice(end - tag.length, end) === tag;
  }
  return end - start >= 2 && text[end - 1] === text[start];
}

function isIdentifierChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(ch);
}

function isCreateRule(words: string[]): boolean {
  return words[0] === 'CREATE' && (words[1] === 'RULE' || (words[1] === 'OR' && words[3] === 'RULE'));
}
/**
 * A syntax error at PostgreSQL's position, underlining the token there. An error "at end of
 * input" points at the last character of the part that was parsed, never beyond it.
 */
function syntaxError(base: number, parsedText: string, message: string, cursor: number, pre: Preprocessed): ParseProblem {
  let local = cursor >= 0 ? new EncodingMap(parsedText).fromCodePoint(cursor) : 0;
  if (local >= parsedText.trimEnd().length) local = Math.max(0, parsedText.trimEnd().length - 1);
  const tokenLength = parsedText.slice(local).search(/[\s;,()]/);
  const localEnd = Math.min(parsedText.length, local + Math.max(1, tokenLength < 0 ? parsedText.length - local : tokenLength));
  return {
    code: 'syntax-error',
    severity: 'error',
    message: shortenNearText(capitalize(message)),
    range: { start: pre.toOriginal(base + local), end: pre.toOriginal(base + localEnd) },
  };
}

/** PostgreSQL quotes the rest of an unterminated literal in the message; keep it readable. */
function shortenNearText(message: string): string {
  return message.replace(/(at or near ")([\s\S]{40})[\s\S]+(")$/, '$1$2…$3');
}

function capitalize(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

function buildStatements(pieces: ParsedPiece[], pre: Preprocessed, original: string): ParsedStatement[] {
  const statements: ParsedStatement[] = [];
  for (const piece of pieces) {
    const encoding = new EncodingMap(piece.parsedText);
    for (const raw of piece.statements) {
      const kind = Object.keys(raw.node)[0];
      const localStart = encoding.fromUtf8(raw.byteStart);
      const localEnd = raw.byteLength === undefined ? piece.parsedText.length : encoding.fromUtf8(raw.byteStart + raw.byteLength);
      const processedRange = trimStatement(pre.text, piece.base + localStart, piece.base + localEnd);
      const range = { start: pre.toOriginal(processedRange.start), end: pre.toOriginal(processedRange.end) };
      const base = piece.base;
      statements.push({
        index: statements.length,
        kind,
        node: (raw.node as Record<string, unknown>)[kind],
        ast: raw.node,
        range,
        text: original.slice(range.start, range.end),
        leadingComments: [],
        // PostgreSQL marks an unknown location with -1; point at the statement then.
        offsetOf: newLocator((location) => (location === undefined || location < 0 ? range.start : pre.toOriginal(base + encoding.fromUtf8(location)))),
      });
    }
  }
  return statements.sort((a, b) => a.range.start - b.range.start);
}

/**
 * Narrows a statement to its first and last tokens (a statement that runs to the end of the text
 * would otherwise take in trailing comments), and takes in the terminating semicolon.
 */
function trimStatement(text: string, start: number, end: number): OffsetRange {
  const s = skipBlanksAndComments(text, start, end);
  const e = Math.max(s, lastCodeEnd(text, s, end));
  const after = skipBlanksAndComments(text, e, text.length);
  return { start: s, end: text[after] === ';' && after >= end ? after + 1 : e };
}

function skipBlanksAndComments(text: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    if (/\s/.test(text[i])) i++;
    else if (text.startsWith('--', i) || text.startsWith('/*', i)) i = commentEnd(text, i, end);
    else break;
  }
  return i;
}

/** The end of the comment starting at `start`: the line break, or the matching (nested) close. */
function commentEnd(text: string, start: number, end: number): number {
  if (text.startsWith('--', start)) {
    let i = start + 2;
    while (i < end && text[i] !== '\n' && text[i] !== '\r') i++;
    return i;
  }
  let depth = 1;
  let i = start + 2;
  while (i < end && depth > 0) {
    if (text.startsWith('/*', i)) (depth++, (i += 2));
    else if (text.startsWith('*/', i)) (depth--, (i += 2));
    else i++;
  }
  return i;
}

/** The offset after the last character of [start, end) that is neither blank nor in a comment. */
function lastCodeEnd(text: string, start: number, end: number): number {
  let last = start;
  let i = start;
  while (i < end) {
    const ch = text[i];
    if (text.startsWith('--', i) || text.startsWith('/*', i)) i = commentEnd(text, i, end);
    else if (/\s/.test(ch)) i++;
    else if (ch === "'" || ch === '"' || (ch === '$' && /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.test(text.slice(i, i + 64)))) {
      i = literalEnd(text, i, end);
      last = i;
    } else {
      i++;
      last = i;
    }
  }
  return Math.min(last, end);
}

/** The end of the quoted or dollar-quoted literal starting at `start` (or `end` if unterminated). */
function literalEnd(text: string, start: number, end: number): number {
  const ch = text[start];
  if (ch === '$') {
    const tag = /^\$[^$]*\$/.exec(text.slice(start, start + 64))![0];
    const close = text.indexOf(tag, start + tag.length);
    return close < 0 || close + tag.length > end ? end : close + tag.length;
  }
  const backslashes = ch === "'" && /[eE]/.test(text[start - 1] ?? '') && !isIdentifierChar(text[start - 2]);
  let i = start + 1;
  while (i < end) {
    if (backslashes && text[i] === '\\') i += 2;
    else if (text[i] === ch && text[i + 1] === ch) i += 2;
    else if (text[i] === ch) return i + 1;
    else i++;
  }
  return end;
}

/**
 * Gives each statement the comments in the gap before it, and a comment that starts on the line
 * where a statement ends to that statement as its trailing comment. `before` and `after` are the
 * unchanged neighbours of a re-parsed region.
 */
function attachComments(
  pre: Preprocessed,
  doc: ParsedDocument,
  statements: ParsedStatement[],
  regionStart: number,
  regionEnd: number,
  before?: ParsedStatement,
  after?: ParsedStatement,
): void {
  let gapStart = regionStart;
  let previous = before;
  if (before) before.trailingComment = undefined;
  for (let i = 0; i <= statements.length; i++) {
    const next = i < statements.length ? statements[i] : after;
    const gapEnd = next ? processedStartOf(next.range.start, pre) : regionEnd;
    const comments = gapComments(pre, gapStart, gapEnd, doc.text);
    doc.comments.push(...comments);
    let leading = comments;
    if (previous && comments.length > 0 && doc.lineIndex.positionAt(comments[0].range.start).line === doc.lineIndex.positionAt(previous.range.end).line) {
      previous.trailingComment = comments[0];
      leading = comments.slice(1);
    }
    if (next) next.leadingComments = leading;
    if (i < statements.length) gapStart = processedStartOf(statements[i].range.end, pre);
    previous = statements[i];
  }
}

/** Statement ranges are original offsets; comment gaps are searched in the preprocessed text. */
function processedStartOf(originalOffset: number, pre: Preprocessed): number {
  if (pre.toOriginal(originalOffset) === originalOffset) return originalOffset;
  let low = 0;
  let high = pre.text.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (pre.toOriginal(mid) < originalOffset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Between statements there are only blanks, semicolons and comments (the parser has placed every
 * token of the statements), so a small lexer suffices here. Block comments nest in PostgreSQL.
 */
export function commentsIn(text: string, start: number, end: number): OffsetRange[] {
  const ranges: OffsetRange[] = [];
  let i = start;
  while (i < end) {
    if (text.startsWith('--', i) || text.startsWith('/*', i)) {
      const close = commentEnd(text, i, end);
      ranges.push({ start: i, end: close });
      i = close;
    } else i++;
  }
  return ranges;
}

function gapComments(pre: Preprocessed, start: number, end: number, original: string): SqlComment[] {
  return commentsIn(pre.text, start, end).map((local) => {
    const range = { start: pre.toOriginal(local.start), end: pre.toOriginal(local.end) };
    return { range, text: original.slice(range.start, range.end) };
  });
}
