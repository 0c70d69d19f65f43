/**
 * What schema-aware rules ask of the replayed catalog, and when they must not trust it. A name the
 * catalog does not know is only reported when the history is complete: no code or repeatable
 * migrations, no statement the model could not follow that mentions the name, no dynamic SQL, no
 * extension that may have created it, and no earlier migration that itself referred to objects
 * the history never created (the database did not start empty). False positives here cost trust.
 */
import type { QualifiedName } from '../ast';
import type { Catalog, Table } from '../schema/model';
import { objectKey } from '../schema/model';
import { resolveTable } from '../schema/resolve';
import type { StatementContext } from './types';

/** Extensions that create functions, types and operators but no tables or views. */
const EXTENSIONS_WITHOUT_RELATIONS = new Set([
  'pgcrypto', 'uuid-ossp', 'citext', 'hstore', 'pg_trgm', 'btree_gin', 'btree_gist', 'unaccent', 'fuzzystrmatch', 'ltree',
  'intarray', 'cube', 'earthdistance', 'tablefunc', 'isn', 'lo', 'seg', 'tcn', 'tsm_system_rows', 'tsm_system_time',
  'plpgsql', 'vector', 'pg_uuidv7', 'moddatetime', 'insert_username', 'autoinc', 'refint', 'dict_int', 'dict_xsyn', 'intagg',
  'bloom', 'pgrowlocks', 'pgstattuple', 'pg_prewarm', 'amcheck', 'pageinspect', 'pg_buffercache', 'pg_visibility',
]);

/** Tables the migration tools keep their history in: they exist without any migration creating them. */
const TOOL_TABLES = new Set([
  'flyway_schema_history', 'schema_migrations', 'goose_db_version', 'gorp_migrations', '_sqlx_migrations',
  '__diesel_schema_migrations', '_prisma_migrations', '__drizzle_migrations', 'databasechangelog', 'databasechangeloglock',
  'pgmigrations', 'schema_version',
]);

export interface Trusted {
  catalog: Catalog;
  migrationId: string;
}

/**
 * The catalog as of this statement when the file has a migration history; undefined otherwise,
 * and for a statement outside every section (the tool never runs it, so it cannot fail).
 */
export function catalogAt(context: StatementContext): Trusted | undefined {
  const tracker = context.file.schema;
  if (!tracker || !tracker.isRun(context.statement.index)) return undefined;
  const catalog = context.catalog?.();
  return catalog ? { catalog, migrationId: tracker.migrationId } : undefined;
}

/** Why the catalog may miss objects of any name, or undefined when the history is complete. */
export function globalDoubt(context: StatementContext, trusted: Trusted): string | undefined {
  const tracker = context.file.schema;
  if (tracker && tracker.uncertainties.length > 0) return tracker.uncertainties[0];
  const { catalog, migrationId } = trusted;
  const extension = [...catalog.extensions].find((e) => !EXTENSIONS_WITHOUT_RELATIONS.has(e));
  if (extension) return `the extension "${extension}" may have created relations`;
  if (catalog.failures.some((f) => f.origin?.migration !== migrationId && /does not exist/.test(f.message))) {
    return 'earlier migrations refer to objects they never created, so the database did not start empty';
  }
  const dynamic = catalog.opaque.find((o) => (o.kind === 'DoStmt' || o.kind === 'CreateFunctionStmt' || o.kind === 'ExecuteStmt') && /\bexecute\b/i.test(o.text));
  if (dynamic) return 'an earlier statement builds SQL at run time';
  return undefined;
}

/**
 * True when a statement the model did not fully follow mentions `name`: the catalog may be wrong
 * about it. A statement of this migration that PostgreSQL itself would refuse (the model's
 * failure names a real error) hides nothing; in earlier migrations any failure counts, since they
 * did run.
 */
export function mentionedUnseen(catalog: Catalog, name: string, migrationId: string): boolean {
  const word = new RegExp(`(^|[^A-Za-z0-9_$])${escapeRegExp(name)}($|[^A-Za-z0-9_$])`, 'i');
  const hides = (f: Catalog['failures'][number]) => f.origin?.migration !== migrationId || f.message.startsWith(MODEL_GAP);
  const opaqueHides = (o: Catalog['opaque'][number]) => o.kind !== 'DoStmt' || DDL_WORDS.test(o.text);
  return catalog.opaque.some((o) => opaqueHides(o) && word.test(o.text)) || catalog.failures.some((f) => hides(f) && word.test(f.text));
}

/** A DO block without these only reads and writes rows (a backfill): it changes no table's shape. */
const DDL_WORDS = /\b(create|alter|drop|rename|execute|perform)\b/i;

/** How applyStatement words a failure of the model itself, as opposed to an error PostgreSQL would raise. */
const MODEL_GAP = 'the schema model could not apply';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Is there any relation-like object by that name, in the named schema or (unqualified) in any schema? */
export function anyRelationNamed(catalog: Catalog, name: QualifiedName): boolean {
  const has = (key: string) => catalog.tables.has(key) || catalog.views.has(key) || catalog.indexes.has(key) || catalog.sequences.has(key) || catalog.types.has(key);
  if (name.schema) return has(objectKey(name.schema, name.name));
  for (const schema of ['pg_temp', ...catalog.schemas]) if (has(objectKey(schema, name.name))) return true;
  return false;
}

/**
 * The reason not to report `name` as missing, or undefined when it is certainly missing: its
 * schema is unknown to the model, it is a system or tool table, or something unseen mentions it.
 */
export function relationDoubt(catalog: Catalog, name: QualifiedName, migrationId: string): string | undefined {
  if (name.schema && !catalog.schemas.has(name.schema)) return `schema "${name.schema}" is not one the migrations created`;
  if (name.name.startsWith('pg_') || TOOL_TABLES.has(name.name.toLowerCase())) return 'a system or migration-tool table';
  if (mentionedUnseen(catalog, name.name, migrationId)) return 'a statement Safeshift could not follow mentions it';
  return undefined;
}

/** The table `name` designates, when the catalog knows it and nothing unseen touched it. */
export function certainTable(catalog: Catalog, name: QualifiedName, migrationId: string): Table | undefined {
  const key = resolveTable(catalog, name);
  const table = key ? catalog.tables.get(key) : undefined;
  if (!table || mentionedUnseen(catalog, table.name, migrationId)) return undefined;
  // Unqualified, and a table of that name in several schemas: the real search_path decides.
  if (!name.schema && [...catalog.schemas].filter((s) => catalog.tables.has(objectKey(s, name.name))).length > 1) return undefined;
  return table;
}
