import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scriptText } from '../../server/src/analysis/project/envelopes';
import { nodeProjectFs } from '../../server/src/node/projectFs';
import { byId, fixture, rootOf, textOf } from './helpers';

test('goose: up and down sections of one file, markers excluded, StatementBegin/End as a batch', () => {
  const root = rootOf(fixture('goose/migrations'));
  const users = byId(root, '00001_create_users.sql');
  assert.match(textOf(users.up), /^CREATE TABLE users \(/);
  assert.equal(textOf(users.down), 'DROP TABLE users;');
  assert.equal(users.up?.file, users.down?.file);
  const trigger = byId(root, '00004_touch_updated_at.sql');
  assert.equal(trigger.up?.batches?.length, 1);
  const text = nodeProjectFs.read(trigger.up!.file)!;
  const batch = trigger.up!.batches![0];
  assert.match(text.slice(batch.start, batch.end).trim(), /^CREATE FUNCTION touch_updated_at\(\)[\s\S]*LANGUAGE plpgsql;$/);
  assert.equal(trigger.down?.batches, undefined);
});

test('dbmate: several up/down pairs in one file', () => {
  const ledger = byId(rootOf(fixture('dbmate/db/migrations')), '20240103000000_ledger.sql');
  assert.deepEqual(ledger.sections.map((s) => s.direction), ['up', 'down', 'up', 'down']);
  assert.match(textOf(ledger.sections[2]), /^CREATE INDEX CONCURRENTLY ledger_account_idx/);
  assert.equal(textOf(ledger.sections[3]), 'DROP INDEX ledger_account_idx;');
});

test('sql-migrate and node-pg-migrate: direction markers split one file', () => {
  const isbn = byId(rootOf(fixture('sql-migrate/migrations')), '2_index_books_isbn.sql');
  assert.equal(textOf(isbn.up), 'CREATE INDEX CONCURRENTLY books_isbn_idx ON books (isbn);');
  assert.equal(textOf(isbn.down), 'DROP INDEX CONCURRENTLY books_isbn_idx;');
  const tags = byId(rootOf(fixture('node-pg-migrate/migrations')), '1700000000000_create-tags.sql');
  assert.match(textOf(tags.up), /^CREATE TABLE tags/);
  assert.equal(textOf(tags.down), 'DROP TABLE tags;');
});

test('golang-migrate, sqlx, Diesel and Flyway undo: down is a paired file', () => {
  const products = byId(rootOf(fixture('golang-migrate/db/migrations')), '000001_create_products.up.sql');
  assert.ok(products.down?.file.endsWith('000001_create_products.down.sql'));
  assert.equal(textOf(products.down), 'DROP TABLE products;');
  const items = byId(rootOf(fixture('sqlx/migrations')), '20240101000000_create_items.up.sql');
  assert.ok(items.down?.file.endsWith('.down.sql'));
  const posts = byId(rootOf(fixture('diesel/migrations')), '2024-01-01-000000_create_posts/up.sql');
  assert.ok(posts.down?.file.endsWith('2024-01-01-000000_create_posts/down.sql'));
  const orders = byId(rootOf(fixture('flyway/migrations')), 'V1.1__create_orders.sql');
  assert.ok(orders.down?.file.endsWith('U1.1__create_orders.sql'));
  assert.equal(byId(rootOf(fixture('flyway/migrations')), 'V1_1__duplicate_orders.sql').down, undefined);
});

test('Liquibase: changeset body is up, --rollback lines and rollback blocks are down', () => {
  const root = rootOf(fixture('liquibase/changelog'));
  const first = byId(root, '001-customers.sql#alice:1');
  assert.match(textOf(first.up), /CREATE TABLE customers/);
  assert.equal(textOf(first.down), 'DROP TABLE customers;');
  assert.equal(first.description, 'customers table');
  const second = byId(root, '001-customers.sql#alice:2');
  assert.equal(textOf(second.down), 'ALTER TABLE customers DROP COLUMN city;\nALTER TABLE customers DROP COLUMN phone;');
  // scriptText keeps offsets: the rollback SQL sits where it is in the file, the rest is blank.
  const fileText = nodeProjectFs.read(first.down!.file)!;
  const only = scriptText(first.down!, fileText);
  assert.equal(only.length, fileText.length);
  assert.equal(only.trim(), 'DROP TABLE customers;');
  assert.equal(byId(root, '002-indexes.sql#bob:idx-email (2)').down, undefined);
});

test('Prisma, Drizzle and Supabase have no down; Drizzle chunks follow the breakpoints', () => {
  for (const [dir, id] of [
    ['prisma/prisma/migrations', '20240101000000_init/migration.sql'],
    ['drizzle/drizzle', '0000_lovely_wolverine.sql'],
    ['supabase/supabase/migrations', '20240101000000_create_profiles.sql'],
  ]) {
    const m = byId(rootOf(fixture(dir)), id);
    assert.ok(m.up, id);
    assert.equal(m.down, undefined, id);
  }
  const brave = byId(rootOf(fixture('drizzle/drizzle')), '0001_brave_hulk.sql');
  assert.equal(brave.up?.batches?.length, 2);
});

test('Flyway placeholders: config values and built-ins', () => {
  const schema = byId(rootOf(fixture('flyway/migrations')), 'V1__create_schema.sql');
  assert.equal(schema.placeholders['app_schema'], 'shop');
  assert.equal(schema.placeholders['flyway:user'], 'postgres');
  assert.equal(schema.placeholders['flyway:filename'], 'V1__create_schema.sql');
});
