// `npm run bench`: builds dist/, then runs the three benchmarks against Squawk and the Postgres
// Language Server and prints the figures as Markdown, ready for bench/RESULTS.md. Never part of
// the tests: the figures depend on the machine and on what else runs on it.
//
// Environment: SAFESHIFT_CORPUS (batch corpus), SAFESHIFT_PROJECT (the ~700-migration project),
// SAFESHIFT_BENCH_ROUNDS (batch rounds, default 5), SAFESHIFT_BENCH_EDITS (edits in the latency and
// project benches, 100: with 20, p95 is the second-slowest edit, which the JIT warm-up decides).
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBatch } from './batch.mjs';
import { buildSafeshift, fmt, machine, versions } from './lib.mjs';
import { runLatency } from './lsp-latency.mjs';
import { runProjectOpen } from './project-open.mjs';

const log = (line) => console.error(line);

buildSafeshift();
const started = new Date().toISOString();
const info = { started, machine: machine(), versions: versions() };
log(`machine: ${info.machine.cpu}, ${info.machine.memory}, ${info.machine.os}, load ${info.machine.load}`);
log(`versions: safeshift ${info.versions.safeshift}, ${info.versions.squawk}, ${info.versions.pls}, node ${info.versions.node}`);

const batch = await runBatch({ rounds: Number(process.env.SAFESHIFT_BENCH_ROUNDS ?? 5), log });
const edits = Number(process.env.SAFESHIFT_BENCH_EDITS ?? 100);
const latency = await runLatency({ edits, log });
const project = await runProjectOpen({ edits, log });
const loadAfter = machine().load;

const out = join(tmpdir(), `safeshift-bench-${started.replace(/[:.]/g, '-')}.json`);
writeFileSync(out, JSON.stringify({ ...info, loadAfter, batch, latency, project }, null, 2));

const row = (cells) => `| ${cells.join(' | ')} |`;
const lines = [
  `Run ${started}; load average before ${info.machine.load}, after ${loadAfter}.`,
  '',
  `Batch lint: ${batch.files} files (${(batch.bytes / 2 ** 20).toFixed(1)} MiB), ${batch.format} output, median of ${batch.rounds} alternating rounds.`,
  '',
  row(['tool', 'median wall', 'median CPU (user+sys)', 'peak RSS', 'Safeshift ÷ tool (wall)', 'Safeshift ÷ tool (CPU)']),
  row(['---', '---', '---', '---', '---', '---']),
  ...batch.summary.map((r) => row([r.name, fmt(r.wallMs), fmt(r.cpuMs), `${r.peakMb.toFixed(0)} MB`, r === batch.summary[0] ? '' : `${(batch.summary[0].wallMs / r.wallMs).toFixed(2)}×`, r === batch.summary[0] ? '' : `${(batch.summary[0].cpuMs / r.cpuMs).toFixed(2)}×`])),
  '',
  `Editor latency: ${latency.lines}-line migration, ${latency.edits} one-character edits, didChange → diagnostics of that version.`,
  '',
  row(['server', 'open', 'p50', 'p95', 'max', 'server CPU per edit']),
  row(['---', '---', '---', '---', '---', '---']),
  ...latency.results.map((r) => (r.error ? row([r.name, `failed: ${r.error}`, '', '', '']) : row([r.name, fmt(r.openMs), fmt(r.p50), fmt(r.p95), fmt(r.max), fmt(r.cpuPerEditMs)]))),
  '',
  `Project open: ${project.files} SQL files, newest ${project.newest}${project.generated ? ' (generated project)' : ''}.`,
  '',
  row(['server', 'first diagnostics', 'edit p50', 'edit p95', 'edit max (first edit)', 'server CPU per edit', 'RSS after']),
  row(['---', '---', '---', '---', '---', '---', '---']),
  ...project.results.map((r) => (r.error ? row([r.name, `failed: ${r.error}`, '', '', '']) : row([r.name, fmt(r.openMs), fmt(r.p50), fmt(r.p95), `${fmt(r.max)} (${fmt(r.first)})`, fmt(r.cpuPerEditMs), `${r.rssMb.toFixed(0)} MB`]))),
];
console.log(lines.join('\n'));
log(`\nraw figures: ${out}`);
