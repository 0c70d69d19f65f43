/**
 * Recipes 16, 17 and 18 (issue #5): ATTACH PARTITION through a CHECK that proves the bound, a new
 * enum value used in its own transaction split into two migrations, and DROP COLUMN / DROP TABLE
 * moved to a contract migration. Proven on PGlite.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { closeDatabase, constraintValidated, emptyDatabase, lintFile, proveFix, rows, settingsFor, writeProject } from './harness';

after(closeDatabase);

const settings = settingsFor(16);
const GO_MOD = 'module x\n\nrequire github.com/pressly/goose/v3 v3.20.0\n';

describe('recipe 16: ATTACH PARTITION → CHECK NOT VALID, VALIDATE, ATTACH, DROP CHECK', () => {
  const CREATE =
    "CREATE TABLE measurements (taken_on date NOT NULL, value integer) PARTITION BY RANGE (taken_on);\nCREATE TABLE measurements_2026 (taken_on date NOT NULL, value integer);";
  const SEED = "INSERT INTO measurements_2026 SELECT date '2026-01-01' + (g % 365), g FROM generate_series(1, 4000) g;";

  test('goose, RANGE: the attach skips its scan because the validated CHECK proves the bound', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_measurements.sql': `-- +goose Up\n${CREATE}\n`,
      'migrations/00002_attach_2026.sql': "-- +goose Up\nALTER TABLE measurements ATTACH PARTITION measurements_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');\n",
    });
    const result = await proveFix({
      dir,
      file: 'migrations/00002_attach_2026.sql',
      ruleId: 'attaching-partition-with-scan',
      settings,
      title: /CHECK/,
      seedBefore: { '00002': SEED },
      facts: async (db) => {
        assert.deepEqual(await rows(db, "SELECT inhrelid::regclass::text AS part FROM pg_inherits WHERE inhparent = 'measurements'::regclass"), [{ part: 'measurements_2026' }]);
        assert.deepEqual(await rows(db, 'SELECT count(*)::int AS n FROM measurements'), [{ n: 4000 }]);
        assert.equal(await constraintValidated(db, 'measurements_2026_bound'), undefined, 'the helper CHECK is dropped after the attach');
      },
    });
    assert.match(result.text, /ALTER TABLE measurements_2026 ADD CONSTRAINT measurements_2026_bound CHECK \(taken_on IS NOT NULL AND taken_on >= '2026-01-01' AND taken_on < '2027-01-01'\) NOT VALID;/);
    assert.deepEqual(result.created.map((p) => basename(p)), ['00003_attach_measurements_2026.sql']);
    const next = readFileSync(result.created[0], 'utf8');
    assert.match(next, /VALIDATE CONSTRAINT measurements_2026_bound;[\s\S]*ALTER TABLE measurements ATTACH PARTITION measurements_2026 FOR VALUES FROM \('2026-01-01'\) TO \('2027-01-01'\);[\s\S]*DROP CONSTRAINT measurements_2026_bound;/);

    // PostgreSQL says so when it skips the scan (DEBUG1): replay the files and listen.
    const db = await emptyDatabase();
    await db.exec(readFileSync(join(dir, 'migrations/00001_create_measurements.sql'), 'utf8'));
    await db.exec(SEED);
    await db.exec(result.text);
    const notices: string[] = [];
    await db.exec(`SET client_min_messages = debug1;\n${next}\nRESET client_min_messages;`, { onNotice: (notice) => notices.push(notice.message ?? '') });
    assert.ok(notices.some((m) => /partition constraint for table "measurements_2026" is implied by existing constraints/.test(m)), notices.join('\n'));
  });

  test('goose, LIST with NULL: the CHECK allows exactly the listed values and NULL', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_orders.sql': '-- +goose Up\nCREATE TABLE orders (id bigint NOT NULL, region text) PARTITION BY LIST (region);\nCREATE TABLE orders_eu (id bigint NOT NULL, region text);\n',
      'migrations/00002_attach_eu.sql': "-- +goose Up\nALTER TABLE orders ATTACH PARTITION orders_eu FOR VALUES IN ('de', 'fr', NULL);\n",
    });
    const result = await proveFix({
      dir,
      file: 'migrations/00002_attach_eu.sql',
      ruleId: 'attaching-partition-with-scan',
      settings,
      seedBefore: { '00002': "INSERT INTO orders_eu SELECT g, (ARRAY['de', 'fr', NULL])[1 + g % 3] FROM generate_series(1, 900) g;" },
      facts: async (db) => assert.deepEqual(await rows(db, 'SELECT count(*)::int AS n FROM orders'), [{ n: 900 }]),
    });
    assert.match(result.text, /CHECK \(region IS NULL OR region IN \('de', 'fr'\)\) NOT VALID;/);
  });

  test('with a DEFAULT partition the attach migration says it is still scanned', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_measurements.sql': `-- +goose Up\n${CREATE}\nCREATE TABLE measurements_other PARTITION OF measurements DEFAULT;\n`,
      'migrations/00002_attach_2026.sql': "-- +goose Up\nALTER TABLE measurements ATTACH PARTITION measurements_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');\n",
    });
    const result = await proveFix({
      dir,
      file: 'migrations/00002_attach_2026.sql',
      ruleId: 'attaching-partition-with-scan',
      settings,
      seedBefore: { '00002': SEED },
      facts: async (db) => assert.deepEqual(await rows(db, 'SELECT count(*)::int AS n FROM measurements'), [{ n: 4000 }]),
    });
    assert.match(readFileSync(result.created[0], 'utf8'), /-- The DEFAULT partition measurements_other is still scanned/);
  });

  test('no fix for a HASH partition or a DEFAULT partition', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create.sql':
        '-- +goose Up\nCREATE TABLE h (id bigint NOT NULL) PARTITION BY HASH (id);\nCREATE TABLE h0 (id bigint NOT NULL);\nCREATE TABLE r (k int NOT NULL) PARTITION BY RANGE (k);\nCREATE TABLE r_other (k int NOT NULL);\n',
      'migrations/00002_attach.sql': '-- +goose Up\nALTER TABLE h ATTACH PARTITION h0 FOR VALUES WITH (MODULUS 2, REMAINDER 0);\nALTER TABLE r ATTACH PARTITION r_other DEFAULT;\n',
    });
    const linted = await lintFile(join(dir, 'migrations/00002_attach.sql'), settings);
    const findings = linted.findings.filter((f) => f.ruleId === 'attaching-partition-with-scan');
    assert.equal(findings.length, 2);
    for (const finding of findings) assert.deepEqual(finding.fixes.filter((f) => f.preferred), []);
  });
});

describe('recipe 17: new enum value used in the same transaction → two migrations', () => {
  const CREATE = "CREATE TYPE order_status AS ENUM ('new', 'paid');\nCREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, status order_status NOT NULL DEFAULT 'new', refund_id bigint);";
  const SEED = 'INSERT INTO orders (status, refund_id) SELECT \'paid\', CASE WHEN g % 4 = 0 THEN g END FROM generate_series(1, 400) g;';

  test('goose: the statements after the ADD VALUE move to the next migration', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_orders.sql': `-- +goose Up\n${CREATE}\n`,
      'migrations/00002_refunds.sql':
        "-- +goose Up\nALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';\n-- orders with a refund are refunded\nUPDATE orders SET status = 'refunded' WHERE refund_id IS NOT NULL;\nALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';\n",
    });
    const result = await proveFix({
      dir,
      file: 'migrations/00002_refunds.sql',
      ruleId: 'enum-value-used-in-same-transaction',
      settings,
      title: /Split/,
      seedBefore: { '00002': SEED },
      facts: async (db) => assert.deepEqual(await rows(db, 'SELECT status::text, count(*)::int AS n FROM orders GROUP BY status ORDER BY status'), [{ status: 'paid', n: 300 }, { status: 'refunded', n: 100 }]),
    });
    assert.match(result.text, /^-- \+goose Up\nALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';\n-- The statements that use 'refunded' moved to 00003_use_refunded\.sql/);
    const next = readFileSync(result.created[0], 'utf8');
    assert.match(next, /-- orders with a refund are refunded\nUPDATE orders SET status = 'refunded' WHERE refund_id IS NOT NULL;\nALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';/);
  });

  test('a file with its own BEGIN (golang-migrate) commits right after the ADD VALUE', async () => {
    const dir = writeProject({
      'go.mod': 'module x\n\nrequire github.com/golang-migrate/migrate/v4 v4.17.0\n',
      'db/migrations/000001_create_orders.up.sql': `${CREATE}\n`,
      'db/migrations/000001_create_orders.down.sql': 'DROP TABLE orders;\nDROP TYPE order_status;\n',
      'db/migrations/000002_refunds.up.sql': "BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nUPDATE orders SET status = 'refunded' WHERE refund_id IS NOT NULL;\nCOMMIT;\n",
      'db/migrations/000002_refunds.down.sql': '-- nothing\n',
    });
    const result = await proveFix({
      dir,
      file: 'db/migrations/000002_refunds.up.sql',
      ruleId: 'enum-value-used-in-same-transaction',
      settings,
      seedBefore: { '000002_': SEED },
      facts: async (db) => assert.deepEqual(await rows(db, "SELECT count(*)::int AS n FROM orders WHERE status = 'refunded'"), [{ n: 100 }]),
    });
    assert.deepEqual(result.created, []);
    assert.match(result.text, /ADD VALUE 'refunded';\n-- [^\n]*\nCOMMIT;\nBEGIN;\nUPDATE orders/);
  });
});

describe('recipe 18: DROP COLUMN / DROP TABLE → a later contract migration', () => {
  const CREATE = 'CREATE TABLE warehouses (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text, legacy_code text);\nCREATE TABLE legacy_stock (id bigint);';

  test('goose: DROP COLUMN moves to a contract migration marked to run once the application stopped using it', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create.sql': `-- +goose Up\n${CREATE}\n`,
      'migrations/00002_cleanup.sql': "-- +goose Up\nALTER TABLE warehouses ADD COLUMN city text;\n-- nobody reads it since release 41\nALTER TABLE warehouses DROP COLUMN legacy_code;\n",
    });
    const result = await proveFix({
      dir,
      file: 'migrations/00002_cleanup.sql',
      ruleId: 'ban-drop-column',
      settings,
      title: /contract migration/,
      seedBefore: { '00002': "INSERT INTO warehouses (name, legacy_code) SELECT 'w' || g, 'L' || g FROM generate_series(1, 100) g;", '00003': "DO $$ BEGIN PERFORM legacy_code, city FROM warehouses LIMIT 1; END $$;" },
      facts: async (db) => {
        const columns = await rows<{ name: string }>(db, "SELECT attname AS name FROM pg_attribute WHERE attrelid = 'warehouses'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum");
        assert.deepEqual(columns.map((c) => c.name), ['id', 'name', 'city']);
      },
    });
    assert.doesNotMatch(result.text, /DROP COLUMN/);
    assert.deepEqual(result.created.map((p) => basename(p)), ['00003_drop_warehouses_legacy_code.sql']);
    const contract = readFileSync(result.created[0], 'utf8');
    assert.match(contract, /-- Contract: run this migration only once no running version of the application uses column legacy_code of warehouses/);
    assert.match(contract, /-- nobody reads it since release 41\n-- safeshift-ignore ban-drop-column -- [^\n]*\nALTER TABLE warehouses DROP COLUMN legacy_code;/);
  });

  test('a drop in a down section gets no contract fix: a rollback does not add migrations', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create.sql': `-- +goose Up\n${CREATE}\n`,
      'migrations/00002_note.sql': '-- +goose Up\nCOMMENT ON TABLE warehouses IS \'sites\';\n-- +goose Down\nALTER TABLE warehouses DROP COLUMN name;\n',
    });
    const linted = await lintFile(join(dir, 'migrations/00002_note.sql'), settings);
    const finding = linted.findings.find((f) => f.ruleId === 'ban-drop-column');
    assert.ok(finding, 'ban-drop-column fires in the down section');
    assert.deepEqual(finding.fixes.filter((f) => f.preferred), []);
  });

  test('goose: DROP TABLE moves the same way', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create.sql': `-- +goose Up\n${CREATE}\n`,
      'migrations/00002_cleanup.sql': '-- +goose Up\nDROP TABLE legacy_stock;\n',
    });
    const result = await proveFix({
      dir,
      file: 'migrations/00002_cleanup.sql',
      ruleId: 'ban-drop-table',
      settings,
      facts: async (db) => assert.deepEqual(await rows(db, "SELECT to_regclass('legacy_stock') IS NULL AS gone"), [{ gone: true }]),
    });
    assert.match(readFileSync(result.created[0], 'utf8'), /-- safeshift-ignore ban-drop-table -- [^\n]*\nDROP TABLE legacy_stock;/);
  });
});
