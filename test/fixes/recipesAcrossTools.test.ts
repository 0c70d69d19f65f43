/**
 * Recipes 10, 14 and 18 (issue #5) on tools other than goose and golang-migrate: Flyway (a sidecar
 * takes the backfill out of the transaction), Diesel (folders, metadata.toml) and Drizzle (every
 * migration runs in one transaction, so the backfill is one UPDATE and recipe 14 is not offered).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { closeDatabase, lintFile, proveFix, rows, settingsFor, writeProject } from './harness';

after(closeDatabase);

const settings = settingsFor(16);
const STOCK = 'CREATE TABLE stock (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, sku text NOT NULL, country text, legacy text);';
const SEED = "INSERT INTO stock (sku, country) SELECT 'sku-' || g, CASE WHEN g % 2 = 0 THEN 'de' ELSE 'us' END FROM generate_series(1, 2000) g;";

describe('Flyway', () => {
  test('recipe 10: the backfill script gets an executeInTransaction=false sidecar; scripts are numbered between V2 and V3', async () => {
    const dir = writeProject({
      'flyway.toml': '[flyway]\nlocations = ["filesystem:sql"]\n',
      'sql/V1__create_stock.sql': `${STOCK}\n`,
      'sql/V2__rename_sku.sql': 'ALTER TABLE stock RENAME COLUMN sku TO article;\n',
      'sql/V3__later.sql': 'COMMENT ON TABLE stock IS \'stock\';\n',
    });
    const result = await proveFix({
      dir,
      file: 'sql/V2__rename_sku.sql',
      ruleId: 'renaming-column',
      settings,
      seedBefore: { V2__: SEED },
      facts: async (db) => assert.deepEqual(await rows(db, 'SELECT count(article)::int AS n FROM stock'), [{ n: 2000 }]),
    });
    assert.deepEqual(result.created.map((p) => basename(p)), ['V2.1__backfill_stock_article.sql', 'V2.1__backfill_stock_article.sql.conf', 'V2.2__contract_stock_article.sql']);
    assert.equal(readFileSync(result.created[1], 'utf8'), 'executeInTransaction=false\n');
  });

  test('recipe 14: the UPDATE moves to a non-transactional script of its own', async () => {
    const dir = writeProject({
      'flyway.toml': '[flyway]\nlocations = ["filesystem:sql"]\n',
      'sql/V1__create_stock.sql': `${STOCK}\n`,
      'sql/V2__region.sql': "ALTER TABLE stock ADD COLUMN region text;\nUPDATE stock SET region = 'eu' WHERE country = 'de';\n",
    });
    await proveFix({
      dir,
      file: 'sql/V2__region.sql',
      ruleId: 'backfill-in-ddl-transaction',
      settings,
      seedBefore: { V2__: SEED },
      facts: async (db) => assert.deepEqual(await rows(db, "SELECT count(*)::int AS n FROM stock WHERE region = 'eu'"), [{ n: 1000 }]),
    });
  });
});

describe('Diesel', () => {
  test('recipe 18: the drop moves to a new migration folder with up.sql and down.sql', async () => {
    const dir = writeProject({
      'diesel.toml': '[migrations_directory]\ndir = "migrations"\n',
      'migrations/2024-01-01-000000_create_stock/up.sql': `${STOCK}\n`,
      'migrations/2024-01-01-000000_create_stock/down.sql': 'DROP TABLE stock;\n',
      'migrations/2024-01-02-000000_cleanup/up.sql': 'ALTER TABLE stock DROP COLUMN legacy;\n',
      'migrations/2024-01-02-000000_cleanup/down.sql': 'ALTER TABLE stock ADD COLUMN legacy text;\n',
    });
    const result = await proveFix({
      dir,
      file: 'migrations/2024-01-02-000000_cleanup/up.sql',
      ruleId: 'ban-drop-column',
      settings,
      seedBefore: { '2024-01-02': SEED },
      facts: async (db) => assert.deepEqual(await rows(db, "SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = 'stock'::regclass AND attname = 'legacy' AND NOT attisdropped"), [{ n: 0 }]),
    });
    const created = result.created.map((p) => p.slice(dir.length + 1));
    assert.equal(created.length, 2, created.join(', '));
    assert.ok(created.every((p) => p.startsWith('migrations/2024-01-02-000001_drop_stock_legacy/')), created.join(', '));
  });
});

describe('Drizzle (every pending migration in one transaction)', () => {
  const journal = (tags: string[]) =>
    JSON.stringify({ version: '7', dialect: 'postgresql', entries: tags.map((tag, idx) => ({ idx, version: '7', when: 1700000000000 + idx, tag, breakpoints: true })) }, null, 2);

  test('recipe 10: the backfill is one UPDATE in its own migration, and the journal lists the new migrations', async () => {
    const dir = writeProject({
      'drizzle.config.ts': "export default { dialect: 'postgresql', out: './drizzle' };\n",
      'drizzle/0000_create.sql': `${STOCK}\n`,
      'drizzle/0001_rename.sql': 'ALTER TABLE stock RENAME COLUMN sku TO article;\n',
      'drizzle/meta/_journal.json': journal(['0000_create', '0001_rename']),
    });
    const result = await proveFix({
      dir,
      file: 'drizzle/0001_rename.sql',
      ruleId: 'renaming-column',
      settings,
      seedBefore: { '0001_rename': SEED },
      facts: async (db) => assert.deepEqual(await rows(db, 'SELECT count(article)::int AS n FROM stock'), [{ n: 2000 }]),
    });
    const backfill = readFileSync(result.created.find((p) => /backfill/.test(p))!, 'utf8');
    assert.doesNotMatch(backfill, /COMMIT;/);
    assert.match(backfill, /UPDATE stock SET article = sku WHERE article IS NULL AND sku IS NOT NULL;/);
    assert.match(readFileSync(`${dir}/drizzle/meta/_journal.json`, 'utf8'), /contract_stock_article/);
  });

  test('recipe 14 is not offered: the tool cannot run a migration outside a transaction', async () => {
    const dir = writeProject({
      'drizzle.config.ts': "export default { dialect: 'postgresql', out: './drizzle' };\n",
      'drizzle/0000_create.sql': `${STOCK}\n`,
      'drizzle/0001_region.sql': "ALTER TABLE stock ADD COLUMN region text;\n--> statement-breakpoint\nUPDATE stock SET region = 'eu' WHERE country = 'de';\n",
      'drizzle/meta/_journal.json': journal(['0000_create', '0001_region']),
    });
    const linted = await lintFile(`${dir}/drizzle/0001_region.sql`, settings);
    const finding = linted.findings.find((f) => f.ruleId === 'backfill-in-ddl-transaction');
    assert.ok(finding);
    assert.deepEqual(finding.fixes.filter((f) => f.preferred), []);
  });
});
