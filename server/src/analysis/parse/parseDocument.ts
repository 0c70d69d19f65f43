/**
 * Turns a migration's text into statements with exact ranges, their comments, and the problems
 * found on the way. The whole file goes through PostgreSQL's parser first; only when that fails is
 * it cut at top-level semicolons found by PostgreSQL's scanner, so one broken statement never hides
 * the ones after it.
 */
import { EncodingMap, LineIndex, type OffsetRange } from '../text/lineIndex';
import { parseText, scanText, type Node, type ScanToken } from './pgParser';
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
  /** Maps a parse-node `location` (UTF-8 bytes within the parsed text) to an original offset. */
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
}

export interface ParseOptions {
  placeholders?: Record<string, string>;
  /** Files larger than this many bytes are reported and not parsed. */
  maxFileBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export function parseDocument(text: string, options: ParseOptions = {}): ParsedDocument {
  const lineIndex = new LineIndex(text);
  const doc: ParsedDocument = { text, lineIndex, statements: [], comments: [], problems: [] };
  const refusal = refuseInput(text, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  if (refusal) {
    doc.problems.push(refusal);
    return doc;
  }
  const pre = preprocess(text, options.placeholders);
  reportPreprocessing(pre, doc);
  const whole = parseText(pre.text);
  const pieces: ParsedPiece[] = whole.ok
    ? [{ base: 0, parsedText: pre.text, statements: whole.statements }]
    : recoverStatements(pre.text, doc, pre);
  buildStatements(pieces, pre, doc);
  attachComments(pre, doc);
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
      message: `This file is ${formatSize(bytes)}, above the ${formatSize(maxBytes)} analysis limit, so Safeshift did not analyse it. Raise "maxFileSize" in safeshift.json to analyse it anyway.`,
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
 * The file did not parse as a whole: cut it at top-level semicolons and parse each part alone.
 * A part that fails becomes a syntax error at PostgreSQL's own position; the others still count.
 */
function recoverStatements(text: string, doc: ParsedDocument, pre: Preprocessed): ParsedPiece[] {
  const { chunks, unscannedFrom } = chunkByScanner(text);
  const pieces: ParsedPiece[] = [];
  for (const chunk of chunks) {
    const chunkText = text.slice(chunk.start, chunk.end);
    const outcome = parseText(chunkText);
    if (outcome.ok) pieces.push({ base: chunk.start, parsedText: chunkText, statements: outcome.statements });
    else doc.problems.push(syntaxError(text, chunk.start, chunkText, outcome.message, outcome.cursor, pre));
  }
  if (unscannedFrom < text.length && text.slice(unscannedFrom).trim() !== '') {
    const rest = text.slice(unscannedFrom);
    const outcome = parseText(rest);
    if (!outcome.ok) doc.problems.push(syntaxError(text, unscannedFrom, rest, outcome.message, outcome.cursor, pre));
  }
  return pieces;
}

interface Chunk {
  start: number;
  end: number;
}

/**
 * Splits at semicolons that end a statement: not inside parentheses, and not inside the body of
 * a SQL-standard `BEGIN ATOMIC ... END` function. When the scanner fails (an unterminated quote,
 * dollar quote or comment swallows the rest of the file), the scannable prefix is split and the
 * remainder reported as one part.
 */
function chunkByScanner(text: string): { chunks: Chunk[]; unscannedFrom: number } {
  let scanned = scanText(text);
  let scannedLength = text.length;
  if (!scanned.ok) {
    scannedLength = lastScannableLength(text);
    scanned = scanText(text.slice(0, scannedLength));
    if (!scanned.ok) return { chunks: [], unscannedFrom: 0 };
  }
  const encoding = new EncodingMap(text.slice(0, scannedLength));
  const chunks: Chunk[] = [];
  let chunkStart = -1;
  let depth = 0;
  let atomicDepth = 0;
  let previousWord = '';
  for (const token of scanned.tokens) {
    if (isComment(token)) continue;
    const start = encoding.fromUtf8(token.start);
    const end = encoding.fromUtf8(token.end);
    if (chunkStart < 0) {
      if (token.text === ';') continue;
      chunkStart = start;
    }
    const word = token.text.toUpperCase();
    if (token.text === '(') depth++;
    else if (token.text === ')') depth = Math.max(0, depth - 1);
    else if (word === 'ATOMIC' && previousWord === 'BEGIN') atomicDepth++;
    else if (atomicDepth > 0 && word === 'CASE') atomicDepth++;
    else if (atomicDepth > 0 && word === 'END') atomicDepth--;
    else if (token.text === ';' && depth === 0 && atomicDepth === 0) {
      chunks.push({ start: chunkStart, end });
      chunkStart = -1;
    }
    previousWord = word;
  }
  if (chunkStart >= 0 && scannedLength === text.length) {
    chunks.push({ start: chunkStart, end: text.length });
    return { chunks, unscannedFrom: text.length };
  }
  return { chunks, unscannedFrom: chunkStart >= 0 ? chunkStart : scannedLength };
}

/**
 * The scanner throws on an unterminated literal or comment. Its start is where the parser's own
 * error points; everything before it can still be scanned.
 */
function lastScannableLength(text: string): number {
  const outcome = parseText(text);
  if (outcome.ok || outcome.cursor < 0) return 0;
  return new EncodingMap(text).fromCodePoint(outcome.cursor);
}

function isComment(token: ScanToken): boolean {
  return token.name === 'SQL_COMMENT' || token.name === 'C_COMMENT';
}

function syntaxError(
  text: string,
  base: number,
  parsedText: string,
  message: string,
  cursor: number,
  pre: Preprocessed,
): ParseProblem {
  const local = cursor >= 0 ? new EncodingMap(parsedText).fromCodePoint(cursor) : 0;
  let start = base + Math.min(local, parsedText.length);
  if (start >= text.length || /^\s*$/.test(text.slice(start))) start = lastNonSpace(text, base);
  const tokenEnd = text.slice(start).search(/[\s;,()]/);
  const end = start + Math.max(1, tokenEnd < 0 ? text.length - start : tokenEnd);
  return {
    code: 'syntax-error',
    severity: 'error',
    message: capitalize(message),
    range: { start: pre.toOriginal(start), end: pre.toOriginal(Math.min(end, text.length)) },
  };
}

function lastNonSpace(text: string, floor: number): number {
  let i = text.length - 1;
  while (i > floor && /\s/.test(text[i])) i--;
  return Math.max(floor, i);
}

function capitalize(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

function buildStatements(pieces: ParsedPiece[], pre: Preprocessed, doc: ParsedDocument): void {
  for (const piece of pieces) {
    const encoding = new EncodingMap(piece.parsedText);
    for (const raw of piece.statements) {
      const kind = Object.keys(raw.node)[0];
      const localStart = encoding.fromUtf8(raw.byteStart);
      const localEnd = raw.byteLength === undefined ? piece.parsedText.length : encoding.fromUtf8(raw.byteStart + raw.byteLength);
      const processedRange = trimStatement(pre.text, piece.base + localStart, piece.base + localEnd);
      const range = { start: pre.toOriginal(processedRange.start), end: pre.toOriginal(processedRange.end) };
      const base = piece.base;
      doc.statements.push({
        index: doc.statements.length,
        kind,
        node: (raw.node as Record<string, unknown>)[kind],
        ast: raw.node,
        range,
        text: doc.text.slice(range.start, range.end),
        leadingComments: [],
        offsetOf: (location) => pre.toOriginal(base + encoding.fromUtf8(location ?? raw.byteStart)),
      });
    }
  }
  doc.statements.sort((a, b) => a.range.start - b.range.start);
  doc.statements.forEach((statement, index) => (statement.index = index));
}

/** Skips leading blanks and comments, and takes in the terminating semicolon when present. */
function trimStatement(text: string, start: number, end: number): OffsetRange {
  let s = start;
  for (;;) {
    while (s < end && /\s/.test(text[s])) s++;
    if (text.startsWith('--', s)) {
      const newline = text.indexOf('\n', s);
      s = newline < 0 || newline > end ? end : newline + 1;
    } else if (text.startsWith('/*', s)) {
      const close = text.indexOf('*/', s + 2);
      s = close < 0 || close + 2 > end ? end : close + 2;
    } else break;
  }
  let e = end;
  while (e > s && /\s/.test(text[e - 1])) e--;
  let after = e;
  while (after < text.length && /[ \t\r\n]/.test(text[after])) after++;
  if (text[after] === ';') e = after + 1;
  return { start: s, end: e };
}

/** Finds comments in the gaps between statements with PostgreSQL's scanner. */
function attachComments(pre: Preprocessed, doc: ParsedDocument): void {
  let gapStart = 0;
  const processedRanges = doc.statements.map((s) => s.range);
  for (let i = 0; i <= doc.statements.length; i++) {
    const gapEnd = i < doc.statements.length ? processedStartOf(processedRanges[i].start, pre) : pre.text.length;
    const comments = gapComments(pre, gapStart, gapEnd, doc.text);
    doc.comments.push(...comments);
    const previous = doc.statements[i - 1];
    let leading = comments;
    if (previous && comments.length > 0) {
      const endLine = doc.lineIndex.positionAt(previous.range.end).line;
      if (doc.lineIndex.positionAt(comments[0].range.start).line === endLine) {
        previous.trailingComment = comments[0];
        leading = comments.slice(1);
      }
    }
    if (i < doc.statements.length) {
      doc.statements[i].leadingComments = leading;
      gapStart = processedStartOf(doc.statements[i].range.end, pre);
    }
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

function gapComments(pre: Preprocessed, start: number, end: number, original: string): SqlComment[] {
  const gap = pre.text.slice(start, end);
  if (!gap.includes('--') && !gap.includes('/*')) return [];
  const scanned = scanText(gap);
  if (!scanned.ok) return [];
  const encoding = new EncodingMap(gap);
  return scanned.tokens.filter(isComment).map((token) => {
    const range = {
      start: pre.toOriginal(start + encoding.fromUtf8(token.start)),
      end: pre.toOriginal(start + encoding.fromUtf8(token.end)),
    };
    return { range, text: original.slice(range.start, range.end) };
  });
}
