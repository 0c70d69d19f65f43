/**
 * Recipes 10 and 12 (issue #5): RENAME COLUMN and a rewriting ALTER COLUMN … TYPE rewritten as
 * expand/contract (new column, sync trigger, batched backfill, swap, contract), proven on PGlite:
 * during the transition both names (or both types) read and write the same data, and after the
 * contract only the new shape is left.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { closeDatabase, emptyDatabase, lintFile, proveFix, rows, settingsFor, writeProject } from './harness';

after(closeDatabase);

const settings = settingsFor(16);
const GO_MOD = 'module x\n\nrequire github.com/pressly/goose/v3 v3.20.0\n';
const WAREHOUSES =
  "CREATE TABLE warehouses (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, town text NOT NULL DEFAULT 'unknown', capacity integer NOT NULL DEFAULT 0);\nCREATE INDEX warehouses_town_idx ON warehouses (town);";
const SEED = "INSERT INTO warehouses (town, capacity) SELECT 'town ' || g, g FROM generate_series(1, 3000) g;";

/** SQL that fails (RAISE) unless `condition` holds, for checks in the middle of the migration run. */
function expect(condition: string, message: string): string {
  return `DO $$ BEGIN IF NOT (${condition}) THEN RAISE EXCEPTION '${message.replace(/'/g, "''")}'; END IF; END $$;`;
}

describe('recipe 10: RENAME COLUMN → expand/contract', () => {
  test('goose: new column + sync trigger here, a NO TRANSACTION batched backfill, a contract migration', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_warehouses.sql': `-- +goose Up\n${WAREHOUSES}\n`,
      'migrations/00002_rename_town.sql': '-- +goose Up\n-- the product calls it a city now\nALTER TABLE warehouses RENAME COLUMN town TO city;\n',
    });
    // While the old and the new application both run (before the contract migration): both names
    // read the same data, and writes through either name show up under the other.
    const transition = [
      expect("(SELECT count(*) FROM warehouses WHERE city IS DISTINCT FROM town) = 0 AND (SELECT count(*) FROM warehouses) = 3000", 'backfill incomplete'),
      "INSERT INTO warehouses (town) VALUES ('written by the old app');",
      "INSERT INTO warehouses (city) VALUES ('written by the new app');",
      "UPDATE warehouses SET town = 'old app update' WHERE id = 1;",
      "UPDATE warehouses SET city = 'new app update' WHERE id = 2;",
      expect("(SELECT city FROM warehouses WHERE town = 'written by the old app') = 'written by the old app'", 'old-app insert not copied'),
      expect("(SELECT town FROM warehouses WHERE city = 'written by the new app') = 'written by the new app'", 'new-app insert not copied'),
      expect("(SELECT city FROM warehouses WHERE id = 1) = 'old app update' AND (SELECT town FROM warehouses WHERE id = 2) = 'new app update'", 'updates not copied'),
    ].join('\n');
    const result = await proveFix({
      dir,
      file: 'migrations/00002_rename_town.sql',
      ruleId: 'renaming-column',
      settings,
      title: /expand\/contract/,
      seedBefore: {
        '00002': SEED,
        // Between the expand and the backfill the application updates old rows: the trigger fills
        // city on the way, so the NOT VALID CHECK on city does not reject the update.
        '00003': 'UPDATE warehouses SET capacity = capacity + 1 WHERE id <= 10;',
        '00004': transition,
      },
      facts: async (db) => {
        const columns = await rows<{ name: string; notnull: boolean }>(db, "SELECT attname AS name, attnotnull AS notnull FROM pg_attribute WHERE attrelid = 'warehouses'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum");
        assert.deepEqual(columns, [{ name: 'id', notnull: true }, { name: 'capacity', notnull: true }, { name: 'city', notnull: true }]);
        assert.deepEqual(await rows(db, "SELECT conname FROM pg_constraint WHERE conrelid = 'warehouses'::regclass AND contype = 'c'"), [], 'the helper CHECK is dropped');
        const counts = await rows<{ n: number; filled: number }>(db, 'SELECT count(*)::int AS n, count(city)::int AS filled FROM warehouses');
        assert.deepEqual(counts[0], { n: 3002, filled: 3002 });
        assert.equal((await rows<{ city: string }>(db, 'SELECT city FROM warehouses WHERE id = 2'))[0].city, 'new app update');
        // The default moved to the new column; the trigger and its function are gone.
        await db.exec('INSERT INTO warehouses DEFAULT VALUES');
        assert.equal((await rows<{ city: string }>(db, 'SELECT city FROM warehouses ORDER BY id DESC LIMIT 1'))[0].city, 'unknown');
        assert.deepEqual(await rows(db, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'warehouses'::regclass AND NOT tgisinternal"), []);
        assert.deepEqual(await rows(db, "SELECT proname FROM pg_proc WHERE proname LIKE 'warehouses_town_city%'"), []);
      },
    });
    assert.deepEqual(result.created.map((p) => basename(p)), ['00003_backfill_warehouses_city.sql', '00004_contract_warehouses_city.sql']);
    assert.match(result.text, /-- the product calls it a city now\n-- Expand \(instead of RENAME COLUMN town TO city[^\n]*\n--[^\n]*\nCREATE FUNCTION warehouses_town_city_sync\(\)/);
    assert.match(result.text, /\$\$;\nALTER TABLE warehouses ADD COLUMN city text;\nCREATE TRIGGER warehouses_town_city_sync BEFORE INSERT OR UPDATE ON warehouses FOR EACH ROW EXECUTE FUNCTION warehouses_town_city_sync\(\);/);
    const backfill = readFileSync(result.created[0], 'utf8');
    assert.match(backfill, /^-- \+goose NO TRANSACTION\n-- \+goose Up\n/);
    assert.match(backfill, /UPDATE warehouses SET city = town\n +WHERE ctid >= /);
    assert.match(backfill, /COMMIT;/);
    const contract = readFileSync(result.created[1], 'utf8');
    assert.match(contract, /-- Contract: run this migration only once no running version of the application reads or writes town/);
    assert.match(contract, /index warehouses_town_idx/);
    assert.match(contract, /-- safeshift-ignore ban-drop-column -- [^\n]*\nALTER TABLE warehouses DROP COLUMN town;/);
    assert.ok(result.log.some((l) => l.startsWith('00003') && l.includes('no transaction')), result.log.join('\n'));
  });

  test('golang-migrate: the backfill file holds the DO block alone, so it is not an implicit transaction', async () => {
    const dir = writeProject({
      'go.mod': 'module x\n\nrequire github.com/golang-migrate/migrate/v4 v4.17.0\n',
      'db/migrations/000001_create_warehouses.up.sql': `CREATE SCHEMA inventory;\n${WAREHOUSES.replace(/warehouses/g, 'inventory."Warehouses"').replace('inventory."Warehouses"_town_idx', 'warehouses_town_idx')}\n`,
      'db/migrations/000001_create_warehouses.down.sql': 'DROP SCHEMA inventory CASCADE;\n',
      'db/migrations/000002_rename_town.up.sql': 'ALTER TABLE inventory."Warehouses" RENAME COLUMN town TO "City";\n',
      'db/migrations/000002_rename_town.down.sql': '-- nothing\n',
    });
    const result = await proveFix({
      dir,
      file: 'db/migrations/000002_rename_town.up.sql',
      ruleId: 'renaming-column',
      settings,
      seedBefore: { '000002_': SEED.replace('warehouses', 'inventory."Warehouses"'), '000004_': expect('(SELECT count(*) FROM inventory."Warehouses" WHERE "City" IS DISTINCT FROM town) = 0', 'backfill incomplete') },
      facts: async (db) => {
        const filled = await rows<{ n: number }>(db, 'SELECT count("City")::int AS n FROM inventory."Warehouses"');
        assert.equal(filled[0].n, 3000);
      },
    });
    assert.match(result.text, /CREATE FUNCTION inventory\."Warehouses_town_City_sync"\(\)[\s\S]*\$\$;\nALTER TABLE inventory\."Warehouses" ADD COLUMN "City" text;\nCREATE TRIGGER "Warehouses_town_City_sync" BEFORE INSERT OR UPDATE ON inventory\."Warehouses"/);
    const backfillUp = readFileSync(result.created.find((p) => /000003_.*\.up\.sql$/.test(p))!, 'utf8');
    assert.doesNotMatch(backfillUp, /^SET /m, 'a second statement would make the file one implicit transaction');
    assert.match(backfillUp, /pg_relation_size\('inventory\."Warehouses"'\)/);
  });

  test('goose with a down section: the rename back becomes the undo of the expand, and up then down restores the table', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_warehouses.sql': `-- +goose Up\n${WAREHOUSES}\n`,
      'migrations/00002_rename_town.sql': '-- +goose Up\nALTER TABLE warehouses RENAME COLUMN town TO city;\n\n-- +goose Down\nALTER TABLE warehouses RENAME COLUMN city TO town;\n',
    });
    const result = await proveFix({ dir, file: 'migrations/00002_rename_town.sql', ruleId: 'renaming-column', settings, seedBefore: { '00002': SEED }, facts: async () => {} });
    const [up, down] = result.text.split('-- +goose Down');
    assert.match(down, /^\n-- Undo the expand[^\n]*\nDROP TRIGGER warehouses_town_city_sync ON warehouses;\nDROP FUNCTION warehouses_town_city_sync\(\);\nALTER TABLE warehouses DROP COLUMN city;\n$/);
    const db = await emptyDatabase();
    await db.exec(readFileSync(`${dir}/migrations/00001_create_warehouses.sql`, 'utf8'));
    await db.exec(SEED);
    const columns = async () => (await rows<{ name: string }>(db, "SELECT attname AS name FROM pg_attribute WHERE attrelid = 'warehouses'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")).map((c) => c.name);
    const before = await columns();
    await db.exec(up);
    assert.deepEqual(await columns(), [...before, 'city']);
    await db.exec(down);
    assert.deepEqual(await columns(), before);
    assert.deepEqual(await rows(db, "SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'warehouses_town_city_sync'"), [{ n: 0 }]);
  });

  test('without the schema (no project history) no expand/contract fix is offered', async () => {
    const dir = writeProject({ 'migrations/00002_rename.sql': '-- +goose Up\nALTER TABLE warehouses RENAME COLUMN town TO city;\n', 'go.mod': GO_MOD });
    const linted = await lintFile(`${dir}/migrations/00002_rename.sql`, settings);
    const finding = linted.findings.find((f) => f.ruleId === 'renaming-column');
    assert.ok(finding);
    assert.deepEqual(finding.fixes.filter((f) => f.preferred), []);
  });
});

describe('recipe 12: ALTER COLUMN … TYPE → expand/contract', () => {
  test('goose: new column + trigger, batched backfill, swap in one transaction, contract', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_warehouses.sql': `-- +goose Up\n${WAREHOUSES}\n`,
      'migrations/00002_capacity_bigint.sql': '-- +goose Up\nALTER TABLE warehouses ALTER COLUMN capacity TYPE bigint;\n',
    });
    const transition = [
      expect('(SELECT count(*) FROM warehouses WHERE capacity_new IS DISTINCT FROM capacity) = 0', 'backfill incomplete'),
      'INSERT INTO warehouses (town, capacity) VALUES (\'old app\', 7);',
      'INSERT INTO warehouses (town, capacity_new) VALUES (\'new app\', 8);',
      expect("(SELECT capacity_new FROM warehouses WHERE town = 'old app') = 7 AND (SELECT capacity FROM warehouses WHERE town = 'new app') = 8", 'writes not copied'),
    ].join('\n');
    const afterSwap = [
      expect("(SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'warehouses'::regclass AND attname = 'capacity') = 'bigint'", 'capacity is not bigint after the swap'),
      "INSERT INTO warehouses (town) VALUES ('after swap');",
      expect("(SELECT capacity FROM warehouses WHERE town = 'after swap') = 0", 'default not moved to the new column'),
    ].join('\n');
    const result = await proveFix({
      dir,
      file: 'migrations/00002_capacity_bigint.sql',
      ruleId: 'changing-column-type',
      settings,
      title: /expand\/contract/,
      seedBefore: { '00002': SEED, '00004': transition, '00005': afterSwap },
      facts: async (db) => {
        const columns = await rows<{ name: string; type: string; notnull: boolean }>(db, "SELECT attname AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS notnull FROM pg_attribute WHERE attrelid = 'warehouses'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum");
        assert.deepEqual(columns, [{ name: 'id', type: 'bigint', notnull: true }, { name: 'town', type: 'text', notnull: true }, { name: 'capacity', type: 'bigint', notnull: true }]);
        const sums = await rows<{ total: string; n: number }>(db, 'SELECT sum(capacity)::text AS total, count(*)::int AS n FROM warehouses');
        assert.deepEqual(sums[0], { total: String((3000 * 3001) / 2 + 7 + 8 + 0), n: 3003 });
      },
    });
    assert.deepEqual(result.created.map((p) => basename(p)), ['00003_backfill_warehouses_capacity_new.sql', '00004_swap_warehouses_capacity.sql', '00005_contract_warehouses_capacity.sql']);
    assert.match(result.text, /ALTER TABLE warehouses ADD COLUMN capacity_new bigint;/);
    assert.match(result.text, /NEW\.capacity := NEW\.capacity_new::integer;/);
    const swap = readFileSync(result.created[1], 'utf8');
    assert.match(swap, /VALIDATE CONSTRAINT warehouses_capacity_new_not_null_check;\nALTER TABLE warehouses ALTER COLUMN capacity_new SET NOT NULL;\nALTER TABLE warehouses DROP CONSTRAINT warehouses_capacity_new_not_null_check;[\s\S]*RENAME COLUMN capacity TO capacity_old;[\s\S]*RENAME COLUMN capacity_new TO capacity;[\s\S]*DROP TRIGGER/);
    assert.match(readFileSync(result.created[2], 'utf8'), /ALTER TABLE warehouses DROP COLUMN capacity_old;/);
  });

  test('goose with a down section: the type change back becomes the undo of the expand', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_warehouses.sql': `-- +goose Up\n${WAREHOUSES}\n`,
      'migrations/00002_capacity_bigint.sql': '-- +goose Up\nALTER TABLE warehouses ALTER COLUMN capacity TYPE bigint;\n-- +goose Down\nALTER TABLE warehouses ALTER COLUMN capacity TYPE integer;\n',
    });
    const result = await proveFix({ dir, file: 'migrations/00002_capacity_bigint.sql', ruleId: 'changing-column-type', settings, seedBefore: { '00002': SEED }, facts: async () => {} });
    assert.match(result.text.split('-- +goose Down')[1], /ALTER TABLE warehouses DROP COLUMN capacity_new;/);
  });

  test('no expand/contract fix for a USING conversion or a primary-key column', async () => {
    const dir = writeProject({
      'go.mod': GO_MOD,
      'migrations/00001_create_warehouses.sql': `-- +goose Up\n${WAREHOUSES}\n`,
      'migrations/00002_types.sql': '-- +goose Up\nALTER TABLE warehouses ALTER COLUMN capacity TYPE bigint USING capacity * 2;\nALTER TABLE warehouses ALTER COLUMN id TYPE numeric;\n',
    });
    const linted = await lintFile(`${dir}/migrations/00002_types.sql`, settings);
    const findings = linted.findings.filter((f) => f.ruleId === 'changing-column-type');
    assert.equal(findings.length, 2);
    for (const finding of findings) assert.deepEqual(finding.fixes.filter((f) => f.preferred), []);
  });
});
