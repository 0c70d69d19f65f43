import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryFs } from '../../server/src/analysis/project/fs';
import { sectionAt } from '../../server/src/analysis/project/lintContext';
import { migrationLintContext, rootAt } from '../../server/src/analysis/project/project';
import { summarizeMigration } from '../../server/src/analysis/project/summary';
import { nodeProjectFs } from '../../server/src/node/projectFs';
import { byId, fixture, rootOf } from './helpers';

const kinds = (dir: string, id: string) => byId(rootOf(fixture(dir)), id).sections.map((s) => `${s.direction}:${s.envelope.code}`);

test('goose: a transaction per migration; NO TRANSACTION anywhere turns it off for both directions', () => {
  assert.deepEqual(kinds('goose/migrations', '00002_index_users_email.sql'), ['up:T1', 'down:T1']);
  const noTx = byId(rootOf(fixture('goose/migrations')), '00003_index_users_created_at.sql');
  assert.deepEqual(noTx.sections.map((s) => `${s.direction}:${s.envelope.kind}`), ['up:none', 'down:none']);
  assert.equal(noTx.directives[0].name, 'goose NO TRANSACTION');
  assert.match(noTx.up!.envelope.reason, /NO TRANSACTION/);
  assert.equal(noTx.up!.execution, 'statement-by-statement');
});

test('dbmate: transaction:false is per block and leaves one implicit transaction (T3)', () => {
  assert.deepEqual(kinds('dbmate/db/migrations', '20240101000000_create_accounts.sql'), ['up:T1', 'down:T1']);
  assert.deepEqual(kinds('dbmate/db/migrations', '20240102000000_index_accounts_owner.sql'), ['up:T3', 'down:T3']);
  assert.deepEqual(kinds('dbmate/db/migrations', '20240103000000_ledger.sql'), ['up:T1', 'down:T1', 'up:T3', 'down:T1']);
});

test('sql-migrate: notransaction applies to its direction only', () => {
  const isbn = byId(rootOf(fixture('sql-migrate/migrations')), '2_index_books_isbn.sql');
  assert.equal(isbn.up?.envelope.kind, 'none');
  assert.equal(isbn.down?.envelope.kind, 'per-migration');
});

test('sqlx: -- no-transaction counts only as the very first bytes', () => {
  const root = rootOf(fixture('sqlx/migrations'));
  assert.deepEqual(kinds('sqlx/migrations', '20240102000000_index_items_sku.up.sql'), ['up:T3', 'down:T3']);
  const late = byId(root, '20240103000000_index_items_quantity.up.sql').up!.envelope;
  assert.equal(late.kind, 'per-migration');
  assert.match(late.reason, /very first bytes/);
});

test('Diesel: metadata.toml run_in_transaction = false', () => {
  const index = byId(rootOf(fixture('diesel/migrations')), '2024-01-02-000000_index_posts/up.sql');
  assert.equal(index.up?.envelope.kind, 'implicit');
  assert.ok(index.up?.envelope.directive?.file.endsWith('metadata.toml'));
  assert.ok(index.files.some((f) => f.endsWith('metadata.toml')));
  assert.deepEqual(kinds('diesel/migrations', '2024-01-01-000000_create_posts/up.sql'), ['up:T1', 'down:T1']);
});

test('Flyway: sidecar .sql.conf opts out; otherwise a transaction with non-transactional detection', () => {
  const root = rootOf(fixture('flyway/migrations'));
  const sidecar = byId(root, 'V2__index_orders_concurrently.sql');
  assert.equal(sidecar.up?.envelope.kind, 'none');
  assert.ok(sidecar.up?.envelope.directive?.file.endsWith('V2__index_orders_concurrently.sql.conf'));
  assert.ok(sidecar.files.some((f) => f.endsWith('.sql.conf')));
  const comment = byId(root, 'V4__comment_directive.sql');
  assert.equal(comment.up?.envelope.kind, 'per-migration');
  assert.equal(comment.up?.envelope.nonTransactional, 'alone-only');
});

test('Flyway: global executeInTransaction=false and mixed=true from flyway.conf', () => {
  const files = { '/p/flyway.conf': 'flyway.locations=filesystem:sql\nflyway.executeInTransaction=false\n', '/p/sql/V1__a.sql': 'SELECT 1;' };
  assert.equal(rootAt('/p/sql', memoryFs(files))?.migrations[0].up?.envelope.kind, 'none');
  const mixed = { '/p/flyway.conf': 'flyway.mixed=true\n', '/p/sql/V1__a.sql': 'SELECT 1;' };
  assert.equal(rootAt('/p/sql', memoryFs(mixed))?.migrations[0].up?.envelope.nonTransactional, 'whole-script');
});

test('Liquibase: runInTransaction:false, and with splitStatements:false one implicit string', () => {
  const root = rootOf(fixture('liquibase/changelog'));
  assert.equal(byId(root, '002-indexes.sql#bob:idx-email').up?.envelope.kind, 'none');
  assert.equal(byId(root, '002-indexes.sql#bob:idx-city').up?.envelope.kind, 'per-migration');
  const text = '--liquibase formatted sql\n--changeset a:1 runInTransaction:false splitStatements:false\nSELECT 1;\nSELECT 2;\n';
  const single = rootAt('/p/db', memoryFs({ '/p/db/changelog.sql': text }))!.migrations[0].up!;
  assert.equal(single.envelope.kind, 'implicit');
  assert.equal(single.execution, 'one-string');
});

test('T2 and T3 tools: Drizzle and node-pg-migrate run all pending at once; golang-migrate, Prisma, Supabase one string', () => {
  assert.deepEqual(kinds('drizzle/drizzle', '0001_brave_hulk.sql'), ['up:T2']);
  assert.deepEqual(kinds('node-pg-migrate/migrations', '1700000000001_index-tags.sql'), ['up:T2', 'down:T2']);
  assert.deepEqual(kinds('golang-migrate/db/migrations', '000003_add_sku.up.sql'), ['up:T3']);
  assert.deepEqual(kinds('prisma/prisma/migrations', '20240103000000_add_handle/migration.sql'), ['up:T3']);
  const supabase = byId(rootOf(fixture('supabase/supabase/migrations')), '20240102000000_index_profiles.sql').up!.envelope;
  assert.equal(supabase.kind, 'implicit');
  assert.equal(supabase.nonTransactional, 'split-out');
});

test('Supabase CLI older than 2.109 (pinned in package.json) does not split CONCURRENTLY out', () => {
  const files = {
    '/p/package.json': '{"devDependencies":{"supabase":"^1.200.3"}}',
    '/p/supabase/config.toml': 'project_id = "x"',
    '/p/supabase/migrations/20240101000000_a.sql': 'SELECT 1;',
  };
  const envelope = rootAt('/p/supabase/migrations', memoryFs(files))!.migrations[0].up!.envelope;
  assert.equal(envelope.nonTransactional, undefined);
  assert.match(envelope.reason, /1\.200/);
});

test('plain numbered files: unknown envelope, the setting decides', () => {
  assert.deepEqual(kinds('plain/migrations', '001_create_notes.sql'), ['up:?']);
});

test("summaries for code lenses: place in the order and each section's envelope in words", () => {
  const root = rootOf(fixture('goose/migrations'));
  const summary = summarizeMigration(root, byId(root, '00003_index_users_created_at.sql'));
  assert.equal(summary.title, 'goose · 3 of 6');
  assert.deepEqual(summary.sections.map((s) => `${s.direction}: ${s.label}`), ['up: no transaction, statement by statement', 'down: no transaction, statement by statement']);
  const flyway = rootOf(fixture('flyway/migrations'));
  assert.equal(summarizeMigration(flyway, byId(flyway, 'R__orders_summary.sql')).title, 'Flyway · repeatable');
});

test('sectionAt tells which section an offset is in', () => {
  const root = rootOf(fixture('sql-migrate/migrations'));
  const file = byId(root, '2_index_books_isbn.sql').up!.file;
  const context = migrationLintContext(root, file)!;
  const text = nodeProjectFs.read(file)!;
  assert.equal(sectionAt(context, text.indexOf('CREATE INDEX'))?.direction, 'up');
  assert.equal(sectionAt(context, text.indexOf('DROP INDEX'))?.direction, 'down');
  assert.equal(sectionAt(context, 0), undefined);
});
