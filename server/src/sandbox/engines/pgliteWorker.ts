/**
 * One PGlite instance in a worker thread. PGlite runs PostgreSQL synchronously inside WebAssembly,
 * so in the main thread a long statement would freeze the language server and could never be
 * cancelled; here the main thread stays free and cancels by terminating the worker.
 *
 * Protocol (main → worker): init, exec, query, copy, dump, close; every reply carries the request id.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import type { ExecResult, PgError } from '../types';

export interface WorkerInit {
  /** Compiled once in the main thread and shared, so a new instance does not recompile 9 MB of WASM. */
  pgliteWasm: object;
  initdbWasm: object;
  fsBundle: ArrayBuffer;
  /** A data directory tarball (PGlite dumpDataDir) to start from; absent: initdb a new cluster. */
  dataDir?: ArrayBuffer;
}

export type WorkerRequest =
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'query'; sql: string; params?: unknown[] }
  | { id: number; op: 'copy'; sql: string; data: string }
  | { id: number; op: 'dump' }
  | { id: number; op: 'close' };

export type StartupReply = { id: 0; op: 'ready'; serverVersion: number } | { id: 0; op: 'failed'; message: string };

export type RequestReply =
  | { id: number; ok: true; exec?: ExecResult; rows?: Record<string, unknown>[]; dump?: ArrayBuffer }
  | { id: number; ok: false; message: string; error?: PgError };

export type WorkerReply = StartupReply | RequestReply;

const port = parentPort;

async function main(): Promise<void> {
  if (!port) return;
  const init = workerData as WorkerInit;
  let db: PGlite;
  try {
    db = new PGlite({
      pgliteWasmModule: init.pgliteWasm as PGliteOptions['pgliteWasmModule'],
      initdbWasmModule: init.initdbWasm as PGliteOptions['initdbWasmModule'],
      fsBundle: new Blob([init.fsBundle]),
      loadDataDir: init.dataDir ? new Blob([init.dataDir]) : undefined,
    });
    await db.waitReady;
    const version = await db.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    port.postMessage({ id: 0, op: 'ready', serverVersion: Number(version.rows[0].v) } satisfies WorkerReply);
  } catch (error) {
    port.postMessage({ id: 0, op: 'failed', message: messageOf(error) } satisfies WorkerReply);
    return;
  }
  // One request at a time, in order: PostgreSQL has one backend here.
  let queue = Promise.resolve();
  port.on('message', (request: WorkerRequest) => {
    queue = queue.then(() => handle(db, request)).then((reply) => port.postMessage(reply, reply.ok && reply.dump ? [reply.dump] : []));
  });
}

async function handle(db: PGlite, request: WorkerRequest): Promise<RequestReply> {
  try {
    switch (request.op) {
      case 'exec':
        return { id: request.id, ok: true, exec: await execute(db, request.sql) };
      case 'copy':
        return { id: request.id, ok: true, exec: await execute(db, request.sql, new Blob([request.data])) };
      case 'query': {
        const result = await db.query<Record<string, unknown>>(request.sql, request.params ?? []);
        return { id: request.id, ok: true, rows: result.rows };
      }
      case 'dump': {
        const file = await db.dumpDataDir('none');
        return { id: request.id, ok: true, dump: await file.arrayBuffer() };
      }
      case 'close':
        await db.close();
        return { id: request.id, ok: true };
    }
  } catch (error) {
    return { id: request.id, ok: false, message: messageOf(error), error: pgError(error) };
  }
}

/** Simple-query execution; SQL errors are results, not failures. */
async function execute(db: PGlite, sql: string, blob?: Blob): Promise<ExecResult> {
  const notices: string[] = [];
  const started = performance.now();
  try {
    const options = { onNotice: (notice: { severity?: string; message?: string }) => notices.push(`${notice.severity ?? 'NOTICE'}: ${notice.message ?? ''}`), blob };
    const results = blob ? [await db.query(sql, [], options)] : await db.exec(sql, options);
    const last = results[results.length - 1];
    const counted = results.filter((r) => r.affectedRows !== undefined && isRowCommand(r.command));
    const rowsAffected = counted.length ? counted.reduce((sum, r) => sum + (r.affectedRows ?? 0), 0) : null;
    return { rowsAffected, command: last?.command, notices, durationMs: performance.now() - started, error: null };
  } catch (error) {
    return { rowsAffected: null, notices, durationMs: performance.now() - started, error: pgError(error) ?? { sqlstate: 'XX000', message: messageOf(error) } };
  }
}

function isRowCommand(command: string | undefined): boolean {
  return command !== undefined && /^(INSERT|UPDATE|DELETE|MERGE|COPY)\b/i.test(command);
}

function pgError(error: unknown): PgError | undefined {
  const e = error as { code?: unknown; message?: unknown; position?: unknown; detail?: unknown; hint?: unknown };
  if (!e || typeof e.code !== 'string') return undefined;
  const position = Number(e.position);
  return {
    sqlstate: e.code,
    message: String(e.message ?? ''),
    position: Number.isFinite(position) && position > 0 ? position : undefined,
    detail: typeof e.detail === 'string' ? e.detail : undefined,
    hint: typeof e.hint === 'string' ? e.hint : undefined,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

void main();
