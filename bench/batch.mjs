// Batch lint: safeshift check, squawk and postgres-language-server check over the same list of
// files, alternating, several rounds; median wall time and peak RSS, and Safeshift's ratio to each.
//
//   node bench/batch.mjs [corpusDir] [--rounds=5] [--format=json|text]
// The corpus is SAFESHIFT_CORPUS (or the argument), else a generated one in the temp directory.
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateCorpus } from './generate-corpus.mjs';
import { PLS, SAFESHIFT_CLI, SQUAWK, fmt, median, peersAvailable, timeCommand } from './lib.mjs';

export function sqlFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.sql')) out.push(path);
    }
  };
  walk(dir);
  return out;
}

export function corpusDir(explicit) {
  const dir = explicit ?? process.env.SAFESHIFT_CORPUS;
  if (dir) return { dir, generated: false };
  return { dir: generateCorpus(join(tmpdir(), 'safeshift-bench-corpus'), 2000), generated: true };
}

/**
 * The three commands over the same explicit file list, output to /dev/null. `json` (the default):
 * every tool reports every finding as JSON, the same work a CI consumer gets. `text`: each tool's
 * default text output; PLS then prints at most 20 diagnostics (its default cap; printing all of
 * them in text takes it over a minute), so text mode flatters PLS.
 * PLS runs with its database connection disabled.
 */
export function tools(files, format = 'json') {
  const peers = peersAvailable();
  const json = format === 'json';
  const list = [{ name: 'safeshift', command: process.execPath, args: [SAFESHIFT_CLI, 'check', ...(json ? ['--format', 'json'] : []), ...files] }];
  if (peers.squawk) list.push({ name: 'squawk', command: SQUAWK, args: [...(json ? ['--reporter', 'json'] : []), ...files] });
  if (peers.pls) list.push({ name: 'postgres-language-server', command: PLS, args: ['check', '--disable-db', '--colors=off', ...(json ? ['--reporter=json', '--max-diagnostics=none'] : []), ...files] });
  return list;
}

export async function runBatch({ dir, rounds = 5, format = 'json', log = console.log } = {}) {
  const corpus = corpusDir(dir);
  const files = sqlFiles(corpus.dir);
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  log(`batch lint: ${files.length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB from ${corpus.dir}${corpus.generated ? ' (generated)' : ''}, ${rounds} rounds + 1 warm-up, ${format} output`);
  const list = tools(files, format);
  const samples = new Map(list.map((t) => [t.name, []]));
  for (let round = 0; round <= rounds; round++) {
    // Alternate the order so no tool always runs right after another's page-cache warm-up.
    const order = round % 2 === 0 ? list : [...list].reverse();
    for (const tool of order) {
      const result = await timeCommand(tool.command, tool.args);
      if (round > 0) samples.get(tool.name).push(result);
    }
  }
  const summary = list.map((tool) => {
    const runs = samples.get(tool.name);
    return { name: tool.name, wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)), peakMb: median(runs.map((r) => r.peakMb)), runs: runs.map((r) => Math.round(r.wallMs)) };
  });
  const ours = summary[0];
  for (const row of summary) {
    const ratio = row === ours ? '' : `  safeshift/peer = ${(ours.wallMs / row.wallMs).toFixed(2)}× time, ${(ours.peakMb / row.peakMb).toFixed(2)}× RSS`;
    log(`  ${row.name.padEnd(26)} median ${fmt(row.wallMs).padStart(9)}  CPU ${fmt(row.cpuMs).padStart(9)}  peak RSS ${row.peakMb.toFixed(0).padStart(4)} MB  runs [${row.runs.join(', ')}] ms${ratio}`);
  }
  return { files: files.length, bytes, corpus: corpus.dir, generated: corpus.generated, rounds, format, summary };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const rounds = Number(args.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 5);
  const format = args.find((a) => a.startsWith('--format='))?.slice(9) ?? 'json';
  await runBatch({ dir: args.find((a) => !a.startsWith('--')), rounds, format });
}
