/**
 * Recipes 3, 4 and 5 (issue #5): constraints added NOT VALID and validated in a following
 * migration, proven on PGlite with rows seeded before the risky migration.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { closeDatabase, columnNotNull, constraintValidated, indexValid, lintFile, proveFix, rows, settingsFor, writeProject } from './harness';

after(closeDatabase);

const TABLES =
  'CREATE TABLE customers (id bigint PRIMARY KEY, name text);\nCREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id bigint, quantity int, note text);';
const SEED =
  "INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 20) g;\nINSERT INTO orders (customer_id, quantity, note) SELECT 1 + g % 20, g, 'n' FROM generate_series(1, 300) g;";

function gooseProject(risky: string, extra: Record<string, string> = {}): string {
  return writeProject({
    'migrations/00001_create.sql': `-- +goose Up\n${TABLES}\n-- +goose Down\nDROP TABLE orders;\nDROP TABLE customers;\n`,
    'migrations/00002_change.sql': `-- +goose Up\n${risky}\n-- +goose Down\nSELECT 1;\n`,
    ...extra,
  });
}

describe('recipe 3: foreign key → NOT VALID, VALIDATE in a following migration, index on the referencing column', () => {
  test('goose: unnamed foreign key gets a name, a VALIDATE migration and a concurrent index migration', async () => {
    const dir = gooseProject('ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id);');
    const result = await proveFix({
      dir,
      file: 'migrations/00002_change.sql',
      ruleId: 'adding-foreign-key-constraint',
      settings: settingsFor(16),
      seedBefore: { '00002': SEED },
      facts: async (db) => {
        assert.equal(await constraintValidated(db, 'orders_customer_id_fkey'), true);
        assert.equal(await indexValid(db, 'orders_customer_id_idx'), true);
      },
    });
    assert.match(result.text, /ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY \(customer_id\) REFERENCES customers \(id\) NOT VALID;/);
    assert.deepEqual(result.created.map((p) => basename(p)), ['00003_validate_orders_customer_id_fkey.sql', '00004_index_orders_customer_id_idx_concurrently.sql']);
    const validate = readFileSync(result.created[0], 'utf8');
    assert.match(validate, /SET LOCAL lock_timeout = '2s';\n\n-- Checks the existing rows[^\n]*\nALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;/);
    assert.doesNotMatch(validate, /NO TRANSACTION/);
    assert.match(readFileSync(result.created[1], 'utf8'), /^-- \+goose NO TRANSACTION\n/);
  });

  test('no index migration when the file already indexes the referencing column', async () => {
    const dir = gooseProject('CREATE INDEX orders_customer_idx ON orders (customer_id);\nALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);');
    const result = await proveFix({
      dir,
      file: 'migrations/00002_change.sql',
      ruleId: 'adding-foreign-key-constraint',
      settings: settingsFor(16, { rules: { 'require-concurrent-index-creation': 'off' } }),
      seedBefore: { '00002': SEED },
      facts: async (db) => assert.equal(await constraintValidated(db, 'orders_customer_fk'), true),
    });
    assert.deepEqual(result.created.map((p) => basename(p)), ['00003_validate_orders_customer_fk.sql']);
  });
});

describe('identifiers are kept as written', () => {
  test('a schema-qualified, quoted table and column: quoting only where needed, the schema reused', async () => {
    const dir = writeProject({
      'migrations/00001_create.sql':
        '-- +goose Up\nCREATE SCHEMA app;\nCREATE TABLE app.customers (id bigint PRIMARY KEY);\nCREATE TABLE app."Orders" (id bigint PRIMARY KEY, "CustomerId" bigint);\n-- +goose Down\nDROP SCHEMA app CASCADE;\n',
      'migrations/00002_change.sql': '-- +goose Up\nALTER TABLE app."Orders" ADD FOREIGN KEY ("CustomerId") REFERENCES app.customers (id);\n-- +goose Down\nSELECT 1;\n',
    });
    const result = await proveFix({
      dir,
      file: 'migrations/00002_change.sql',
      ruleId: 'adding-foreign-key-constraint',
      settings: settingsFor(16),
      seedBefore: { '00002': 'INSERT INTO app.customers SELECT g FROM generate_series(1, 5) g;\nINSERT INTO app."Orders" SELECT g, 1 + g % 5 FROM generate_series(1, 50) g;' },
      facts: async (db) => {
        assert.equal(await constraintValidated(db, 'Orders_CustomerId_fkey'), true);
        assert.equal(await indexValid(db, 'Orders_CustomerId_idx'), true);
      },
    });
    assert.match(result.text, /ALTER TABLE app\."Orders" ADD CONSTRAINT "Orders_CustomerId_fkey" FOREIGN KEY \("CustomerId"\) REFERENCES app\.customers \(id\) NOT VALID;/);
    assert.match(readFileSync(result.created[0], 'utf8'), /ALTER TABLE app\."Orders" VALIDATE CONSTRAINT "Orders_CustomerId_fkey";/);
    const index = readFileSync(result.created[1], 'utf8');
    assert.match(index, /CREATE INDEX CONCURRENTLY IF NOT EXISTS "Orders_CustomerId_idx" ON app\."Orders" \("CustomerId"\);/);
    assert.match(index, /-- \+goose Down\nDROP INDEX CONCURRENTLY IF EXISTS app\."Orders_CustomerId_idx";/);
  });
});

describe('down sections', () => {
  test('a statement in a down section gets no fix that creates migrations or marks the file', async () => {
    const dir = gooseProject('SELECT 1;');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/migrations/00002_change.sql`, '-- +goose Up\nSELECT 1;\n-- +goose Down\nALTER TABLE orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0);\nCREATE INDEX orders_note_idx ON orders (note);\n');
    const linted = await lintFile(`${dir}/migrations/00002_change.sql`, settingsFor(16));
    const fixes = linted.findings.filter((f) => f.ruleId === 'constraint-missing-not-valid' || f.ruleId === 'require-concurrent-index-creation').flatMap((f) => f.fixes);
    assert.ok(fixes.length > 0);
    assert.deepEqual(fixes.filter((f) => f.fileChanges?.length || /NO TRANSACTION|of its own|following migration/.test(f.title)).map((f) => f.title), []);
  });
});

describe('recipe 4: CHECK → NOT VALID, VALIDATE in a following migration', () => {
  test('golang-migrate: the VALIDATE goes to a new pair of files', async () => {
    const dir = writeProject({
      'go.mod': 'module x\n\nrequire github.com/golang-migrate/migrate/v4 v4.17.0\n',
      'db/migrations/000001_create.up.sql': `${TABLES}\n`,
      'db/migrations/000001_create.down.sql': 'DROP TABLE orders;\nDROP TABLE customers;\n',
      'db/migrations/000002_check.up.sql': 'ALTER TABLE orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0);\n',
      'db/migrations/000002_check.down.sql': 'ALTER TABLE orders DROP CONSTRAINT orders_quantity_positive;\n',
    });
    const result = await proveFix({
      dir,
      file: 'db/migrations/000002_check.up.sql',
      ruleId: 'constraint-missing-not-valid',
      settings: settingsFor(16),
      seedBefore: { '000002': SEED },
      facts: async (db) => {
        assert.equal(await constraintValidated(db, 'orders_quantity_positive'), true);
        await assert.rejects(db.exec('INSERT INTO orders (customer_id, quantity) VALUES (1, -1)'), /orders_quantity_positive/);
      },
    });
    assert.equal(result.text, 'ALTER TABLE orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0) NOT VALID;\n');
    assert.deepEqual(result.created.map((p) => basename(p)).sort(), ['000003_validate_orders_quantity_positive.down.sql', '000003_validate_orders_quantity_positive.up.sql']);
  });

  test('outside a transaction the VALIDATE follows in the same file', async () => {
    const dir = gooseProject('ALTER TABLE orders ADD CHECK (quantity > 0);');
    const path = 'migrations/00002_change.sql';
    const { writeFileSync } = await import('node:fs');
    const file = `${dir}/${path}`;
    writeFileSync(file, `-- +goose NO TRANSACTION\n${readFileSync(file, 'utf8')}`);
    const result = await proveFix({
      dir,
      file: path,
      ruleId: 'constraint-missing-not-valid',
      settings: settingsFor(16),
      seedBefore: { '00002': SEED },
      facts: async (db) => assert.equal(await constraintValidated(db, 'orders_quantity_check'), true),
    });
    assert.deepEqual(result.created, []);
    assert.match(result.text, /ADD CONSTRAINT orders_quantity_check CHECK \(quantity > 0\) NOT VALID;\n-- Checks the existing rows[^\n]*\nALTER TABLE orders VALIDATE CONSTRAINT orders_quantity_check;\n/);
  });
});

describe('recipe 5: SET NOT NULL → the version-right sequence', () => {
  test('PostgreSQL 12–17: CHECK NOT VALID, then VALIDATE, SET NOT NULL and DROP CHECK in a following migration', async () => {
    const dir = writeProject({
      'Cargo.toml': '[package]\nname = "x"\n\n[dependencies]\nsqlx = { version = "0.8", features = ["postgres", "migrate"] }\n',
      'migrations/20240101000000_create.sql': `${TABLES}\n`,
      'migrations/20240102000000_note_required.sql': 'ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\n',
    });
    const result = await proveFix({
      dir,
      file: 'migrations/20240102000000_note_required.sql',
      ruleId: 'adding-not-nullable-field',
      settings: settingsFor(16),
      seedBefore: { '20240102000000': SEED },
      facts: async (db) => {
        assert.equal(await columnNotNull(db, 'orders', 'note'), true);
        assert.equal(await constraintValidated(db, 'orders_note_not_null'), undefined, 'the helper CHECK is dropped');
      },
    });
    assert.equal(result.text, 'ALTER TABLE orders ADD CONSTRAINT orders_note_not_null CHECK (note IS NOT NULL) NOT VALID;\n');
    const follow = readFileSync(result.created[0], 'utf8');
    assert.match(follow, /VALIDATE CONSTRAINT orders_note_not_null;[\s\S]*ALTER COLUMN note SET NOT NULL;[\s\S]*DROP CONSTRAINT orders_note_not_null;/);
  });

  test('PostgreSQL 18: NOT NULL constraint NOT VALID, then VALIDATE', async () => {
    const dir = gooseProject('ALTER TABLE orders ALTER COLUMN note SET NOT NULL;');
    const result = await proveFix({
      dir,
      file: 'migrations/00002_change.sql',
      ruleId: 'adding-not-nullable-field',
      settings: settingsFor(18),
      seedBefore: { '00002': SEED },
      facts: async (db) => {
        assert.equal(await columnNotNull(db, 'orders', 'note'), true);
        assert.equal(await constraintValidated(db, 'orders_note_not_null'), true);
        assert.equal((await rows<{ n: number }>(db, 'SELECT count(*)::int AS n FROM orders WHERE note IS NULL'))[0].n, 0);
      },
    });
    assert.match(result.text, /ALTER TABLE orders ADD CONSTRAINT orders_note_not_null NOT NULL note NOT VALID;/);
    assert.deepEqual(result.created.map((p) => basename(p)), ['00003_validate_orders_note_not_null.sql']);
  });
});

describe('recipe 3 for ADD COLUMN … REFERENCES', () => {
  test('the reference moves to ADD CONSTRAINT … FOREIGN KEY … NOT VALID, validated and indexed in following migrations', async () => {
    const dir = gooseProject('ALTER TABLE orders ADD COLUMN buyer_id bigint REFERENCES customers (id);');
    const result = await proveFix({
      dir,
      file: 'migrations/00002_change.sql',
      ruleId: 'adding-foreign-key-constraint',
      settings: settingsFor(16),
      seedBefore: { '00002': SEED },
      facts: async (db) => {
        assert.equal(await constraintValidated(db, 'orders_buyer_id_fkey'), true);
        assert.equal(await indexValid(db, 'orders_buyer_id_idx'), true);
      },
    });
    assert.match(result.text, /ALTER TABLE orders ADD COLUMN buyer_id bigint, ADD CONSTRAINT orders_buyer_id_fkey FOREIGN KEY \(buyer_id\) REFERENCES customers \(id\) NOT VALID;/);
    assert.deepEqual(result.created.map((p) => basename(p)), ['00003_validate_orders_buyer_id_fkey.sql', '00004_index_orders_buyer_id_idx_concurrently.sql']);
  });
});
