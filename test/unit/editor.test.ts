/**
 * The pure editor helpers (server/src/analysis/editor): the forgiving tokenizer, the statement
 * outline, name resolution and completion contexts, on catalogs built by the real replay. Plus a
 * fuzz: no input makes them throw or hang.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { completionAt } from '../../server/src/analysis/editor/completion';
import { resolveNameAt } from '../../server/src/analysis/editor/names';
import { entryLabel, outline } from '../../server/src/analysis/editor/outline';
import { statementTokensAt, tokenize } from '../../server/src/analysis/editor/tokens';
import { parseDocument } from '../../server/src/analysis/parse/parseDocument';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { applyStatement } from '../../server/src/analysis/schema/apply';
import { createCatalog, type Catalog } from '../../server/src/analysis/schema/model';

function catalogOf(sql: string): Catalog {
  const catalog = createCatalog();
  for (const statement of parseDocument(sql).statements) applyStatement(catalog, statement);
  return catalog;
}

const HISTORY = `
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('ok', 'sad');
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), total numeric(10,2) NOT NULL DEFAULT 0,
  CONSTRAINT orders_total_check CHECK (total >= 0));
CREATE TABLE app.events (id int, "Kind" text);
CREATE VIEW order_totals AS SELECT user_id, sum(total) AS total FROM orders GROUP BY user_id;
`;

describe('tokenize', () => {
  it('keeps strings, dollar quotes, quoted names and comments out of words, and survives unterminated ones', () => {
    const tokens = tokenize(`SELECT 'a;b', $x$ ; $x$, "We""ird" -- c ;\n/* /* nested */ ; */ E'\\';' x`);
    assert.deepEqual(
      tokens.map((t) => `${t.kind}:${t.text}`),
      ['word:SELECT', "string:'a;b'", 'punct:,', 'string:$x$ ; $x$', 'punct:,', 'quoted:"We""ird"', "string:E'\\';'", 'word:x'],
    );
    assert.equal(tokens[5].ident, 'We"ird');
    assert.deepEqual(tokenize("SELECT 'open").map((t) => t.kind), ['word', 'string']);
    assert.deepEqual(tokenize('SELECT $$ never closed').map((t) => t.kind), ['word', 'string']);
  });

  it('finds the statement around the cursor between top-level semicolons', () => {
    const text = 'CREATE TABLE a (x int);\nALTER TABLE a ALTER COLUMN ';
    const { tokens } = statementTokensAt(text, text.length);
    assert.deepEqual(tokens.map((t) => t.text), ['ALTER', 'TABLE', 'a', 'ALTER', 'COLUMN']);
  });
});

describe('outline', () => {
  it('labels statements by verb and target', () => {
    const text = [
      'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_user_idx ON orders (user_id);',
      'CREATE INDEX ON orders (total);',
      'ALTER TABLE ONLY app.events ADD COLUMN x int;',
      'CREATE TABLE event (id int);',
      'COMMENT ON COLUMN orders.total IS $$ ; $$;',
      'SET LOCAL lock_timeout = 1000;',
      'INSERT INTO users VALUES (1);',
      'BEGIN;',
      'DO $$ BEGIN PERFORM 1; END $$;',
      'GRANT SELECT ON orders TO app',
    ].join('\n');
    assert.deepEqual(outline(text).map(entryLabel), [
      'CREATE UNIQUE INDEX CONCURRENTLY orders_user_idx',
      'CREATE INDEX ON orders',
      'ALTER TABLE ONLY app.events',
      'CREATE TABLE event',
      'COMMENT ON COLUMN orders.total',
      'SET LOCAL lock_timeout',
      'INSERT INTO users',
      'BEGIN',
      'DO',
      'GRANT SELECT ON orders',
    ]);
    assert.deepEqual(outline(text).map((e) => e.kind), ['index', 'index', 'table', 'table', 'column', 'setting', 'data', 'transaction', 'other', 'other']);
  });
});

describe('names and completion against a replayed catalog', () => {
  let catalog: Catalog;
  before(async () => {
    await initParser();
    catalog = catalogOf(HISTORY);
  });

  const resolve = (statement: string, at: string) => {
    const offset = statement.indexOf(at) + 1;
    return resolveNameAt(catalog, tokenize(statement), offset);
  };

  it('resolves relations, columns, aliases, qualified and quoted names', () => {
    assert.equal(resolve('ALTER TABLE orders DROP COLUMN total', 'orders')?.kind, 'relation');
    const total = resolve('ALTER TABLE orders DROP COLUMN total', 'total');
    assert.equal(total?.kind === 'column' && `${total.relation.key}.${total.column.name}`, 'public.orders.total');
    const aliased = resolve('SELECT o.total FROM orders o', 'total');
    assert.equal(aliased?.kind === 'column' && aliased.relation.key, 'public.orders');
    const quoted = resolve('UPDATE app.events SET "Kind" = 1', '"Kind"');
    assert.equal(quoted?.kind === 'column' && quoted.column.name, 'Kind');
    // In REFERENCES users (id), id is users' column, not the ALTERed table's.
    const id = resolve('ALTER TABLE orders ADD COLUMN buyer bigint REFERENCES users (id)', '(id');
    assert.equal(id?.kind === 'column' && id.relation.key, 'public.users');
    assert.equal(resolve('ALTER TABLE orders ADD COLUMN buyer bigint REFERENCES users (id)', ' bigint'), undefined, 'a type is not a column');
    assert.equal(resolve('ALTER TABLE nowhere DROP COLUMN total', 'nowhere'), undefined);
    const dropped = resolve('DROP INDEX CONCURRENTLY IF EXISTS orders_pkey', 'orders_pkey');
    assert.equal(dropped?.kind === 'index' && dropped.key, 'public.orders_pkey');
    const type = resolve('ALTER TABLE orders ADD COLUMN m app.mood', 'mood');
    assert.equal(type?.kind === 'type' && type.key, 'app.mood');
    assert.equal(resolve('ALTER TABLE orders ADD COLUMN m mood', ' mood'), undefined, 'app is not on search_path');
  });

  const labels = (text: string) => completionAt(catalog, text, text.length).candidates.map((c) => c.label);

  it('offers what fits the cursor', () => {
    assert.deepEqual(labels('ALTER TABLE orders ALTER COLUMN '), ['id', 'user_id', 'total']);
    assert.deepEqual(labels('ALTER TABLE orders DROP '), ['id', 'user_id', 'total']);
    assert.deepEqual(labels('ALTER TABLE orders DROP COLUMN IF EXISTS '), ['id', 'user_id', 'total']);
    assert.deepEqual(labels('ALTER TABLE orders DROP CONSTRAINT ').sort(), ['orders_pkey', 'orders_total_check', 'orders_user_id_fkey']);
    assert.deepEqual(labels('CREATE INDEX orders_x ON orders USING btree (total, '), ['id', 'user_id', 'total']);
    assert.deepEqual(labels('INSERT INTO users ('), ['id', 'email']);
    assert.deepEqual(labels('SELECT * FROM orders o WHERE o.'), ['id', 'user_id', 'total']);
    assert.deepEqual(labels('SELECT * FROM app.'), ['events']);
    assert.deepEqual(labels('ALTER TABLE ').sort(), ['app.events', 'orders', 'users']);
    assert.ok(labels('SELECT * FROM ').includes('order_totals'), 'views after FROM');
    assert.ok(!labels('ALTER TABLE ').includes('order_totals'), 'no views after ALTER TABLE');
    const types = labels('ALTER TABLE orders ADD COLUMN mood ');
    assert.equal(types[0], 'app.mood', 'a user type outside search_path is qualified');
    assert.ok(types.includes('timestamptz'));
    assert.ok(labels('CREATE TABLE t (id ').includes('bigint'));
    assert.deepEqual(labels('CREATE TABLE t ('), [], 'a new column name: nothing to offer');
    assert.ok(labels('ALTER TABLE orders ALTER COLUMN total TYPE ').includes('numeric'));
    assert.deepEqual(labels('ALTER TABLE unknown ALTER COLUMN '), []);
  });

  it('offers nothing inside comments and strings', () => {
    assert.deepEqual(labels('ALTER TABLE orders ALTER COLUMN -- '), []);
    assert.deepEqual(labels("UPDATE orders SET total = '"), []);
    assert.deepEqual(labels('ALTER TABLE orders ALTER COLUMN /* x '), []);
    assert.deepEqual(labels('SELECT $$ FROM '), []);
    assert.deepEqual(labels('ALTER TABLE orders /* x */ ALTER COLUMN '), ['id', 'user_id', 'total']);
    assert.deepEqual(labels("SELECT 'a' FROM ").sort(), ['app.events', 'order_totals', 'orders', 'users']);
  });

  it('replaces the part of the name already typed', () => {
    const text = 'ALTER TABLE orders DROP COLUMN tot';
    assert.deepEqual(completionAt(catalog, text, text.length).replace, { start: text.length - 3, end: text.length });
  });
});

describe('fuzz: the editor helpers never throw', () => {
  let catalog: Catalog;
  before(async () => {
    await initParser();
    catalog = catalogOf(HISTORY);
  });

  it('on random SQL-ish text at every offset', () => {
    const pieces = ['ALTER', 'TABLE', 'orders', ' ', '(', ')', ',', '.', ';', "'", '"', '$$', '$a$', '--', '/*', '*/', '\n', 'COLUMN', 'users', 'REFERENCES', 'E\'', '\\', '::', 'o', 'é', '\u{1F600}', 'CREATE', 'INDEX', 'ON', 'DROP', 'CONSTRAINT'];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let round = 0; round < 300; round++) {
      let text = '';
      const length = Math.floor(random() * 30);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
      outline(text);
      for (let offset = 0; offset <= text.length; offset++) {
        completionAt(catalog, text, offset);
        resolveNameAt(catalog, tokenize(text), offset);
      }
    }
  });
});
