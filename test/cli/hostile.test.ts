/**
 * Hostile input: each gets clear diagnostics (one where the file cannot be analysed), never a
 * crash or a hang, and the run finishes inside the time limit. Inputs are generated here, in a
 * temp directory; none is committed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseJson, project, removeProject, run, TIME_LIMIT_MS, type JsonOutput } from './helpers';

let dir = '';
before(() => {
  dir = project({});
  const tenMegabytes = 10 * 1024 * 1024;
  const line = 'ALTER TABLE warehouses ADD COLUMN city text; -- padding to make a long file\n';
  writeFileSync(join(dir, 'ten-megabytes.sql'), line.repeat(Math.ceil(tenMegabytes / line.length)));
  writeFileSync(join(dir, 'nested.sql'), `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)};\nCREATE INDEX idx ON users (email);\n`);
  writeFileSync(join(dir, 'nested-unbalanced.sql'), `SELECT ${'('.repeat(5000)}1;\n`);
});
after(() => removeProject(dir));

function check(name: string, content: string | Uint8Array): { status: number | null; output: JsonOutput; stderr: string } {
  writeFileSync(join(dir, name), content);
  const result = run(['check', name, '--format', 'json'], { cwd: dir });
  assert.ok(result.ms < TIME_LIMIT_MS, `${name}: ${result.ms} ms`);
  assert.ok(result.status === 0 || result.status === 1, `${name}: exit ${result.status}\n${result.stderr}`);
  assert.doesNotMatch(result.stderr, /internal error/i);
  return { status: result.status, output: parseJson(result.stdout), stderr: result.stderr };
}

/** Findings at error severity: the ones a hostile input must produce, whatever warnings rules add. */
function errors(output: JsonOutput) {
  return diagnostics(output).filter((d) => d.severity === 'error');
}

function diagnostics(output: JsonOutput) {
  assert.equal(output.files.length, 1);
  return output.files[0].diagnostics;
}

describe('hostile input', () => {
  test('an empty file', () => {
    const { status, output } = check('empty.sql', '');
    assert.equal(status, 0);
    assert.deepEqual(diagnostics(output).map((d) => [d.rule, d.severity, d.line, d.column]), [['empty-migration', 'info', 1, 1]]);
  });

  test('a file with only comments', () => {
    const { status, output } = check('comments.sql', '-- nothing yet\n/* still\n   nothing */\n');
    assert.equal(status, 0);
    assert.deepEqual(diagnostics(output).map((d) => d.rule), ['empty-migration']);
  });

  test('a 10 MB file', () => {
    const result = run(['check', 'ten-megabytes.sql', '--format', 'json'], { cwd: dir });
    assert.ok(result.ms < TIME_LIMIT_MS, `${result.ms} ms`);
    assert.equal(result.status, 0, result.stderr);
    const found = diagnostics(parseJson(result.stdout));
    assert.equal(found.length, 1);
    assert.equal(found[0].rule, 'invalid-input');
    assert.match(found[0].message, /10\.0 MB, above the .* analysis limit/);
  });

  test('a 300 MB file is not even read', () => {
    const sparse = join(dir, 'huge', 'dump.sql');
    mkdirSync(dirname(sparse), { recursive: true });
    writeFileSync(sparse, '');
    truncateSync(sparse, 300 * 1024 * 1024); // sparse: takes no disk space
    const result = run(['check', 'huge', '--format', 'json'], { cwd: dir });
    rmSync(dirname(sparse), { recursive: true, force: true });
    assert.ok(result.ms < TIME_LIMIT_MS, `${result.ms} ms`);
    assert.equal(result.status, 0, result.stderr);
    const found = diagnostics(parseJson(result.stdout));
    assert.deepEqual(found.map((d) => [d.rule, d.severity]), [['invalid-input', 'warning']]);
    assert.match(found[0].message, /300 MB/);
  });

  test('invalid UTF-8: one invalid-input finding where the bad byte is', () => {
    const bytes = Buffer.concat([Buffer.from("SELECT 'é';\nSELECT '"), Buffer.from([0xc3, 0x28]), Buffer.from("';\n")]);
    const { status, output } = check('latin1.sql', bytes);
    assert.equal(status, 1);
    const found = diagnostics(output);
    assert.equal(found.length, 1);
    assert.deepEqual(
      { rule: found[0].rule, severity: found[0].severity, line: found[0].line, column: found[0].column },
      { rule: 'invalid-input', severity: 'error', line: 2, column: 9 },
    );
    assert.match(found[0].message, /not valid UTF-8 \(byte 0xC3 at byte offset 21/);
  });

  test('a lone continuation byte and a truncated sequence at the end', () => {
    for (const [name, bytes] of [
      ['continuation.sql', Buffer.from([0x53, 0x80])],
      ['truncated.sql', Buffer.from([0x53, 0x45, 0xe2, 0x82])],
      ['overlong.sql', Buffer.from([0xc0, 0xaf])],
    ] as const) {
      const { status, output } = check(name, bytes);
      assert.equal(status, 1, name);
      assert.deepEqual(diagnostics(output).map((d) => d.rule), ['invalid-input'], name);
    }
  });

  test('a UTF-8 byte-order mark is not counted in columns', () => {
    const { output } = check('bom.sql', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('SELEC 1;\n')]));
    assert.deepEqual(diagnostics(output).map((d) => [d.rule, d.line, d.column]), [['syntax-error', 1, 1]]);
  });

  test('NUL bytes', () => {
    const { status, output } = check('nul.sql', Buffer.from('SELECT 1;\0\0\0SELECT 2;\n'));
    assert.equal(status, 1);
    const found = diagnostics(output);
    assert.equal(found.length, 1);
    assert.equal(found[0].rule, 'invalid-input');
    assert.match(found[0].message, /NUL/);
  });

  test('an unterminated quote', () => {
    const { status, output } = check('quote.sql', "SELECT 1;\nSELECT 'never closed;\nCREATE INDEX i ON a (id);\n");
    assert.equal(status, 1);
    assert.deepEqual(errors(output).map((d) => [d.rule, d.line]), [['syntax-error', 2]]);
  });

  test('an unterminated dollar quote', () => {
    const { status, output } = check('dollar.sql', 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1;\n');
    assert.equal(status, 1);
    assert.deepEqual(errors(output).map((d) => d.rule), ['syntax-error']);
  });

  test('an unterminated block comment', () => {
    const { status, output } = check('comment.sql', 'SELECT 1;\n/* never closed\nSELECT 2;\n');
    assert.equal(status, 1);
    assert.deepEqual(errors(output).map((d) => [d.rule, d.line]), [['syntax-error', 2]]);
  });

  test('5,000 nested parentheses', () => {
    const result = run(['check', 'nested.sql', 'nested-unbalanced.sql', '--format', 'json'], { cwd: dir });
    assert.ok(result.ms < TIME_LIMIT_MS, `${result.ms} ms`);
    assert.ok(result.status === 0 || result.status === 1, result.stderr);
    const output = parseJson(result.stdout);
    assert.deepEqual(output.files.map((f) => f.path), ['nested.sql', 'nested-unbalanced.sql']);
    // The statement after the deep one is still analysed.
    assert.ok(output.files[0].diagnostics.some((d) => d.rule === 'require-concurrent-index-creation' && d.line === 2), JSON.stringify(output.files[0]));
    assert.deepEqual(output.files[1].diagnostics.filter((d) => d.severity === 'error').map((d) => d.rule), ['syntax-error']);
  });

  test('all of them in one run', () => {
    const result = run(['check', '.', '--format', 'sarif'], { cwd: dir });
    assert.ok(result.ms < TIME_LIMIT_MS, `${result.ms} ms`);
    assert.equal(result.status, 1, result.stderr);
    assert.ok(JSON.parse(result.stdout).runs[0].results.length > 0);
  });
});
