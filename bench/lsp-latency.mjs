// Editor latency: each server opens a 2,000-line migration, then takes 100 single-character edits
// one at a time; the time from sending each didChange to receiving the diagnostics for that
// version (pushed; pulled with textDocument/diagnostic where a server only offers pull). p50/p95.
//
//   node bench/lsp-latency.mjs [--edits=100] [--lines=2000]
// Safeshift runs with debounceMs 0, so the figure is the analysis and protocol cost; its default
// debounce (150 ms, which an editor adds on top while the user types) is reported separately.
// CPU/edit is the server process's CPU time (all threads) over the edits, divided by their number:
// unlike the latencies, it hardly moves with other load on the machine. For PLS it covers only the
// lsp-proxy process, not the daemon that does the work.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateBigMigration } from './generate-corpus.mjs';
import { PLS, SAFESHIFT_SERVER, SQUAWK, fmt, percentile, peersAvailable, processCpuMs } from './lib.mjs';
import { applyEdit, LspClient, positionAt } from './lsp-client.mjs';

export function servers() {
  const peers = peersAvailable();
  const list = [{ name: 'safeshift', command: process.execPath, args: [SAFESHIFT_SERVER, '--stdio'], initializationOptions: { debounceMs: 0 } }];
  // Squawk's server offers pull diagnostics only (textDocument/diagnostic), so it is asked after each change.
  if (peers.squawk) list.push({ name: 'squawk', command: SQUAWK, args: ['server'], pullOnly: true });
  if (peers.pls) list.push({ name: 'postgres-language-server', command: PLS, args: ['lsp-proxy'], env: { PGT_LOG_LEVEL: 'none' }, disableDb: true });
  return list;
}

/** Offsets at the end of a table name (inside its quotes) after ALTER TABLE, ON, TABLE or INTO: where a user types. */
function editPoints(text) {
  const points = [];
  const pattern = /\b(?:ALTER TABLE|ON|TABLE|INTO)\s+("[^"\n]+"|[A-Za-z_0-9]+)/gi;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) points.push(m.index + m[0].length - (m[1].startsWith('"') ? 1 : 0));
  return points;
}

function syncKind(capabilities) {
  const sync = capabilities?.textDocumentSync;
  return typeof sync === 'number' ? sync : (sync?.change ?? 1);
}

/** Opens `text` as `uri` and resolves when its first diagnostics arrive. */
export async function openAndWait(client, uri, text, usePull) {
  const started = process.hrtime.bigint();
  const pushed = usePull ? undefined : client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri, 60000);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'sql', version: 1, text } });
  const at = usePull ? await pull(client, uri) : (await pushed).at;
  return Number(at - started) / 1e6;
}

async function pull(client, uri) {
  await client.request('textDocument/diagnostic', { textDocument: { uri } });
  return process.hrtime.bigint();
}

/**
 * Applies `edits` one-character insertions at spread-out edit points, waiting for each version's
 * diagnostics before the next edit. Returns the latencies in ms (timeouts count as Infinity).
 */
export async function editLatencies(client, uri, text, edits, usePull, timeoutMs = 10000) {
  const incremental = syncKind(client.capabilities) === 2;
  const latencies = [];
  let current = text;
  for (let i = 0; i < edits; i++) {
    const points = editPoints(current);
    const offset = points[Math.floor(((i * 7919) % points.length))] ?? current.length;
    const next = applyEdit(current, offset, 0, 'x');
    const version = i + 2;
    const change = incremental ? { range: { start: positionAt(current, offset), end: positionAt(current, offset) }, text: 'x' } : { text: next };
    const started = process.hrtime.bigint();
    const pushed = usePull ? undefined : client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && (p.version === undefined || p.version === version), timeoutMs);
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    try {
      const at = usePull ? await pull(client, uri) : (await pushed).at;
      latencies.push(Number(at - started) / 1e6);
    } catch {
      latencies.push(Infinity);
    }
    current = next;
  }
  return latencies;
}

async function measureServer(server, file, text, edits) {
  const dir = join(file, '..');
  const client = new LspClient(server.command, server.args, { cwd: dir, env: server.env });
  try {
    const init = await client.initialize(dir, server.initializationOptions, server.pullOnly);
    if (server.disableDb) client.notify('workspace/didChangeConfiguration', { settings: { db: { disableConnection: true } } });
    const usePull = !!init.capabilities.diagnosticProvider && !!server.pullOnly;
    const uri = pathToFileURL(file).href;
    const openMs = await openAndWait(client, uri, text, usePull);
    const cpuBefore = processCpuMs(client.pid);
    const latencies = await editLatencies(client, uri, text, edits, usePull);
    const cpuPerEditMs = (processCpuMs(client.pid) - cpuBefore) / edits;
    const timeouts = latencies.filter((l) => l === Infinity).length;
    return { name: server.name, openMs, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies), cpuPerEditMs, timeouts, sync: syncKind(init.capabilities) === 2 ? 'incremental' : 'full', diagnostics: usePull ? 'pulled' : 'pushed' };
  } finally {
    await client.shutdown();
  }
}

export async function runLatency({ edits = 100, lines = 2000, log = console.log } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'safeshift-bench-latency-'));
  const file = join(dir, 'big_migration.sql');
  const text = generateBigMigration(lines);
  writeFileSync(file, text);
  log(`editor latency: ${text.split('\n').length}-line migration (${(text.length / 1024).toFixed(0)} KiB), ${edits} one-character edits, each awaited`);
  const results = [];
  for (const server of servers()) {
    try {
      const row = await measureServer(server, file, text, edits);
      results.push(row);
      log(`  ${row.name.padEnd(26)} open ${fmt(row.openMs).padStart(9)}  edit p50 ${fmt(row.p50).padStart(9)}  p95 ${fmt(row.p95).padStart(9)}  max ${fmt(row.max).padStart(9)}  CPU/edit ${fmt(row.cpuPerEditMs).padStart(8)}  ${row.sync} sync, ${row.diagnostics}${row.timeouts ? `  ${row.timeouts} edits got no diagnostics within 10 s` : ''}`);
    } catch (error) {
      log(`  ${server.name.padEnd(26)} failed: ${error.message.split('\n')[0]}`);
      results.push({ name: server.name, error: error.message.split('\n')[0] });
    }
  }
  return { lines: text.split('\n').length, edits, results };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const edits = Number(args.find((a) => a.startsWith('--edits='))?.slice(8) ?? 100);
  const lines = Number(args.find((a) => a.startsWith('--lines='))?.slice(8) ?? 2000);
  await runLatency({ edits, lines });
}
