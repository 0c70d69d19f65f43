/**
 * Recipes 1 and 2 (issue #5): CREATE INDEX and DROP INDEX rewritten CONCURRENTLY and taken out of
 * the transaction the way each tool allows, proven on PGlite.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { closeDatabase, indexValid, lintFile, proveFix, rows, settingsFor, writeProject } from './harness';

after(closeDatabase);

const ORDERS = 'CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id bigint, note text);';
const SEED = "INSERT INTO orders (customer_id) SELECT g % 50 FROM generate_series(1, 500) g;";
const RULE = 'require-concurrent-index-creation';
const settings = settingsFor(16);

async function indexIsValid(db: Parameters<typeof indexValid>[0], name = 'orders_customer_id_idx'): Promise<void> {
  assert.equal(await indexValid(db, name), true, `${name} should exist and be valid`);
  assert.equal((await rows<{ n: number }>(db, 'SELECT count(*)::int AS n FROM orders'))[0].n, 500);
}

describe('recipe 1: CREATE INDEX → CONCURRENTLY IF NOT EXISTS, out of the transaction', () => {
  test('goose: a mixed migration gets a new NO TRANSACTION migration right after it', async () => {
    const dir = writeProject({
      'go.mod': 'module x\n\nrequire github.com/pressly/goose/v3 v3.20.0\n',
      'migrations/00001_create_orders.sql': `-- +goose Up\n${ORDERS}\n-- +goose Down\nDROP TABLE orders;\n`,
      'migrations/00002_index_orders.sql':
        '-- +goose Up\nALTER TABLE orders ADD COLUMN status text;\n-- speeds up the customer page\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\n-- +goose Down\nDROP INDEX orders_customer_id_idx;\nALTER TABLE orders DROP COLUMN status;\n',
    });
    const result = await proveFix({ dir, file: 'migrations/00002_index_orders.sql', ruleId: RULE, settings, seedBefore: { '00002': SEED }, facts: (db) => indexIsValid(db) });
    assert.deepEqual(result.created.map((p) => basename(p)), ['00003_index_orders_customer_id_idx_concurrently.sql']);
    const created = readFileSync(result.created[0], 'utf8');
    assert.match(created, /^-- \+goose NO TRANSACTION\n-- \+goose Up\n/);
    assert.match(created, /-- speeds up the customer page\n-- Built concurrently[^\n]*\n-- If the build fails[^\n]*\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders \(customer_id\);/);
    assert.match(created, /-- \+goose Down\nDROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;/);
    assert.doesNotMatch(result.text, /CREATE INDEX orders_customer_id_idx/);
    assert.match(result.text, /moved to 00003_index_orders_customer_id_idx_concurrently\.sql/);
    assert.ok(result.log.some((l) => l.startsWith('00003') && l.includes('no transaction')), result.log.join('\n'));
  });

  test('goose: an index alone in its migration marks the migration NO TRANSACTION (same-file fix)', async () => {
    const dir = writeProject({
      'migrations/00001_create_orders.sql': `-- +goose Up\n${ORDERS}\n-- +goose Down\nDROP TABLE orders;\n`,
      'migrations/00002_index_orders.sql': '-- +goose Up\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\n-- +goose Down\nDROP INDEX orders_customer_id_idx;\n',
    });
    const result = await proveFix({ dir, file: 'migrations/00002_index_orders.sql', ruleId: RULE, settings, seedBefore: { '00002': SEED }, facts: (db) => indexIsValid(db) });
    assert.deepEqual(result.created, []);
    assert.equal(result.fix.fileChanges, undefined);
    assert.match(result.text, /^-- \+goose NO TRANSACTION\n-- \+goose Up\n/);
  });

  test('golang-migrate: a new pair of files holding the index alone (one string is one implicit transaction)', async () => {
    const dir = writeProject({
      'go.mod': 'module x\n\nrequire github.com/golang-migrate/migrate/v4 v4.17.0\n',
      'db/migrations/000001_create_orders.up.sql': `${ORDERS}\n`,
      'db/migrations/000001_create_orders.down.sql': 'DROP TABLE orders;\n',
      'db/migrations/000002_index_orders.up.sql': 'ALTER TABLE orders ADD COLUMN status text;\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\n',
      'db/migrations/000002_index_orders.down.sql': 'DROP INDEX orders_customer_id_idx;\nALTER TABLE orders DROP COLUMN status;\n',
    });
    const result = await proveFix({ dir, file: 'db/migrations/000002_index_orders.up.sql', ruleId: RULE, settings, seedBefore: { '000002': SEED }, facts: (db) => indexIsValid(db) });
    assert.deepEqual(result.created.map((p) => basename(p)).sort(), ['000003_index_orders_customer_id_idx_concurrently.down.sql', '000003_index_orders_customer_id_idx_concurrently.up.sql']);
    const up = readFileSync(result.created.find((p) => p.endsWith('.up.sql'))!, 'utf8');
    assert.doesNotMatch(up, /SET /, 'a second statement would make the file one implicit transaction');
  });

  test('dbmate: an index alone in its block gets transaction:false', async () => {
    const dir = writeProject({
      'db/migrations/20240101000000_create_orders.sql': `-- migrate:up\n${ORDERS}\n\n-- migrate:down\nDROP TABLE orders;\n`,
      'db/migrations/20240102000000_index_orders.sql': '-- migrate:up\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\n\n-- migrate:down\nDROP INDEX orders_customer_id_idx;\n',
    });
    const result = await proveFix({ dir, file: 'db/migrations/20240102000000_index_orders.sql', ruleId: RULE, settings, seedBefore: { '20240102000000': SEED }, facts: (db) => indexIsValid(db) });
    assert.match(result.text, /^-- migrate:up transaction:false\n-- Built concurrently[^\n]*\n-- If the build fails[^\n]*\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders \(customer_id\);\n\n-- migrate:down\n/);
  });

  test('sqlx: a mixed migration gets a new -- no-transaction pair', async () => {
    const dir = writeProject({
      'Cargo.toml': '[package]\nname = "x"\n\n[dependencies]\nsqlx = { version = "0.8", features = ["postgres", "migrate"] }\n',
      'migrations/20240101000000_create_orders.up.sql': `${ORDERS}\n`,
      'migrations/20240101000000_create_orders.down.sql': 'DROP TABLE orders;\n',
      'migrations/20240102000000_index_orders.up.sql': 'ALTER TABLE orders ADD COLUMN status text;\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\n',
      'migrations/20240102000000_index_orders.down.sql': 'DROP INDEX orders_customer_id_idx;\nALTER TABLE orders DROP COLUMN status;\n',
    });
    const result = await proveFix({ dir, file: 'migrations/20240102000000_index_orders.up.sql', ruleId: RULE, settings, seedBefore: { '20240102000000': SEED }, facts: (db) => indexIsValid(db) });
    const up = result.created.find((p) => p.endsWith('.up.sql'))!;
    assert.equal(basename(up), '20240102000001_index_orders_customer_id_idx_concurrently.up.sql');
    assert.match(readFileSync(up, 'utf8'), /^-- no-transaction\n/);
  });

  test('Diesel: an index alone in up.sql gets metadata.toml run_in_transaction = false', async () => {
    const dir = writeProject({
      'diesel.toml': '[migrations_directory]\ndir = "migrations"\n',
      'migrations/2024-01-01-000000_create_orders/up.sql': `${ORDERS}\n`,
      'migrations/2024-01-01-000000_create_orders/down.sql': 'DROP TABLE orders;\n',
      'migrations/2024-01-02-000000_index_orders/up.sql': 'CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n',
      'migrations/2024-01-02-000000_index_orders/down.sql': 'DROP INDEX orders_customer_id_idx;\n',
    });
    const result = await proveFix({ dir, file: 'migrations/2024-01-02-000000_index_orders/up.sql', ruleId: RULE, settings, seedBefore: { '2024-01-02': SEED }, facts: (db) => indexIsValid(db) });
    assert.deepEqual(result.created.map((p) => p.slice(dir.length + 1)), ['migrations/2024-01-02-000000_index_orders/metadata.toml']);
    assert.equal(readFileSync(join(dir, 'migrations/2024-01-02-000000_index_orders/metadata.toml'), 'utf8'), 'run_in_transaction = false\n');
  });

  test('Flyway: a mixed script gets a new V<next> script with an executeInTransaction=false sidecar', async () => {
    const dir = writeProject({
      'flyway.toml': '[flyway]\nlocations = ["filesystem:sql"]\n',
      'sql/V1__create_orders.sql': `${ORDERS}\n`,
      'sql/V2__index_orders.sql': 'ALTER TABLE orders ADD COLUMN status text;\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\n',
      'sql/V3__later.sql': 'ALTER TABLE orders ADD COLUMN later text;\n',
    });
    const result = await proveFix({ dir, file: 'sql/V2__index_orders.sql', ruleId: RULE, settings, seedBefore: { V2__: SEED }, facts: (db) => indexIsValid(db) });
    // V3 is taken, so the new script goes between as V2.1.
    assert.deepEqual(result.created.map((p) => basename(p)), ['V2.1__index_orders_customer_id_idx_concurrently.sql', 'V2.1__index_orders_customer_id_idx_concurrently.sql.conf']);
    const script = readFileSync(result.created[0], 'utf8');
    assert.match(script, /SET lock_timeout = '2s';\n\n-- Built concurrently[^\n]*\n-- If the build fails[^\n]*\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders \(customer_id\);\n\nRESET lock_timeout;\n$/);
  });

  test('Prisma: a new migration folder holding the index alone', async () => {
    const dir = writeProject({
      'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
      'prisma/migrations/20240101000000_init/migration.sql': `${ORDERS}\n`,
      'prisma/migrations/20240102000000_index/migration.sql': 'ALTER TABLE "orders" ADD COLUMN "status" TEXT;\nCREATE INDEX "orders_customer_id_idx" ON "orders"("customer_id");\n',
    });
    const result = await proveFix({ dir, file: 'prisma/migrations/20240102000000_index/migration.sql', ruleId: RULE, settings, seedBefore: { '20240102000000': SEED }, facts: (db) => indexIsValid(db) });
    assert.deepEqual(result.created.map((p) => p.slice(dir.length + 1)), ['prisma/migrations/20240102000001_index_orders_customer_id_idx_concurrently/migration.sql']);
    assert.match(readFileSync(result.created[0], 'utf8'), /CREATE INDEX CONCURRENTLY IF NOT EXISTS "orders_customer_id_idx" ON "orders"\("customer_id"\);/);
  });

  test('Drizzle runs every migration in a transaction: no rewrite that would fail is preferred', async () => {
    const dir = writeProject({
      'drizzle.config.ts': "export default { dialect: 'postgresql', out: './drizzle' };\n",
      'drizzle/meta/_journal.json': JSON.stringify({ version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when: 1700000000000, tag: '0000_init', breakpoints: true }, { idx: 1, version: '7', when: 1700000000001, tag: '0001_index', breakpoints: true }] }, null, 2),
      'drizzle/0000_init.sql': `${ORDERS}\n`,
      'drizzle/0001_index.sql': 'CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n',
    });
    const linted = await lintFile(join(dir, 'drizzle/0001_index.sql'), settings);
    const finding = linted.findings.find((f) => f.ruleId === RULE);
    assert.ok(finding);
    assert.equal(finding.fixes.some((f) => f.preferred), false);
  });
});

describe('recipe 2: DROP INDEX → CONCURRENTLY IF EXISTS, out of the transaction', () => {
  test('goose: a mixed migration gets a new NO TRANSACTION migration', async () => {
    const dir = writeProject({
      'migrations/00001_create_orders.sql': `-- +goose Up\n${ORDERS}\nCREATE INDEX orders_note_idx ON orders (note);\n-- +goose Down\nDROP TABLE orders;\n`,
      'migrations/00002_drop_index.sql': '-- +goose Up\nALTER TABLE orders ADD COLUMN status text;\nDROP INDEX orders_note_idx;\n-- +goose Down\nALTER TABLE orders DROP COLUMN status;\n',
    });
    const result = await proveFix({
      dir,
      file: 'migrations/00002_drop_index.sql',
      ruleId: 'require-concurrent-index-deletion',
      settings,
      seedBefore: { '00002': SEED },
      facts: async (db) => assert.equal(await indexValid(db, 'orders_note_idx'), undefined),
    });
    assert.match(readFileSync(result.created[0], 'utf8'), /DROP INDEX CONCURRENTLY IF EXISTS orders_note_idx;/);
  });
});
