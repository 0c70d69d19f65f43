/**
 * Replays migrations in order and keeps the catalog after each one, so the catalog before any
 * migration is ready when that migration is edited: re-analysing it starts from a clone of the
 * catalog after the previous one, never from the beginning.
 */
import { applyStatement, type ApplyOutcome, type StatementLike } from './apply';
import type { Catalog } from './model';
import { cloneCatalog, createCatalog } from './model';

export interface MigrationInput {
  /** Shown in origins and failures, for example the file name. */
  id: string;
  /** The up statements, in order. */
  statements: StatementLike[];
}

export interface MigrationReplay {
  id: string;
  /** The catalog after this migration. Treat it as read-only: clone it before applying more. */
  after: Catalog;
  outcomes: ApplyOutcome[];
}

export interface Replay {
  /** The catalog before any migration (empty, or the given starting point). */
  initial: Catalog;
  migrations: MigrationReplay[];
}

export function replay(migrations: MigrationInput[], start: Catalog = createCatalog()): Replay {
  const result: Replay = { initial: start, migrations: [] };
  let current = start;
  for (const migration of migrations) {
    const next = applyMigration(current, migration);
    result.migrations.push(next);
    current = next.after;
  }
  return result;
}

/** Applies one migration to a copy of `before`; `before` is left untouched. */
export function applyMigration(before: Catalog, migration: MigrationInput): MigrationReplay {
  const after = cloneCatalog(before);
  // search_path set by a migration lasts for its session only; the next one starts from the default.
  after.searchPath = ['public'];
  const outcomes = migration.statements.map((statement) => applyStatement(after, statement, migration.id));
  return { id: migration.id, after, outcomes };
}

/** The catalog before migration `index` of a replay. */
export function catalogBefore(result: Replay, index: number): Catalog {
  return index <= 0 ? result.initial : result.migrations[Math.min(index, result.migrations.length) - 1].after;
}
