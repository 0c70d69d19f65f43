/**
 * `safeshift run` as CI runs it: the built CLI (dist/cli.js) as a child process, the embedded
 * engine, every output format, and the exit codes (0 ok, 1 a failure, 2 usage).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, ensureBuilt } from '../cli/helpers';

let project: string;

before(() => {
  ensureBuilt();
  project = mkdtempSync(join(tmpdir(), 'safeshift-cli-run-'));
  const good = join(project, 'good', 'db', 'migrations');
  mkdirSync(good, { recursive: true });
  writeFileSync(join(good, '20240101000000_menu.sql'), '-- migrate:up\nCREATE TABLE menu (id int PRIMARY KEY, price int);\n-- migrate:down\nDROP TABLE menu;\n');
  writeFileSync(join(good, '20240102000000_price_idx.sql'), '-- migrate:up\nCREATE INDEX menu_price_idx ON menu (price);\n-- migrate:down\nDROP INDEX menu_price_idx;\n');
  const bad = join(project, 'bad', 'db', 'migrations');
  mkdirSync(bad, { recursive: true });
  writeFileSync(join(bad, '20240101000000_menu.sql'), '-- migrate:up\nCREATE TABLE menu (id int PRIMARY KEY, price int);\n-- migrate:down\nDROP TABLE menu;\n');
  // The down forgets the index.
  writeFileSync(join(bad, '20240102000000_price_idx.sql'), '-- migrate:up\nCREATE INDEX menu_price_idx ON menu (price);\n-- migrate:down\nSELECT 1;\n');
});

after(() => rmSync(project, { recursive: true, force: true }));

function safeshift(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, SAFESHIFT_CACHE_DIR: join(project, '.cache'), NO_COLOR: '1' };
  const result = spawnSync(process.execPath, [CLI, 'run', ...args], { cwd: project, env, encoding: 'utf8', timeout: 300_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('safeshift run', { timeout: 900_000 }, () => {
  test('usage and request errors exit with 2 and say what is wrong', () => {
    const none = safeshift([]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /needs a migration file or directory/);
    const engine = safeshift(['x.sql', '--engine', 'docker']);
    assert.equal(engine.status, 2);
    assert.match(engine.stderr, /--engine: the value must be one of "embedded", "container", "url"/);
    const format = safeshift(['x.sql', '--format', 'xml']);
    assert.equal(format.status, 2);
    const missing = safeshift(['nowhere.sql']);
    assert.equal(missing.status, 2, missing.stdout + missing.stderr);
    assert.match(missing.stderr, /nowhere\.sql: no such file or directory/);
    const help = safeshift(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: safeshift run/);
  });

  test('a file with --down in JSON: the issue #6 shape, exit 1 when the down leaves the index', () => {
    const result = safeshift(['bad/db/migrations/20240102000000_price_idx.sql', '--down', '--format', 'json']);
    assert.equal(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.equal(report.version, 1);
    assert.equal(report.engine, 'embedded');
    const migration = report.migrations[0];
    assert.equal(migration.path, 'bad/db/migrations/20240102000000_price_idx.sql');
    assert.equal(migration.ok, false);
    const statement = migration.statements[0];
    for (const key of ['line', 'endLine', 'sql', 'durationMs', 'locks', 'rewrites', 'rowsAffected', 'notices', 'blocks', 'error']) assert.ok(key in statement, key);
    assert.deepEqual({ line: statement.line, endLine: statement.endLine, error: statement.error }, { line: 2, endLine: 2, error: null });
    assert.deepEqual(statement.blocks, { reads: false, writes: true, source: 'derived', relations: [{ relation: 'public.menu', reads: false, writes: true }] });
    assert.deepEqual({ checked: migration.down.checked, restored: migration.down.restored }, { checked: true, restored: false });
    assert.ok(migration.down.differences.includes('index public.menu_price_idx still exists after down'), migration.down.differences.join('\n'));
  });

  test('a directory in text and Markdown: exit 0 when every migration and down check passes', () => {
    const text = safeshift(['good/db/migrations']);
    assert.equal(text.status, 0, text.stdout + text.stderr);
    assert.match(text.stdout, /lock SHARE on public\.menu/);
    assert.match(text.stdout, /blocks writes of public\.menu \(derived\)/);
    assert.match(text.stdout, /down: restores the schema exactly/);
    assert.match(text.stdout, /2 migrations, all ok/);

    const markdown = safeshift(['bad/db/migrations', '--format', 'markdown']);
    assert.equal(markdown.status, 1);
    assert.match(markdown.stdout, /^### Safeshift sandbox: ❌ 1 of 2 failed/);
    assert.match(markdown.stdout, /\| Line \| Statement \| Time \| Locks \| Blocks \| Rewrites \| Rows \|/);
    assert.match(markdown.stdout, /SHARE `public\.menu`/);
    assert.match(markdown.stdout, /- index public\.menu\\_price\\_idx still exists after down/);
  });
});
