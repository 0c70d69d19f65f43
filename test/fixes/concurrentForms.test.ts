/**
 * Recipe 15 (issue #5): DETACH PARTITION, REINDEX and REFRESH MATERIALIZED VIEW rewritten in their
 * CONCURRENTLY forms and taken out of the transaction the way the tool allows, each only where
 * PostgreSQL accepts it. Proven on PGlite.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { closeDatabase, indexValid, lintFile, proveFix, rows, settingsFor, writeProject } from './harness';

after(closeDatabase);

const settings = settingsFor(16);
const GO_MOD = 'module x\n\nrequire github.com/pressly/goose/v3 v3.20.0\n';
const STOCK = 'CREATE TABLE stock (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, sku text NOT NULL, quantity integer NOT NULL DEFAULT 0);\nCREATE INDEX stock_sku_idx ON stock (sku);';
const STOCK_SEED = "INSERT INTO stock (sku, quantity) SELECT 'sku-' || (g % 100), g FROM generate_series(1, 2000) g;";
const MEASUREMENTS =
  "CREATE TABLE measurements (taken_on date NOT NULL, value integer) PARTITION BY RANGE (taken_on);\nCREATE TABLE measurements_2019 PARTITION OF measurements FOR VALUES FROM ('2019-01-01') TO ('2020-01-01');\nCREATE TABLE measurements_2020 PARTITION OF measurements FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');";
const MEASUREMENTS_SEED = "INSERT INTO measurements SELECT date '2019-01-01' + g, g FROM generate_series(0, 700) g;";

function preferredTitles(findings: Awaited<ReturnType<typeof lintFile>>['findings'], ruleId: string): string[] {
  const finding = findings.find((f) => f.ruleId === ruleId);
  assert.ok(finding, `${ruleId} should fire`);
  return finding.fixes.filter((f) => f.preferred).map((f) => f.title);
}

describe('recipe 15: REINDEX → REINDEX CONCURRENTLY outside the transaction', () => {
  test('goose: a mixed migration moves the REINDEX to a NO TRANSACTION migration of its own', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_stock.sql': `-- +goose Up\n${STOCK}\n`,
      'migrations/00002_rebuild.sql': '-- +goose Up\nALTER TABLE stock ADD COLUMN note text;\nREINDEX INDEX stock_sku_idx;\n',
    });
    const result = await proveFix({
      dir,
      file: 'migrations/00002_rebuild.sql',
      ruleId: 'require-concurrent-reindex',
      settings,
      title: /CONCURRENTLY/,
      seedBefore: { '00002': STOCK_SEED },
      facts: async (db) => assert.equal(await indexValid(db, 'stock_sku_idx'), true),
    });
    assert.deepEqual(result.created.map((p) => basename(p)), ['00003_reindex_stock_sku_idx_concurrently.sql']);
    const moved = readFileSync(result.created[0], 'utf8');
    assert.match(moved, /^-- \+goose NO TRANSACTION\n/);
    assert.match(moved, /REINDEX INDEX CONCURRENTLY stock_sku_idx;/);
    assert.doesNotMatch(result.text, /^REINDEX/m);
  });

  test('dbmate: a REINDEX alone in its block marks the block transaction:false', async () => {
    const dir = writeProject({
      'db/migrations/20240101000000_create_stock.sql': `-- migrate:up\n${STOCK}\n\n-- migrate:down\nDROP TABLE stock;\n`,
      'db/migrations/20240102000000_rebuild.sql': '-- migrate:up\nREINDEX TABLE stock;\n\n-- migrate:down\n',
    });
    const result = await proveFix({
      dir,
      file: 'db/migrations/20240102000000_rebuild.sql',
      ruleId: 'require-concurrent-reindex',
      settings,
      seedBefore: { '20240102000000': STOCK_SEED },
      facts: async (db) => assert.equal(await indexValid(db, 'stock_sku_idx'), true),
    });
    assert.deepEqual(result.created, []);
    assert.match(result.text, /^-- migrate:up transaction:false\n[\s\S]*REINDEX TABLE CONCURRENTLY stock;/);
  });
});

describe('recipe 15: DETACH PARTITION → DETACH … CONCURRENTLY outside the transaction', () => {
  test('goose: a detach alone in its migration marks it NO TRANSACTION', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_measurements.sql': `-- +goose Up\n${MEASUREMENTS}\n`,
      'migrations/00002_archive_2019.sql': '-- +goose Up\nALTER TABLE measurements DETACH PARTITION measurements_2019;\n',
    });
    const result = await proveFix({
      dir,
      file: 'migrations/00002_archive_2019.sql',
      ruleId: 'require-concurrent-partition-detach',
      settings,
      seedBefore: { '00002': MEASUREMENTS_SEED },
      facts: async (db) => {
        assert.deepEqual(await rows(db, "SELECT inhrelid::regclass::text AS part FROM pg_inherits WHERE inhparent = 'measurements'::regclass"), [{ part: 'measurements_2020' }]);
        assert.deepEqual(await rows(db, 'SELECT count(*)::int AS n FROM measurements_2019'), [{ n: 365 }]);
      },
    });
    assert.match(result.text, /^-- \+goose NO TRANSACTION\n-- \+goose Up\n[\s\S]*ALTER TABLE measurements DETACH PARTITION measurements_2019 CONCURRENTLY;/);
  });

  test('no concurrent fix when the table has a DEFAULT partition (PostgreSQL refuses it)', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_measurements.sql': `-- +goose Up\n${MEASUREMENTS}\nCREATE TABLE measurements_other PARTITION OF measurements DEFAULT;\n`,
      'migrations/00002_archive_2019.sql': '-- +goose Up\nALTER TABLE measurements DETACH PARTITION measurements_2019;\n',
    });
    const linted = await lintFile(`${dir}/migrations/00002_archive_2019.sql`, settings);
    assert.deepEqual(preferredTitles(linted.findings, 'require-concurrent-partition-detach'), []);
  });
});

describe('recipe 15: REFRESH MATERIALIZED VIEW → CONCURRENTLY, only with a unique index', () => {
  const VIEW = `${STOCK}\nCREATE MATERIALIZED VIEW stock_totals AS SELECT sku, sum(quantity) AS total FROM stock GROUP BY sku;`;

  test('goose: with a unique index the refresh moves to a NO TRANSACTION migration, concurrently', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_stock.sql': `-- +goose Up\n${VIEW}\nCREATE UNIQUE INDEX stock_totals_sku_key ON stock_totals (sku);\n`,
      'migrations/00002_refresh.sql': '-- +goose Up\nALTER TABLE stock ADD COLUMN note text;\nREFRESH MATERIALIZED VIEW stock_totals;\n',
    });
    const result = await proveFix({
      dir,
      file: 'migrations/00002_refresh.sql',
      ruleId: 'require-concurrent-matview-refresh',
      settings,
      seedBefore: { '00002': STOCK_SEED },
      facts: async (db) => assert.deepEqual(await rows(db, 'SELECT count(*)::int AS n, sum(total)::int AS total FROM stock_totals'), [{ n: 100, total: 2001000 }]),
    });
    assert.match(readFileSync(result.created[0], 'utf8'), /REFRESH MATERIALIZED VIEW CONCURRENTLY stock_totals;/);
  });

  test('without a unique index the CONCURRENTLY edit is offered but not preferred', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_stock.sql': `-- +goose Up\n${VIEW}\n`,
      'migrations/00002_refresh.sql': '-- +goose Up\nREFRESH MATERIALIZED VIEW stock_totals;\n',
    });
    const linted = await lintFile(`${dir}/migrations/00002_refresh.sql`, settings);
    assert.deepEqual(preferredTitles(linted.findings, 'require-concurrent-matview-refresh'), []);
  });
});
