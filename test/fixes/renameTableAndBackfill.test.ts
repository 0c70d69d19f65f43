/**
 * Recipes 11 and 14 (issue #5): a table rename keeps the old name working through a view in the
 * same transaction (dropped by a follow-up migration), and an UPDATE/DELETE backfill in a DDL
 * transaction moves to a batched, non-transactional migration of its own. Proven on PGlite.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { applyFix, closeDatabase, emptyDatabase, lintFile, preferredFix, proveFix, rows, settingsFor, writeProject } from './harness';

after(closeDatabase);

const settings = settingsFor(16);
const GO_MOD = 'module x\n\nrequire github.com/pressly/goose/v3 v3.20.0\n';
const STOCK = 'CREATE TABLE stock (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, sku text NOT NULL, quantity integer NOT NULL DEFAULT 0, country text);';
const SEED = "INSERT INTO stock (sku, quantity, country) SELECT 'sku-' || g, g, CASE WHEN g % 3 = 0 THEN 'de' WHEN g % 3 = 1 THEN 'fr' ELSE 'us' END FROM generate_series(1, 5000) g;";

function expect(condition: string, message: string): string {
  return `DO $$ BEGIN IF NOT (${condition}) THEN RAISE EXCEPTION '${message}'; END IF; END $$;`;
}

describe('recipe 11: RENAME TO → rename plus a compatibility view, dropped later', () => {
  test('goose: the view joins the rename in its transaction; a follow-up migration drops it', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_stock.sql': `-- +goose Up\n${STOCK}\n`,
      'migrations/00002_rename_stock.sql': '-- +goose Up\nALTER TABLE stock RENAME TO inventory;\n',
    });
    // Before the follow-up: the running application still reads and writes through the old name.
    const transition = [
      "INSERT INTO stock (sku) VALUES ('through the old name');",
      "UPDATE stock SET quantity = quantity + 1 WHERE sku = 'sku-1';",
      "DELETE FROM stock WHERE sku = 'sku-2';",
      expect("(SELECT count(*) FROM inventory) = 5000 AND (SELECT quantity FROM inventory WHERE sku = 'sku-1') = 2 AND EXISTS (SELECT 1 FROM inventory WHERE sku = 'through the old name')", 'the view does not pass writes through'),
    ].join('\n');
    const result = await proveFix({
      dir,
      file: 'migrations/00002_rename_stock.sql',
      ruleId: 'renaming-table',
      settings,
      title: /view/,
      seedBefore: { '00002': SEED, '00003': transition },
      facts: async (db) => {
        assert.deepEqual(await rows(db, "SELECT relname FROM pg_class WHERE relname IN ('stock', 'inventory') ORDER BY relname"), [{ relname: 'inventory' }]);
        assert.equal((await rows<{ n: number }>(db, 'SELECT count(*)::int AS n FROM inventory'))[0].n, 5000);
      },
    });
    assert.match(result.text, /ALTER TABLE stock RENAME TO inventory;\n-- Keep the old name working[^\n]*\n--[^\n]*\nCREATE VIEW stock WITH \(security_invoker = true\) AS SELECT \* FROM inventory;\n/);
    assert.deepEqual(result.created.map((p) => basename(p)), ['00003_drop_view_stock.sql']);
    assert.match(readFileSync(result.created[0], 'utf8'), /-- Contract: run this migration only once no running version of the application uses stock[\s\S]*\nDROP VIEW stock;/);
  });

  test('goose with a down section: the view goes before the rename back, and up then down restores the table', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_stock.sql': `-- +goose Up\n${STOCK}\n`,
      'migrations/00002_rename_stock.sql': '-- +goose Up\nALTER TABLE stock RENAME TO inventory;\n-- +goose Down\nALTER TABLE inventory RENAME TO stock;\n',
    });
    const file = `${dir}/migrations/00002_rename_stock.sql`;
    const { fix } = await preferredFix(file, 'renaming-table', settings);
    applyFix(file, fix);
    const [up, down] = readFileSync(file, 'utf8').split('-- +goose Down');
    assert.equal(down, '\nDROP VIEW IF EXISTS stock;\nALTER TABLE inventory RENAME TO stock;\n');
    const db = await emptyDatabase();
    await db.exec(readFileSync(`${dir}/migrations/00001_create_stock.sql`, 'utf8'));
    await db.exec(`BEGIN;\n${up}\nCOMMIT;`);
    await db.exec(`BEGIN;\n${down}\nCOMMIT;`);
    assert.deepEqual(await rows(db, "SELECT relname, relkind::text FROM pg_class WHERE relname IN ('stock', 'inventory')"), [{ relname: 'stock', relkind: 'r' }]);
  });

  test('goose NO TRANSACTION: the rename and the view are wrapped in BEGIN … COMMIT', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_stock.sql': `-- +goose Up\n${STOCK}\n`,
      'migrations/00002_rename_stock.sql': '-- +goose NO TRANSACTION\n-- +goose Up\nALTER TABLE stock RENAME TO inventory;\n',
    });
    const result = await proveFix({
      dir,
      file: 'migrations/00002_rename_stock.sql',
      ruleId: 'renaming-table',
      settings: settingsFor(14),
      seedBefore: { '00002': SEED },
      facts: async (db) => {
        assert.equal((await rows<{ n: number }>(db, 'SELECT count(*)::int AS n FROM inventory'))[0].n, 5000);
      },
    });
    assert.match(result.text, /BEGIN;\nALTER TABLE stock RENAME TO inventory;\n[\s\S]*CREATE VIEW stock AS SELECT \* FROM inventory;\nCOMMIT;\n/);
  });
});

describe('recipe 14: backfill in a DDL transaction → batched, in a non-transactional migration', () => {
  test('goose: the UPDATE moves to a NO TRANSACTION migration and runs one range of pages per commit', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_stock.sql': `-- +goose Up\n${STOCK}\n`,
      'migrations/00002_region.sql': "-- +goose Up\nALTER TABLE stock ADD COLUMN region text;\n-- Europe first\nUPDATE stock SET region = 'eu' WHERE country IN ('de', 'fr');\n",
    });
    const result = await proveFix({
      dir,
      file: 'migrations/00002_region.sql',
      ruleId: 'backfill-in-ddl-transaction',
      settings,
      title: /batched/,
      seedBefore: { '00002': SEED },
      facts: async (db) => {
        const regions = await rows<{ region: string | null; n: number }>(db, 'SELECT region, count(*)::int AS n FROM stock GROUP BY region ORDER BY region NULLS LAST');
        assert.deepEqual(regions, [{ region: 'eu', n: 3333 }, { region: null, n: 1667 }]);
      },
    });
    assert.doesNotMatch(result.text, /UPDATE stock/);
    assert.deepEqual(result.created.map((p) => basename(p)), ['00003_backfill_stock.sql']);
    const moved = readFileSync(result.created[0], 'utf8');
    assert.match(moved, /^-- \+goose NO TRANSACTION\n/);
    assert.match(moved, /-- Europe first/);
    assert.match(moved, /UPDATE stock SET region = 'eu'\n +WHERE stock\.ctid >= [^\n]+\n +AND \(country IN \('de', 'fr'\)\);\n +COMMIT;/);
    assert.ok(result.log.some((l) => l.startsWith('00003') && l.includes('no transaction')), result.log.join('\n'));
  });

  test('golang-migrate: a DELETE with an alias moves to its own pair of files, the DO block alone', async () => {
    const dir = writeProject({
      'go.mod': 'module x\n\nrequire github.com/golang-migrate/migrate/v4 v4.17.0\n',
      'db/migrations/000001_create_stock.up.sql': `${STOCK}\n`,
      'db/migrations/000001_create_stock.down.sql': 'DROP TABLE stock;\n',
      'db/migrations/000002_prune.up.sql': "BEGIN;\nALTER TABLE stock ADD COLUMN pruned_at timestamptz;\nDELETE FROM stock AS s WHERE s.country = 'us';\nCOMMIT;\n",
      'db/migrations/000002_prune.down.sql': 'ALTER TABLE stock DROP COLUMN pruned_at;\n',
    });
    const result = await proveFix({
      dir,
      file: 'db/migrations/000002_prune.up.sql',
      ruleId: 'backfill-in-ddl-transaction',
      settings,
      seedBefore: { '000002_prune': SEED },
      facts: async (db) => {
        assert.deepEqual(await rows(db, "SELECT count(*)::int AS n FROM stock WHERE country = 'us'"), [{ n: 0 }]);
        assert.deepEqual(await rows(db, 'SELECT count(*)::int AS n FROM stock'), [{ n: 3333 }]);
      },
    });
    const up = readFileSync(result.created.find((p) => p.endsWith('.up.sql'))!, 'utf8');
    assert.match(up, /DELETE FROM stock AS s\n +WHERE s\.ctid >= /);
    assert.doesNotMatch(up, /^SET /m);
  });

  test('goose, partitioned table: the batches cover every partition (pages of the largest one)', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_events.sql': "-- +goose Up\nCREATE TABLE events (id bigint NOT NULL, kind text, pad text) PARTITION BY RANGE (id);\nCREATE TABLE events_low PARTITION OF events FOR VALUES FROM (0) TO (1000);\nCREATE TABLE events_high PARTITION OF events FOR VALUES FROM (1000) TO (100000);\n",
      'migrations/00002_kind.sql': "-- +goose Up\nALTER TABLE events ADD COLUMN archived boolean;\nUPDATE events SET archived = false WHERE kind = 'click';\n",
    });
    const result = await proveFix({
      dir,
      file: 'migrations/00002_kind.sql',
      ruleId: 'backfill-in-ddl-transaction',
      settings,
      // Rows of 1,800 bytes (below the TOAST threshold, so not compressed): 4 to a page, so
      // events_high has about 1,500 pages while the partitioned table itself has none.
      seedBefore: { '00002': "INSERT INTO events SELECT g, 'click', lpad('', 1800, md5(g::text)) FROM generate_series(1, 7000) g;" },
      facts: async (db) => {
        const pages = await rows<{ pages: number }>(db, "SELECT pg_relation_size('events_high')::int / current_setting('block_size')::int AS pages");
        assert.ok(pages[0].pages > 1000, `events_high should span more than one batch (${pages[0].pages} pages)`);
        assert.deepEqual(await rows(db, 'SELECT count(*) FILTER (WHERE archived = false)::int AS done, count(*)::int AS n FROM events'), [{ done: 7000, n: 7000 }]);
      },
    });
    assert.match(readFileSync(result.created[0], 'utf8'), /pg_partition_tree\('events'\)/);
  });

  test('an UPDATE that would change a row twice when it sees it again is not batched', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_stock.sql': `-- +goose Up\n${STOCK}\n`,
      'migrations/00002_bump.sql': '-- +goose Up\nALTER TABLE stock ADD COLUMN region text;\nUPDATE stock SET quantity = quantity + 1;\n',
    });
    const linted = await lintFile(`${dir}/migrations/00002_bump.sql`, settings);
    const finding = linted.findings.find((f) => f.ruleId === 'backfill-in-ddl-transaction');
    assert.ok(finding);
    assert.deepEqual(finding.fixes.filter((f) => f.preferred).map((f) => f.title), []);
  });
});
