// Synthetic but realistic PostgreSQL migrations, for when no real corpus or project is at hand.
// Deterministic (seeded), so two runs of the bench lint the same text.
//
//   node bench/generate-corpus.mjs corpus <dir> [files=2000]   a flat corpus of independent files
//   node bench/generate-corpus.mjs project <dir> [migrations=700]  a golang-migrate project
//   node bench/generate-corpus.mjs big <file> [lines=2000]     one long migration
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ['user', 'account', 'order', 'invoice', 'payment', 'product', 'customer', 'session', 'team', 'project', 'task', 'comment', 'event', 'webhook', 'subscription', 'address', 'shipment', 'coupon', 'review', 'audit_log'];
const COLUMN_WORDS = ['name', 'status', 'email', 'amount', 'currency', 'title', 'description', 'external_id', 'notes', 'priority', 'kind', 'source', 'region', 'score', 'metadata', 'archived_at', 'expires_at', 'locale', 'slug', 'position'];
const TYPES = ['text', 'varchar(255)', 'integer', 'bigint', 'boolean', 'timestamptz', 'timestamp', 'jsonb', 'numeric(12,2)', 'uuid', 'smallint', 'date'];

/** A generator of statements over a growing set of tables, so later statements refer to earlier ones. */
class MigrationWriter {
  constructor(seed) {
    this.random = rng(seed);
    this.tables = [];
    this.counter = 0;
  }

  pick(list) {
    return list[Math.floor(this.random() * list.length)];
  }

  fresh(prefix) {
    return `${prefix}_${++this.counter}`;
  }

  table() {
    return this.tables.length === 0 ? this.createTable().table : this.pick(this.tables);
  }

  createTable() {
    const name = this.fresh(this.pick(NOUNS) + 's');
    const columns = ['  id bigserial PRIMARY KEY'];
    const count = 3 + Math.floor(this.random() * 6);
    const columnNames = [];
    for (let i = 0; i < count; i++) {
      const column = `${this.pick(COLUMN_WORDS)}_${i}`;
      columnNames.push(column);
      columns.push(`  ${column} ${this.pick(TYPES)}${this.random() < 0.4 ? ' NOT NULL' : ''}${this.random() < 0.2 ? " DEFAULT ''" : ''}`);
    }
    if (this.tables.length > 0 && this.random() < 0.5) {
      const parent = this.pick(this.tables);
      columns.push(`  ${parent.name}_id bigint REFERENCES ${parent.name} (id) ON DELETE CASCADE`);
    }
    columns.push('  created_at timestamptz NOT NULL DEFAULT now()');
    const table = { name, columns: columnNames };
    this.tables.push(table);
    return { table, sql: `CREATE TABLE ${name} (\n${columns.join(',\n')}\n);` };
  }

  statement() {
    const r = this.random();
    if (r < 0.18 || this.tables.length < 2) return this.createTable().sql;
    const table = this.table();
    const column = this.pick(table.columns);
    if (r < 0.32) {
      const added = this.fresh(this.pick(COLUMN_WORDS));
      table.columns.push(added);
      return `ALTER TABLE ${table.name} ADD COLUMN ${added} ${this.pick(TYPES)}${this.random() < 0.3 ? ' NOT NULL DEFAULT 0' : ''};`;
    }
    if (r < 0.44) return `CREATE INDEX${this.random() < 0.5 ? ' CONCURRENTLY' : ''} ${this.fresh(`idx_${table.name}`)} ON ${table.name} (${column});`;
    if (r < 0.5) return `CREATE UNIQUE INDEX ${this.fresh(`uq_${table.name}`)} ON ${table.name} (${column}, created_at);`;
    if (r < 0.56) {
      const other = this.table();
      return `ALTER TABLE ${table.name} ADD CONSTRAINT ${this.fresh(`fk_${table.name}`)} FOREIGN KEY (${column}) REFERENCES ${other.name} (id)${this.random() < 0.5 ? ' NOT VALID' : ''};`;
    }
    if (r < 0.61) return `ALTER TABLE ${table.name} ALTER COLUMN ${column} SET NOT NULL;`;
    if (r < 0.65) return `ALTER TABLE ${table.name} ALTER COLUMN ${column} TYPE ${this.pick(TYPES)};`;
    if (r < 0.69) return `ALTER TABLE ${table.name} ALTER COLUMN ${column} SET DEFAULT 'pending';`;
    if (r < 0.73) return `UPDATE ${table.name} SET ${column} = 'migrated' WHERE ${column} IS NULL;`;
    if (r < 0.77) return `INSERT INTO ${table.name} (${column}) VALUES ('seed ${this.counter}'), ('seed ${this.counter + 1}');`;
    if (r < 0.8) return `COMMENT ON COLUMN ${table.name}.${column} IS 'Set by the ${this.pick(NOUNS)} service.';`;
    if (r < 0.83) return `ALTER TABLE ${table.name} RENAME COLUMN ${column} TO ${column}_old;`;
    if (r < 0.86) return `ALTER TABLE ${table.name} ADD CONSTRAINT ${this.fresh(`chk_${table.name}`)} CHECK (${column} IS NOT NULL) NOT VALID;`;
    if (r < 0.89) return `CREATE TYPE ${this.fresh('status_enum')} AS ENUM ('active', 'inactive', 'pending');`;
    if (r < 0.92) return `ALTER TABLE ${table.name} DROP COLUMN IF EXISTS ${column};`;
    if (r < 0.95) return `CREATE OR REPLACE VIEW ${this.fresh(`v_${table.name}`)} AS\n  SELECT id, ${column}, created_at\n  FROM ${table.name}\n  WHERE created_at > now() - interval '30 days';`;
    if (r < 0.97) return `DROP INDEX IF EXISTS ${this.fresh(`idx_${table.name}`)};`;
    return `CREATE OR REPLACE FUNCTION ${this.fresh('touch_updated_at')}() RETURNS trigger AS $$\nBEGIN\n  NEW.created_at := now();\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;`;
  }

  /** One migration file of a few statements, sometimes in an explicit transaction, sometimes with timeouts. */
  migration(statements) {
    const parts = [];
    if (this.random() < 0.3) parts.push("SET lock_timeout = '2s';");
    const wrapped = this.random() < 0.35;
    if (wrapped) parts.push('BEGIN;');
    for (let i = 0; i < statements; i++) {
      if (this.random() < 0.15) parts.push(`-- ${this.pick(NOUNS)}: ${this.pick(COLUMN_WORDS)} backfill follows`);
      parts.push(this.statement());
    }
    if (wrapped) parts.push('COMMIT;');
    return parts.join('\n\n') + '\n';
  }
}

/** A flat directory of independent migration files. */
export function generateCorpus(dir, files = 2000, seed = 7) {
  const writer = new MigrationWriter(seed);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < files; i++) {
    if (i % 200 === 0) writer.tables = []; // a new "project" every 200 files
    writeFileSync(join(dir, `${String(i + 1).padStart(5, '0')}_${writer.pick(NOUNS)}.sql`), writer.migration(1 + Math.floor(writer.random() * 8)));
  }
  return dir;
}

/** A golang-migrate project: <dir>/migrations/000001_name.up.sql and .down.sql. */
export function generateProject(dir, migrations = 700, seed = 11) {
  const writer = new MigrationWriter(seed);
  const migrationsDir = join(dir, 'migrations');
  mkdirSync(migrationsDir, { recursive: true });
  for (let i = 0; i < migrations; i++) {
    const base = `${String(i + 1).padStart(6, '0')}_${writer.pick(NOUNS)}_${writer.pick(COLUMN_WORDS)}`;
    writeFileSync(join(migrationsDir, `${base}.up.sql`), writer.migration(1 + Math.floor(writer.random() * 5)));
    writeFileSync(join(migrationsDir, `${base}.down.sql`), `DROP TABLE IF EXISTS ${writer.fresh('rollback')};\n`);
  }
  return migrationsDir;
}

/** One migration of about `lines` lines: the editor latency subject. */
export function generateBigMigration(lines = 2000, seed = 3) {
  const writer = new MigrationWriter(seed);
  const parts = ["SET lock_timeout = '2s';", "SET statement_timeout = '60s';"];
  let count = 2;
  while (count < lines) {
    const statement = writer.statement();
    parts.push(statement);
    count += statement.split('\n').length + 1;
  }
  return parts.join('\n\n') + '\n';
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [kind, target, countArg] = process.argv.slice(2);
  const count = countArg ? Number(countArg) : undefined;
  if (kind === 'corpus' && target) console.log(generateCorpus(target, count));
  else if (kind === 'project' && target) console.log(generateProject(target, count));
  else if (kind === 'big' && target) {
    writeFileSync(target, generateBigMigration(count));
    console.log(target);
  } else {
    console.error('usage: node bench/generate-corpus.mjs corpus|project|big <target> [count]');
    process.exit(2);
  }
}
