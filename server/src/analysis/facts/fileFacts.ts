/**
 * Questions a rule asks about the rest of its file ("was this table created before me?"), with
 * answers that are plain values. A rule that learns about other statements only through these
 * questions has a result that depends on the statement and the answers alone, so after an edit the
 * result stays valid when the same questions get the same answers (ruleCache.ts re-asks them):
 * typing a letter in one table's name changes the answers for that table only.
 *
 * Each query is answered from an index of the file built once per lint (lazily, per query kind),
 * so an answer costs a map lookup instead of a scan of the statements before.
 */
import { sameRelation, type QualifiedName } from '../ast';
import type { ParsedStatement } from '../parse/parseDocument';
import type { FileContext } from '../rules/types';
import { alterTableCommands, newlineOf } from '../rules/helpers';

/** Answers are compared with ===: a changed answer means the rule runs again. */
export type Answer = string | number | boolean | undefined;

export interface FactQuery<A, V extends Answer> {
  /** For messages and tests. */
  readonly id: string;
  /**
   * The answer depends only on the statements before (not on later ones, the migration or the
   * schema), always or for files where the function says so: while the text up to the statement
   * and its index are unchanged, it is not asked again.
   */
  readonly prefixOnly?: boolean | ((file: FileContext) => boolean);
  /** The answer for the statement at `index` of `file`. Reads the file, never the rule's context. */
  answer(file: FileContext, index: number, arg: A): V;
}

/** Statement indexes per relation name, in file order, for the statements `select` picks. */
export type NameIndex = Map<string, Array<{ name: QualifiedName; index: number }>>;

const indexesByFile = new WeakMap<FileContext, Map<string, unknown>>();

/** A per-lint index of `file`, built by `build` on first use. */
export function fileIndex<T>(file: FileContext, key: string, build: (file: FileContext) => T): T {
  let indexes = indexesByFile.get(file);
  if (!indexes) indexesByFile.set(file, (indexes = new Map()));
  if (indexes.has(key)) return indexes.get(key) as T;
  const built = build(file);
  indexes.set(key, built);
  return built;
}

/** For queries whose answer follows from the statements before when the file has no migration context (sections, tool transactions). */
export const WITHOUT_MIGRATION = (file: FileContext): boolean => file.migration === undefined;

/** Builds a NameIndex from the names each statement contributes. */
export function nameIndex(statements: readonly ParsedStatement[], namesOf: (statement: ParsedStatement) => Iterable<QualifiedName> | undefined): NameIndex {
  const index: NameIndex = new Map();
  for (const statement of statements) {
    const names = namesOf(statement);
    if (names) for (const name of names) addName(index, name, statement.index);
  }
  return index;
}

function addName(index: NameIndex, name: QualifiedName, at: number): void {
  const list = index.get(name.name);
  if (list) list.push({ name, index: at });
  else index.set(name.name, [{ name, index: at }]);
}

/**
 * "Does a statement before mine name this relation?", for the names `namesOf` takes from each
 * statement (created partitioned tables, created indexes…), answered from one NameIndex per lint.
 */
export function namedBeforeQuery(id: string, namesOf: (statement: ParsedStatement) => Iterable<QualifiedName> | undefined): FactQuery<QualifiedName, boolean> {
  return {
    id,
    prefixOnly: true,
    answer: (file, index, name) => namedBefore(fileIndex(file, id, (f) => nameIndex(f.document.statements, namesOf)), name, index),
  };
}

/** True when a statement before `before` contributed a name that is the same relation as `name`. */
export function namedBefore(index: NameIndex, name: QualifiedName, before: number): boolean {
  const list = index.get(name.name);
  if (!list) return false;
  for (const entry of list) {
    if (entry.index >= before) return false;
    if (sameRelation(entry.name, name)) return true;
  }
  return false;
}

/** Created by CREATE TABLE (or CREATE TABLE … AS) earlier in this file. */
export const CREATED_BEFORE: FactQuery<QualifiedName, boolean> = {
  id: 'createdBefore',
  prefixOnly: true,
  answer: (file, index, name) => namedBefore(createdTablesByName(file), name, index),
};

/**
 * isNewTable: created earlier in this file, or by this migration in another of its files. The
 * same answer StatementContext.isNewTable gives, asked as a question so reuse can re-ask it.
 */
export const NEW_TABLE: FactQuery<QualifiedName | undefined, boolean> = {
  id: 'newTable',
  prefixOnly: (file) => file.schema === undefined,
  answer(file, index, name) {
    if (name === undefined) return false;
    return CREATED_BEFORE.answer(file, index, name) || (file.schema?.siblingTables.some((t) => sameRelation(t, name)) ?? false);
  },
};

/** The file's CREATE TABLE statements (FileContext.createdTables) by name, built once per lint. */
export function createdTablesByName(file: FileContext): NameIndex {
  return fileIndex(file, 'createdTables', (f) => {
    const index: NameIndex = new Map();
    for (const { name, index: at } of f.createdTables) addName(index, name, at);
    return index;
  });
}

/** The file's newline style, for fixes that insert lines. */
export const NEWLINE: FactQuery<undefined, string> = {
  id: 'newline',
  answer: (file) => fileIndex(file, 'newline', (f) => newlineOf(f.document.text)),
};

/** First statement index per key, for "did any statement before mine …?" questions. */
export function firstIndexBy(statements: readonly ParsedStatement[], keysOf: (statement: ParsedStatement) => Iterable<string> | undefined): Map<string, number> {
  const first = new Map<string, number>();
  for (const statement of statements) {
    const keys = keysOf(statement);
    if (!keys) continue;
    for (const key of keys) if (!first.has(key)) first.set(key, statement.index);
  }
  return first;
}

/** Whether a statement before this one drops the constraint of that name (ALTER TABLE … DROP CONSTRAINT, any table). */
export const CONSTRAINT_DROPPED_BEFORE: FactQuery<string, boolean> = {
  id: 'constraintDroppedBefore',
  prefixOnly: true,
  answer(file, index, name) {
    const first = fileIndex(file, 'droppedConstraints', (f) =>
      firstIndexBy(f.document.statements, (s) => (s.kind === 'AlterTableStmt' ? alterTableCommands(s).filter(({ cmd }) => cmd.subtype === 'AT_DropConstraint' && cmd.name !== undefined).map(({ cmd }) => cmd.name!) : undefined)),
    );
    return (first.get(name) ?? Infinity) < index;
  },
};
