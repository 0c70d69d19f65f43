import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { RULES } from '../../server/src/analysis/rules/registry';
import { escapeData, escapeProperty } from '../../server/src/cli/formats/github';
import { parseJson, project, removeProject, run, SQL } from './helpers';

const made: string[] = [];
function tmp(files: Record<string, string | Uint8Array>): string {
  const dir = project(files);
  made.push(dir);
  return dir;
}
after(() => made.forEach(removeProject));

const mixed = {
  'migrations/001_index.sql': SQL.risky,
  'migrations/002_broken.sql': `-- a comment line\n${SQL.broken}`,
  'migrations/003_safe.sql': SQL.safe,
  'migrations/004 with space.sql': "SELECT '😀' FROM;\n",
};

describe('json', () => {
  test('has the documented shape: version 1, every checked file, 1-based positions', () => {
    const cwd = tmp(mixed);
    const result = run(['check', 'migrations', '--format', 'json'], { cwd });
    assert.equal(result.status, 1);
    assert.equal(result.stdout.split('\n').filter(Boolean).length, 1, 'one line of JSON');
    const output = parseJson(result.stdout);
    assert.deepEqual(Object.keys(output), ['version', 'files']);
    assert.equal(output.version, 1);
    assert.deepEqual(
      output.files.map((f) => f.path),
      ['migrations/001_index.sql', 'migrations/002_broken.sql', 'migrations/003_safe.sql', 'migrations/004 with space.sql'],
    );
    for (const file of output.files) {
      assert.deepEqual(Object.keys(file), ['path', 'diagnostics']);
      for (const d of file.diagnostics) {
        assert.deepEqual(Object.keys(d), ['rule', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn']);
        assert.match(d.rule, /^[a-z0-9-]+$/);
        assert.ok(['error', 'warning', 'info', 'hint'].includes(d.severity));
        assert.equal(typeof d.message, 'string');
        for (const n of [d.line, d.column, d.endLine, d.endColumn]) assert.ok(Number.isInteger(n) && n >= 1);
        assert.ok(d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column));
      }
    }
    assert.deepEqual(output.files[2].diagnostics, []);
    assert.deepEqual(output.files[1].diagnostics, [
      { rule: 'syntax-error', severity: 'error', message: 'Syntax error at or near "NUL"', line: 2, column: 49, endLine: 2, endColumn: 52 },
    ]);
    const index = output.files[0].diagnostics.find((d) => d.rule === 'require-concurrent-index-creation');
    assert.deepEqual(
      index && { line: index.line, column: index.column, endLine: index.endLine, endColumn: index.endColumn },
      { line: 1, column: 1, endLine: 1, endColumn: 47 },
      'the range covers the statement through its semicolon',
    );
  });

  test('columns count UTF-16 code units', () => {
    const cwd = tmp(mixed);
    const output = parseJson(run(['check', 'migrations/004 with space.sql', '--format', 'json'], { cwd }).stdout);
    // "SELECT '😀' FROM;": the emoji is two UTF-16 units, so ";" is unit 16 (0-based) → column 17.
    assert.deepEqual(output.files[0].diagnostics.filter((d) => d.rule === 'syntax-error').map((d) => [d.line, d.column]), [[1, 17]]);
  });
});

describe('sarif', () => {
  const schemaPath = join(dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib/schemas/sarif-2.1.0-rtm.5.json');

  /**
   * The SARIF 2.1.0 schema (rtm.5, the final 2.1.0 schema as published in the SARIF SDK), from the
   * MIT-licensed @microsoft/jest-sarif package. It is written as draft-04; the keywords it uses
   * mean the same in ajv's draft-07, so only `id` becomes `$id`. Its `language` pattern is not a
   * valid Unicode regular expression, so ajv compiles patterns without the `u` flag.
   */
  function sarifValidator() {
    const { $schema: draft, id, ...schema } = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
    assert.equal(draft, 'http://json-schema.org/draft-04/schema#');
    assert.match(String(schema.title), /SARIF\) Version 2\.1\.0/);
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    return ajv.compile({ $id: id as string, ...schema });
  }

  test('the schema rejects what it should (the validator is real)', () => {
    const validate = sarifValidator();
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), false);
    assert.equal(validate({ version: '2.0.0', runs: [] }), false);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'error' }] }] }), true);
  });

  test('is valid SARIF 2.1.0 with rules, levels, relative URIs and UTF-16 regions', () => {
    const cwd = tmp(mixed);
    const result = run(['check', 'migrations', '--format', 'sarif'], { cwd });
    assert.equal(result.status, 1);
    const log = JSON.parse(result.stdout) as Log;
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

    assert.equal(log.version, '2.1.0');
    const [sarifRun] = log.runs;
    const driver = sarifRun.tool.driver;
    assert.equal(driver.name, 'safeshift');
    assert.match(driver.version ?? '', /^\d+\.\d+\.\d+/);
    assert.match(driver.informationUri ?? '', /^https:\/\//);
    assert.deepEqual(
      driver.rules?.map((r) => r.id),
      RULES.map((r) => r.meta.id),
    );
    for (const rule of driver.rules ?? []) {
      const meta = RULES.find((r) => r.meta.id === rule.id)!.meta;
      assert.equal(rule.shortDescription?.text, meta.summary);
      assert.ok(rule.helpUri?.endsWith(`/docs/rules/${rule.id}.md`), rule.helpUri);
      const levels: Record<string, string | undefined> = { error: 'error', warning: 'warning', info: 'note', hint: 'note', off: undefined };
      const expected = levels[meta.defaultSeverity];
      if (expected) assert.equal(rule.defaultConfiguration?.level, expected);
      else assert.equal(rule.defaultConfiguration?.enabled, false);
    }
    assert.equal(sarifRun.columnKind, 'utf16CodeUnits');
    assert.equal(sarifRun.originalUriBaseIds?.['%SRCROOT%']?.uri, `${pathToFileURL(cwd).href}/`);

    const results = sarifRun.results ?? [];
    const syntax = results.find((r) => r.ruleId === 'syntax-error' && r.locations?.[0].physicalLocation?.artifactLocation?.uri === 'migrations/002_broken.sql');
    assert.ok(syntax, JSON.stringify(results, null, 2));
    assert.equal(syntax.level, 'error');
    assert.equal(syntax.message.text, 'Syntax error at or near "NUL"');
    assert.equal(driver.rules?.[syntax.ruleIndex!].id, 'syntax-error');
    assert.deepEqual(syntax.locations?.[0].physicalLocation?.region, { startLine: 2, startColumn: 49, endLine: 2, endColumn: 52 });
    assert.equal(syntax.locations?.[0].physicalLocation?.artifactLocation?.uriBaseId, '%SRCROOT%');
    const emoji = results.find((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri === 'migrations/004%20with%20space.sql');
    assert.equal(emoji?.locations?.[0].physicalLocation?.region?.startColumn, 17);
    const index = results.find((r) => r.ruleId === 'require-concurrent-index-creation');
    assert.equal(index?.level, 'warning');
    assert.equal(sarifRun.invocations?.[0].executionSuccessful, true);
  });

  test('is valid with no results, and with run problems as notifications', () => {
    const cwd = tmp({ 'safe.sql': SQL.safe, 'safeshift.json': '{"postgresVersion": "x"}' });
    const clean = run(['check', '--config', 'safeshift.json', 'safe.sql', 'missing.sql', '--format', 'sarif'], { cwd });
    assert.equal(clean.status, 2);
    const log = JSON.parse(clean.stdout) as Log;
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.deepEqual(log.runs[0].results, []);
    const invocation = log.runs[0].invocations?.[0];
    assert.equal(invocation?.executionSuccessful, false);
    assert.equal(invocation?.exitCode, 2);
    const texts = invocation?.toolExecutionNotifications?.map((n) => n.message.text ?? '') ?? [];
    assert.ok(texts.some((t) => /No such file or directory: missing\.sql/.test(t)), texts.join('\n'));
    assert.ok(texts.some((t) => /postgresVersion must be/.test(t)), texts.join('\n'));
    const stdin = run(['check', '--stdin', '--format', 'sarif'], { cwd, input: SQL.broken });
    assert.ok(validate(JSON.parse(stdin.stdout)), JSON.stringify(validate.errors, null, 2));
  });
});

describe('github', () => {
  test('prints one workflow command per finding', () => {
    const cwd = tmp(mixed);
    const result = run(['check', 'migrations', '--format', 'github'], { cwd });
    assert.equal(result.status, 1);
    const lines = result.stdout.trimEnd().split('\n');
    assert.ok(lines.every((line) => /^::(error|warning|notice) file=[^,]+,line=\d+(,col=\d+)?,endLine=\d+(,endColumn=\d+)?,title=[a-z0-9-]+::.+$/.test(line)), lines.join('\n'));
    assert.ok(lines.includes('::error file=migrations/002_broken.sql,line=2,col=49,endLine=2,endColumn=52,title=syntax-error::Syntax error at or near "NUL"'), lines.join('\n'));
    assert.ok(lines.some((line) => line.startsWith('::warning file=migrations/001_index.sql,line=1,col=1,endLine=1,endColumn=47,title=require-concurrent-index-creation::')));
    const info = run(['check', '--stdin', '--stdin-filename', 'empty.sql', '--format', 'github'], { cwd, input: '' });
    assert.match(info.stdout, /^::notice file=empty\.sql,line=1,col=1,endLine=1,endColumn=1,title=empty-migration::/);
  });

  test('escapes file names and messages by the workflow-command rules', () => {
    const cwd = tmp({ 'a,b:c%.sql': SQL.broken });
    const result = run(['check', 'a,b:c%.sql', '--format', 'github'], { cwd });
    assert.match(result.stdout, /^::error file=a%2Cb%3Ac%25\.sql,line=1,/m);
    assert.equal(escapeData('100% done\r\nnext'), '100%25 done%0D%0Anext');
    assert.equal(escapeProperty('a,b:c%\n'), 'a%2Cb%3Ac%25%0A');
  });

  test('run problems become annotations too', () => {
    const cwd = tmp({ 'safeshift.json': '{\n "postgresVersion": true\n}', 'safe.sql': SQL.safe });
    const result = run(['check', 'safe.sql', 'missing.sql', '--format', 'github'], { cwd });
    assert.equal(result.status, 2);
    assert.match(result.stdout, /^::error title=safeshift::No such file or directory: missing\.sql$/m);
    assert.match(result.stdout, /^::error file=safeshift\.json,line=2,col=21,title=safeshift config::postgresVersion must be/m);
  });
});

describe('rules', () => {
  test('--format json lists every rule with id, category, default severity and summary', () => {
    const result = run(['rules', '--format', 'json']);
    assert.equal(result.status, 0);
    const output = JSON.parse(result.stdout) as { version: number; rules: Array<Record<string, unknown>> };
    assert.equal(output.version, 1);
    assert.deepEqual(
      output.rules.map((r) => [r.id, r.category, r.defaultSeverity, r.summary]),
      RULES.map((r) => [r.meta.id, r.meta.category, r.meta.defaultSeverity, r.meta.summary]),
    );
  });

  test('text lists every rule in a table', () => {
    const result = run(['rules']);
    assert.equal(result.status, 0);
    const lines = result.stdout.split('\n');
    assert.match(lines[0], /^ID\s+CATEGORY\s+DEFAULT\s+SUMMARY$/);
    for (const rule of RULES) {
      const row = lines.find((line) => line.startsWith(`${rule.meta.id} `));
      assert.ok(row, rule.meta.id);
      assert.match(row, new RegExp(`^${rule.meta.id}\\s+${rule.meta.category}\\s+${rule.meta.defaultSeverity}\\s+\\S`));
    }
    assert.match(result.stdout, new RegExp(`${RULES.length} rules\\.`));
  });
});
