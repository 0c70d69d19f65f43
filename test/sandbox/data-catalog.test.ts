/**
 * Synthetic rows, seed files and the catalog comparison of the down check, on real PGlite: the
 * generated data respects the schema (types, NOT NULL, foreign keys, unique, checks) and is
 * realistic enough to break what real data breaks; the comparison names each difference.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { catalogSnapshot, compareCatalogs } from '../../server/src/sandbox/catalogSnapshot';
import { copyBlockAfter, fillSyntheticRows, loadSeed, DataError } from '../../server/src/sandbox/data';
import { EmbeddedEngine } from '../../server/src/sandbox/engines/embedded';
import type { SqlSession } from '../../server/src/sandbox/types';

const engine = new EmbeddedEngine({ cacheDir: null });
let session: SqlSession;

before(async () => {
  await initParser();
  session = await engine.openSession(undefined);
});

after(async () => {
  await engine.stop();
});

async function exec(sql: string): Promise<void> {
  const result = await session.execute(sql);
  assert.equal(result.error, null, `${sql}: ${result.error?.message}`);
}

async function scalar<T>(sql: string): Promise<T> {
  const rows = await session.query<{ v: T }>(sql);
  return rows[0].v;
}

describe('sandbox data and catalog', { timeout: 600_000 }, () => {
  test('synthetic rows respect types, NOT NULL, foreign keys, unique and checks, with NULLs and duplicates', async () => {
    await exec(`
      CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
      CREATE SCHEMA shop;
      CREATE TABLE shop.customers (id uuid PRIMARY KEY, email varchar(40) NOT NULL UNIQUE, code char(3), mood mood NOT NULL, born date, active boolean NOT NULL, meta jsonb, ip inet);
      CREATE TABLE shop.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id uuid NOT NULL REFERENCES shop.customers (id),
                                total numeric(8,2) NOT NULL CHECK (total > 0), status text NOT NULL DEFAULT 'new', placed_at timestamptz, note text);
      CREATE TABLE shop.order_lines (order_id bigint NOT NULL REFERENCES shop.orders (id), line int NOT NULL, qty smallint CHECK (qty BETWEEN 1 AND 50), PRIMARY KEY (order_id, line));
      CREATE TABLE shop.odd (id int PRIMARY KEY, shape point NOT NULL);
    `);
    const filled = await fillSyntheticRows(session, 200);
    assert.equal(filled.rows?.['shop.customers'], 200);
    assert.equal(filled.rows?.['shop.orders'], 200);
    assert.ok((filled.rows?.['shop.order_lines'] ?? 0) > 0, JSON.stringify(filled));
    assert.ok(filled.skipped.some((s) => s.startsWith('shop.odd: no generator for column shape of type point')), filled.skipped.join('\n'));
    // Realistic: nullable columns have some NULLs, non-unique columns repeat, checks hold, defaults apply.
    assert.ok((await scalar<number>('SELECT count(*)::int AS v FROM shop.customers WHERE born IS NULL')) > 0);
    assert.ok((await scalar<number>('SELECT count(DISTINCT mood)::int AS v FROM shop.customers')) === 3);
    assert.ok((await scalar<number>('SELECT count(DISTINCT note)::int AS v FROM shop.orders')) < 20);
    assert.equal(await scalar<number>('SELECT count(*)::int AS v FROM shop.orders WHERE total <= 0'), 0);
    assert.equal(await scalar<string>("SELECT min(status) AS v FROM shop.orders"), 'new');
    assert.equal(await scalar<number>('SELECT count(*)::int AS v FROM shop.order_lines WHERE qty NOT BETWEEN 1 AND 50'), 0);
    // So data-dependent migrations fail as they would in production.
    const notNull = await session.execute('ALTER TABLE shop.customers ALTER COLUMN born SET NOT NULL');
    assert.equal(notNull.error?.sqlstate, '23502');
    const unique = await session.execute('CREATE UNIQUE INDEX orders_note_key ON shop.orders (note)');
    assert.equal(unique.error?.sqlstate, '23505');
  });

  test('a seed in pg_dump plain format loads COPY blocks and resets the session settings it made', async () => {
    await exec('CREATE TABLE public.cities (id int PRIMARY KEY, name text, country text)');
    const dump = [
      '--',
      '-- PostgreSQL database dump',
      '--',
      "SET statement_timeout = 0;",
      "SELECT pg_catalog.set_config('search_path', '', false);",
      '',
      'COPY public.cities (id, name, country) FROM stdin;',
      '1\tLyon\tFR',
      '2\tPorto\t\\N',
      '\\.',
      '',
      "INSERT INTO public.cities VALUES (3, 'Graz', 'AT');",
      '',
    ].join('\n');
    const rows = await loadSeed(session, 'seed.sql', dump);
    assert.equal(rows, 3);
    assert.equal(await scalar<number>('SELECT count(*)::int AS v FROM cities'), 3, 'search_path is back to the default');
    assert.equal(await scalar<number>('SELECT count(*)::int AS v FROM cities WHERE country IS NULL'), 1);
    await assert.rejects(loadSeed(session, 'bad.sql', 'INSERT INTO cities VALUES (1, \'again\', NULL);\n'), (error: unknown) => {
      assert.ok(error instanceof DataError);
      assert.equal(error.failure.line, 1);
      assert.match(error.failure.message, /seed file failed: duplicate key value .* \(bad\.sql:1:1\)/);
      return true;
    });
    assert.equal(copyBlockAfter('COPY t FROM stdin;\r\na\tb\r\n\\.\r\nSELECT 1;', 18), 'a\tb\n');
  });

  test('the catalog comparison names every kind of difference', async () => {
    await exec(`
      CREATE TABLE cat (id int PRIMARY KEY, name text NOT NULL, price int DEFAULT 0);
      CREATE TYPE size AS ENUM ('s', 'm');
      CREATE SEQUENCE cat_seq INCREMENT 5;
      CREATE VIEW cat_names AS SELECT name FROM cat;
      CREATE FUNCTION cat_fn() RETURNS int LANGUAGE sql AS 'SELECT 1';
      ALTER TABLE cat ADD CONSTRAINT cat_price_check CHECK (price >= 0);
    `);
    const before = await catalogSnapshot(session);
    await exec(`
      CREATE INDEX cat_name_idx ON cat (name);
      ALTER TABLE cat ALTER COLUMN name DROP NOT NULL, ALTER COLUMN price TYPE bigint, ALTER COLUMN price DROP DEFAULT;
      ALTER TYPE size ADD VALUE 'l';
      ALTER SEQUENCE cat_seq INCREMENT 1;
      CREATE OR REPLACE VIEW cat_names AS SELECT name FROM cat WHERE price > 0;
      CREATE OR REPLACE FUNCTION cat_fn() RETURNS int LANGUAGE sql AS 'SELECT 2';
      ALTER TABLE cat DROP CONSTRAINT cat_price_check;
      ALTER TABLE cat ADD CONSTRAINT cat_price_check CHECK (price >= 0) NOT VALID;
      CREATE FUNCTION cat_trigger() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
      CREATE TRIGGER cat_touch BEFORE UPDATE ON cat FOR EACH ROW EXECUTE FUNCTION cat_trigger();
    `);
    const differences = compareCatalogs(before, await catalogSnapshot(session));
    const expected = [
      'index public.cat_name_idx still exists after down',
      'trigger cat_touch on public.cat still exists after down',
      'function public.cat_trigger() still exists after down',
      'column public.cat.name: nullability is NULL after down, was NOT NULL',
      'column public.cat.price: type is bigint after down, was integer',
      'column public.cat.price: default is none after down, was 0',
      "type public.size: values is 's', 'm', 'l' after down, was 's', 'm'",
      'sequence public.cat_seq: sequence is bigint start 1 increment 1 min 1 max 9223372036854775807 after down, was bigint start 1 increment 5 min 1 max 9223372036854775807',
      'function public.cat_fn(): its body differs after down',
      'constraint public.cat.cat_price_check: validity is NOT VALID after down, was valid',
    ];
    for (const sentence of expected) assert.ok(differences.includes(sentence), `missing: ${sentence}\n${differences.join('\n')}`);
    assert.ok(differences.some((d) => d.startsWith('view public.cat_names: definition is')), differences.join('\n'));
    assert.deepEqual(compareCatalogs(before, before), []);
  });
});
