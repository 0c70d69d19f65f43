import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings, type Settings } from '../../server/src/analysis/config/settings';
import { fileContext, lintText } from '../../server/src/analysis/lint';
import { parseDocument } from '../../server/src/analysis/parse/parseDocument';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { memoryFs } from '../../server/src/analysis/project/fs';
import { migrationLintContext, rootAt } from '../../server/src/analysis/project/project';
import { nodeProjectFs, ProjectModelCache } from '../../server/src/node/projectFs';
import { fixture, rootForFile } from './helpers';

before(() => initParser());

const CIC = 'ban-concurrent-index-creation-in-transaction';

function lintFixture(path: string, settings: Settings = defaultSettings()) {
  const file = fixture(path);
  const root = rootForFile(file);
  assert.ok(root, `no root for ${path}`);
  const context = migrationLintContext(root, file);
  assert.ok(context, `no migration context for ${path}`);
  const text = nodeProjectFs.read(file)!;
  const document = parseDocument(text, { placeholders: context.placeholders });
  return { result: lintText(text, settings, context), states: fileContext(document, settings, context).transactions, context };
}

const hasCic = (path: string) => lintFixture(path).result.findings.some((f) => f.ruleId === CIC);

test('goose: CONCURRENTLY without NO TRANSACTION is an error; with it, not', () => {
  const wrapped = lintFixture('goose/migrations/00002_index_users_email.sql').result.findings.find((f) => f.ruleId === CIC);
  assert.ok(wrapped, 'expected the CIC error in a wrapped goose file');
  assert.equal(wrapped.severity, 'error');
  assert.ok(!hasCic('goose/migrations/00003_index_users_created_at.sql'));
});

test('the down section is linted with its own envelope', () => {
  const { states, context } = lintFixture('sql-migrate/migrations/2_index_books_isbn.sql');
  assert.deepEqual(context.scripts.map((s) => `${s.direction}:${s.envelope.kind}`), ['up:none', 'down:per-migration']);
  assert.deepEqual(states.map((s) => s.inTransaction), [false, true]);
  assert.match(states[1].envelopeReason ?? '', /sql-migrate runs the down migration in a transaction/);
});

test('T3: CONCURRENTLY with other statements in one string is in an implicit transaction; alone it is not', () => {
  assert.ok(hasCic('golang-migrate/db/migrations/000003_add_sku.up.sql'));
  assert.ok(!hasCic('golang-migrate/db/migrations/000002_index_products_name.up.sql'));
  assert.ok(hasCic('prisma/prisma/migrations/20240103000000_add_handle/migration.sql'));
  assert.ok(!hasCic('prisma/prisma/migrations/20240102000000_index_user_email/migration.sql'));
  assert.ok(hasCic('dbmate/db/migrations/20240104000000_index_and_backfill.sql'));
  assert.ok(!hasCic('dbmate/db/migrations/20240102000000_index_accounts_owner.sql'));
  const { states } = lintFixture('golang-migrate/db/migrations/000003_add_sku.up.sql');
  assert.deepEqual(states.map((s) => ({ envelope: s.envelope, implicit: s.implicitMultiStatement, inTransaction: s.inTransaction })), [
    { envelope: false, implicit: true, inTransaction: true },
    { envelope: false, implicit: true, inTransaction: true },
  ]);
});

test('dbmate: each block has its envelope; the transaction:false block of a multi-section file is separate', () => {
  const { states } = lintFixture('dbmate/db/migrations/20240103000000_ledger.sql');
  // CREATE TABLE (up, T1), DROP TABLE (down, T1), CIC (up, transaction:false, alone), DROP INDEX (down, T1)
  assert.deepEqual(states.map((s) => s.inTransaction), [true, true, false, true]);
  assert.ok(!hasCic('dbmate/db/migrations/20240103000000_ledger.sql'));
});

test('sqlx and Diesel opt-outs', () => {
  assert.ok(!hasCic('sqlx/migrations/20240102000000_index_items_sku.up.sql'));
  // `-- no-transaction` after a blank line does not count: sqlx wraps the lone CONCURRENTLY in BEGIN.
  const late = lintFixture('sqlx/migrations/20240103000000_index_items_quantity.up.sql').states[0];
  assert.deepEqual([late.envelope, late.inTransaction], [true, true]);
  assert.ok(!hasCic('diesel/migrations/2024-01-02-000000_index_posts/up.sql'));
  assert.equal(lintFixture('diesel/migrations/2024-01-03-000000_add_slug/up.sql').states[1].envelope, true);
});

test('Flyway: sidecar opt-out, auto-detected lone CONCURRENTLY, mixed scripts, and the in-file comment warning', () => {
  assert.ok(!hasCic('flyway/migrations/V2__index_orders_concurrently.sql'));
  assert.ok(!hasCic('flyway/migrations/V4.1__index_alone.sql'));
  const mixed = lintFixture('flyway/migrations/V3__mixed.sql');
  assert.ok(mixed.result.findings.some((f) => f.ruleId === CIC));
  assert.match(mixed.states[1].envelopeReason ?? '', /mixes statements/);
  const comment = lintFixture('flyway/migrations/V4__comment_directive.sql').result.findings;
  assert.ok(comment.some((f) => f.ruleId === CIC));
  const directive = comment.find((f) => f.ruleId === 'flyway-in-file-directive')!;
  assert.equal(directive.severity, 'warning');
  assert.equal(directive.range.start, 0);
});

test('Flyway placeholders from the project resolve while parsing', () => {
  const { result } = lintFixture('flyway/migrations/V1__create_schema.sql');
  assert.ok(!result.findings.some((f) => f.ruleId === 'unresolved-placeholder' || f.ruleId === 'syntax-error'));
});

test('Supabase runs CONCURRENTLY on its own; Drizzle and node-pg-migrate always wrap', () => {
  const supabase = lintFixture('supabase/supabase/migrations/20240102000000_index_profiles.sql');
  assert.deepEqual(supabase.states.map((s) => s.inTransaction), [false, false]);
  assert.ok(!supabase.result.findings.some((f) => f.ruleId === CIC));
  assert.ok(hasCic('drizzle/drizzle/0001_brave_hulk.sql'));
  assert.ok(hasCic('node-pg-migrate/migrations/1700000000001_index-tags.sql'));
  // COMMIT ends Drizzle's transaction; the next breakpoint chunk runs on its own.
  const committed = lintFixture('drizzle-v1/drizzle/20240102000000_add_index/migration.sql');
  assert.deepEqual(committed.states.map((s) => s.inTransaction), [true, false]);
});

test('Liquibase: runInTransaction:false changeset is fine, the default one is not', () => {
  const { result, states } = lintFixture('liquibase/changelog/002-indexes.sql');
  assert.deepEqual(states.map((s) => s.envelope), [false, true, true]);
  const errors = result.findings.filter((f) => f.ruleId === CIC);
  assert.equal(errors.length, 1);
  assert.ok(result.findings.some((f) => f.ruleId === 'duplicate-migration-version'));
});

test('project findings are file-level: ignore-file and rule levels apply', () => {
  const file = '/p/m/1_a.up.sql';
  const fs = memoryFs({ [file]: '-- safeshift-ignore-file missing-down-migration\nCREATE TABLE a (id int);', '/p/go.mod': 'require github.com/golang-migrate/migrate/v4 v4.17.1' });
  const root = rootAt('/p/m', fs)!;
  const context = migrationLintContext(root, file)!;
  assert.deepEqual(context.findings.map((f) => f.code), ['missing-down-migration']);
  const ids = lintText(fs.read(file)!, defaultSettings(), context).findings.map((f) => f.ruleId);
  assert.ok(!ids.includes('missing-down-migration'));
  assert.ok(!ids.includes('unused-ignore'));
  const off = { ...defaultSettings(), rules: { 'missing-down-migration': 'off' as const } };
  assert.ok(!lintText('CREATE TABLE a (id int);', off, context).findings.some((f) => f.ruleId === 'missing-down-migration'));
});

test('without a tool, assumeInTransaction still decides', () => {
  const fs = memoryFs({ '/p/m/001_a.sql': 'CREATE INDEX CONCURRENTLY i ON t (c);\nSELECT 1;', '/p/m/002_b.sql': 'SELECT 1;' });
  const context = migrationLintContext(rootAt('/p/m', fs)!, '/p/m/001_a.sql')!;
  const document = parseDocument(fs.read('/p/m/001_a.sql')!);
  assert.deepEqual(fileContext(document, defaultSettings(), context).transactions.map((t) => t.inTransaction), [false, false]);
  assert.deepEqual(fileContext(document, { ...defaultSettings(), assumeInTransaction: true }, context).transactions.map((t) => t.inTransaction), [true, true]);
});

test('an edited buffer gets sections from its own text; the cache finds the root once', () => {
  const cache = new ProjectModelCache();
  const file = fixture('goose/migrations/00003_index_users_created_at.sql');
  const onDisk = cache.contextFor(file, nodeProjectFs.read(file)!, defaultSettings())!;
  assert.equal(onDisk.scripts[0].envelope.kind, 'none');
  // The user deletes the NO TRANSACTION line in the editor, without saving.
  const edited = '-- +goose Up\nCREATE INDEX CONCURRENTLY users_created_at_idx ON users (created_at);\n';
  const context = cache.contextFor(file, edited, defaultSettings())!;
  assert.equal(context.scripts.length, 1);
  assert.equal(context.scripts[0].envelope.kind, 'per-migration');
  assert.equal(context.scripts[0].range.end, edited.length);
  assert.equal(lintText(edited, defaultSettings(), context).document.statements.length, 1);
  assert.equal(context.migrationId, '00003_index_users_created_at.sql');
});

test('the cache honours safeshift.json `migrations`', () => {
  const cache = new ProjectModelCache();
  const settings = { ...defaultSettings(), migrations: [{ dir: 'sql', tool: 'golang-migrate' as const }] };
  const file = fixture('explicit/sql/2_index_events.up.sql');
  assert.equal(cache.rootFor(file, settings, fixture('explicit/safeshift.json'))?.tool, 'golang-migrate');
  cache.forget(file);
  assert.equal(cache.rootFor(file, defaultSettings())?.tool, 'sqlx');
});
