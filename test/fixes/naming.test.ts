/**
 * New migrations for fixes: the name, number and files each tool expects, right after the current
 * migration (fixes/naming.ts), checked on synthetic projects without a database.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planMigrations, type NewMigration } from '../../server/src/analysis/fixes/naming';
import type { FixMigrationEntry, MigrationFixContext } from '../../server/src/analysis/fixes/types';
import type { ToolId } from '../../server/src/analysis/project/types';

const TX: NewMigration = { description: 'validate orders fk', up: 'ALTER TABLE orders VALIDATE CONSTRAINT orders_fk;', transactional: true };
const NO_TX: NewMigration = { description: 'index orders', up: 'CREATE INDEX CONCURRENTLY i ON orders (a);', down: 'DROP INDEX CONCURRENTLY IF EXISTS i;', transactional: false };

function context(tool: ToolId, rootDir: string, files: string[][], current: number, related: Record<string, string> = {}, versions?: string[]): MigrationFixContext {
  const migrations: FixMigrationEntry[] = files.map((f, i) => ({ id: f[0], version: versions?.[i], description: '', files: f.map((p) => `${rootDir}/${p}`) }));
  return { tool, rootDir, file: migrations[current].files[0], migrations, current, related };
}

function created(ctx: MigrationFixContext, migrations: NewMigration[]): Record<string, string> {
  const planned = planMigrations(ctx, migrations);
  assert.ok(planned, 'a plan');
  return Object.fromEntries(planned.changes.filter((c) => c.kind === 'create').map((c) => [c.path.slice(ctx.rootDir.length + 1), c.kind === 'create' ? c.text : '']));
}

describe('new migrations per tool', () => {
  test('golang-migrate: an up/down pair numbered after the current one, width kept', () => {
    const ctx = context('golang-migrate', '/p/db', [['000001_a.up.sql', '000001_a.down.sql'], ['000002_b.up.sql']], 1, {}, ['000001', '000002']);
    assert.deepEqual(Object.keys(created(ctx, [TX])), ['000003_validate_orders_fk.up.sql', '000003_validate_orders_fk.down.sql']);
    assert.equal(created(ctx, [TX])['000003_validate_orders_fk.down.sql'], '-- Nothing to undo.\n');
  });

  test('goose: NO TRANSACTION, Up and Down in one file', () => {
    const ctx = context('goose', '/p/m', [['00001_a.sql'], ['00002_b.sql']], 1, {}, ['00001', '00002']);
    assert.deepEqual(created(ctx, [NO_TX]), { '00003_index_orders.sql': '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON orders (a);\n\n-- +goose Down\nDROP INDEX CONCURRENTLY IF EXISTS i;\n' });
  });

  test('dbmate: markers with transaction:false', () => {
    const ctx = context('dbmate', '/p/db/migrations', [['20240101000000_a.sql'], ['20240102000000_b.sql']], 1, {}, ['20240101000000', '20240102000000']);
    assert.deepEqual(created(ctx, [NO_TX]), { '20240102000001_index_orders.sql': '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON orders (a);\n\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY IF EXISTS i;\n' });
  });

  test('sqlx simple migrations: one file starting with -- no-transaction', () => {
    const ctx = context('sqlx', '/p/migrations', [['20240101000000_a.sql']], 0, {}, ['20240101000000']);
    assert.deepEqual(created(ctx, [NO_TX]), { '20240101000001_index_orders.sql': '-- no-transaction\nCREATE INDEX CONCURRENTLY i ON orders (a);\n' });
  });

  test('Diesel: a folder with up.sql, down.sql and metadata.toml, dashes kept', () => {
    const ctx = context('diesel', '/p/migrations', [['2024-01-02-000000_a/up.sql', '2024-01-02-000000_a/down.sql']], 0, {}, ['20240102000000']);
    assert.deepEqual(Object.keys(created(ctx, [NO_TX])), ['2024-01-02-000001_index_orders/up.sql', '2024-01-02-000001_index_orders/down.sql', '2024-01-02-000001_index_orders/metadata.toml']);
    assert.equal(created(ctx, [NO_TX])['2024-01-02-000001_index_orders/metadata.toml'], 'run_in_transaction = false\n');
  });

  test('Prisma: a folder with migration.sql', () => {
    const ctx = context('prisma', '/p/prisma/migrations', [['20240101000000_init/migration.sql']], 0, {}, ['20240101000000']);
    assert.deepEqual(Object.keys(created(ctx, [TX])), ['20240101000001_validate_orders_fk/migration.sql']);
  });

  test('Supabase: a timestamped file', () => {
    const ctx = context('supabase', '/p/supabase/migrations', [['20240101000000_a.sql']], 0, {}, ['20240101000000']);
    assert.deepEqual(Object.keys(created(ctx, [TX])), ['20240101000001_validate_orders_fk.sql']);
  });

  test('node-pg-migrate: Up and Down markers, dashes as in the project; no migration outside a transaction', () => {
    const ctx = context('node-pg-migrate', '/p/migrations', [['1700000000000_create-tags.sql']], 0, {}, ['1700000000000']);
    assert.deepEqual(created(ctx, [TX]), { '1700000000001_validate-orders-fk.sql': '-- Up Migration\nALTER TABLE orders VALIDATE CONSTRAINT orders_fk;\n\n-- Down Migration\n-- Nothing to undo.\n' });
    assert.equal(planMigrations(ctx, [NO_TX]), undefined);
  });

  test('plain numbered files keep their separator', () => {
    const ctx = context('plain', '/p/migrations', [['001-create.sql'], ['002-more.sql']], 1, {}, ['001', '002']);
    assert.deepEqual(Object.keys(created(ctx, [TX])), ['003-validate_orders_fk.sql']);
  });

  test('sql-migrate: notransaction markers', () => {
    const ctx = context('sql-migrate', '/p/migrations', [['1_a.sql'], ['2_b.sql']], 1, {}, ['1_a.sql', '2_b.sql']);
    assert.match(created(ctx, [NO_TX])['3_index_orders.sql'], /^-- \+migrate Up notransaction\n/);
  });

  test('Flyway: the next version, or a sub-version when it is taken; a sidecar outside a transaction', () => {
    const free = context('flyway', '/p/sql', [['V1__a.sql'], ['V2__b.sql']], 1, {}, ['1', '2']);
    assert.deepEqual(Object.keys(created(free, [NO_TX])), ['V3__index_orders.sql', 'V3__index_orders.sql.conf']);
    const taken = context('flyway', '/p/sql', [['V1_1__a.sql'], ['V1_2__b.sql']], 0, {}, ['1_1', '1_2']);
    assert.deepEqual(Object.keys(created(taken, [TX, TX])), ['V1_1_1__validate_orders_fk.sql', 'V1_1_2__validate_orders_fk.sql']);
  });

  test('Drizzle: numbered after the last entry, and the journal gets the entry', () => {
    const journal = JSON.stringify({ version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when: 10, tag: '0000_a', breakpoints: true }] }, null, 2) + '\n';
    const ctx = context('drizzle', '/p/drizzle', [['0000_a.sql', 'meta/_journal.json']], 0, { '/p/drizzle/meta/_journal.json': journal }, ['0000']);
    const planned = planMigrations(ctx, [TX]);
    assert.ok(planned);
    const edit = planned.changes.find((c) => c.kind === 'edit');
    assert.ok(edit && edit.kind === 'edit');
    const after = JSON.parse(edit.edits[0].newText) as { entries: Array<{ idx: number; tag: string; when: number }> };
    assert.deepEqual(after.entries[1], { idx: 1, version: '7', when: 11, tag: '0001_validate_orders_fk', breakpoints: true });
    assert.ok(edit.edits[0].newText.endsWith('}\n'), 'the trailing newline is kept');
  });

  test('no room between two sequence numbers: the new migration goes last', () => {
    const ctx = context('golang-migrate', '/p/db', [['000001_a.up.sql'], ['000002_b.up.sql'], ['000003_c.up.sql']], 1, {}, ['000001', '000002', '000003']);
    assert.deepEqual(Object.keys(created(ctx, [TX])), ['000004_validate_orders_fk.up.sql', '000004_validate_orders_fk.down.sql']);
  });

  test('Liquibase changesets get no new files', () => {
    const ctx = context('liquibase', '/p/changelog', [['001.sql']], 0, {}, ['alice:1']);
    assert.equal(planMigrations(ctx, [TX]), undefined);
  });
});
