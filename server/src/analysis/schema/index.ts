/**
 * The schema replay: a catalog model of what earlier migrations built, with no database.
 *
 *   const result = replay(migrations);            // catalog after each migration
 *   const before = catalogBefore(result, i);      // what migration i runs against
 *   findTable(before, 'users'); columnTypeOf(before, 'users', 'email'); suggestRelations(before, 'userz');
 */
export * from './model';
export { applyStatement, functionKey, type ApplyOutcome, type ApplyStatus, type StatementLike } from './apply';
export { replay, applyMigration, catalogBefore, type MigrationInput, type MigrationReplay, type Replay, type ReplayOptions } from './replay';
export * from './lookup';
export { resolveRelation, resolveTable, resolveType, effectiveSearchPath } from './resolve';
export { columnType, makeColumnType, displayIdent } from './types';
export { deparseExpr, makeExpr } from './expr';
