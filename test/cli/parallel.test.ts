/**
 * `safeshift check` on several threads gives exactly the single-threaded output, file order,
 * findings, run problems and exit code included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ensureBuilt } from './helpers';
import { joinReports, splitBySize, threadCount } from '../../server/src/cli/parallel';
import type { CheckReport } from '../../server/src/cli/check';

const STATEMENTS = [
  'ALTER TABLE orders ADD COLUMN note text NOT NULL;',
  'CREATE INDEX orders_note_idx ON orders (note);',
  "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);",
  'CREATE TABLE items (id serial PRIMARY KEY, name varchar(20));',
  'DROP TABLE old_orders;',
  "UPDATE orders SET note = '' WHERE note IS NULL;",
  'ALTER TABLE orders RENAME COLUMN note TO remark;',
  'SELECT 1 FROM;',
];

function corpus(files: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'safeshift-parallel-'));
  // An unknown setting: a config problem every thread meets, to be reported once.
  writeFileSync(join(dir, 'safeshift.json'), '{ "noSuchSetting": true }\n');
  for (let i = 0; i < files; i++) {
    const sub = join(dir, `part${Math.floor(i / 50)}`);
    mkdirSync(sub, { recursive: true });
    const body = Array.from({ length: 1 + (i % 5) }, (_, k) => STATEMENTS[(i * 3 + k) % STATEMENTS.length]).join('\n');
    writeFileSync(join(sub, `${String(i).padStart(4, '0')}_change.sql`), `${body}\n`);
  }
  return dir;
}

function check(dir: string, jobs: number, format: string) {
  ensureBuilt();
  const result = spawnSync(process.execPath, [CLI, 'check', '--jobs', String(jobs), '--format', format, '--no-color', '.'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(result.error, undefined);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('check on 3 threads prints exactly what check on 1 thread prints', () => {
  const dir = corpus(320);
  try {
    assert.equal(threadCount(320, 3), 3);
    for (const format of ['json', 'text']) {
      const single = check(dir, 1, format);
      const threaded = check(dir, 3, format);
      assert.equal(single.status, 1, single.stderr); // syntax errors are findings at error severity
      assert.deepEqual(threaded, single);
      if (format === 'json') assert.equal((JSON.parse(single.stdout) as { files: unknown[] }).files.length, 320);
      assert.equal(single.stderr.split('noSuchSetting').length - 1, 1, single.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('threads are used only when each gets enough files', () => {
  assert.equal(threadCount(50, 8), 1);
  assert.equal(threadCount(250, 8), 2);
  assert.equal(threadCount(10_000, 1), 1);
});

test('runs are contiguous, in order, and cover every file once', () => {
  const files = Array.from({ length: 7 }, (_, i) => `/no/such/file${i}.sql`);
  const runs = splitBySize(files, 3);
  assert.equal(runs.length, 3);
  assert.deepEqual(runs.flat(), files);
  assert.ok(runs.every((run) => run.length >= 2));
});

test('joined reports keep file order, add up counts and list a shared config problem once', () => {
  const config = { kind: 'config' as const, severity: 'error' as const, path: 'safeshift.json', line: 1, column: 3, message: 'Unknown setting' };
  const report = (path: string, severity: 'error' | 'warning'): CheckReport => ({
    files: [{ path, diagnostics: [{ rule: 'r', severity, message: 'm', line: 1, column: 1, endLine: 1, endColumn: 2 }] }],
    problems: [config],
    excluded: 1,
    counts: { error: 0, warning: 0, info: 0, hint: 0 },
  });
  const joined = joinReports([report('a.sql', 'error'), report('b.sql', 'warning')]);
  assert.deepEqual(joined.files.map((f) => f.path), ['a.sql', 'b.sql']);
  assert.deepEqual(joined.counts, { error: 1, warning: 1, info: 0, hint: 0 });
  assert.equal(joined.excluded, 2);
  assert.deepEqual(joined.problems, [config]);
});
