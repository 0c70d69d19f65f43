/**
 * pgParser drives libpg-query's WASM glue itself (no import-time load, a compiled module handed
 * to worker threads). Its parse and scan results must be exactly what libpg-query's own
 * parseSync and scanSync give: compared here over every SQL fixture, random edits of them, and
 * the real corpus when SAFESHIFT_CORPUS points at one.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as libpg from 'libpg-query';
import { compiledParser, initParser, parseText, scanText, type ParseOutcome, type ScanOutcome } from '../../server/src/analysis/parse/pgParser';

const ROOT = join(__dirname, '..', '..', '..');

before(async () => {
  await initParser();
  await libpg.loadModule();
});

/** What pgParser returned before it drove the glue itself: libpg-query's public API. */
function referenceParse(text: string): ParseOutcome {
  try {
    const result = libpg.parseSync(text);
    const statements = (result.stmts ?? [])
      .filter((raw) => raw.stmt !== undefined)
      .map((raw) => ({ node: raw.stmt as libpg.Node, byteStart: raw.stmt_location ?? 0, byteLength: raw.stmt_len || undefined }));
    return { ok: true, statements };
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    return { ok: false, message: (error as Error).message, cursor: typeof details?.cursorPosition === 'number' ? details.cursorPosition : -1 };
  }
}

function referenceScan(text: string): ScanOutcome {
  try {
    const result = libpg.scanSync(text);
    return { ok: true, tokens: result.tokens.map((t) => ({ start: t.start, end: t.end, name: t.tokenName, text: t.text })) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

function sqlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sqlFiles(path);
    return name.endsWith('.sql') ? [path] : [];
  });
}

/** A seeded generator, so a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const PIECES = ["'", '"', '$$', '$tag$', '/*', '*/', '--', ';', '\n', '(', ')', 'é', '😀', '\ud800', 'BEGIN ATOMIC', 'E\'\\', ' ALTER TABLE t ADD COLUMN c int', 'x'];

/** Deletions and insertions of the characters that change how SQL splits and scans. */
function mutate(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  if (next() < 0.4 && text.length > 0) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 20)));
  return text.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)] + text.slice(at);
}

function assertSameAsLibrary(text: string, label: string): void {
  assert.deepEqual(parseText(text), referenceParse(text), `parse of ${label}`);
  assert.deepEqual(scanText(text), referenceScan(text), `scan of ${label}`);
}

describe('pgParser gives what libpg-query gives', () => {
  const fixtures = sqlFiles(join(ROOT, 'test')).map((file) => ({ file, text: readFileSync(file, 'utf8') }));

  test('every SQL fixture, errors and unterminated literals included', () => {
    assert.ok(fixtures.length > 100, `expected the fixture set, found ${fixtures.length} files`);
    for (const { file, text } of fixtures) assertSameAsLibrary(text, file);
  });

  test('edge cases: empty, blank, multi-byte, a lone surrogate, unterminated quotes and comments', () => {
    for (const text of ['', ' ', ';', "SELECT 'é😀';", 'SELECT \'\ud800\';', "SELECT 'abc", 'SELECT $$x', '/* open', 'SELEC 1;', 'CREATE TABLE (;']) {
      assertSameAsLibrary(text, JSON.stringify(text));
    }
  });

  test('2,000 random edits of the fixtures', () => {
    const next = random(20261123);
    for (let i = 0; i < 2000; i++) {
      const { file, text } = fixtures[Math.floor(next() * fixtures.length)];
      let edited = text;
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e++) edited = mutate(edited, next);
      assertSameAsLibrary(edited, `edit ${i} of ${file}`);
    }
  });

  const corpus = process.env.SAFESHIFT_CORPUS;
  test('the real corpus', { skip: corpus ? false : 'SAFESHIFT_CORPUS is not set' }, () => {
    const files = sqlFiles(corpus!);
    assert.ok(files.length > 0, `no .sql files in ${corpus}`);
    for (const file of files) assertSameAsLibrary(readFileSync(file, 'utf8'), file);
  });
});

/** Runs pgParser in a worker thread whose WebAssembly.compile throws, so any compile there fails. */
function inWorker(workerData: object, failInstantiate = false): Promise<{ error?: string; parsed?: ParseOutcome[]; scanned?: ScanOutcome[] }> {
  const parser = require.resolve('../../server/src/analysis/parse/pgParser');
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    WebAssembly.compile = () => Promise.reject(new Error('compiled in the worker'));
    ${failInstantiate ? "WebAssembly.instantiate = () => Promise.reject(new Error('instantiate failed'));" : ''}
    const pg = require(${JSON.stringify(parser)});
    pg.initParser(workerData.parser).then(
      () => parentPort.postMessage({ parsed: workerData.texts.map(pg.parseText), scanned: workerData.texts.map(pg.scanText) }),
      (error) => parentPort.postMessage({ error: error.message }),
    );`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData });
    worker.once('message', (reply) => {
      resolve(reply);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('a worker thread receives the compiled parser', () => {
  const texts = ["CREATE INDEX i ON t (c);\nALTER TABLE t ADD COLUMN d int NOT NULL DEFAULT 0; -- note", "SELECT 'unterminated", 'SELEC 1;'];

  test('it parses and scans like this thread without compiling anything', async () => {
    const parser = compiledParser();
    assert.ok(parser, 'initParser kept the compiled module');
    const reply = await inWorker({ parser, texts });
    assert.equal(reply.error, undefined);
    assert.deepEqual(reply.parsed, texts.map(parseText));
    assert.deepEqual(reply.scanned, texts.map(scanText));
  });

  test('without it the worker compiles (here: fails to), and a failed load is reported, not left hanging', async () => {
    assert.deepEqual(await inWorker({ texts }), { error: 'compiled in the worker' });
    assert.deepEqual(await inWorker({ parser: compiledParser(), texts }, true), { error: 'instantiate failed' });
  });
});
