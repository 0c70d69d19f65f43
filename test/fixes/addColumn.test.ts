/**
 * Recipes 6 and 7 (issue #5): columns every existing row must fill, without a rewrite or a long
 * lock: a constant default, or the column added nullable, backfilled in batches outside the
 * transaction, then made NOT NULL the safe way. Proven on PGlite with rows seeded first.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { closeDatabase, columnNotNull, proveFix, rows, settingsFor, writeProject } from './harness';

after(closeDatabase);

const CREATE = 'CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text);';
const SEED = "INSERT INTO orders (note) SELECT 'n' || g FROM generate_series(1, 3000) g;";

function goose(risky: string): string {
  return writeProject({
    'migrations/00001_create.sql': `-- +goose Up\n${CREATE}\n-- +goose Down\nDROP TABLE orders;\n`,
    'migrations/00002_add_column.sql': `-- +goose Up\n${risky}\n-- +goose Down\nSELECT 1;\n`,
  });
}

async function filledAndNotNull(db: Parameters<typeof columnNotNull>[0], column: string): Promise<void> {
  assert.equal(await columnNotNull(db, 'orders', column), true, `${column} should be NOT NULL`);
  const [counts] = await rows<{ total: number; nulls: number; distinct: number }>(db, `SELECT count(*)::int AS total, count(*) FILTER (WHERE ${column} IS NULL)::int AS nulls, count(DISTINCT ${column})::int AS distinct FROM orders`);
  assert.equal(counts.total, 3000);
  assert.equal(counts.nulls, 0);
}

describe('recipe 6: ADD COLUMN … NOT NULL without a default', () => {
  test('a type with a natural constant gets DEFAULT in place (no rewrite from PostgreSQL 11)', async () => {
    const result = await proveFix({
      dir: goose('ALTER TABLE orders ADD COLUMN status text NOT NULL;'),
      file: 'migrations/00002_add_column.sql',
      ruleId: 'adding-required-field',
      settings: settingsFor(16),
      seedBefore: { '00002': SEED },
      facts: async (db) => {
        await filledAndNotNull(db, 'status');
        assert.deepEqual(await rows(db, "SELECT count(*)::int AS n FROM orders WHERE status = ''"), [{ n: 3000 }]);
      },
    });
    assert.match(result.text, /ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT '';/);
    assert.deepEqual(result.created, []);
  });

  test('uuid (PostgreSQL 16, goose): nullable + default for new rows, batched backfill, then CHECK/VALIDATE/SET NOT NULL', async () => {
    const result = await proveFix({
      dir: goose('ALTER TABLE orders ADD COLUMN public_id uuid NOT NULL;'),
      file: 'migrations/00002_add_column.sql',
      ruleId: 'adding-required-field',
      settings: settingsFor(16),
      seedBefore: { '00002': SEED },
      facts: async (db) => {
        await filledAndNotNull(db, 'public_id');
        assert.deepEqual(await rows(db, 'SELECT count(DISTINCT public_id)::int AS n FROM orders'), [{ n: 3000 }]);
        assert.deepEqual(await rows(db, "SELECT pg_get_expr(adbin, adrelid) AS def FROM pg_attrdef WHERE adrelid = 'orders'::regclass"), [{ def: 'gen_random_uuid()' }]);
      },
    });
    assert.match(result.text, /ALTER TABLE orders ADD COLUMN public_id uuid;\n-- New rows get[^\n]*\nALTER TABLE orders ALTER COLUMN public_id SET DEFAULT gen_random_uuid\(\);\n-- Checks new rows[^\n]*\nALTER TABLE orders ADD CONSTRAINT orders_public_id_not_null CHECK \(public_id IS NOT NULL\) NOT VALID;\n/);
    assert.deepEqual(result.created.map((p) => basename(p)), ['00003_backfill_orders_public_id.sql', '00004_validate_orders_public_id_not_null.sql']);
    const backfill = readFileSync(result.created[0], 'utf8');
    assert.match(backfill, /^-- \+goose NO TRANSACTION\n-- \+goose Up\n/);
    assert.match(backfill, /-- \+goose StatementBegin\nDO \$\$[\s\S]*COMMIT;[\s\S]*\$\$;\n-- \+goose StatementEnd/);
  });

  test('timestamptz (PostgreSQL 18, golang-migrate): the backfill is alone in its file, NOT NULL NOT VALID then VALIDATE', async () => {
    const dir = writeProject({
      'go.mod': 'module x\n\nrequire github.com/golang-migrate/migrate/v4 v4.17.0\n',
      'db/migrations/000001_create.up.sql': `${CREATE}\n`,
      'db/migrations/000001_create.down.sql': 'DROP TABLE orders;\n',
      'db/migrations/000002_add_column.up.sql': 'ALTER TABLE orders ADD COLUMN seen_at timestamptz NOT NULL;\n',
      'db/migrations/000002_add_column.down.sql': 'ALTER TABLE orders DROP COLUMN seen_at;\n',
    });
    const result = await proveFix({
      dir,
      file: 'db/migrations/000002_add_column.up.sql',
      ruleId: 'adding-required-field',
      settings: settingsFor(18),
      seedBefore: { '000002': SEED },
      facts: (db) => filledAndNotNull(db, 'seen_at'),
    });
    const backfill = readFileSync(result.created.find((p) => p.endsWith('000003_backfill_orders_seen_at.up.sql'))!, 'utf8');
    assert.doesNotMatch(backfill, /SET lock_timeout/, 'one string with two statements would be one implicit transaction');
    assert.match(result.text, /ADD CONSTRAINT orders_seen_at_not_null NOT NULL seen_at NOT VALID;/);
  });
});

describe('recipe 7: ADD COLUMN with a volatile default', () => {
  test('sqlx: column added, SET DEFAULT, batched backfill in a -- no-transaction migration', async () => {
    const dir = writeProject({
      'Cargo.toml': '[package]\nname = "x"\n\n[dependencies]\nsqlx = { version = "0.8", features = ["postgres", "migrate"] }\n',
      'migrations/20240101000000_create.sql': `${CREATE}\n`,
      'migrations/20240102000000_token.sql': 'ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();\n',
    });
    const result = await proveFix({
      dir,
      file: 'migrations/20240102000000_token.sql',
      ruleId: 'adding-field-with-default',
      settings: settingsFor(16),
      seedBefore: { '20240102000000': SEED },
      facts: async (db) => {
        assert.deepEqual(await rows(db, 'SELECT count(*) FILTER (WHERE token IS NULL)::int AS nulls, count(DISTINCT token)::int AS distinct FROM orders'), [{ nulls: 0, distinct: 3000 }]);
        await db.exec("INSERT INTO orders (note) VALUES ('new')");
        assert.deepEqual(await rows(db, "SELECT (token IS NOT NULL) AS filled FROM orders WHERE note = 'new'"), [{ filled: true }]);
      },
    });
    assert.match(result.text, /^ALTER TABLE orders ADD COLUMN token uuid;\n/);
    const backfill = readFileSync(result.created[0], 'utf8');
    assert.match(backfill, /^-- no-transaction\n/);
    assert.equal(basename(result.created[0]), '20240102000001_backfill_orders_token.sql');
  });

  test('Drizzle: a new journal entry, the backfill in one transaction (the tool has no way out of it)', async () => {
    const journal = { version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when: 1700000000000, tag: '0000_init', breakpoints: true }, { idx: 1, version: '7', when: 1700000000001, tag: '0001_token', breakpoints: true }] };
    const dir = writeProject({
      'drizzle.config.ts': "export default { dialect: 'postgresql', out: './drizzle' };\n",
      'drizzle/meta/_journal.json': JSON.stringify(journal, null, 2),
      'drizzle/0000_init.sql': `${CREATE}\n`,
      'drizzle/0001_token.sql': 'ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();\n',
    });
    const result = await proveFix({
      dir,
      file: 'drizzle/0001_token.sql',
      ruleId: 'adding-field-with-default',
      settings: settingsFor(16),
      seedBefore: { '0001_token': SEED },
      facts: async (db) => assert.deepEqual(await rows(db, 'SELECT count(*) FILTER (WHERE token IS NULL)::int AS nulls FROM orders'), [{ nulls: 0 }]),
    });
    assert.deepEqual(result.created.map((p) => basename(p)), ['0002_backfill_orders_token.sql']);
    const written = JSON.parse(readFileSync(join(dir, 'drizzle/meta/_journal.json'), 'utf8')) as typeof journal;
    assert.deepEqual(written.entries[2], { idx: 2, version: '7', when: 1700000000002, tag: '0002_backfill_orders_token', breakpoints: true });
    assert.doesNotMatch(readFileSync(result.created[0], 'utf8'), /^\s*COMMIT;/m);
  });
});
