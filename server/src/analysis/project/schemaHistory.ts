/**
 * The schema a migration runs against, replayed from the project's own history: the up sections of
 * every earlier migration, applied in the tool's order to a catalog model. Pure: file texts come
 * from a `read` function, so the node layer decides where they come from and when they changed.
 *
 * `SchemaHistory` remembers, per migration, the texts it replayed, and keeps a copy of the catalog
 * before every `keepEvery`-th migration and before each migration asked for. Asking again with the
 * same earlier texts costs one comparison per migration; a changed migration is replayed from the
 * nearest kept copy before it. Editing the newest migration therefore never replays anything.
 */
import { parseDocument } from '../parse/parseDocument';
import { parseText } from '../parse/pgParser';
import type { Node } from 'libpg-query';
import { stringValue, walk } from '../ast';
import { applyStatement, type StatementLike } from '../schema/apply';
import type { Catalog, Origin } from '../schema/model';
import { cloneCatalog, createCatalog } from '../schema/model';
import type { OffsetRange } from '../text/lineIndex';
import { scriptText } from './envelopes';
import type { Migration, MigrationRoot, Script } from './types';

/** Where a replayed statement is: what an `Origin` of a catalog object points at. */
export interface StatementLocation {
  migrationId: string;
  file: string;
  range: OffsetRange;
}

/** The schema before a file, as the lint engine and editor features need it. */
export interface SchemaBefore {
  /** The catalog before the file's first section runs. Read-only: clone it before applying anything. */
  catalog: Catalog;
  /** Position of the file's (first) migration in its root's order, and how many the root has. */
  position: number;
  count: number;
  /**
   * Why the database may hold objects the catalog does not show (code migrations, repeatable
   * migrations, a history that refers to objects it never created). Empty when the history is complete.
   */
  uncertainties: string[];
  /** Tables created by the up sections of the same migration that live in other files (Diesel up.sql for down.sql). */
  siblingTables: Array<{ schema?: string; name: string }>;
}

export interface HistoryOptions {
  placeholders?: Record<string, string>;
  maxFileBytes?: number;
  /** Keep a copy of the catalog before every Nth migration. Default 20. */
  keepEvery?: number;
  /**
   * Parse plain ASCII sections with one call to the parser instead of the editor's full document
   * parse (15 times faster; sections it cannot take, with placeholders or errors, fall back). Default true.
   */
  fastParse?: boolean;
}

/** A replayed statement with its place in the section's file. */
interface LocatedStatement {
  kind: string;
  node: unknown;
  text: string;
  range: OffsetRange;
}

interface Entry {
  id: string;
  /** The texts of the files holding the migration's up sections, compared to detect a change. */
  texts: Array<string | undefined>;
  statements: StatementLike[];
  locations: StatementLocation[];
}

/** Migrations whose SQL the replay applies; code migrations and the like are uncertainties instead. */
function replayable(migration: Migration): boolean {
  return migration.kind === 'versioned' || migration.kind === 'baseline' || migration.kind === 'setup';
}

/** Statements that change the database in ways the catalog model cannot follow; kept as opaque so rules can tell. */
const UNINTERPRETED_WITH_EFFECT = new Set(['CallStmt', 'ExecuteStmt', 'AlterRoleSetStmt', 'AlterDatabaseSetStmt']);

/**
 * Applies one statement and records, as opaque, statements the model ignores but that can create
 * or hide objects: function calls in SELECT (which may run DDL), SELECT INTO, CALL, EXECUTE,
 * ALTER ROLE/DATABASE … SET (search_path), and function bodies that build SQL at run time.
 */
export function applyTracked(catalog: Catalog, statement: StatementLike, migrationId: string | undefined): void {
  const outcome = applyStatement(catalog, statement, migrationId);
  const partial = outcome.status === 'applied' && appliedInPart(statement);
  if (!partial && outcome.status !== 'ignored' && statement.kind !== 'CreateFunctionStmt') return;
  if (!partial && !mayHaveHiddenEffect(statement)) return;
  const origin: Origin = migrationId === undefined ? { statement: statement.index } : { migration: migrationId, statement: statement.index };
  catalog.opaque.push({ kind: statement.kind, text: statement.text, origin });
}

/** Statements the model applies without all of their effect: INHERITS and OF type bring columns it does not copy, and so may SELECT *. */
function appliedInPart(statement: StatementLike): boolean {
  if (statement.kind === 'CreateStmt') {
    const create = statement.node as { inhRelations?: unknown[]; partbound?: unknown; ofTypename?: unknown };
    return ((create.inhRelations?.length ?? 0) > 0 && !create.partbound) || create.ofTypename !== undefined;
  }
  // CREATE TABLE … AS SELECT *: the columns are known only as far as the model knows the sources.
  if (statement.kind === 'CreateTableAsStmt') return /"(A_Star|RangeFunction|RangeSubselect)"/.test(JSON.stringify((statement.node as { query?: unknown }).query ?? {}));
  if (statement.kind === 'AlterTableStmt') {
    const cmds = (statement.node as { cmds?: Array<{ AlterTableCmd?: { subtype?: string } }> }).cmds ?? [];
    return cmds.some((c) => c.AlterTableCmd?.subtype === 'AT_AddInherit' || c.AlterTableCmd?.subtype === 'AT_AddOf');
  }
  return false;
}

function mayHaveHiddenEffect(statement: StatementLike): boolean {
  if (UNINTERPRETED_WITH_EFFECT.has(statement.kind)) return true;
  if (statement.kind === 'CreateFunctionStmt') return /\b(create|alter|drop|execute)\b/i.test(statement.text);
  if (statement.kind !== 'SelectStmt') return false;
  const select = statement.node as { intoClause?: unknown };
  // SELECT INTO creates a table; SELECT some_function(...) may run anything, unless it is a built-in that changes no schema.
  if (select.intoClause !== undefined) return true;
  let unknownCall = false;
  walk(select, (kind, node) => {
    if (kind !== 'FuncCall') return;
    const names = ((node as { funcname?: Node[] }).funcname ?? []).map(stringValue);
    if (!SCHEMA_NEUTRAL_FUNCTIONS.has(String(names[names.length - 1]).toLowerCase())) unknownCall = true;
  });
  return unknownCall;
}

/** Built-in functions a migration SELECTs for their value or a side effect that creates no objects. */
const SCHEMA_NEUTRAL_FUNCTIONS = new Set([
  'setval', 'nextval', 'currval', 'pg_get_serial_sequence', 'set_config', 'current_setting', 'pg_advisory_lock',
  'pg_advisory_xact_lock', 'pg_advisory_unlock', 'pg_try_advisory_lock', 'pg_try_advisory_xact_lock', 'pg_sleep', 'pg_notify',
  'now', 'count', 'max', 'min', 'sum', 'coalesce', 'lower', 'upper', 'length', 'format', 'concat', 'to_regclass', 'version',
  'gen_random_uuid', 'uuid_generate_v4', 'pg_reload_conf', 'pg_terminate_backend', 'pg_cancel_backend', 'txid_current',
]);

/** Catalogs kept for the files linted last, besides the checkpoints: the open editors' files. */
const MAX_RECENT_TARGETS = 6;

export class SchemaHistory {
  private entries: Entry[] = [];
  /** Catalog before entry i, for the indexes kept. Index 0 is always the empty catalog. */
  private kept = new Map<number, Catalog>([[0, createCatalog()]]);
  private recentTargets: number[] = [];
  /** Migrations applied so far, over the object's life: evidence for tests that the cache is used. */
  applied = 0;

  constructor(private readonly options: HistoryOptions = {}) {}

  /**
   * The catalog before the migration at `position` of `root` (read-only). The root may be a newer
   * model of the same directory: migrations are matched by id and text, position by position.
   */
  catalogBefore(root: MigrationRoot, position: number, read: (file: string) => string | undefined): Catalog {
    const target = Math.max(0, Math.min(position, root.migrations.length));
    const texts = root.migrations.slice(0, target).map((m) => upFiles(m).map(read));
    const valid = this.validPrefix(root, texts);
    if (valid < target) {
      // Migration `valid` changed: what was replayed from it on no longer holds.
      this.entries.length = Math.min(this.entries.length, valid);
      this.forgetFrom(valid + 1);
    }
    const exact = this.kept.get(target);
    if (exact) return exact;
    let from = Math.min(valid, target);
    while (!this.kept.has(from)) from--;
    const working = cloneCatalog(this.kept.get(from)!);
    const keepEvery = Math.max(1, this.options.keepEvery ?? 20);
    for (let i = from; i < target; i++) {
      if (i > from && i % keepEvery === 0 && !this.kept.has(i)) this.kept.set(i, cloneCatalog(working));
      const entry = i < this.entries.length ? this.entries[i] : (this.entries[i] = this.parseEntry(root.migrations[i], texts[i]));
      this.applyEntry(working, entry);
    }
    this.keepTarget(target, working, keepEvery);
    return working;
  }

  /** Where an origin recorded by this history's replay points (the linted file's own origins are not here). */
  locate(origin: Origin): StatementLocation | undefined {
    const entry = this.entries.find((e) => e.id === origin.migration);
    return entry?.locations[origin.statement];
  }

  /** The up statements of the migration at `position` with their locations (parsed on demand). */
  upStatementsOf(migration: Migration, read: (file: string) => string | undefined): Array<{ statement: StatementLike; location: StatementLocation }> {
    const entry = this.parseEntry(migration, upFiles(migration).map(read));
    return entry.statements.map((statement, i) => ({ statement, location: entry.locations[i] }));
  }

  /** Keeps the catalog just built; off-checkpoint ones only for the few files asked for last (memory). */
  private keepTarget(target: number, catalog: Catalog, keepEvery: number): void {
    this.kept.set(target, catalog);
    if (target % keepEvery === 0) return;
    this.recentTargets = [...this.recentTargets.filter((t) => t !== target), target];
    while (this.recentTargets.length > MAX_RECENT_TARGETS) {
      const evicted = this.recentTargets.shift()!;
      if (evicted % keepEvery !== 0) this.kept.delete(evicted);
    }
  }

  /** How many leading migrations still have the texts they were replayed with. */
  private validPrefix(root: MigrationRoot, texts: Array<Array<string | undefined>>): number {
    let i = 0;
    for (; i < texts.length && i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (entry.id !== root.migrations[i].id || !sameTexts(entry.texts, texts[i])) break;
    }
    return i;
  }

  /** Drops kept catalogs that depend on migrations from `index - 1` on (a catalog before i depends on migrations < i). */
  private forgetFrom(index: number): void {
    for (const key of [...this.kept.keys()]) if (key >= index && key !== 0) this.kept.delete(key);
  }

  private applyEntry(catalog: Catalog, entry: Entry): void {
    this.applied++;
    // search_path set by a migration lasts for its session only; the next one starts from the default.
    catalog.searchPath = ['public'];
    for (const statement of entry.statements) applyTracked(catalog, statement, entry.id);
    catalog.searchPath = ['public'];
  }

  private parseEntry(migration: Migration, texts: Array<string | undefined>): Entry {
    const entry: Entry = { id: migration.id, texts, statements: [], locations: [] };
    if (!replayable(migration)) return entry;
    const files = upFiles(migration);
    for (const section of migration.sections.filter((s) => s.direction === 'up')) {
      const text = texts[files.indexOf(section.file)];
      if (text === undefined) continue;
      for (const statement of this.parseSection(section, text, migration)) {
        entry.locations.push({ migrationId: migration.id, file: section.file, range: statement.range });
        entry.statements.push({ kind: statement.kind, node: statement.node, text: statement.text, index: entry.statements.length });
      }
    }
    return entry;
  }

  private parseSection(section: Script, text: string, migration: Migration): LocatedStatement[] {
    const whole = !section.pieces && section.range.start === 0 && section.range.end >= text.length;
    const sql = whole ? text : scriptText(section, text);
    const fast = this.options.fastParse === false ? undefined : parsePlainSql(sql);
    if (fast) return fast;
    const placeholders = { ...migration.placeholders, ...this.options.placeholders };
    return parseDocument(sql, { placeholders, maxFileBytes: this.options.maxFileBytes }).statements;
  }
}

/**
 * The statements of SQL that PostgreSQL's parser takes in one piece, or undefined when the editor's
 * document parse must do it: non-ASCII text (byte offsets would need mapping), placeholders,
 * psql meta-commands and anything else the parser rejects.
 */
function parsePlainSql(sql: string): LocatedStatement[] | undefined {
  if (!/^[\x00-\x7f]*$/.test(sql) || sql.includes('${') || sql.includes('{{')) return undefined;
  const outcome = parseText(sql);
  if (!outcome.ok) return undefined;
  return outcome.statements.map((raw) => {
    const kind = Object.keys(raw.node)[0];
    const end = raw.byteLength === undefined ? sql.length : raw.byteStart + raw.byteLength;
    const start = firstToken(sql, raw.byteStart, end);
    const range = { start, end: Math.max(start, sql.slice(0, end).trimEnd().length) };
    return { kind, node: (raw.node as unknown as Record<string, unknown>)[kind], text: sql.slice(range.start, range.end), range };
  });
}

/** Skips blanks and comments: a statement's range starts at its first token. */
function firstToken(sql: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    if (/\s/.test(sql[i])) i++;
    else if (sql.startsWith('--', i)) i = sql.indexOf('\n', i) < 0 ? to : sql.indexOf('\n', i) + 1;
    else if (sql.startsWith('/*', i)) i = sql.indexOf('*/', i + 2) < 0 ? to : sql.indexOf('*/', i + 2) + 2;
    else break;
  }
  return Math.min(i, to);
}

/** Per migration object (roots are immutable models): catalogBefore asks for every earlier migration on every call. */
const upFilesOf = new WeakMap<Migration, string[]>();

function upFiles(migration: Migration): string[] {
  let files = upFilesOf.get(migration);
  if (!files) upFilesOf.set(migration, (files = [...new Set(migration.sections.filter((s) => s.direction === 'up').map((s) => s.file))]));
  return files;
}

function sameTexts(a: Array<string | undefined>, b: Array<string | undefined>): boolean {
  return a.length === b.length && a.every((text, i) => text === b[i]);
}

/**
 * What the lint engine needs about the schema before `file`: the catalog before its first
 * migration (after that migration's up when the file starts with a down section, as a paired
 * down file does), the uncertainties, and tables the same migration creates in other files.
 */
export function schemaBeforeFile(history: SchemaHistory, root: MigrationRoot, file: string, read: (file: string) => string | undefined): SchemaBefore | undefined {
  const position = replayPositionOf(root, file);
  if (position === undefined) return undefined;
  const migration = root.migrations[position];
  const firstSection = migration.sections.filter((s) => s.file === file).sort((a, b) => a.range.start - b.range.start)[0];
  const startsWithDown = firstSection?.direction === 'down' && !migration.sections.some((s) => s.direction === 'up' && s.file === file);
  const catalog = history.catalogBefore(root, startsWithDown ? position + 1 : position, read);
  const otherUpFiles = migration.sections.some((s) => s.direction === 'up' && s.file !== file);
  const siblingTables = otherUpFiles ? createdTables(history.upStatementsOf(migration, read).filter((s) => s.location.file !== file).map((s) => s.statement)) : [];
  return { catalog, position, count: root.migrations.length, uncertainties: rootUncertainties(root, position), siblingTables };
}

/**
 * The position of the first migration with a section in `file`: the history before it is what
 * linting the file replays. Undefined for a file with no section (not a migration script).
 */
export function replayPositionOf(root: MigrationRoot, file: string): number | undefined {
  return firstPositions(root).get(file);
}

/** The position of the first migration with a section in each file, per root model (a batch asks for every file). */
const firstPositionsOf = new WeakMap<MigrationRoot, Map<string, number>>();

function firstPositions(root: MigrationRoot): Map<string, number> {
  let positions = firstPositionsOf.get(root);
  if (positions) return positions;
  positions = new Map();
  root.migrations.forEach((m, i) => {
    for (const s of m.sections) if (!positions!.has(s.file)) positions!.set(s.file, i);
  });
  firstPositionsOf.set(root, positions);
  return positions;
}

function createdTables(statements: StatementLike[]): Array<{ schema?: string; name: string }> {
  const tables: Array<{ schema?: string; name: string }> = [];
  for (const statement of statements) {
    const node = statement.node as { relation?: { schemaname?: string; relname?: string }; into?: { rel?: { schemaname?: string; relname?: string } } };
    const rel = statement.kind === 'CreateStmt' ? node.relation : statement.kind === 'CreateTableAsStmt' ? node.into?.rel : undefined;
    if (rel?.relname) tables.push(rel.schemaname ? { schema: rel.schemaname, name: rel.relname } : { name: rel.relname });
  }
  return tables;
}

/** What the project's structure says the replay cannot see. */
function rootUncertainties(root: MigrationRoot, position: number): string[] {
  const reasons: string[] = [];
  const code = root.migrations.slice(0, position).find((m) => m.kind === 'code');
  if (code) reasons.push(`an earlier migration (${code.id}) is code, which Safeshift cannot replay`);
  const repeatable = root.migrations.find((m) => m.kind === 'repeatable' || m.kind === 'callback');
  if (repeatable) reasons.push(`repeatable or callback migrations (${repeatable.id}) may have created objects at any time`);
  return reasons;
}
