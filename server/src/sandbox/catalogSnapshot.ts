/**
 * The whole user-visible catalog of a database as comparable facts, for the down check: after up
 * then down, every object and attribute must be as it was in the baseline. Each difference becomes
 * one sentence a developer can act on ("index public.menu_price_idx still exists after down").
 */
import type { SqlSession } from './types';

/** One object: its kind and name ("column public.menu.price") and its attributes. */
export interface CatalogObject {
  kind: string;
  name: string;
  attributes: Record<string, string>;
}

export type CatalogSnapshot = Map<string, CatalogObject>;

const USER_SCHEMA = `NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND %s NOT LIKE 'pg_temp%%' AND %s NOT LIKE 'pg_toast_temp%%'`;

function userSchema(column: string): string {
  return `${column} ${USER_SCHEMA.replace(/%s/g, column).replace(/%%/g, '%')}`;
}

/** Objects a PostgreSQL extension created belong to the extension, not to the migration. */
const NOT_FROM_EXTENSION = (classid: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${classid}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

interface Query {
  kind: string;
  sql: string;
}

const QUERIES: Query[] = [
  { kind: 'schema', sql: `SELECT quote_ident(nspname) AS name, '{}'::json AS attributes FROM pg_namespace n WHERE ${userSchema('nspname')} AND nspname <> 'public' AND ${NOT_FROM_EXTENSION('pg_namespace', 'n.oid')}` },
  { kind: 'extension', sql: `SELECT quote_ident(extname) AS name, json_build_object('version', extversion) AS attributes FROM pg_extension WHERE extname <> 'plpgsql'` },
  {
    kind: 'relation',
    sql: `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name,
                 json_build_object('kind', CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' WHEN 'S' THEN 'sequence' WHEN 'c' THEN 'composite type' END,
                   'persistence', CASE c.relpersistence WHEN 'u' THEN 'unlogged' ELSE 'logged' END,
                   'row level security', c.relrowsecurity::text,
                   'column order', (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                   'partition of', (SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid AND c.relispartition),
                   'partition bound', CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
                   'definition', CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END,
                   'sequence', (SELECT format('%s start %s increment %s min %s max %s%s', s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, CASE WHEN s.seqcycle THEN ' cycle' ELSE '' END) FROM pg_sequence s WHERE s.seqrelid = c.oid)) AS attributes
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND ${userSchema('n.nspname')} AND ${NOT_FROM_EXTENSION('pg_class', 'c.oid')}`,
  },
  {
    kind: 'column',
    sql: `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) || '.' || quote_ident(a.attname) AS name,
                 json_build_object('type', format_type(a.atttypid, a.atttypmod),
                   'nullability', CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END,
                   'default', CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                   'generated', CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                   'identity', CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END,
                   'collation', CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN (SELECT collname FROM pg_collation WHERE oid = a.attcollation) END) AS attributes
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
           WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c') AND ${userSchema('n.nspname')} AND ${NOT_FROM_EXTENSION('pg_class', 'c.oid')}`,
  },
  {
    kind: 'constraint',
    sql: `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) || '.' || quote_ident(k.conname) AS name,
                 json_build_object('definition', pg_get_constraintdef(k.oid), 'validity', CASE WHEN k.convalidated THEN 'valid' ELSE 'NOT VALID' END,
                   'deferrable', CASE WHEN k.condeferrable THEN CASE WHEN k.condeferred THEN 'DEFERRABLE INITIALLY DEFERRED' ELSE 'DEFERRABLE' END ELSE 'NOT DEFERRABLE' END) AS attributes
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE ${userSchema('n.nspname')} AND k.contype <> 'n'`,
  },
  {
    kind: 'domain constraint',
    sql: `SELECT quote_ident(n.nspname) || '.' || quote_ident(t.typname) || '.' || quote_ident(k.conname) AS name,
                 json_build_object('definition', pg_get_constraintdef(k.oid), 'validity', CASE WHEN k.convalidated THEN 'valid' ELSE 'NOT VALID' END) AS attributes
            FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE ${userSchema('n.nspname')}`,
  },
  {
    kind: 'index',
    sql: `SELECT quote_ident(n.nspname) || '.' || quote_ident(ic.relname) AS name,
                 json_build_object('definition', pg_get_indexdef(i.indexrelid), 'validity', CASE WHEN i.indisvalid THEN 'valid' ELSE 'INVALID' END) AS attributes
            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
           WHERE ${userSchema('n.nspname')} AND ${NOT_FROM_EXTENSION('pg_class', 'i.indrelid')}`,
  },
  {
    kind: 'type',
    sql: `SELECT quote_ident(n.nspname) || '.' || quote_ident(t.typname) AS name,
                 json_build_object('kind', CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range' WHEN 'm' THEN 'multirange' ELSE 'base' END,
                   'values', CASE WHEN t.typtype = 'e' THEN (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) END,
                   'base type', CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
                   'nullability', CASE WHEN t.typtype = 'd' AND t.typnotnull THEN 'NOT NULL' END,
                   'default', t.typdefault) AS attributes
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE t.typtype IN ('e', 'd', 'r', 'b') AND ${userSchema('n.nspname')} AND ${NOT_FROM_EXTENSION('pg_type', 't.oid')}
             AND NOT (t.typtype = 'b' AND t.typelem <> 0)`,
  },
  {
    kind: 'function',
    sql: `SELECT quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name,
                 json_build_object('kind', CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function' ELSE 'function' END,
                   'returns', pg_get_function_result(p.oid), 'body', md5(coalesce(p.prosrc, '')), 'language', (SELECT lanname FROM pg_language WHERE oid = p.prolang),
                   'volatility', p.provolatile::text, 'security definer', p.prosecdef::text) AS attributes
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE ${userSchema('n.nspname')} AND ${NOT_FROM_EXTENSION('pg_proc', 'p.oid')}`,
  },
  {
    kind: 'trigger',
    sql: `SELECT quote_ident(t.tgname) || ' on ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name,
                 json_build_object('definition', pg_get_triggerdef(t.oid), 'enabled', t.tgenabled::text) AS attributes
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE NOT t.tgisinternal AND ${userSchema('n.nspname')}`,
  },
  {
    kind: 'policy',
    sql: `SELECT quote_ident(p.polname) || ' on ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name,
                 json_build_object('command', p.polcmd::text, 'permissive', p.polpermissive::text, 'using', pg_get_expr(p.polqual, p.polrelid), 'check', pg_get_expr(p.polwithcheck, p.polrelid)) AS attributes
            FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE ${userSchema('n.nspname')}`,
  },
];

export async function catalogSnapshot(session: SqlSession): Promise<CatalogSnapshot> {
  const snapshot: CatalogSnapshot = new Map();
  for (const query of QUERIES) {
    const rows = await session.query<{ name: string; attributes: Record<string, unknown> | string }>(query.sql);
    for (const row of rows) {
      const raw = typeof row.attributes === 'string' ? (JSON.parse(row.attributes) as Record<string, unknown>) : row.attributes;
      const attributes: Record<string, string> = {};
      for (const [key, value] of Object.entries(raw ?? {})) if (value !== null && value !== undefined) attributes[key] = String(value);
      const kind = query.kind === 'relation' ? attributes.kind ?? 'relation' : query.kind;
      if (query.kind === 'relation') delete attributes.kind;
      snapshot.set(`${kind} ${row.name}`, { kind, name: row.name, attributes });
    }
  }
  return snapshot;
}

/** Every way `after` differs from `before`, one sentence each, in a stable order. */
export function compareCatalogs(before: CatalogSnapshot, after: CatalogSnapshot, when = 'after down'): string[] {
  const differences: string[] = [];
  for (const [key, object] of after) {
    if (!before.has(key)) differences.push(`${object.kind} ${object.name} still exists ${when}`);
  }
  for (const [key, object] of before) {
    const now = after.get(key);
    if (!now) {
      differences.push(`${object.kind} ${object.name} is missing ${when}`);
      continue;
    }
    const names = new Set([...Object.keys(object.attributes), ...Object.keys(now.attributes)]);
    for (const attribute of names) {
      const was = object.attributes[attribute];
      const is = now.attributes[attribute];
      if (was === is) continue;
      if (attribute === 'body') {
        differences.push(`${object.kind} ${object.name}: its body differs ${when}`);
        continue;
      }
      differences.push(`${object.kind} ${object.name}: ${attribute} is ${show(is)} ${when}, was ${show(was)}`);
    }
  }
  return differences;
}

function show(value: string | undefined): string {
  if (value === undefined) return 'none';
  return value.length > 160 ? `${value.slice(0, 157)}…` : value;
}
