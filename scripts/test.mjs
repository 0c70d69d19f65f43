// `npm test`: build the bundles, type-check and compile the tests, then run every suite: unit,
// rule fixtures, CLI, LSP protocol, grammar, and the real editors (Neovim, VS Code in code-server).
// Prints one closing line, "N passed, N failed", counted over all suites.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const artifacts = '.test-artifacts';
mkdirSync(artifacts, { recursive: true });

function run(command, args, options = {}) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  return result.status ?? 1;
}

function must(command, args) {
  const status = run(command, args);
  if (status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed (exit ${status}).`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

must('node', ['scripts/build.mjs']);
must('node', ['scripts/package.mjs', '--quiet']);
// Compile into a clean out/ so a deleted test cannot linger as stale JavaScript.
rmSync('out', { recursive: true, force: true });
must('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json']);

/** Only `*.test.js` files are suites; node's own discovery would also run helper modules. */
function testFiles(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const only = process.argv.slice(2);
const tap = `${artifacts}/node-tests.tap`;
const testStatus = run('node', [
  '--test',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${tap}`,
  ...(only.length ? only : testFiles('out/test')),
]);
let passed = 0;
let failed = 0;
if (existsSync(tap)) {
  const summary = readFileSync(tap, 'utf8');
  passed += Number(/^# pass (\d+)/m.exec(summary)?.[1] ?? 0);
  failed += Number(/^# fail (\d+)/m.exec(summary)?.[1] ?? 0) + Number(/^# cancelled (\d+)/m.exec(summary)?.[1] ?? 0);
}
if (testStatus !== 0 && failed === 0) failed = 1;

if (only.length === 0) {
  // The injection grammar's tests, over the test base grammar and, where the e2e setup installed
  // code-server, over VS Code's own SQL grammar too (the one users have).
  const codeServerDir = process.env.SAFESHIFT_CODE_SERVER_DIR ?? '.cache/code-server';
  const vscodeSql = `${codeServerDir}/node_modules/code-server/lib/vscode/extensions/sql/syntaxes/sql.tmLanguage.json`;
  const bases = ['test/grammar/sql-base.tmLanguage.json', ...(existsSync(vscodeSql) ? [vscodeSql] : [])];
  for (const base of bases) {
    const grammarStatus = run('npx', ['--no-install', 'vscode-tmgrammar-test', '-g', base, '-g', 'syntaxes/safeshift-injection.tmLanguage.json', 'test/grammar/*.sql']);
    if (grammarStatus === 0) passed++;
    else failed++;
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
