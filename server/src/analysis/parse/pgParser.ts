/**
 * The only door to libpg-query (PostgreSQL's own parser compiled to WASM). The module loads
 * asynchronously once; after `initParser()` every call is synchronous, so analysis stays a plain
 * function of its input.
 *
 * The emscripten glue is driven directly rather than through the package's index, which would
 * compile and instantiate the WASM as soon as it is imported (a cost every process paid, needed or
 * not). Compiling here also keeps the compiled `WebAssembly.Module`, which worker threads receive
 * ready-made (`initParser(compiled)`) instead of compiling the 1.7 MB binary again. The calls
 * below do what libpg-query's parseSync and scanSync do, with the same results and messages.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import createPgQueryModule, { type PgQueryWasm } from 'libpg-query/wasm/libpg-query.js';
import type { Node, ParseResult } from 'libpg-query';

export type { Node };

/** A compiled `WebAssembly.Module` of the parser: it can be posted to worker threads. */
export type CompiledParser = object & { readonly __compiledParser?: never };

/** The part of the WebAssembly global used here (the project's TypeScript libs do not declare it). */
interface WebAssemblyApi {
  compile(bytes: Uint8Array): Promise<CompiledParser>;
  instantiate(module: CompiledParser, imports: object): Promise<object>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

let ready: Promise<void> | undefined;
let wasm: PgQueryWasm | undefined;
let compiled: CompiledParser | undefined;

/**
 * Loads the parser once per thread. `given` is a module compiled by another thread
 * (`compiledParser()` there); without it the binary is read and compiled here.
 */
export function initParser(given?: CompiledParser): Promise<void> {
  ready ??= loadParser(given).then(
    (module) => {
      wasm = module;
    },
    (error: unknown) => {
      ready = undefined; // a later call may try again
      throw error;
    },
  );
  return ready;
}

async function loadParser(given: CompiledParser | undefined): Promise<PgQueryWasm> {
  const module = given ?? (await wasmApi.compile(readFileSync(wasmFile())));
  compiled = module;
  // The glue waits for its instance forever if instantiating fails; that failure ends the wait here.
  let failed: (error: unknown) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  const created = createPgQueryModule({
    instantiateWasm: (imports, receive) => {
      wasmApi.instantiate(module, imports).then(receive, failed);
      return {};
    },
  });
  return Promise.race([created, failure]);
}

/**
 * Makes V8 compile WASM with its baseline compiler only (Liftoff), process-wide; call it before
 * the parser loads. By default V8 recompiles the parser's hot functions with its optimising
 * compiler in the background: about 0.35 s of CPU per process, and a process that exits soon
 * after (`safeshift check <file>`) waits for those compile jobs. Measured on this parser, the
 * optimised code never earns that back: a whole-corpus batch check takes less CPU without it.
 * The setting covers every WASM module of the process, PGlite's included (`safeshift run`, the
 * editor's sandbox), which it speeds up even more (measured in README.md, "Speed and benchmarks").
 */
export function useBaselineWasmCompiler(): void {
  setFlagsFromString('--liftoff-only');
}

/** The compiled module once `initParser()` has compiled or received it, for worker threads. */
export function compiledParser(): CompiledParser | undefined {
  return compiled;
}

/**
 * Beside the bundle (dist/, where scripts/build.mjs copies it), else in the installed package
 * (compiled tests run from out/ against node_modules).
 */
function wasmFile(): string {
  const beside = join(__dirname, 'libpg-query.wasm');
  return existsSync(beside) ? beside : require.resolve(PACKAGED_WASM);
}

/** A variable, not a literal, so the bundler leaves this fallback lookup alone. */
const PACKAGED_WASM = 'libpg-query/wasm/libpg-query.wasm';

export function parserReady(): boolean {
  return wasm !== undefined;
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
  const module = loaded();
  let result: ParseResult;
  try {
    result = parseRaw(module, text);
  } catch (error) {
    return { ok: false, message: errorMessage(error), cursor: errorCursor(error) };
  }
  const statements = (result.stmts ?? [])
    .filter((raw) => raw.stmt !== undefined)
    .map((raw) => ({ node: raw.stmt as Node, byteStart: raw.stmt_location ?? 0, byteLength: raw.stmt_len || undefined }));
  return { ok: true, statements };
}

/** A PostgreSQL syntax error, with its position as libpg-query reports it. */
class SqlError extends Error {
  constructor(
    message: string,
    readonly sqlDetails: { cursorPosition: number },
  ) {
    super(message);
  }
}

/** libpg-query's parseSync: the JSON parse tree, or a SqlError at PostgreSQL's cursor. */
function parseRaw(module: PgQueryWasm, text: string): ParseResult {
  if (text === '') throw new Error('Query cannot be empty');
  const query = copyIn(module, text);
  let result = 0;
  try {
    result = module._wasm_parse_query_raw(query);
    if (!result) throw new Error('Failed to parse query: memory allocation failed');
    const tree = module.getValue(result, 'i32');
    const error = module.getValue(result + 8, 'i32');
    if (error) {
      const message = module.getValue(error, 'i32');
      const cursor = module.getValue(error + 16, 'i32');
      throw new SqlError(message ? module.UTF8ToString(message) : 'Unknown error', { cursorPosition: cursor > 0 ? cursor - 1 : 0 });
    }
    if (!tree) throw new Error('No parse tree generated');
    return JSON.parse(module.UTF8ToString(tree)) as ParseResult;
  } finally {
    module._free(query);
    if (result) module._wasm_free_parse_result(result);
  }
}

export interface ScanToken {
  /** UTF-8 byte offsets. */
  start: number;
  end: number;
  name: string;
  text: string;
}

export type ScanOutcome = { ok: true; tokens: ScanToken[] } | { ok: false; message: string };

interface RawToken {
  start: number;
  end: number;
  tokenName: string;
  text: string;
}

export function scanText(text: string): ScanOutcome {
  const module = loaded();
  try {
    const result = scanRaw(module, text);
    return { ok: true, tokens: result.tokens.map((t) => ({ start: t.start, end: t.end, name: t.tokenName, text: t.text })) };
  } catch (error) {
    // The scanner reports unterminated literals by returning a non-JSON string.
    return { ok: false, message: errorMessage(error) };
  }
}

/** libpg-query's scanSync. */
function scanRaw(module: PgQueryWasm, text: string): { tokens: RawToken[] } {
  const query = copyIn(module, text);
  let result = 0;
  try {
    result = module._wasm_scan(query);
    const json = module.UTF8ToString(result);
    if (json.startsWith('syntax error') || json.startsWith('deparse error') || json.startsWith('ERROR')) throw new Error(json);
    return JSON.parse(json) as { tokens: RawToken[] };
  } finally {
    module._free(query);
    if (result) module._wasm_free_string(result);
  }
}

/** The text as a NUL-terminated UTF-8 string in WASM memory; the caller frees it. */
function copyIn(module: PgQueryWasm, text: string): number {
  const size = module.lengthBytesUTF8(text) + 1;
  const pointer = module._malloc(size);
  try {
    module.stringToUTF8(text, pointer, size);
    return pointer;
  } catch (error) {
    module._free(pointer);
    throw error;
  }
}

function loaded(): PgQueryWasm {
  if (!wasm) throw new Error('The PostgreSQL parser is not loaded yet: await initParser() first.');
  return wasm;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function errorCursor(error: unknown): number {
  const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
  return typeof details?.cursorPosition === 'number' ? details.cursorPosition : -1;
}
