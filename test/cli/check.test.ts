import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson, project, removeProject, rulesOf, run, SQL, TIME_LIMIT_MS } from './helpers';

const made: string[] = [];
function tmp(files: Record<string, string | Uint8Array>): string {
  const dir = project(files);
  made.push(dir);
  return dir;
}
after(() => made.forEach(removeProject));

function checkedPaths(stdout: string): string[] {
  return parseJson(stdout).files.map((f) => f.path);
}

describe('exit codes', () => {
  test('0 when nothing is found', () => {
    const cwd = tmp({ 'safe.sql': SQL.safe });
    const result = run(['check', 'safe.sql'], { cwd });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^No problems found \(1 file checked\)\.$/m);
    assert.equal(result.stderr, '');
    assert.ok(result.ms < TIME_LIMIT_MS);
  });

  test('0 when there are only warnings', () => {
    const cwd = tmp({ 'risky.sql': SQL.risky });
    const result = run(['check', 'risky.sql'], { cwd });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^risky\.sql:1:1: warning require-concurrent-index-creation /m);
  });

  test('1 when a finding is at error severity', () => {
    const cwd = tmp({ 'broken.sql': SQL.broken, 'safe.sql': SQL.safe });
    const result = run(['check', '.'], { cwd });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^broken\.sql:1:49: error syntax-error Syntax error at or near "NUL"$/m);
    assert.match(result.stdout, /1 problem \(1 error\) in 1 of 2 files checked\.$/m);
  });

  test('1 when safeshift.json raises a rule to error', () => {
    const cwd = tmp({ 'safeshift.json': '{"rules": {"require-concurrent-index-creation": "error"}}', 'risky.sql': SQL.risky });
    const result = run(['check', 'risky.sql'], { cwd });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^risky\.sql:1:1: error require-concurrent-index-creation /m);
  });

  test('2 for usage errors, with a message on stderr and nothing on stdout', () => {
    const cwd = tmp({ 'safe.sql': SQL.safe });
    const cases: Array<[string[], RegExp]> = [
      [[], /No command given/],
      [['lint', 'safe.sql'], /Unknown command "lint"\./],
      [['safe.sql'], /Unknown command "safe\.sql"\. To lint files, write: safeshift check safe\.sql/],
      [['check'], /Give the files, directories or globs to check, or "--stdin"/],
      [['check', '--frmat', 'json', 'safe.sql'], /Unknown option "--frmat"/],
      [['check', '--format', 'xml', 'safe.sql'], /"--format" must be one of text, json, sarif, github \(got "xml"\)/],
      [['check', '--format'], /"--format" needs a value/],
      [['check', '--max-warnings', 'many', 'safe.sql'], /"--max-warnings" must be a whole number/],
      [['check', '--pg-version', '8', 'safe.sql'], /"--pg-version" must be a PostgreSQL version/],
      [['check', '--stdin', 'safe.sql'], /either paths or "--stdin"/],
      [['check', '--stdin-filename', 'x.sql', 'safe.sql'], /"--stdin-filename" needs "--stdin"/],
      [['check', '--format', 'json', '--format', 'text', 'safe.sql'], /given more than once/],
      [['rules', '--config', 'x.json'], /"--config" does not apply to "safeshift rules"/],
    ];
    for (const [args, message] of cases) {
      const result = run(args, { cwd });
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
      assert.equal(result.stdout, '', args.join(' '));
    }
  });

  test('2 for a path that does not exist, after checking the others', () => {
    const cwd = tmp({ 'broken.sql': SQL.broken });
    const result = run(['check', 'missing.sql', 'broken.sql', '--format', 'json'], { cwd });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /No such file or directory: missing\.sql/);
    assert.deepEqual(rulesOf(parseJson(result.stdout)), ['syntax-error']);
  });

  test('2 for a glob or a directory that matches nothing, unless --no-error-on-unmatched-pattern', () => {
    const cwd = tmp({ 'safe.sql': SQL.safe, 'docs/readme.md': '# no SQL here\n' });
    const glob = run(['check', 'migrations/**/*.sql'], { cwd });
    assert.equal(glob.status, 2);
    assert.match(glob.stderr, /No files match the glob "migrations\/\*\*\/\*\.sql"/);
    const dir = run(['check', 'docs'], { cwd });
    assert.equal(dir.status, 2);
    assert.match(dir.stderr, /No \*\.sql files in the directory docs/);
    const allowed = run(['check', '--no-error-on-unmatched-pattern', 'migrations/*.sql', 'docs', 'safe.sql'], { cwd });
    assert.equal(allowed.status, 0, allowed.stderr);
    assert.match(allowed.stdout, /No problems found \(1 file checked\)/);
  });

  test('2 for a file that cannot be read, after checking the others', () => {
    const cwd = tmp({ 'broken.sql': SQL.broken, 'locked.sql': SQL.safe });
    const fifo = spawnSync('mkfifo', [join(cwd, 'pipe.sql')]);
    const args = ['check', 'broken.sql', '--format', 'json'];
    if (fifo.status === 0) args.push('pipe.sql');
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) {
      chmodSync(join(cwd, 'locked.sql'), 0o000);
      args.push('locked.sql');
    }
    const result = run(args, { cwd });
    assert.equal(result.status, 2, result.stderr);
    if (fifo.status === 0) assert.match(result.stderr, /Cannot read pipe\.sql: it is not a regular file/);
    if (!asRoot) assert.match(result.stderr, /Cannot read locked\.sql: permission denied \(EACCES\)/);
    assert.deepEqual(checkedPaths(result.stdout), ['broken.sql']);
    assert.deepEqual(rulesOf(parseJson(result.stdout)), ['syntax-error']);
  });

  test('--help and --version exit 0', () => {
    const help = run(['check', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--max-warnings <n>/);
    assert.match(help.stdout, /Exit codes:/);
    const main = run(['--help']);
    assert.equal(main.status, 0);
    assert.match(main.stdout, /safeshift check \[options\] <paths or globs\.\.\.>/);
    const version = run(['--version']);
    assert.equal(version.status, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\S*\n$/);
  });
});

describe('finding files', () => {
  const layout = {
    'migrations/001_create.sql': SQL.safe,
    'migrations/002_index.sql': SQL.risky,
    'migrations/10_later.sql': SQL.safe,
    'migrations/nested/003_more.SQL': SQL.safe,
    'migrations/notes.txt': 'not SQL',
    'migrations/node_modules/pkg/x.sql': SQL.broken,
    'migrations/.backup/old.sql': SQL.broken,
    'other/004.sql': SQL.safe,
    'top.sql': SQL.safe,
  };

  test('a directory recurses into *.sql files, sorted by name, skipping node_modules and dot-directories', () => {
    const cwd = tmp(layout);
    const result = run(['check', 'migrations', '--format', 'json'], { cwd });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(checkedPaths(result.stdout), [
      'migrations/001_create.sql',
      'migrations/002_index.sql',
      'migrations/10_later.sql',
      'migrations/nested/003_more.SQL',
    ]);
  });

  test('globs are expanded by the CLI, and each file is checked once', () => {
    const cwd = tmp(layout);
    const stars = run(['check', 'migrations/**/*.sql', '--format', 'json'], { cwd });
    assert.equal(stars.status, 0, stars.stderr);
    assert.deepEqual(checkedPaths(stars.stdout), ['migrations/001_create.sql', 'migrations/002_index.sql', 'migrations/10_later.sql']);
    const mixed = run(['check', './migrations/00?_*.sql', '{other,migrations}/*.sql', 'top.sql', 'migrations', '--format', 'json'], { cwd });
    assert.equal(mixed.status, 0, mixed.stderr);
    assert.deepEqual(checkedPaths(mixed.stdout), [
      'migrations/001_create.sql',
      'migrations/002_index.sql',
      'migrations/10_later.sql',
      'other/004.sql',
      'top.sql',
      'migrations/nested/003_more.SQL',
    ]);
    const top = run(['check', '*.sql', '--format', 'json'], { cwd });
    assert.deepEqual(checkedPaths(top.stdout), ['top.sql']);
  });

  test('a file named explicitly is checked whatever its extension', () => {
    const cwd = tmp({ 'V1__init.psql': SQL.risky });
    const result = run(['check', 'V1__init.psql', '--format', 'json'], { cwd });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(checkedPaths(result.stdout), ['V1__init.psql']);
    assert.ok(rulesOf(parseJson(result.stdout)).includes('require-concurrent-index-creation'));
  });

  test('paths are shown relative to the working directory, also for absolute arguments', () => {
    const cwd = tmp(layout);
    const result = run(['check', join(cwd, 'other'), join(cwd, 'top.sql'), '--format', 'json'], { cwd: join(cwd, 'migrations') });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(checkedPaths(result.stdout), ['../other/004.sql', '../top.sql']);
  });

  test('symbolic links are followed without looping', () => {
    const cwd = tmp({ 'db/a.sql': SQL.safe });
    symlinkSync(join(cwd, 'db'), join(cwd, 'db', 'loop'));
    const result = run(['check', 'db', '--format', 'json'], { cwd });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(checkedPaths(result.stdout), ['db/a.sql']);
  });
});

describe('configuration', () => {
  test('exclude in safeshift.json skips files found through directories, globs and names', () => {
    const cwd = tmp({
      'safeshift.json': '{"exclude": ["migrations/legacy/**", "**/*_seed.sql"]}',
      'migrations/001.sql': SQL.safe,
      'migrations/002_seed.sql': SQL.broken,
      'migrations/legacy/000.sql': SQL.broken,
    });
    const viaDir = run(['check', 'migrations', '--format', 'json'], { cwd });
    assert.equal(viaDir.status, 0, viaDir.stderr);
    assert.deepEqual(checkedPaths(viaDir.stdout), ['migrations/001.sql']);
    const viaName = run(['check', 'migrations/legacy/000.sql', 'migrations/001.sql'], { cwd });
    assert.equal(viaName.status, 0, viaName.stderr);
    assert.match(viaName.stdout, /No problems found \(1 file checked, 1 excluded\)\./);
  });

  test('each file uses the nearest safeshift.json', () => {
    const cwd = tmp({
      'safeshift.json': '{"rules": {"require-concurrent-index-creation": "off"}}',
      'a/risky.sql': SQL.risky,
      'b/safeshift.json': '{"rules": {"require-concurrent-index-creation": "error"}}',
      'b/risky.sql': SQL.risky,
    });
    const result = run(['check', '.', '--format', 'json'], { cwd });
    assert.equal(result.status, 1);
    const output = parseJson(result.stdout);
    assert.ok(!rulesOf(output, 'a/risky.sql').includes('require-concurrent-index-creation'));
    const inB = output.files.find((f) => f.path === 'b/risky.sql')!.diagnostics.find((d) => d.rule === 'require-concurrent-index-creation');
    assert.equal(inB?.severity, 'error');
  });

  test('--config applies one file to every path and wins over nearer ones', () => {
    const cwd = tmp({
      'ci.json': '{"rules": {"require-concurrent-index-creation": "error"}}',
      'db/safeshift.json': '{"rules": {"require-concurrent-index-creation": "off"}}',
      'db/risky.sql': SQL.risky,
    });
    const result = run(['check', 'db', '--config', 'ci.json'], { cwd });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /db\/risky\.sql:1:1: error require-concurrent-index-creation/);
  });

  test('--config naming a missing file exits 2', () => {
    const cwd = tmp({ 'safe.sql': SQL.safe });
    const result = run(['check', 'safe.sql', '--config', 'nope.json'], { cwd });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /cannot read the config file nope\.json: no such file or directory/);
  });

  test('config errors are printed with file:line:col and exit 2', () => {
    const cwd = tmp({
      'safeshift.json': '{\n  "postgresVersion": "sixteen",\n  "rules": {\n    "require-lock-timeout": "loud"\n  }\n}\n',
      'safe.sql': SQL.safe,
    });
    const result = run(['check', 'safe.sql'], { cwd });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^safeshift\.json:2:22: error config postgresVersion must be a PostgreSQL version/m);
    assert.match(result.stderr, /^safeshift\.json:4:29: error config The level of "require-lock-timeout" must be one of/m);
    // The file itself is still checked, with the defaults where the config is broken.
    assert.match(result.stdout, /No problems found \(1 file checked\)/);
  });

  test('invalid JSON in the config exits 2 with its position', () => {
    const cwd = tmp({ 'safeshift.json': '{\n  "rules": {,}\n}', 'safe.sql': SQL.safe });
    const result = run(['check', 'safe.sql'], { cwd });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^safeshift\.json:2:13: error config safeshift\.json is not valid JSON/m);
  });

  test('config warnings (an unknown setting) are printed but do not fail the run', () => {
    const cwd = tmp({ 'safeshift.json': '{"postgresVerison": 15}', 'safe.sql': SQL.safe });
    const result = run(['check', 'safe.sql'], { cwd });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /^safeshift\.json:1:2: warning config Unknown setting "postgresVerison"\./m);
  });

  test('--pg-version changes version-dependent findings and overrides postgresVersion in the config', () => {
    const sql = 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n';
    const cwd = tmp({ 'm.sql': sql, 'pg11/safeshift.json': '{"postgresVersion": 11}', 'pg11/m.sql': sql });
    const messages = (args: string[]) => {
      const result = run(['check', ...args, '--format', 'json'], { cwd });
      assert.ok(result.status === 0 || result.status === 1, result.stderr);
      return parseJson(result.stdout).files.flatMap((f) => f.diagnostics.map((d) => `${d.rule}: ${d.message}`));
    };
    const v11 = messages(['m.sql', '--pg-version', '11']);
    const v18 = messages(['m.sql', '--pg-version', '18']);
    assert.notDeepEqual(v11, v18, 'the findings for SET NOT NULL depend on the PostgreSQL version');
    assert.deepEqual(messages(['pg11/m.sql']), v11, 'postgresVersion 11 in safeshift.json');
    assert.deepEqual(messages(['pg11/m.sql', '--pg-version', '18']), v18, '--pg-version wins over the config');
    assert.deepEqual(messages(['m.sql', '--pg-version', '18.0']), v18);
  });
});

describe('--max-warnings', () => {
  test('more warnings than allowed exit 1; at or under the limit exit 0', () => {
    const cwd = tmp({ 'risky.sql': SQL.risky });
    const counted = parseJson(run(['check', 'risky.sql', '--format', 'json'], { cwd }).stdout).files[0].diagnostics.filter((d) => d.severity === 'warning').length;
    assert.ok(counted >= 1);
    const over = run(['check', 'risky.sql', '--max-warnings', String(counted - 1)], { cwd });
    assert.equal(over.status, 1);
    assert.match(over.stdout, new RegExp(`Too many warnings: ${counted}, more than --max-warnings ${counted - 1}\\.`));
    assert.equal(run(['check', 'risky.sql', '--max-warnings', String(counted)], { cwd }).status, 0);
    assert.equal(run(['check', 'risky.sql', '--max-warnings=-1'], { cwd }).status, 0);
    assert.equal(run(['check', 'risky.sql', '--max-warnings', '0', '--format', 'json'], { cwd }).status, 1);
  });

  test('info and hint findings never count as warnings', () => {
    const cwd = tmp({ 'empty.sql': '' });
    const result = run(['check', 'empty.sql', '--max-warnings', '0'], { cwd });
    assert.equal(result.status, 0, result.stdout);
    assert.match(result.stdout, /empty\.sql:1:1: info empty-migration/);
  });
});

describe('--stdin', () => {
  test('lints standard input, shown as <stdin>', () => {
    const result = run(['check', '--stdin', '--format', 'json'], { input: SQL.broken, cwd: tmp({}) });
    assert.equal(result.status, 1);
    assert.deepEqual(parseJson(result.stdout), {
      version: 1,
      files: [
        {
          path: '<stdin>',
          diagnostics: [
            { rule: 'syntax-error', severity: 'error', message: 'Syntax error at or near "NUL"', line: 1, column: 49, endLine: 1, endColumn: 52 },
          ],
        },
      ],
    });
  });

  test('--stdin-filename names the file and finds its config, including exclude', () => {
    const cwd = tmp({
      'db/safeshift.json': '{"rules": {"require-concurrent-index-creation": "error"}, "exclude": ["vendor/**"]}',
      'db/vendor/.keep': '',
    });
    const named = run(['check', '--stdin', '--stdin-filename', 'db/002_index.sql'], { cwd, input: SQL.risky });
    assert.equal(named.status, 1);
    assert.match(named.stdout, /^db\/002_index\.sql:1:1: error require-concurrent-index-creation/m);
    const excluded = run(['check', '--stdin', '--stdin-filename', 'db/vendor/x.sql'], { cwd, input: SQL.broken });
    assert.equal(excluded.status, 0);
    assert.match(excluded.stdout, /No problems found \(0 files checked, 1 excluded\)/);
  });

  test('empty standard input is an empty migration', () => {
    const result = run(['check', '--stdin', '--format', 'json'], { input: '', cwd: tmp({}) });
    assert.equal(result.status, 0);
    assert.deepEqual(rulesOf(parseJson(result.stdout)), ['empty-migration']);
  });

  test('invalid UTF-8 on standard input is one invalid-input finding', () => {
    const result = run(['check', '--stdin', '--format', 'json'], { input: Buffer.from([0x53, 0x45, 0x4c, 0xc3, 0x28]), cwd: tmp({}) });
    assert.equal(result.status, 1);
    assert.deepEqual(rulesOf(parseJson(result.stdout)), ['invalid-input']);
  });
});

describe('text output', () => {
  const files = { 'a.sql': SQL.risky, 'b.sql': SQL.broken, 'c.sql': SQL.safe };

  test('one line per finding, files separated by a blank line, a summary last', () => {
    const cwd = tmp(files);
    const result = run(['check', '.'], { cwd });
    assert.equal(result.status, 1);
    const blocks = result.stdout.trimEnd().split('\n\n');
    assert.ok(blocks.length >= 3, result.stdout);
    assert.ok(blocks[0].split('\n').every((line) => /^a\.sql:\d+:\d+: (error|warning|info|hint) [a-z0-9-]+ \S.*$/.test(line)), blocks[0]);
    assert.match(blocks[1], /^b\.sql:1:49: error syntax-error /);
    assert.match(blocks[blocks.length - 1], /^✖ \d+ problems \(1 error, \d+ warnings?\) in 2 of 3 files checked\.$/);
    assert.doesNotMatch(result.stdout, /\u001b\[/, 'no colour when stdout is not a terminal');
  });

  test('colour with --color or FORCE_COLOR, never with NO_COLOR or --no-color', () => {
    const cwd = tmp(files);
    assert.match(run(['check', '.', '--color'], { cwd }).stdout, /\u001b\[31merror\u001b\[39m/);
    assert.match(run(['check', '.'], { cwd, env: { FORCE_COLOR: '1' } }).stdout, /\u001b\[/);
    assert.doesNotMatch(run(['check', '.'], { cwd, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout, /\u001b\[/);
    assert.doesNotMatch(run(['check', '.', '--no-color'], { cwd, env: { FORCE_COLOR: '1' } }).stdout, /\u001b\[/);
  });

  test('a huge parser message is shortened to one readable line', () => {
    const cwd = tmp({ 'q.sql': `SELECT 'never closed;\n${'ALTER TABLE t ADD COLUMN c int;\n'.repeat(2000)}` });
    const result = run(['check', 'q.sql'], { cwd });
    assert.equal(result.status, 1);
    const line = result.stdout.split('\n').find((l) => l.includes('syntax-error'))!;
    assert.ok(line.length < 1200, `${line.length} characters`);
  });
});

describe('migration projects', () => {
  const init = '-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n-- +goose Down\nDROP TABLE users;\n';
  const index = "-- +goose Up\nSET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY idx_users_email ON users (email);\n-- +goose Down\nDROP INDEX idx_users_email;\n";

  test('the migration tool is recognised, so the transaction it wraps each file in is known', () => {
    const cwd = tmp({ 'migrations/00001_init.sql': init, 'migrations/00002_index.sql': index });
    const result = run(['check', 'migrations', '--format', 'json'], { cwd });
    assert.equal(result.status, 1, result.stdout);
    const found = parseJson(result.stdout).files.find((f) => f.path === 'migrations/00002_index.sql')!.diagnostics;
    const errors = found.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => [d.rule, d.line]), [['ban-concurrent-index-creation-in-transaction', 3]]);
    assert.match(errors[0].message, /goose/);
  });

  test('a file the tool runs without a transaction is fine, and stdin with --stdin-filename gets the same context', () => {
    const cwd = tmp({ 'migrations/00001_init.sql': init, 'migrations/00002_index.sql': index });
    const outside = `-- +goose NO TRANSACTION\n${index}`;
    const noTransaction = run(['check', '--stdin', '--stdin-filename', 'migrations/00002_index.sql', '--format', 'json'], { cwd, input: outside });
    assert.equal(noTransaction.status, 0, noTransaction.stdout);
    assert.ok(!rulesOf(parseJson(noTransaction.stdout)).includes('ban-concurrent-index-creation-in-transaction'));
    const inTransaction = run(['check', '--stdin', '--stdin-filename', 'migrations/00002_index.sql', '--format', 'json'], { cwd, input: index });
    assert.equal(inTransaction.status, 1);
    assert.ok(rulesOf(parseJson(inTransaction.stdout)).includes('ban-concurrent-index-creation-in-transaction'));
  });
});
