import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectTool, sniffTool } from '../../server/src/analysis/project/detect';
import { memoryFs } from '../../server/src/analysis/project/fs';
import { discoverRoots } from '../../server/src/analysis/project/project';
import { nodeProjectFs } from '../../server/src/node/projectFs';
import { PROJECTS, fixture, rootForFile } from './helpers';

const EXPECTED_ROOTS: Record<string, string> = {
  'dbmate/db/migrations': 'dbmate',
  'diesel/migrations': 'diesel',
  'drizzle/drizzle': 'drizzle',
  'drizzle-v1/drizzle': 'drizzle',
  'explicit/sql': 'sqlx',
  'flyway/migrations': 'flyway',
  'golang-migrate/db/migrations': 'golang-migrate',
  'goose/migrations': 'goose',
  'liquibase/changelog': 'liquibase',
  'node-pg-migrate/migrations': 'node-pg-migrate',
  'plain/migrations': 'plain',
  'prisma/prisma/migrations': 'prisma',
  'sql-migrate/migrations': 'sql-migrate',
  'sqlx/migrations': 'sqlx',
  'supabase/supabase/migrations': 'supabase',
};

test('every fixture project is discovered as one root with its tool', () => {
  const roots = discoverRoots(PROJECTS, nodeProjectFs);
  const found = Object.fromEntries(roots.map((r) => [r.dir.slice(PROJECTS.length + 1), r.tool]));
  // Without safeshift.json, explicit/ looks like sqlx (paired files + Cargo.toml naming sqlx).
  assert.deepEqual(found, EXPECTED_ROOTS);
});

test('markers that name the directory score 100, content 90, patterns 60, manifests 40', () => {
  const supabase = detectTool(fixture('supabase/supabase/migrations'), nodeProjectFs, { boundary: PROJECTS })!.detection;
  assert.equal(supabase.tool, 'supabase');
  assert.equal(supabase.score, 160);
  const goose = detectTool(fixture('goose/migrations'), nodeProjectFs, { boundary: PROJECTS })!.detection;
  assert.equal(goose.score, 30 + 90 + 40);
  assert.ok(goose.evidence.some((e) => e.includes('go.mod')));
  assert.equal(goose.ambiguous, false);
});

test('paired .up.sql/.down.sql files are ambiguous until a manifest breaks the tie', () => {
  const files = { '/p/migrations/1_a.up.sql': 'SELECT 1;', '/p/migrations/1_a.down.sql': 'SELECT 1;' };
  const bare = detectTool('/p/migrations', memoryFs(files))!.detection;
  assert.equal(bare.tool, 'golang-migrate');
  assert.equal(bare.ambiguous, true);
  assert.deepEqual(bare.alternatives.map((a) => a.tool).sort(), ['node-pg-migrate', 'sqlx']);
  const withCargo = detectTool('/p/migrations', memoryFs({ ...files, '/p/Cargo.toml': '[dependencies]\nsqlx = "0.8"\n' }))!.detection;
  assert.equal(withCargo.tool, 'sqlx');
  assert.equal(withCargo.ambiguous, false);
  const withPackage = detectTool('/p/migrations', memoryFs({ ...files, '/p/package.json': '{"devDependencies":{"node-pg-migrate":"^7"}}' }))!.detection;
  assert.equal(withPackage.tool, 'node-pg-migrate');
});

test('content sniffing recognises each tool from the first lines', () => {
  assert.equal(sniffTool('\n--liquibase formatted sql\n--changeset a:1\nSELECT 1;'), 'liquibase');
  assert.equal(sniffTool('-- +goose Up\nSELECT 1;'), 'goose');
  assert.equal(sniffTool('-- +migrate Up\nSELECT 1;'), 'sql-migrate');
  assert.equal(sniffTool('-- migrate:up\nSELECT 1;\n-- migrate:down\n'), 'dbmate');
  assert.equal(sniffTool('-- Up Migration\nSELECT 1;\n-- Down Migration\n'), 'node-pg-migrate');
  assert.equal(sniffTool('SELECT 1;\n--> statement-breakpoint\nSELECT 2;'), 'drizzle');
  assert.equal(sniffTool('-- no-transaction\nSELECT 1;'), 'sqlx');
  assert.equal(sniffTool(' -- no-transaction\nSELECT 1;'), undefined);
  assert.equal(sniffTool('CREATE TABLE t (id int);'), undefined);
});

test('a manifest alone does not make a folder a migration root', () => {
  const fs = memoryFs({ '/p/go.mod': 'require github.com/pressly/goose/v3 v3.0.0', '/p/sql/schema.sql': 'CREATE TABLE t (id int);' });
  assert.equal(detectTool('/p/sql', fs), undefined);
});

test('a migration file finds its root, also from folder layouts and Flyway subfolders', () => {
  const cases: Array<[string, string, string]> = [
    ['goose/migrations/00002_index_users_email.sql', 'goose', 'goose/migrations'],
    ['diesel/migrations/2024-01-02-000000_index_posts/up.sql', 'diesel', 'diesel/migrations'],
    ['diesel/migrations/2024-01-02-000000_index_posts/down.sql', 'diesel', 'diesel/migrations'],
    ['prisma/prisma/migrations/20240103000000_add_handle/migration.sql', 'prisma', 'prisma/prisma/migrations'],
    ['drizzle-v1/drizzle/20240102000000_add_index/migration.sql', 'drizzle', 'drizzle-v1/drizzle'],
    ['flyway/migrations/2024/V6__nested_region.sql', 'flyway', 'flyway/migrations'],
    ['flyway/migrations/U1.1__create_orders.sql', 'flyway', 'flyway/migrations'],
    ['golang-migrate/db/migrations/000001_create_products.down.sql', 'golang-migrate', 'golang-migrate/db/migrations'],
    ['liquibase/changelog/002-indexes.sql', 'liquibase', 'liquibase/changelog'],
  ];
  for (const [file, tool, dir] of cases) {
    const root = rootForFile(fixture(file));
    assert.equal(root?.tool, tool, file);
    assert.equal(root?.dir, fixture(dir), file);
  }
  assert.equal(rootForFile(fixture('prisma/prisma/schema.prisma')), undefined);
});

test('safeshift.json `migrations` overrides detection', () => {
  const explicitRoots = [{ dir: fixture('explicit/sql'), tool: 'golang-migrate' as const }];
  const root = rootForFile(fixture('explicit/sql/2_index_events.up.sql'), { explicitRoots })!;
  assert.equal(root.tool, 'golang-migrate');
  assert.equal(root.detection.explicit, true);
  assert.equal(root.migrations[1].up?.envelope.kind, 'implicit');
  const discovered = discoverRoots(fixture('explicit'), nodeProjectFs, { explicitRoots });
  assert.deepEqual(discovered.map((r) => r.tool), ['golang-migrate']);
});

test('Flyway conf/flyway.conf names sql/ next to conf/; Spring layouts use src/main/resources/db/migration', () => {
  const fs = memoryFs({ '/p/conf/flyway.conf': 'flyway.url=jdbc:postgresql://localhost/app\n', '/p/sql/V1__a.sql': 'SELECT 1;' });
  const detected = detectTool('/p/sql', fs)!.detection;
  assert.equal(detected.tool, 'flyway');
  assert.ok(detected.evidence.some((e) => e.startsWith('marker:') && e.endsWith('conf/flyway.conf')));
  const spring = memoryFs({ '/p/pom.xml': '<artifactId>flyway-core</artifactId><groupId>org.flywaydb</groupId>', '/p/src/main/resources/db/migration/V1__init.sql': 'SELECT 1;' });
  assert.equal(detectTool('/p/src/main/resources/db/migration', spring)!.detection.score, 60 + 40);
});
