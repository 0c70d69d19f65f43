import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryFs } from '../../server/src/analysis/project/fs';
import { rootAt } from '../../server/src/analysis/project/project';
import { fixture, order, rootOf } from './helpers';

test('Flyway: callbacks first, versions numerically by segment, repeatables last, subfolders included', () => {
  assert.deepEqual(order(rootOf(fixture('flyway/migrations'))), [
    'beforeMigrate.sql',
    'V1__create_schema.sql',
    'V1.1__create_orders.sql',
    'V1_1__duplicate_orders.sql',
    'V1.2__add_status.sql',
    'V1.10__add_note.sql',
    'V2__index_orders_concurrently.sql',
    'V3__mixed.sql',
    'V4__comment_directive.sql',
    'V4.1__index_alone.sql',
    '2024/V6__nested_region.sql',
    'R__orders_summary.sql',
  ]);
});

test('goose: integer versions, so a short version sorts among padded ones and before timestamps', () => {
  assert.deepEqual(order(rootOf(fixture('goose/migrations'))), [
    '00001_create_users.sql',
    '00002_index_users_email.sql',
    '00003_index_users_created_at.sql',
    '00004_touch_updated_at.sql',
    '5_add_users_name.sql',
    '20240105120000_create_orders.sql',
  ]);
});

test('dbmate: file names, byte by byte, so 9_… runs after the timestamps', () => {
  const ids = order(rootOf(fixture('dbmate/db/migrations')));
  assert.equal(ids[ids.length - 1], '9_seed_accounts.sql');
  assert.equal(ids[0], '20240101000000_create_accounts.sql');
});

test('sql-migrate: numbered files by number, then unnumbered by name', () => {
  assert.deepEqual(order(rootOf(fixture('sql-migrate/migrations'))), ['1_create_books.sql', '2_index_books_isbn.sql', '10_books_search.sql', 'seed_books.sql']);
});

test('golang-migrate and sqlx: integer versions; down files do not count as migrations', () => {
  assert.deepEqual(order(rootOf(fixture('golang-migrate/db/migrations'))).slice(0, 3), ['000001_create_products.up.sql', '000002_index_products_name.up.sql', '000003_add_sku.up.sql']);
  assert.deepEqual(order(rootOf(fixture('sqlx/migrations'))), [
    '20240101000000_create_items.up.sql',
    '20240102000000_index_items_sku.up.sql',
    '20240103000000_index_items_quantity.up.sql',
  ]);
});

test('Drizzle 0.x follows the journal, not the file names; v1 follows folder names', () => {
  assert.deepEqual(order(rootOf(fixture('drizzle/drizzle'))), ['0000_lovely_wolverine.sql', '0001_brave_hulk.sql', '0002_late_merge.sql']);
  assert.deepEqual(order(rootOf(fixture('drizzle-v1/drizzle'))), ['20240101000000_init/migration.sql', '20240102000000_add_index/migration.sql']);
});

test('Diesel puts the setup migration first; Prisma and Supabase sort by name', () => {
  const diesel = rootOf(fixture('diesel/migrations'));
  assert.equal(diesel.migrations[0].kind, 'setup');
  assert.equal(diesel.migrations[1].version, '20240101000000');
  assert.deepEqual(order(rootOf(fixture('prisma/prisma/migrations'))).map((id) => id.split('_')[0]), ['20240101000000', '20240102000000', '20240103000000']);
  assert.deepEqual(order(rootOf(fixture('supabase/supabase/migrations'))), ['20240101000000_create_profiles.sql', '20240102000000_index_profiles.sql', '20240103000000_dbmate_style.sql']);
});

test('Liquibase: files alphabetically, changesets in file order; plain numbered files by number', () => {
  assert.deepEqual(order(rootOf(fixture('liquibase/changelog'))), [
    '001-customers.sql#alice:1',
    '001-customers.sql#alice:2',
    '002-indexes.sql#bob:idx-email',
    '002-indexes.sql#bob:idx-city',
    '002-indexes.sql#bob:idx-email (2)',
  ]);
  assert.deepEqual(order(rootOf(fixture('plain/migrations'))), ['001_create_notes.sql', '002_add_pinned.sql', '010_index_pinned.sql']);
});

test('positions follow the order', () => {
  const root = rootOf(fixture('goose/migrations'));
  assert.deepEqual(root.migrations.map((m) => m.position), [0, 1, 2, 3, 4, 5]);
});

test('Flyway callbacks: known events only, with an optional description; after* callbacks come last', () => {
  const fs = memoryFs({
    '/p/flyway.toml': '[flyway]\nlocations = ["filesystem:sql"]\n',
    '/p/sql/V1__a.sql': 'SELECT 1;',
    '/p/sql/afterMigrate__grants.sql': 'SELECT 1;',
    '/p/sql/beforeEachMigrateStatement.sql': 'SELECT 1;',
    '/p/sql/afterwards.sql': 'SELECT 1;',
  });
  const root = rootAt('/p/sql', fs)!;
  assert.deepEqual(root.migrations.map((m) => `${m.kind}:${m.id}`), ['callback:beforeEachMigrateStatement.sql', 'versioned:V1__a.sql', 'callback:afterMigrate__grants.sql']);
  assert.deepEqual(root.ignoredFiles, ['/p/sql/afterwards.sql']);
});
