/**
 * The replay-fidelity harness: applies a directory of ordered .sql migrations to the catalog model
 * and, statement by statement, to a real PostgreSQL (PGlite), then reads both into the same shape.
 * Reusable on any directory: see fidelity.test.ts and SAFESHIFT_REPLAY_DIR.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { PGlite } from '@electric-sql/pglite';
import { parseDocument } from '../../server/src/analysis/parse/parseDocument';
import type { Catalog, ReplayFailure } from '../../server/src/analysis/schema/model';
import { createCatalog } from '../../server/src/analysis/schema/model';
import { applyMigration } from '../../server/src/analysis/schema/replay';
import { fromDatabase } from './pgDump';
import type { SchemaSnapshot } from './snapshot';
import { fromCatalog } from './snapshot';

export interface StatementError {
  file: string;
  statement: string;
  message: string;
}

export interface FidelityRun {
  files: string[];
  catalog: Catalog;
  model: SchemaSnapshot;
  database: SchemaSnapshot;
  /** Statements the model could not apply. */
  modelFailures: ReplayFailure[];
  /** Statements PostgreSQL rejected. */
  databaseErrors: StatementError[];
  /** Files with a syntax error the parser could not recover from. */
  parseProblems: string[];
}

/**
 * Migration files in order: `*.sql` sorted by name with numbers compared as numbers; for tools with
 * paired files only the up side (`.up.sql`, or `up.sql` inside a folder per migration) is taken.
 */
export function migrationFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      const up = join(path, 'up.sql');
      const migration = join(path, 'migration.sql');
      if (existsFile(up)) found.push(up);
      else if (existsFile(migration)) found.push(migration);
    } else if (entry.endsWith('.sql') && !/\.down\.sql$|^down\.sql$/i.test(entry)) found.push(path);
  }
  const collator = new Intl.Collator('en', { numeric: true });
  return found.sort((a, b) => collator.compare(a, b));
}

/**
 * The up part of a file that holds both directions (goose `-- +goose Down`, sql-migrate
 * `-- +migrate Down`, dbmate `-- migrate:down`). The project model does this properly for the
 * editor; the harness only needs to not run the down part.
 */
export function upSection(text: string): string {
  const down = text.search(/^--\s*(\+goose\s+down|\+migrate\s+down|migrate:down)\b/im);
  return down < 0 ? text : text.slice(0, down);
}

function existsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Empties a PGlite database between projects: every user schema goes, `public` comes back. */
export async function resetDatabase(db: PGlite): Promise<void> {
  await db.exec(`
    DO $$ DECLARE s text; BEGIN
      FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%' LOOP
        EXECUTE format('DROP SCHEMA %I CASCADE', s);
      END LOOP;
    END $$;
    CREATE SCHEMA public;
    RESET search_path;`);
}

export async function runFidelity(db: PGlite, dir: string): Promise<FidelityRun> {
  await resetDatabase(db);
  const files = migrationFiles(dir);
  let catalog = createCatalog();
  const databaseErrors: StatementError[] = [];
  const parseProblems: string[] = [];
  for (const file of files) {
    const doc = parseDocument(upSection(readFileSync(file, 'utf8')));
    for (const problem of doc.problems.filter((p) => p.severity === 'error')) parseProblems.push(`${file}: ${problem.message}`);
    catalog = applyMigration(catalog, { id: file, statements: doc.statements }).after;
    for (const statement of doc.statements) {
      try {
        await db.exec(statement.text);
      } catch (error) {
        databaseErrors.push({ file, statement: statement.text, message: (error as Error).message });
        // A failed statement leaves an open transaction block aborted; end it like psql would.
        await db.exec('ROLLBACK').catch(() => undefined);
      }
    }
    // Each migration runs in its own session: search_path set by one does not reach the next.
    await db.exec('RESET search_path');
  }
  return {
    files,
    catalog,
    model: fromCatalog(catalog),
    database: await fromDatabase(db),
    modelFailures: catalog.failures,
    databaseErrors,
    parseProblems,
  };
}

/** Every difference between the two snapshots, one line per object, empty when they are equal. */
export function differences(model: SchemaSnapshot, database: SchemaSnapshot): string[] {
  const found: string[] = [];
  if (!isDeepStrictEqual(model.schemas, database.schemas)) found.push(`schemas: model ${JSON.stringify(model.schemas)} database ${JSON.stringify(database.schemas)}`);
  for (const section of ['tables', 'indexes', 'views', 'sequences', 'enums', 'domains'] as const) {
    const a = model[section] as Record<string, unknown>;
    const b = database[section] as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(key in a)) found.push(`${section} ${key}: only in the database ${JSON.stringify(b[key])}`);
      else if (!(key in b)) found.push(`${section} ${key}: only in the model ${JSON.stringify(a[key])}`);
      else if (!isDeepStrictEqual(a[key], b[key])) found.push(`${section} ${key}:\n  model    ${JSON.stringify(a[key])}\n  database ${JSON.stringify(b[key])}`);
    }
  }
  if (!isDeepStrictEqual(model.functions, database.functions)) found.push(`functions: model ${JSON.stringify(model.functions)} database ${JSON.stringify(database.functions)}`);
  return found;
}
