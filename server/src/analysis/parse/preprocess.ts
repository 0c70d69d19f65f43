/**
 * Before parsing, text the PostgreSQL parser cannot read is blanked or substituted: psql
 * meta-commands (`\set`, `\connect`, COPY data blocks), migration-tool placeholders (`${name}`,
 * `{{ .Var }}`). Every replacement is recorded so offsets map back to the original text.
 */
import type { OffsetRange } from '../text/lineIndex';

export interface Replacement {
  original: OffsetRange;
  processed: OffsetRange;
}

export interface MetaCommand {
  range: OffsetRange;
  command: string;
}

export interface Placeholder {
  range: OffsetRange;
  name: string;
  resolved: boolean;
}

export interface Preprocessed {
  text: string;
  metaCommands: MetaCommand[];
  placeholders: Placeholder[];
  toOriginal(processedOffset: number): number;
}

const META_COMMAND_LINE = /^[ \t]*\\(\S*)[^\r\n]*/gm;
const COPY_FROM_STDIN = /^[ \t]*COPY\b[^;]*\bFROM\s+STDIN\b[^;]*;[ \t]*(?:--[^\r\n]*)?$/gim;
const END_OF_COPY_DATA = /^\\\.[ \t]*$/m;
const PLACEHOLDER = /\$\{([A-Za-z_][\w.:-]*?)(?::-([^}\r\n]*))?\}|\{\{-?\s*([^{}]*?)\s*-?\}\}/g;
const TEMPLATE_CONTROL = /^(?:if|else|end|range|with|define|block|template|break|continue)\b|^\/\*/;

export function preprocess(text: string, values: Record<string, string> = {}): Preprocessed {
  if (text.indexOf('\\') < 0 && text.indexOf('${') < 0 && text.indexOf('{{') < 0) {
    return { text, metaCommands: [], placeholders: [], toOriginal: (offset) => offset };
  }
  const edits: Array<{ range: OffsetRange; replacement: string }> = [];
  const metaCommands: MetaCommand[] = [];
  const placeholders: Placeholder[] = [];
  const copyData = findCopyData(text);
  for (const block of copyData) {
    edits.push({ range: block, replacement: blank(text.slice(block.start, block.end)) });
  }
  const insideCopyData = (offset: number) => copyData.some((b) => offset >= b.start && offset < b.end);

  for (const match of text.matchAll(META_COMMAND_LINE)) {
    const start = match.index!;
    if (insideCopyData(start)) continue;
    const range = { start, end: start + match[0].length };
    metaCommands.push({ range, command: '\\' + match[1] });
    edits.push({ range, replacement: blank(match[0]) });
  }
  const insideMeta = (offset: number) => metaCommands.some((m) => offset >= m.range.start && offset < m.range.end);

  for (const match of text.matchAll(PLACEHOLDER)) {
    const start = match.index!;
    if (insideCopyData(start) || insideMeta(start)) continue;
    const range = { start, end: start + match[0].length };
    const isTemplate = match[3] !== undefined;
    const name = isTemplate ? match[3].trim() : match[1];
    if (isTemplate && TEMPLATE_CONTROL.test(name)) {
      edits.push({ range, replacement: blank(match[0]) });
      continue;
    }
    const key = isTemplate ? name.replace(/^\./, '') : name;
    const value = values[key] ?? values[name] ?? match[2];
    placeholders.push({ range, name, resolved: value !== undefined });
    edits.push({ range, replacement: value ?? filler(match[0].length) });
  }
  edits.sort((a, b) => a.range.start - b.range.start);
  return applyEdits(text, edits, metaCommands, placeholders);
}

function findCopyData(text: string): OffsetRange[] {
  const blocks: OffsetRange[] = [];
  for (const match of text.matchAll(COPY_FROM_STDIN)) {
    const dataStart = text.indexOf('\n', match.index! + match[0].length);
    if (dataStart < 0) continue;
    const rest = text.slice(dataStart + 1);
    const terminator = END_OF_COPY_DATA.exec(rest);
    const end = terminator ? dataStart + 1 + terminator.index + terminator[0].length : text.length;
    blocks.push({ start: dataStart + 1, end });
  }
  return blocks;
}

/** Keeps line breaks so line numbers survive; everything else becomes a space. */
function blank(segment: string): string {
  return segment.replace(/[^\r\n]/g, ' ');
}

/** An identifier of the same length, so an unresolved placeholder still parses in most places. */
function filler(length: number): string {
  return '_'.repeat(Math.max(1, length));
}

function applyEdits(
  text: string,
  edits: Array<{ range: OffsetRange; replacement: string }>,
  metaCommands: MetaCommand[],
  placeholders: Placeholder[],
): Preprocessed {
  const replacements: Replacement[] = [];
  let output = '';
  let cursor = 0;
  for (const edit of edits) {
    if (edit.range.start < cursor) continue; // overlapping edits: the first wins
    output += text.slice(cursor, edit.range.start);
    const processedStart = output.length;
    output += edit.replacement;
    replacements.push({ original: edit.range, processed: { start: processedStart, end: output.length } });
    cursor = edit.range.end;
  }
  output += text.slice(cursor);
  const toOriginal = (offset: number): number => {
    let low = 0;
    let high = replacements.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (replacements[mid].processed.start <= offset) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found < 0) return offset;
    const r = replacements[found];
    if (offset < r.processed.end) {
      const sameLength = r.processed.end - r.processed.start === r.original.end - r.original.start;
      return sameLength ? r.original.start + (offset - r.processed.start) : r.original.start;
    }
    return r.original.end + (offset - r.processed.end);
  };
  return { text: output, metaCommands, placeholders, toOriginal };
}
