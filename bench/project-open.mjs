// Project open: in a project of about 700 migrations, the time from didOpen of the newest
// migration to its first diagnostics (for Safeshift: project lookup and schema replay of every
// earlier migration included), then one-character edits in it, then the server's memory (VmRSS).
//
//   node bench/project-open.mjs [projectDir] [--edits=100]
// The project is SAFESHIFT_PROJECT (or the argument): a directory holding a migrations folder,
// for example a Prisma schema directory; else a generated golang-migrate project of 700 migrations.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sqlFiles } from './batch.mjs';
import { generateProject } from './generate-corpus.mjs';
import { fmt, percentile, processCpuMs, statusKb } from './lib.mjs';
import { LspClient } from './lsp-client.mjs';
import { editLatencies, openAndWait, servers } from './lsp-latency.mjs';

export function projectDir(explicit) {
  const dir = explicit ?? process.env.SAFESHIFT_PROJECT;
  if (dir) return { dir, generated: false };
  const root = join(tmpdir(), 'safeshift-bench-project');
  generateProject(root, 700);
  return { dir: root, generated: true };
}

/** The migration that sorts last by path, down migrations aside: the one a developer is writing. */
export function newestMigration(files) {
  const ups = files.filter((f) => !/(^|[._/-])down(\.sql$|[._/-])/i.test(f));
  return [...ups].sort().pop();
}

async function measure(server, dir, file, edits) {
  const client = new LspClient(server.command, server.args, { cwd: dir, env: server.env });
  try {
    const init = await client.initialize(dir, server.initializationOptions, server.pullOnly);
    const usePull = !!init.capabilities.diagnosticProvider && !!server.pullOnly;
    if (server.disableDb) client.notify('workspace/didChangeConfiguration', { settings: { db: { disableConnection: true } } });
    const uri = pathToFileURL(file).href;
    const text = readFileSync(file, 'utf8');
    const openMs = await openAndWait(client, uri, text, usePull);
    const cpuBefore = processCpuMs(client.pid);
    const latencies = await editLatencies(client, uri, text, edits, usePull);
    const cpuPerEditMs = (processCpuMs(client.pid) - cpuBefore) / edits;
    const rssMb = (statusKb(client.pid, 'VmRSS') ?? NaN) / 1024;
    const hwmMb = (statusKb(client.pid, 'VmHWM') ?? NaN) / 1024;
    return { name: server.name, openMs, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies), first: latencies[0], cpuPerEditMs, timeouts: latencies.filter((l) => l === Infinity).length, rssMb, hwmMb };
  } finally {
    await client.shutdown();
  }
}

export async function runProjectOpen({ dir, edits = 100, log = console.log } = {}) {
  const project = projectDir(dir);
  const files = sqlFiles(project.dir);
  const newest = newestMigration(files);
  if (!newest) throw new Error(`no migration files in ${project.dir}`);
  log(`project open: ${files.length} SQL files in ${project.dir}${project.generated ? ' (generated)' : ''}; newest ${relative(project.dir, newest)}; then ${edits} edits`);
  const results = [];
  for (const server of servers()) {
    try {
      const row = await measure(server, project.dir, newest, edits);
      results.push(row);
      log(`  ${row.name.padEnd(26)} first diagnostics ${fmt(row.openMs).padStart(9)}  edit p50 ${fmt(row.p50).padStart(9)}  p95 ${fmt(row.p95).padStart(9)}  max ${fmt(row.max).padStart(9)} (first edit ${fmt(row.first)})  CPU/edit ${fmt(row.cpuPerEditMs).padStart(8)}  RSS ${row.rssMb.toFixed(0)} MB (peak ${row.hwmMb.toFixed(0)} MB)${row.timeouts ? `  ${row.timeouts} edits without diagnostics` : ''}`);
    } catch (error) {
      log(`  ${server.name.padEnd(26)} failed: ${error.message.split('\n')[0]}`);
      results.push({ name: server.name, error: error.message.split('\n')[0] });
    }
  }
  return { dir: project.dir, generated: project.generated, files: files.length, newest: relative(project.dir, newest), edits, results };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const edits = Number(args.find((a) => a.startsWith("--edits="))?.slice(8) ?? 100);
  await runProjectOpen({ dir: args.find((a) => !a.startsWith('--')), edits });
}
