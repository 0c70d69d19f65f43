import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { parseDocument, type ParsedDocument } from '../../server/src/analysis/parse/parseDocument';
import { walk } from '../../server/src/analysis/ast';

before(() => initParser());

/** Everything a consumer can observe of a parse, including where node locations map to. */
function observable(doc: ParsedDocument) {
  return {
    statements: doc.statements.map((s) => {
      const locations: number[] = [];
      walk(s.node, (_kind, node) => {
        if (typeof node.location === 'number') locations.push(s.offsetOf(node.location));
      });
      return {
        index: s.index,
        kind: s.kind,
        range: s.range,
        text: s.text,
        leading: s.leadingComments,
        trailing: s.trailingComment ?? null,
        locations,
      };
    }),
    comments: [...doc.comments].sort((a, b) => a.range.start - b.range.start),
    problems: [...doc.problems].sort((a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code)),
  };
}

const BASE = [
  '-- +goose Up',
  'CREATE TABLE warehouses (id bigint PRIMARY KEY, name text NOT NULL); -- new table',
  '/* the city */ ALTER TABLE warehouses ADD COLUMN city text;',
  "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name := 'é'; RETURN NEW; END $$;",
  '',
  '-- safeshift-ignore require-concurrent-index-creation',
  'CREATE INDEX warehouses_city_idx ON warehouses (city);',
  "UPDATE warehouses SET city = '😀' WHERE id = 1;",
  'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;',
  'DROP TABLE old_stock;',
].join('\n');

const SNIPPETS = [';', "'", '$$', '/*', '*/', '--', '\n', ' ', 'x', 'SELECT 1;', '(', ')', 'é', 'CREAT', 'BEGIN ATOMIC', 'END;', '-- c\n'];

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const SEEDS = (process.env.SAFESHIFT_FUZZ_SEEDS ?? '42,7,1234').split(',').map(Number);

test('re-parsing only the edited region gives exactly what a full parse gives', () => {
  for (const seed of SEEDS) editRandomly(seed);
});

function editRandomly(seed: number): void {
  const next = random(seed);
  let text = BASE;
  let previous = parseDocument(text);
  let reusedRuns = 0;
  for (let step = 0; step < 400; step++) {
    const at = Math.floor(next() * (text.length + 1));
    if (next() < 0.35 && text.length > 0) {
      const length = 1 + Math.floor(next() * 6);
      text = text.slice(0, at) + text.slice(at + length);
    } else {
      text = text.slice(0, at) + SNIPPETS[Math.floor(next() * SNIPPETS.length)] + text.slice(at);
    }
    if (step % 8 === 7) text = BASE; // get back to a sane file now and then
    const incremental = parseDocument(text, {}, previous);
    const full = parseDocument(text);
    assert.deepEqual(observable(incremental), observable(full), `seed ${seed} step ${step}: ${JSON.stringify(text)}`);
    const previousNodes = new Set(previous.statements.map((s) => s.node));
    if (incremental.statements.some((s) => previousNodes.has(s.node))) reusedRuns++;
    previous = incremental;
  }
  // The point of the exercise: most edits must actually reuse statements.
  assert.ok(reusedRuns > 100, `seed ${seed}: only ${reusedRuns} edits reused statements`);
}

test('typing one character in a 2,000-line file re-parses only that statement', () => {
  const statements = Array.from({ length: 500 }, (_, i) => `ALTER TABLE t${i} ADD COLUMN c integer;\n-- note ${i}\n`);
  const text = statements.join('');
  const previous = parseDocument(text);
  const at = text.indexOf('t250 ADD') + 4;
  const edited = text.slice(0, at) + 'x' + text.slice(at);
  const doc = parseDocument(edited, {}, previous);
  assert.equal(doc.statements.length, 500);
  assert.equal(doc.statements[250].text, 'ALTER TABLE t250x ADD COLUMN c integer;');
  assert.equal(doc.statements[0], previous.statements[0], 'statements before the edit are reused as they are');
  assert.deepEqual(observable(doc), observable(parseDocument(edited)));
});
