// The schema replay alone: parses every migration root under the given directories first (not
// measured), then replays each root into the catalog model and prints the CPU time (user+sys) of
// the replay per root, the slowest migrations, and the cost of copying the final catalog.
// Runs the compiled tree (`npx tsc -p tsconfig.json` first) or another one given with --out.
//
//   node bench/replay.mjs [--out=<dir with server/src>] [--rounds=3] [--top=5] <dir>...
//   node --cpu-prof bench/replay.mjs /tmp/h3/corpus/trigger && node bench/profile-summary.mjs CPU.*.cpuprofile
import { resolve } from 'node:path';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const option = (name, fallback) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const dirs = args.filter((a) => !a.startsWith('--'));
if (dirs.length === 0) {
  console.error('usage: node bench/replay.mjs [--out=out] [--rounds=3] [--top=5] <project dir>...');
  process.exit(2);
}
const out = resolve(option('out', 'out'));
const rounds = Number(option('rounds', 3));
const top = Number(option('top', 5));
const require = createRequire(import.meta.url);
const load = (path) => require(`${out}/server/src/${path}`);
const { discoverRoots } = load('analysis/project/project.js');
const { scriptText } = load('analysis/project/envelopes.js');
const { parseDocument } = load('analysis/parse/parseDocument.js');
const { applyStatement } = load('analysis/schema/apply.js');
const { createCatalog, cloneCatalog } = load('analysis/schema/model.js');
const { nodeProjectFs, toModelPath } = load('node/projectFs.js');
const parser = load('analysis/parse/pgParser.js');
if (typeof parser.loadParser === 'function') await parser.loadParser();
else if (typeof parser.initParser === 'function') await parser.initParser();

const cpuMs = (start) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** The up statements of each runnable migration of a root, parsed once. */
function parsedMigrations(root) {
  return root.migrations
    .filter((m) => m.kind !== 'callback' && m.kind !== 'code' && m.up)
    .map((migration) => {
      const text = nodeProjectFs.read(migration.up.file) ?? '';
      return { id: migration.id, statements: parseDocument(scriptText(migration.up, text), { placeholders: migration.placeholders }).statements };
    });
}

function replayRoot(migrations) {
  const catalog = createCatalog();
  const perMigration = [];
  let failures = 0;
  for (const migration of migrations) {
    const start = process.cpuUsage();
    catalog.searchPath = ['public'];
    for (const statement of migration.statements) if (applyStatement(catalog, statement, migration.id).status === 'failed') failures++;
    catalog.searchPath = ['public'];
    perMigration.push({ id: migration.id, ms: cpuMs(start) });
  }
  return { catalog, perMigration, failures };
}

let grandTotal = 0;
for (const dir of dirs) {
  for (const root of discoverRoots(toModelPath(resolve(dir)), nodeProjectFs)) {
    const migrations = parsedMigrations(root);
    if (migrations.length === 0) continue;
    const statements = migrations.reduce((n, m) => n + m.statements.length, 0);
    let best;
    for (let round = 0; round < rounds; round++) {
      const run = replayRoot(migrations);
      const total = run.perMigration.reduce((n, m) => n + m.ms, 0);
      if (!best || total < best.total) best = { ...run, total };
    }
    const cloneStart = process.cpuUsage();
    const clones = 200;
    for (let i = 0; i < clones; i++) cloneCatalog(best.catalog);
    const cloneMs = cpuMs(cloneStart) / clones;
    grandTotal += best.total;
    const slowest = [...best.perMigration].sort((a, b) => b.ms - a.ms).slice(0, top);
    console.log(
      `${root.dir}: ${migrations.length} migrations, ${statements} statements, ${best.failures} failed; replay CPU ${best.total.toFixed(1)} ms (best of ${rounds}), ` +
        `${(best.total / migrations.length).toFixed(3)} ms/migration; final catalog ${best.catalog.tables.size} tables, ${best.catalog.indexes.size} indexes; cloneCatalog ${cloneMs.toFixed(3)} ms`,
    );
    for (const m of slowest) console.log(`    ${m.ms.toFixed(1).padStart(7)} ms  ${m.id}`);
  }
}
console.log(`total replay CPU: ${grandTotal.toFixed(1)} ms; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
