/**
 * The only door to libpg-query (PostgreSQL's own parser compiled to WASM). The module loads
 * asynchronously once; after `initParser()` every call is synchronous, so analysis stays a plain
 * function of its input.
 */
import * as libpg from 'libpg-query';
import type { Node, ParseResult } from 'libpg-query';

export type { Node };

let ready: Promise<void> | undefined;
let loaded = false;

export function initParser(): Promise<void> {
  ready ??= libpg.loadModule().then(() => {
    loaded = true;
  });
  return ready;
}

export function parserReady(): boolean {
  return loaded;
}

export interface RawStatement {
  node: Node;
  /** UTF-8 byte offset of the statement in the parsed text. */
  byteStart: number;
  /** UTF-8 byte length, or undefined when the statement runs to the end of the text. */
  byteLength?: number;
}

export type ParseOutcome =
  | { ok: true; statements: RawStatement[] }
  | { ok: false; message: string; /** 0-based code-point offset, or -1 when unknown. */ cursor: number };

export function parseText(text: string): ParseOutcome {
  assertLoaded();
  let result: ParseResult;
  try {
    result = libpg.parseSync(text);
  } catch (error) {
    return { ok: false, message: errorMessage(error), cursor: errorCursor(error) };
  }
  const statements = (result.stmts ?? [])
    .filter((raw) => raw.stmt !== undefined)
    .map((raw) => ({ node: raw.stmt as Node, byteStart: raw.stmt_location ?? 0, byteLength: raw.stmt_len || undefined }));
  return { ok: true, statements };
}

export interface ScanToken {
  /** UTF-8 byte offsets. */
  start: number;
  end: number;
  name: string;
  text: string;
}

export type ScanOutcome = { ok: true; tokens: ScanToken[] } | { ok: false; message: string };

export function scanText(text: string): ScanOutcome {
  assertLoaded();
  try {
    const result = libpg.scanSync(text);
    return { ok: true, tokens: result.tokens.map((t) => ({ start: t.start, end: t.end, name: t.tokenName, text: t.text })) };
  } catch (error) {
    // The scanner reports unterminated literals by throwing a non-JSON string.
    return { ok: false, message: errorMessage(error) };
  }
}

function assertLoaded(): void {
  if (!loaded) throw new Error('The PostgreSQL parser is not loaded yet: await initParser() first.');
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function errorCursor(error: unknown): number {
  const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
  return typeof details?.cursorPosition === 'number' ? details.cursorPosition : -1;
}
