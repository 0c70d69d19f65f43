/**
 * The catalog model without a database: statement coverage the fidelity fixtures cannot show
 * (opaque statements, failures that never throw), the lookups rules use, replay caching, and the
 * cost of the clone that caching relies on.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { parseDocument } from '../../server/src/analysis/parse/parseDocument';
import {
  applyMigration,
  applyStatement,
  catalogBefore,
  cloneCatalog,
  columnTypeOf,
  columnUsers,
  createCatalog,
  editDistance,
  enumValues,
  findTable,
  indexesCovering,
  replay,
  suggestColumns,
  suggestRelations,
  type Catalog,
} from '../../server/src/analysis/schema';
import { makeObjectName } from '../../server/src/analysis/schema/names';

before(() => initParser());

const FIXTURES = resolve(__dirname, '../../../test/schema/fixtures');

function apply(sql: string, catalog: Catalog = createCatalog()): { catalog: Catalog; statuses: string[] } {
  const statuses = parseDocument(sql).statements.map((s) => applyStatement(catalog, s, 'test.sql').status);
  return { catalog, statuses };
}

const type = (sql: string) => apply(`CREATE TABLE t (c ${sql});`).catalog.tables.get('public.t')?.columns[0].type.display;

describe('column types in PostgreSQL spelling', () => {
  test('aliases and internal names normalise to format_type names', () => {
    assert.equal(type('int4'), 'integer');
    assert.equal(type('int'), 'integer');
    assert.equal(type('integer'), 'integer');
    assert.equal(type('int8'), 'bigint');
    assert.equal(type('float'), 'double precision');
    assert.equal(type('float(10)'), 'real');
    assert.equal(type('bool'), 'boolean');
    assert.equal(type('timestamptz'), 'timestamp with time zone');
    assert.equal(type('timestamp(3)'), 'timestamp(3) without time zone');
    assert.equal(type('time(2) with time zone'), 'time(2) with time zone');
  });

  test('modifiers and array dimensions', () => {
    assert.equal(type('varchar(20)'), 'character varying(20)');
    assert.equal(type('character varying'), 'character varying');
    assert.equal(type('char'), 'character(1)');
    assert.equal(type('decimal(10,2)'), 'numeric(10,2)');
    assert.equal(type('numeric(10)'), 'numeric(10,0)');
    assert.equal(type('int[][]'), 'integer[]');
    assert.equal(type('bit(3)'), 'bit(3)');
    assert.equal(type('interval day to second(3)'), 'interval day to second(3)');
    assert.equal(type('interval(2)'), 'interval(2)');
  });

  test('serial becomes integer with a sequence, a nextval default and NOT NULL', () => {
    const { catalog } = apply('CREATE TABLE t (id serial, big bigserial);');
    const [id, big] = catalog.tables.get('public.t')?.columns ?? [];
    assert.equal(id.type.display, 'integer');
    assert.equal(big.type.display, 'bigint');
    assert.equal(id.notNull, true);
    assert.equal(id.default?.text, "nextval(('t_id_seq')::regclass)");
    assert.deepEqual(catalog.sequences.get('public.t_id_seq')?.ownedBy, { table: 'public.t', column: 'id' });
  });
});

describe('statements the model does not understand', () => {
  test('are kept as opaque entries, and never stop the replay', () => {
    const { catalog, statuses } = apply(`
      DO $$ BEGIN EXECUTE 'CREATE TABLE hidden (a int)'; END $$;
      CREATE EXTENSION IF NOT EXISTS pgcrypto;
      CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING;
      CREATE TABLE after_them (a int);`);
    assert.deepEqual(statuses, ['opaque', 'opaque', 'opaque', 'applied']);
    assert.deepEqual(catalog.opaque.map((o) => o.kind), ['DoStmt', 'CreateExtensionStmt', 'RuleStmt']);
    assert.equal(catalog.opaque[0].origin?.migration, 'test.sql');
    assert.ok(catalog.tables.has('public.after_them'));
  });

  test('statements with no schema effect are ignored, not opaque', () => {
    const { catalog, statuses } = apply(`CREATE TABLE t (a int); INSERT INTO t VALUES (1); GRANT SELECT ON t TO PUBLIC; BEGIN; COMMIT; ANALYZE t;`);
    assert.deepEqual(statuses, ['applied', 'ignored', 'ignored', 'ignored', 'ignored', 'ignored']);
    assert.equal(catalog.opaque.length, 0);
  });
});

describe('failures are recorded, not thrown', () => {
  test('ALTER of a table the model does not know', () => {
    const { catalog, statuses } = apply(`ALTER TABLE ghosts ADD COLUMN a int; CREATE TABLE t (a int);`);
    assert.deepEqual(statuses, ['failed', 'applied']);
    assert.match(catalog.failures[0].message, /relation "ghosts" does not exist/);
    assert.equal(catalog.failures[0].origin?.statement, 0);
  });

  test('what PostgreSQL refuses: a column a view reads, without CASCADE', () => {
    const { catalog, statuses } = apply(`
      CREATE TABLE t (a int, b int);
      CREATE VIEW v AS SELECT a FROM t;
      ALTER TABLE t DROP COLUMN a;
      ALTER TABLE t DROP COLUMN a CASCADE;`);
    assert.deepEqual(statuses, ['applied', 'applied', 'failed', 'applied']);
    assert.match(catalog.failures[0].message, /view public\.v/);
    assert.equal(catalog.views.has('public.v'), false);
  });

  test('IF EXISTS and IF NOT EXISTS are not failures', () => {
    const { catalog, statuses } = apply(`
      DROP TABLE IF EXISTS nothing; CREATE TABLE t (a int); CREATE TABLE IF NOT EXISTS t (b int);
      ALTER TABLE IF EXISTS nothing ADD COLUMN a int; CREATE INDEX IF NOT EXISTS i ON t (a); CREATE INDEX IF NOT EXISTS i ON t (a);`);
    assert.deepEqual(statuses, ['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);
    assert.equal(catalog.failures.length, 0);
    assert.deepEqual(catalog.tables.get('public.t')?.columns.map((c) => c.name), ['a']);
  });
});

describe('search_path', () => {
  test('new objects go to the first existing schema; lookups follow the path', () => {
    const { catalog } = apply(`
      CREATE SCHEMA app;
      SET search_path TO missing, app, public;
      CREATE TABLE users (id int);
      CREATE TABLE public.users (id bigint);`);
    assert.ok(catalog.tables.has('app.users'));
    assert.equal(findTable(catalog, 'users')?.schema, 'app');
    assert.equal(columnTypeOf(catalog, 'public.users', 'id')?.display, 'bigint');
    apply(`RESET search_path;`, catalog);
    assert.equal(findTable(catalog, 'users')?.schema, 'public');
  });

  test("pg_dump's set_config('search_path', '', false) empties the path", () => {
    const { catalog, statuses } = apply(`SELECT pg_catalog.set_config('search_path', '', false); CREATE TABLE t (a int);`);
    assert.deepEqual(statuses, ['applied', 'failed']);
    assert.match(catalog.failures[0].message, /no schema has been selected/);
  });
});

const SHOP = `
  CREATE TYPE status AS ENUM ('new', 'paid');
  ALTER TYPE status ADD VALUE 'shipped' AFTER 'paid';
  ALTER TYPE status ADD VALUE 'draft' BEFORE 'new';
  CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text);
  CREATE TABLE orders (
    id bigint PRIMARY KEY,
    user_id bigint REFERENCES users,
    state status NOT NULL DEFAULT 'new',
    total numeric(10,2) CHECK (total >= 0),
    note text
  );
  CREATE INDEX orders_user_state_idx ON orders (user_id, state);
  CREATE INDEX orders_open_idx ON orders (user_id) WHERE state <> 'shipped';
  CREATE INDEX orders_lower_note_idx ON orders (lower(note));
  CREATE VIEW open_orders AS SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.state = 'new';
  CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
  CREATE TRIGGER orders_touch BEFORE UPDATE OF note ON orders FOR EACH ROW EXECUTE FUNCTION touch();`;

describe('lookups for rules', () => {
  test('enum values keep their order', () => {
    const { catalog } = apply(SHOP);
    assert.deepEqual(enumValues(catalog, 'status'), ['draft', 'new', 'paid', 'shipped']);
    assert.equal(enumValues(catalog, 'users'), undefined);
  });

  test('indexes covering leading columns, in any order; partial ones only on request', () => {
    const { catalog } = apply(SHOP);
    assert.deepEqual(indexesCovering(catalog, 'orders', ['user_id']).map((i) => i.name), ['orders_user_state_idx']);
    assert.deepEqual(indexesCovering(catalog, 'orders', ['state', 'user_id']).map((i) => i.name), ['orders_user_state_idx']);
    assert.deepEqual(indexesCovering(catalog, 'orders', ['user_id'], { includePartial: true }).map((i) => i.name).sort(), ['orders_open_idx', 'orders_user_state_idx']);
    assert.deepEqual(indexesCovering(catalog, 'orders', ['state']), []);
  });

  test('what reads a column: indexes (also by predicate or expression), constraints, views, triggers', () => {
    const { catalog } = apply(SHOP);
    const state = columnUsers(catalog, 'orders', 'state');
    assert.deepEqual(state.indexes.map((i) => i.name).sort(), ['orders_open_idx', 'orders_user_state_idx']);
    assert.deepEqual(state.views.map((v) => v.name), ['open_orders']);
    assert.deepEqual(state.constraints.map((c) => c.constraint.name), ['orders_state_not_null']);
    const note = columnUsers(catalog, 'orders', 'note');
    assert.deepEqual(note.indexes.map((i) => i.name), ['orders_lower_note_idx']);
    assert.deepEqual(note.triggers.map((t) => t.name), ['orders_touch']);
    const usersId = columnUsers(catalog, 'users', 'id');
    assert.deepEqual(usersId.constraints.map((c) => `${c.table} ${c.constraint.name}`).sort(), ['public.orders orders_user_id_fkey', 'public.users users_id_not_null', 'public.users users_pkey']);
    assert.deepEqual(usersId.views.map((v) => v.name), ['open_orders']);
    assert.deepEqual(columnUsers(catalog, 'users', 'name').views, []);
  });

  test('"did you mean" for relations and columns', () => {
    const { catalog } = apply(SHOP);
    assert.deepEqual(suggestRelations(catalog, 'userz'), ['users']);
    assert.deepEqual(suggestRelations(catalog, 'order'), ['orders']);
    assert.deepEqual(suggestRelations(catalog, 'open_order'), ['open_orders']);
    assert.deepEqual(suggestRelations(catalog, 'invoices'), []);
    assert.deepEqual(suggestColumns(catalog, 'users', 'emial'), ['email']);
    assert.deepEqual(suggestColumns(catalog, 'open_orders', 'emails'), ['email']);
    assert.equal(editDistance('emial', 'email'), 1);
  });
});

describe('names PostgreSQL chooses', () => {
  test('long names are shortened the way makeObjectName does', () => {
    assert.equal(makeObjectName('a'.repeat(40), 'b'.repeat(40), 'key'), `${'a'.repeat(29)}_${'b'.repeat(29)}_key`);
    assert.equal(makeObjectName('t', 'c', 'idx'), 't_c_idx');
  });

  test('a second unnamed index on the same columns gets a number', () => {
    const { catalog } = apply(`CREATE TABLE t (a int UNIQUE); CREATE INDEX ON t (a); CREATE INDEX ON t (a); ALTER TABLE t ADD UNIQUE (a);`);
    assert.deepEqual([...catalog.indexes.keys()].sort(), ['public.t_a_idx', 'public.t_a_idx1', 'public.t_a_key', 'public.t_a_key1']);
  });
});

describe('replay keeps the catalog after each migration', () => {
  const migrations = () =>
    [
      { id: '001', sql: 'CREATE TABLE a (id int); SET search_path TO nowhere;' },
      { id: '002', sql: 'ALTER TABLE a ADD COLUMN b text; CREATE TABLE c (id int);' },
      { id: '003', sql: 'DROP TABLE a;' },
    ].map((m) => ({ id: m.id, statements: parseDocument(m.sql).statements }));

  for (const keepEvery of [1, 2, 20]) {
    test(`the catalog before each migration, keeping every ${keepEvery}`, () => {
      const result = replay(migrations(), { keepEvery });
      assert.deepEqual([...catalogBefore(result, 0).tables.keys()], []);
      assert.deepEqual(catalogBefore(result, 1).tables.get('public.a')?.columns.map((c) => c.name), ['id']);
      assert.deepEqual(catalogBefore(result, 2).tables.get('public.a')?.columns.map((c) => c.name), ['id', 'b']);
      assert.deepEqual([...catalogBefore(result, 3).tables.keys()], ['public.c']);
      assert.equal(catalogBefore(result, 3).tables.get('public.c')?.origin?.migration, '002');
      // The one before the newest migration is always ready: editing it needs no replay.
      assert.ok(result.kept.has(2));
    });
  }

  test('a migration applied to a kept catalog leaves it untouched', () => {
    const result = replay(migrations());
    const before = catalogBefore(result, 2);
    const edited = applyMigration(before, { id: '003', statements: parseDocument('DROP TABLE a; CREATE TABLE d (x int);').statements });
    assert.deepEqual([...edited.after.tables.keys()].sort(), ['public.c', 'public.d']);
    assert.deepEqual([...before.tables.keys()].sort(), ['public.a', 'public.c']);
  });

  test("a migration's search_path does not leak into the next one", () => {
    const result = replay(migrations());
    assert.deepEqual(result.migrations[1].outcomes.map((o) => o.status), ['applied', 'applied']);
  });

  test('a clone is independent of its source', () => {
    const { catalog } = apply(SHOP);
    const copy = cloneCatalog(catalog);
    apply(`ALTER TABLE orders ADD COLUMN extra int; ALTER TABLE orders ALTER COLUMN note SET NOT NULL; ALTER TYPE status ADD VALUE 'lost';
           ALTER TABLE orders RENAME CONSTRAINT orders_total_check TO total_positive; DROP VIEW open_orders; CREATE SCHEMA x;`, copy);
    const orders = catalog.tables.get('public.orders');
    assert.equal(orders?.columns.length, 5);
    assert.equal(orders?.columns.find((c) => c.name === 'note')?.notNull, false);
    assert.ok(orders?.constraints.some((c) => c.name === 'orders_total_check'));
    assert.deepEqual(enumValues(catalog, 'status'), ['draft', 'new', 'paid', 'shipped']);
    assert.ok(catalog.views.has('public.open_orders'));
    assert.equal(catalog.schemas.has('x'), false);
  });
});

describe('catalogs share what they do not copy', () => {
  /** Freezes everything reachable; a clone copies its tables, so only shared objects stay frozen for it. */
  function deepFreeze<T>(value: T): T {
    if (value && typeof value === 'object' && !Object.isFrozen(value)) {
      Object.freeze(value);
      const entries = value instanceof Map ? [...value.values()] : value instanceof Set ? [] : Object.values(value);
      for (const child of entries) deepFreeze(child);
    }
    return value;
  }

  for (const project of readdirSync(FIXTURES)) {
    test(`replaying ${project} never edits an object of an earlier catalog`, () => {
      let catalog = createCatalog();
      for (const file of readdirSync(join(FIXTURES, project)).sort()) {
        const statements = parseDocument(readFileSync(join(FIXTURES, project, file), 'utf8')).statements;
        // An edit of a frozen object throws; applyStatement records that as a failure.
        catalog = applyMigration(deepFreeze(catalog), { id: file, statements }).after;
      }
      assert.deepEqual(catalog.failures.map((f) => f.message), []);
    });
  }
});

describe('clone cost', () => {
  test('cloning a 300-table catalog is cheap enough to keep one per migration', (t) => {
    const sql: string[] = [];
    for (let i = 0; i < 300; i++) {
      sql.push(`CREATE TABLE t${i} (id bigserial PRIMARY KEY, owner_id bigint ${i > 0 ? `REFERENCES t${i - 1}` : ''}, name varchar(100) NOT NULL,
        email text UNIQUE, status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'done')), created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz, amount numeric(12,2), flags int[], data jsonb, note text, version int NOT NULL DEFAULT 1);
        CREATE INDEX t${i}_owner_idx ON t${i} (owner_id); CREATE INDEX t${i}_created_idx ON t${i} (created_at DESC) WHERE status = 'new';`);
    }
    const { catalog } = apply(sql.join('\n'));
    assert.equal(catalog.tables.size, 300);
    assert.equal(catalog.failures.length, 0);
    for (let i = 0; i < 20; i++) cloneCatalog(catalog);
    const runs = 100;
    const start = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) cloneCatalog(catalog);
    const perClone = Number(process.hrtime.bigint() - start) / 1e6 / runs;
    t.diagnostic(`cloneCatalog, 300 tables x 12 columns, 1,200 indexes: ${perClone.toFixed(3)} ms per clone`);
    // Generous bound: this guards against an accidental deep copy of parse trees, not machine speed.
    assert.ok(perClone < 25, `${perClone} ms per clone`);
  });
});
