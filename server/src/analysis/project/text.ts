/** Line scanning and order-key helpers shared by the tool adapters. */
import type { OffsetRange } from '../text/lineIndex';

export interface Line {
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character, line break excluded. */
  end: number;
  /** Offset of the next line (past the line break). */
  next: number;
  text: string;
}

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const next = newline < 0 ? text.length : newline + 1;
    let end = newline < 0 ? text.length : newline;
    if (end > start && text[end - 1] === '\r') end--;
    lines.push({ start, end, next, text: text.slice(start, end) });
    if (newline < 0) break;
    start = next;
  }
  return lines;
}

export function lineRange(line: Line): OffsetRange {
  return { start: line.start, end: line.end };
}

/** The first non-blank line, where a file-level finding with no better place is shown. */
export function firstLineRange(text: string): OffsetRange {
  const head = text.length > 4096 ? text.slice(0, 4096) : text;
  const line = splitLines(head).find((l) => l.text.trim() !== '');
  return line ? lineRange(line) : { start: 0, end: 0 };
}

/** The text's first line that is not blank. */
export function firstNonBlankLine(text: string): string | undefined {
  return splitLines(text.length > 4096 ? text.slice(0, 4096) : text).find((l) => l.text.trim() !== '')?.text;
}

const ORDER_WIDTH = 40;

/** A decimal integer padded so that string order is numeric order (versions up to 40 digits). */
export function padNumber(digits: string): string {
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  return trimmed.length >= ORDER_WIDTH ? trimmed : '0'.repeat(ORDER_WIDTH - trimmed.length) + trimmed;
}

/**
 * Flyway compares versions numerically, segment by segment, and ignores trailing zero segments
 * (1.0 is 1), so the key pads every segment and drops trailing zeros.
 */
export function segmentedVersionKey(version: string): string {
  const segments = version.split(/[._]/).map((s) => s.replace(/^0+(?=\d)/, ''));
  while (segments.length > 1 && segments[segments.length - 1] === '0') segments.pop();
  return segments.map(padNumber).join('.');
}

/** The normalised form of a segmented version, for duplicate checks: `1_01.0` → `1.1`. */
export function normalizedSegmentedVersion(version: string): string {
  return segmentedVersionKey(version)
    .split('.')
    .map((s) => s.replace(/^0+(?=\d)/, ''))
    .join('.');
}

/** The integer value of a digit string without leading zeros, for duplicate checks. */
export function normalizedInteger(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
}
