// The embedded sandbox engine (PGlite in worker threads), timed: cold start without and with the
// cached initdb cluster, the first run of the newest migration of a 100-migration project (history
// replayed into a baseline), warm re-runs (the budget: 500 ms), and the CLI end to end.
// Uses the compiled sources in out/ (npx tsc -p tsconfig.json) and dist/cli.js.
//
//   node bench/sandbox-embedded.mjs [--runs N]
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fmt, machine, makeSandboxProject, median, ROOT } from './lib.mjs';

const require = createRequire(import.meta.url);
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const MIGRATIONS = 100;

spawnSync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' });
const { runMigrations } = require(join(ROOT, 'out/server/src/sandbox/runner.js'));
const { EmbeddedEngine } = require(join(ROOT, 'out/server/src/sandbox/engines/embedded.js'));
const { defaultSandboxSettings } = require(join(ROOT, 'out/server/src/analysis/config/settings.js'));


const timed = async (fn) => {
  const started = performance.now();
  const value = await fn();
  return [performance.now() - started, value];
};

const project = makeSandboxProject(MIGRATIONS, 'safeshift-bench-embedded-');
const cacheDir = join(project.dir, '.cache');
const settings = defaultSandboxSettings();
const results = {};
try {
  // Cold, no disk cache: compile the WASM, initdb, snapshot the fresh cluster to disk.
  const first = new EmbeddedEngine({ cacheDir });
  [results.coldInitdb] = await timed(() => first.start());
  await first.stop();
  // Cold in a new engine with the cluster cached on disk (the WASM stays compiled in this process).
  const engine = new EmbeddedEngine({ cacheDir });
  [results.coldCached] = await timed(() => engine.start());
  const run = (checkDown = false) => runMigrations({ paths: [project.target], cwd: project.dir, settings, engine, checkDown }, new AbortController().signal, () => undefined);
  const [firstRun, report] = await timed(() => run());
  if (!report.migrations[0]?.ok) throw new Error(`the run failed: ${JSON.stringify(report.migrations[0])}`);
  results.firstRun = firstRun;
  const reruns = [];
  for (let i = 0; i < RUNS; i++) {
    const [ms, again] = await timed(() => run());
    if (!again.migrations[0]?.baseline?.cached) throw new Error('a re-run replayed history');
    reruns.push(ms);
  }
  results.rerun = median(reruns);
  results.rerunMax = Math.max(...reruns);
  // A down check commits, so the next run needs a fresh copy of the baseline (loaded in the background).
  [results.downCheck] = await timed(() => run(true));
  await new Promise((done) => setTimeout(done, 3000));
  [results.afterDown] = await timed(() => run());
  results.describe = engine.describe();
  await engine.stop();
  // The CLI end to end: a new process, the cluster cached on disk, the whole history replayed.
  const env = { ...process.env, SAFESHIFT_CACHE_DIR: cacheDir };
  [results.cli] = await timed(async () => spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'run', project.target, '--format', 'json'], { cwd: project.dir, env, stdio: 'ignore' }).status);
} finally {
  rmSync(project.dir, { recursive: true, force: true });
}

const host = machine();
console.log(`\nEmbedded sandbox (${results.describe}), newest migration of a ${MIGRATIONS}-migration dbmate project; ${host.cpu}, ${host.memory}, load ${host.load}`);
console.log('| step | time |');
console.log('|---|---|');
console.log(`| cold start, first ever (compile WASM, initdb) | ${fmt(results.coldInitdb)} |`);
console.log(`| cold start, initdb cluster cached on disk | ${fmt(results.coldCached)} |`);
console.log(`| first run (99 migrations replayed into the baseline) | ${fmt(results.firstRun)} |`);
console.log(`| re-run, warm (median of ${RUNS}; max ${fmt(results.rerunMax)}); budget 500 ms | ${fmt(results.rerun)} |`);
console.log(`| run with --down (up, down, compare, up) | ${fmt(results.downCheck)} |`);
console.log(`| re-run after a down check (baseline reloaded in the background) | ${fmt(results.afterDown)} |`);
console.log(`| CLI, new process: safeshift run <newest> (history replayed) | ${fmt(results.cli)} |`);
