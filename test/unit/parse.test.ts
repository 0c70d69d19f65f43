import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { parseDocument } from '../../server/src/analysis/parse/parseDocument';

before(() => initParser());

const kinds = (text: string) => parseDocument(text).statements.map((s) => s.kind);
const texts = (text: string) => parseDocument(text).statements.map((s) => s.text);

describe('statements', () => {
  test('ranges cover the statement from its first token through its semicolon', () => {
    const text = '-- header\nCREATE TABLE a (id int);\n\n  /* note */ ALTER TABLE a ADD COLUMN b text ;\nSELECT 1';
    const doc = parseDocument(text);
    assert.deepEqual(doc.statements.map((s) => s.text), ['CREATE TABLE a (id int);', 'ALTER TABLE a ADD COLUMN b text ;', 'SELECT 1']);
    assert.deepEqual(doc.statements[0].leadingComments.map((c) => c.text), ['-- header']);
    assert.deepEqual(doc.statements[1].leadingComments.map((c) => c.text), ['/* note */']);
    assert.equal(doc.problems.length, 0);
  });

  test('offsets are UTF-16 code units even after multi-byte and astral characters', () => {
    const text = "SELECT 'é😀';\nCREATE INDEX i ON t (c);";
    const doc = parseDocument(text);
    const index = doc.statements[1];
    assert.equal(text.slice(index.range.start, index.range.end), 'CREATE INDEX i ON t (c);');
    const node = index.node as { relation: { location: number } };
    assert.equal(text.slice(index.offsetOf(node.relation.location)).slice(0, 1), 't');
  });

  test('blank lines never split a statement, semicolons inside bodies never end one', () => {
    assert.deepEqual(kinds('CREATE TABLE a (\n\n  id int\n\n);'), ['CreateStmt']);
    const fn = "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.x := 1;\n  RETURN NEW;\nEND $$;\nSELECT 1;";
    assert.deepEqual(kinds(fn), ['CreateFunctionStmt', 'SelectStmt']);
  });

  test('a trailing comment on the statement line belongs to that statement', () => {
    const doc = parseDocument('SELECT 1; -- one\n-- two\nSELECT 2;');
    assert.equal(doc.statements[0].trailingComment?.text, '-- one');
    assert.deepEqual(doc.statements[1].leadingComments.map((c) => c.text), ['-- two']);
  });
});

describe('syntax errors and recovery', () => {
  test('reports PostgreSQL message and position, and keeps the statements after it', () => {
    const text = 'SELECT 1;\nCREAT TABLE x (a int);\nCREATE INDEX i ON t (c);';
    const doc = parseDocument(text);
    assert.deepEqual(doc.statements.map((s) => s.kind), ['SelectStmt', 'IndexStmt']);
    assert.equal(doc.problems.length, 1);
    const problem = doc.problems[0];
    assert.equal(problem.code, 'syntax-error');
    assert.equal(problem.message, 'Syntax error at or near "CREAT"');
    assert.equal(text.slice(problem.range.start, problem.range.end), 'CREAT');
  });

  test('positions after multi-byte text are exact', () => {
    const text = "SELECT '😀😀';\nALTER TABLE t ADD COLUMN c text NOT NUL;\nSELECT 2;";
    const doc = parseDocument(text);
    const problem = doc.problems[0];
    assert.equal(text.slice(problem.range.start, problem.range.end), 'NUL');
    assert.equal(doc.statements.length, 2);
  });

  test('an error in a BEGIN ATOMIC body does not cut the function apart', () => {
    const text = 'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\nSELEC 3;\nSELECT 4;';
    const doc = parseDocument(text);
    assert.deepEqual(doc.statements.map((s) => s.kind), ['CreateFunctionStmt', 'SelectStmt']);
    assert.equal(doc.problems.length, 1);
  });

  for (const [name, text, expected] of [
    ['quote', "SELECT 1;\nSELECT 'abc;\nSELECT 2;", 'Unterminated quoted string'],
    ['dollar quote', 'SELECT 1;\nSELECT $$abc;\nSELECT 2;', 'Unterminated dollar-quoted string'],
    ['comment', 'SELECT 1;\n/* never closed\nSELECT 2;', 'Unterminated /* comment'],
  ] as const) {
    test(`an unterminated ${name} is one error and the statements before it survive`, () => {
      const doc = parseDocument(text);
      assert.deepEqual(doc.statements.map((s) => s.text), ['SELECT 1;']);
      assert.equal(doc.problems.length, 1);
      assert.ok(doc.problems[0].message.startsWith(expected), doc.problems[0].message);
      assert.equal(doc.lineIndex.positionAt(doc.problems[0].range.start).line, 1);
    });
  }

  test('5,000 nested parentheses parse without crashing', () => {
    const doc = parseDocument(`SELECT ${'('.repeat(5000)}1${')'.repeat(5000)};`);
    assert.equal(doc.statements.length + doc.problems.length >= 1, true);
  });

  test('5,000 unbalanced parentheses give one syntax error', () => {
    const doc = parseDocument(`SELECT ${'('.repeat(5000)}1;`);
    assert.equal(doc.problems.filter((p) => p.code === 'syntax-error').length, 1);
  });
});

describe('hostile input', () => {
  test('NUL bytes: one invalid-input error, nothing parsed', () => {
    const doc = parseDocument('SELECT 1;\0\0\0');
    assert.deepEqual(doc.problems.map((p) => p.code), ['invalid-input']);
    assert.equal(doc.statements.length, 0);
  });

  test('above the size limit: one warning naming the limit', () => {
    const doc = parseDocument('SELECT 1;\n'.repeat(2000), { maxFileBytes: 10_000 });
    assert.deepEqual(doc.problems.map((p) => p.code), ['invalid-input']);
    assert.match(doc.problems[0].message, /"maxFileSizeKb"/);
  });

  test('empty and comment-only files get one info finding', () => {
    assert.deepEqual(parseDocument('').problems.map((p) => p.code), ['empty-migration']);
    assert.deepEqual(parseDocument('-- nothing here\n/* yet */').problems.map((p) => p.code), ['empty-migration']);
  });
});

describe('psql meta-commands and placeholders', () => {
  test('meta-commands are reported and skipped, not syntax errors', () => {
    const doc = parseDocument('\\set ON_ERROR_STOP on\nCREATE TABLE a (id int);\n\\i other.sql\n');
    assert.deepEqual(doc.problems.map((p) => p.code), ['psql-meta-command', 'psql-meta-command']);
    assert.deepEqual(kinds('\\connect db\nSELECT 1;'), ['SelectStmt']);
  });

  test('COPY ... FROM stdin data is skipped up to the \\. terminator', () => {
    const doc = parseDocument('COPY t (a, b) FROM stdin;\n1\tone\n2\ttwo\n\\.\nSELECT 1;');
    assert.deepEqual(doc.statements.map((s) => s.kind), ['CopyStmt', 'SelectStmt']);
    assert.equal(doc.problems.length, 0);
  });

  test('placeholders are substituted from settings, with ranges in the original text', () => {
    const text = 'CREATE TABLE ${schema}.users (id int);\nCREATE INDEX i ON ${schema}.users (id);';
    const doc = parseDocument(text, { placeholders: { schema: 'app' } });
    assert.equal(doc.problems.length, 0);
    assert.deepEqual(texts(text), ['CREATE TABLE ${schema}.users (id int);', 'CREATE INDEX i ON ${schema}.users (id);']);
    const index = doc.statements[1].node as { relation: { schemaname: string; location: number } };
    assert.equal(index.relation.schemaname, 'app');
    assert.equal(text.slice(doc.statements[1].range.start, doc.statements[1].range.end), 'CREATE INDEX i ON ${schema}.users (id);');
  });

  test('unresolved placeholders are reported once and the file is still analysed', () => {
    const doc = parseDocument('CREATE TABLE ${a}.t (id int);\nCREATE TABLE ${a}.u (id int);\nGRANT SELECT ON t TO ${b};\nSELECT {{ .Value }};');
    const placeholderProblems = doc.problems.filter((p) => p.code === 'unresolved-placeholder');
    assert.equal(placeholderProblems.length, 1);
    assert.match(placeholderProblems[0].message, /"a", "b", ".Value"/);
    assert.equal(doc.statements.length, 4);
  });

  test('goose ENVSUB defaults and Go template control actions', () => {
    const doc = parseDocument('{{ if .Enabled }}\nCREATE TABLE ${SCHEMA:-public}.t (id int);\n{{ end }}');
    assert.deepEqual(doc.problems, []);
    const create = doc.statements[0].node as { relation: { schemaname: string } };
    assert.equal(create.relation.schemaname, 'public');
  });
});
