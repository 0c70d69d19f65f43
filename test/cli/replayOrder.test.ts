/**
 * `checkFiles` lints files in the order their roots run them (one forward replay per root) but
 * must report exactly what a plain check gives: each file checked on its own, with a fresh project
 * model, in the order the list names them. Shuffled lists over every fixture project, and over the
 * real corpus when SAFESHIFT_CORPUS is set.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { checkFiles, emptyReport, countFindings, inReplayOrder, type CheckReport } from '../../server/src/cli/check';
import type { CheckOptions } from '../../server/src/cli/args';

before(() => initParser());

const OPTIONS: CheckOptions = { command: 'check', paths: [], stdin: false, format: 'json', maxWarnings: -1, errorOnUnmatchedPattern: false, jobs: 1 };
const PROJECTS = resolve(__dirname, '../../../test/projects');

function sqlFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) found.push(...sqlFiles(path));
    else if (entry.isFile() && /\.sql$/i.test(entry.name)) found.push(path);
  }
  return found;
}

/** Seeded, so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The plain check: every file alone, with a project model of its own, reports joined in list order. */
function eachAlone(cwd: string, files: readonly string[]): CheckReport {
  const joined = emptyReport();
  for (const file of files) {
    const report = checkFiles(OPTIONS, cwd, [file]);
    joined.files.push(...report.files);
    joined.excluded += report.excluded;
    // A config problem is reported once per run: keep its first report only.
    for (const p of report.problems) if (p.kind !== 'config' || !joined.problems.some((q) => JSON.stringify(q) === JSON.stringify(p))) joined.problems.push(p);
  }
  return countFindings(joined);
}

test('inReplayOrder sorts by root of first appearance, then position, stably, outsiders last', () => {
  const items = [
    { name: 'b2', place: { root: 'B', position: 2 } },
    { name: 'x', place: undefined },
    { name: 'a1', place: { root: 'A', position: 1 } },
    { name: 'b0', place: { root: 'B', position: 0 } },
    { name: 'b0-down', place: { root: 'B', position: 0 } },
    { name: 'a0', place: { root: 'A', position: 0 } },
    { name: 'y', place: undefined },
  ];
  assert.deepEqual(inReplayOrder(items, (i) => i.place).map((i) => i.name), ['b0', 'b0-down', 'b2', 'a0', 'a1', 'x', 'y']);
});

test('every fixture project, shuffled: the replay-ordered check equals each file checked alone', () => {
  const projects = readdirSync(PROJECTS).filter((name) => statSync(join(PROJECTS, name)).isDirectory());
  assert.ok(projects.length >= 8);
  const all = projects.flatMap((name) => sqlFiles(join(PROJECTS, name)));
  assert.ok(all.length > 40, `${all.length} fixture files`);
  for (const seed of [1, 7, 42]) {
    const list = shuffled(all, seed);
    const fast = checkFiles(OPTIONS, PROJECTS, list);
    assert.deepEqual(fast, eachAlone(PROJECTS, list), `seed ${seed}`);
    assert.deepEqual(fast.files.map((f) => f.path), list.map((f) => f.slice(PROJECTS.length + 1)));
  }
});

test('problems keep their place: a config problem, an unreadable file and files of a project, shuffled', () => {
  const dir = mkdtempSync(join(tmpdir(), 'safeshift-order-'));
  try {
    const migrations = join(dir, 'db', 'migrations');
    mkdirSync(migrations, { recursive: true });
    writeFileSync(join(dir, 'db', 'safeshift.json'), '{ "noSuchSetting": true }\n');
    const files: string[] = [];
    for (let i = 0; i < 12; i++) {
      const file = join(migrations, `${String(i + 1).padStart(3, '0')}_step.sql`);
      const body = i === 0 ? 'CREATE TABLE t (id int);' : `ALTER TABLE t ADD COLUMN c${i} int NOT NULL;\nCREATE INDEX t_c${i} ON t (c${i});`;
      writeFileSync(file, `${body}\n`);
      files.push(file);
    }
    const unreadable = join(dir, 'folder.sql');
    mkdirSync(unreadable); // stat works, reading fails
    const loose = join(dir, 'loose.sql');
    writeFileSync(loose, 'DROP TABLE t;\n');
    for (const seed of [3, 11]) {
      const list = shuffled([...files, unreadable, loose], seed);
      const fast = checkFiles(OPTIONS, dir, list);
      assert.deepEqual(fast, eachAlone(dir, list), `seed ${seed}`);
      assert.ok(fast.problems.some((p) => p.kind === 'unreadable'));
      assert.equal(fast.problems.filter((p) => p.kind === 'config').length, 1);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const CORPUS = process.env.SAFESHIFT_CORPUS;
test('real corpus, shuffled: the same report as in list order, and files alone agree', { skip: CORPUS ? false : 'SAFESHIFT_CORPUS not set' }, () => {
  const all = sqlFiles(CORPUS!).sort();
  const inOrder = checkFiles(OPTIONS, CORPUS!, all);
  const list = shuffled(all, 5);
  const fast = checkFiles(OPTIONS, CORPUS!, list);
  const byPath = new Map(inOrder.files.map((f) => [f.path, f]));
  assert.deepEqual(fast.files, fast.files.map((f) => byPath.get(f.path)));
  assert.deepEqual(fast.counts, inOrder.counts);
  // Each file alone replays its root from scratch: a sample keeps the test's time reasonable.
  const sample = shuffled(list, 9).slice(0, 40);
  const fastByPath = new Map(fast.files.map((f) => [f.path, f]));
  for (const file of sample) {
    const alone = checkFiles(OPTIONS, CORPUS!, [file]);
    assert.deepEqual(alone.files[0], fastByPath.get(alone.files[0].path), file);
  }
});
