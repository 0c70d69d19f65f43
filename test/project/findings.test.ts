import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryFs } from '../../server/src/analysis/project/fs';
import { rootAt } from '../../server/src/analysis/project/project';
import { nodeProjectFs } from '../../server/src/node/projectFs';
import { findingCodes, fixture, rootOf } from './helpers';

test('duplicate versions: golang-migrate 000004 and 4, Flyway 1.1 and 1_1, Liquibase id:author', () => {
  const golang = rootOf(fixture('golang-migrate/db/migrations'));
  const duplicate = golang.findings.find((f) => f.code === 'duplicate-migration-version')!;
  assert.ok(duplicate.file.endsWith('4_add_discontinued.up.sql'));
  assert.ok(duplicate.related?.[0].file.endsWith('000004_rename_price.up.sql'));
  assert.deepEqual(findingCodes(rootOf(fixture('flyway/migrations')), 'V1_1__duplicate_orders.sql'), ['duplicate-migration-version']);
  const liquibase = rootOf(fixture('liquibase/changelog')).findings.find((f) => f.code === 'duplicate-migration-version')!;
  assert.match(liquibase.message, /bob:idx-email appears twice/);
  const text = nodeProjectFs.read(liquibase.file)!;
  assert.equal(text.slice(liquibase.range.start, liquibase.range.end), '--changeset bob:idx-email');
  assert.ok(liquibase.range.start > liquibase.related![0].range.start);
});

test('goose and sqlx duplicates are found by integer value', () => {
  const fs = memoryFs({ '/p/m/001_a.sql': '-- +goose Up\nSELECT 1;', '/p/m/1_b.sql': '-- +goose Up\nSELECT 2;' });
  assert.deepEqual(findingCodes(rootAt('/p/m', fs)!), ['duplicate-migration-version']);
});

test('lexicographic tools: a lower version that runs later is flagged', () => {
  const dbmate = rootOf(fixture('dbmate/db/migrations'));
  const order = dbmate.findings.find((f) => f.code === 'migration-order')!;
  assert.ok(order.file.endsWith('9_seed_accounts.sql'));
  assert.match(order.message, /orders migrations by file name/);
  // goose sorts by number, so the same shapes are fine there.
  assert.deepEqual(findingCodes(rootOf(fixture('goose/migrations'))), []);
});

test('Drizzle: older `when`, a journal entry without a file, a file missing from the journal', () => {
  const drizzle = rootOf(fixture('drizzle/drizzle'));
  const late = drizzle.findings.find((f) => f.code === 'migration-order')!;
  assert.ok(late.file.endsWith('0002_late_merge.sql'));
  assert.match(late.message, /silently skips it/);
  assert.ok(late.related!.every((r) => r.file.endsWith('meta/_journal.json')));
  const journal = nodeProjectFs.read(late.related![0].file)!;
  assert.equal(journal.slice(late.related![0].range.start, late.related![0].range.end), '1704110400000');
  const mismatches = drizzle.findings.filter((f) => f.code === 'drizzle-journal-mismatch');
  assert.equal(mismatches.length, 2);
  const missing = mismatches.find((f) => f.file.endsWith('_journal.json'))!;
  assert.equal(journal.slice(missing.range.start, missing.range.end), '"0003_missing_file"');
  assert.ok(mismatches.some((f) => f.file.endsWith('0004_orphan.sql')));
});

test('missing down where the tool pairs them: golang-migrate, sqlx reversible, Diesel, dbmate', () => {
  assert.ok(findingCodes(rootOf(fixture('golang-migrate/db/migrations')), '000003_add_sku.up.sql').includes('missing-down-migration'));
  assert.deepEqual(findingCodes(rootOf(fixture('sqlx/migrations')), '20240103000000_index_items_quantity.up.sql'), ['missing-down-migration']);
  assert.deepEqual(findingCodes(rootOf(fixture('diesel/migrations')), '2024-01-03-000000_add_slug/up.sql'), ['missing-down-migration']);
  const dbmate = rootOf(fixture('dbmate/db/migrations')).findings.find((f) => f.file.endsWith('20240105000000_add_currency.sql'))!;
  assert.equal(dbmate.code, 'missing-down-migration');
  assert.equal(dbmate.severity, 'error');
  // Tools without downs never ask for one.
  for (const dir of ['prisma/prisma/migrations', 'drizzle-v1/drizzle', 'node-pg-migrate/migrations', 'sql-migrate/migrations', 'plain/migrations']) {
    assert.ok(!findingCodes(rootOf(fixture(dir))).includes('missing-down-migration'), dir);
  }
});

test('Flyway: single-underscore names and in-file flyway: comments', () => {
  const root = rootOf(fixture('flyway/migrations'));
  const name = root.findings.find((f) => f.code === 'flyway-migration-name')!;
  assert.ok(name.file.endsWith('V5_single_underscore.sql'));
  assert.match(name.message, /rename V5_single_underscore\.sql to V5__single_underscore\.sql/);
  assert.ok(root.ignoredFiles.some((f) => f.endsWith('V5_single_underscore.sql')));
  const comment = root.findings.find((f) => f.code === 'flyway-in-file-directive')!;
  assert.ok(comment.file.endsWith('V4__comment_directive.sql'));
  assert.match(comment.message, /V4__comment_directive\.sql\.conf/);
  assert.equal(comment.severity, 'warning');
  const text = nodeProjectFs.read(comment.file)!;
  assert.equal(text.slice(comment.range.start, comment.range.end), '-- flyway:executeInTransaction=false');
  assert.ok(comment.related?.[0].file.endsWith('V4__comment_directive.sql.conf'));
});

test('structure errors: goose without Up, dbmate down before up, unknown goose annotations', () => {
  const fs = memoryFs({
    '/p/g/1_a.sql': 'CREATE TABLE a (id int);',
    '/p/g/2_b.sql': '-- +goose Up\n-- +goose Sideways\nSELECT 1;',
    '/p/d/1_a.sql': '-- migrate:down\nSELECT 1;\n-- migrate:up\nSELECT 2;',
  });
  const goose = rootAt('/p/g', fs, { explicitRoots: [{ dir: '/p/g', tool: 'goose' }] })!;
  assert.deepEqual(goose.findings.map((f) => f.message.slice(0, 40)), ['This goose migration has no `-- +goose U', 'Unknown goose annotation "+goose Sideway']);
  const dbmate = rootAt('/p/d', fs)!;
  assert.ok(dbmate.findings.some((f) => /must come before/.test(f.message)));
});

test('files the tool ignores are reported as information', () => {
  const golang = rootOf(fixture('golang-migrate/db/migrations'));
  assert.deepEqual(findingCodes(golang, 'notes.sql'), ['ignored-by-tool']);
  const supabase = rootOf(fixture('supabase/supabase/migrations'));
  assert.deepEqual(supabase.findings.filter((f) => f.code === 'ignored-by-tool').map((f) => f.file.split('/').pop()).sort(), ['20211201000000_init.sql', 'scratch.sql']);
});

test("another tool's down marker in a whole-file tool's root: the down runs as part of up", () => {
  const supabase = rootOf(fixture('supabase/supabase/migrations'));
  const finding = supabase.findings.find((f) => f.code === 'migration-structure')!;
  assert.ok(finding.file.endsWith('20240103000000_dbmate_style.sql'));
  assert.match(finding.message, /dbmate down section after "-- migrate:down" runs too/);
  const text = nodeProjectFs.read(finding.file)!;
  assert.equal(text.slice(finding.range.start, finding.range.end), '-- migrate:down');
  // Supabase still detects its own folder: its config marker outweighs one file's dbmate markers.
  assert.equal(supabase.tool, 'supabase');
});
