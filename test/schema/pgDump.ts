/**
 * Reads a real PostgreSQL catalog (PGlite) into the snapshot shape: pg_catalog queries with
 * format_type, pg_get_expr, pg_get_constraintdef and pg_get_indexdef. Index definitions are parsed
 * back with PostgreSQL's own parser so their parts compare one by one.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Constraint as ConstraintNode, IndexElem, IndexStmt, Node } from 'libpg-query';
import { parseText } from '../../server/src/analysis/parse/pgParser';
import { indexKeyFromElem } from '../../server/src/analysis/schema/indexes';
import type { IndexKey } from '../../server/src/analysis/schema/model';
import { canonicalFromAst, canonicalFromText } from './canonical';
import type { ColumnShape, ConstraintShape, IndexShape, SchemaSnapshot, SequenceShape } from './snapshot';
import { keyText } from './snapshot';

const USER_SCHEMA = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'`;
const QUALIFIED = (alias: string, ns: string) => `${ns}.nspname || '.' || ${alias}.relname`;

async function rows<T>(db: PGlite, sql: string): Promise<T[]> {
  return (await db.query<T>(sql)).rows;
}

export async function fromDatabase(db: PGlite): Promise<SchemaSnapshot> {
  const snapshot: SchemaSnapshot = { schemas: [], tables: {}, indexes: {}, views: {}, sequences: {}, enums: {}, domains: {}, functions: [] };
  // Extensions' objects are not the migrations' own; the model does not know them.
  const extensionMember = (cls: string, alias: string) =>
    `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '${cls}'::regclass AND e.objid = ${alias}.oid AND e.deptype = 'e')`;
  snapshot.schemas = (
    await rows<{ nspname: string }>(db, `SELECT n.nspname FROM pg_namespace n WHERE ${USER_SCHEMA} ORDER BY 1`)
  ).map((r) => r.nspname);
  await readTables(db, snapshot);
  await readColumns(db, snapshot);
  await readConstraints(db, snapshot);
  await readIndexes(db, snapshot);
  await readTriggers(db, snapshot);
  await readViews(db, snapshot);
  await readSequences(db, snapshot);
  for (const r of await rows<{ key: string; labels: string[] }>(
    db,
    `SELECT n.nspname || '.' || t.typname AS key, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE ${USER_SCHEMA} AND ${extensionMember('pg_type', 't')} GROUP BY 1 ORDER BY 1`,
  )) {
    snapshot.enums[r.key] = r.labels;
  }
  await readDomains(db, snapshot);
  snapshot.functions = (
    await rows<{ sig: string }>(
      db,
      `SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END || ' ' || n.nspname || '.' || p.proname || '(' || oidvectortypes(p.proargtypes) || ')' AS sig
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE ${USER_SCHEMA} AND ${extensionMember('pg_proc', 'p')} ORDER BY 1`,
    )
  ).map((r) => r.sig);
  snapshot.functions.sort();
  return snapshot;
}

async function readTables(db: PGlite, snapshot: SchemaSnapshot): Promise<void> {
  for (const r of await rows<{ key: string; relpersistence: string; partkey: string | null; bound: string | null; parent: string | null }>(
    db,
    `SELECT ${QUALIFIED('c', 'n')} AS key, c.relpersistence, pg_get_partkeydef(c.oid) AS partkey,
            pg_get_expr(c.relpartbound, c.oid) AS bound,
            (SELECT ${QUALIFIED('pc', 'pn')} FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid) AS parent
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND c.relpersistence <> 't' AND ${USER_SCHEMA} ORDER BY 1`,
  )) {
    snapshot.tables[r.key] = { persistence: r.relpersistence === 'u' ? 'unlogged' : 'permanent', columns: [], constraints: {}, triggers: {} };
    if (r.partkey) snapshot.tables[r.key].partitionKey = partitionKeyText(r.partkey);
    if (r.parent && r.bound) snapshot.tables[r.key].partitionOf = { parent: r.parent, bound: r.bound };
  }
}

/** `RANGE (created_on)` with the key expressions canonical. */
function partitionKeyText(partkey: string): string {
  const open = partkey.indexOf('(');
  const strategy = partkey.slice(0, open).trim();
  const inner = partkey.slice(open + 1, partkey.lastIndexOf(')'));
  const parsed = parseText(`SELECT ${inner}`);
  if (!parsed.ok) throw new Error(`cannot parse partition key ${partkey}`);
  const targets = (parsed.statements[0].node as unknown as { SelectStmt: { targetList: Array<{ ResTarget: { val: Node } }> } }).SelectStmt.targetList;
  return `${strategy} (${targets.map((t) => canonicalFromAst(t.ResTarget.val)).join(', ')})`;
}

async function readColumns(db: PGlite, snapshot: SchemaSnapshot): Promise<void> {
  for (const r of await rows<{ key: string; attname: string; type: string; attnotnull: boolean; def: string | null; attidentity: string; attgenerated: string }>(
    db,
    `SELECT ${QUALIFIED('c', 'n')} AS key, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
            pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity, a.attgenerated
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE c.relkind IN ('r', 'p') AND c.relpersistence <> 't' AND a.attnum > 0 AND NOT a.attisdropped AND ${USER_SCHEMA}
      ORDER BY 1, a.attnum`,
  )) {
    const column: ColumnShape = { name: r.attname, type: r.type, notNull: r.attnotnull };
    if (r.def !== null && r.attgenerated === '') column.default = canonicalFromText(r.def, r.type);
    if (r.attidentity) column.identity = r.attidentity === 'a' ? 'always' : 'by default';
    if (r.def !== null && r.attgenerated !== '') column.generated = `${r.attgenerated === 's' ? 'stored' : 'virtual'} ${canonicalFromText(r.def)}`;
    snapshot.tables[r.key]?.columns.push(column);
  }
}

const ACTIONS: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
const MATCH: Record<string, string> = { s: 'simple', f: 'full', p: 'partial' };
const KINDS: Record<string, ConstraintShape['kind']> = { p: 'primary key', u: 'unique', c: 'check', f: 'foreign key', x: 'exclusion', n: 'not null' };

interface ConstraintRow {
  key: string;
  conname: string;
  contype: string;
  columns: string[];
  convalidated: boolean;
  conenforced: boolean;
  condeferrable: boolean;
  condeferred: boolean;
  connoinherit: boolean;
  coninhcount: number;
  check: string | null;
  reftable: string | null;
  refcolumns: string[] | null;
  confupdtype: string;
  confdeltype: string;
  confmatchtype: string;
  index: string | null;
}

async function readConstraints(db: PGlite, snapshot: SchemaSnapshot): Promise<void> {
  const columnNames = (rel: string, keys: string) =>
    `ARRAY(SELECT att.attname::text FROM unnest(${keys}) WITH ORDINALITY k(num, ord) JOIN pg_attribute att ON att.attrelid = ${rel} AND att.attnum = k.num ORDER BY k.ord)`;
  for (const r of await rows<ConstraintRow>(
    db,
    `SELECT ${QUALIFIED('c', 'n')} AS key, con.conname, con.contype, ${columnNames('con.conrelid', 'con.conkey')} AS columns,
            con.convalidated, con.conenforced, con.condeferrable, con.condeferred, con.connoinherit, con.coninhcount,
            CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END AS "check",
            (SELECT ${QUALIFIED('rc', 'rn')} FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = con.confrelid) AS reftable,
            ${columnNames('con.confrelid', 'con.confkey')} AS refcolumns,
            con.confupdtype, con.confdeltype, con.confmatchtype,
            (SELECT ${QUALIFIED('ic', 'inn')} FROM pg_class ic JOIN pg_namespace inn ON inn.oid = ic.relnamespace WHERE ic.oid = con.conindid AND con.contype IN ('p', 'u', 'x')) AS index
       FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND c.relpersistence <> 't' AND ${USER_SCHEMA}
      ORDER BY 1, 2`,
  )) {
    const kind = KINDS[r.contype];
    const shape: ConstraintShape = {
      kind,
      columns: kind === 'check' ? [...r.columns].sort() : r.columns,
      validated: r.convalidated,
      enforced: r.conenforced,
      deferrable: r.condeferrable,
      initiallyDeferred: r.condeferred,
      noInherit: r.connoinherit,
      inherited: r.coninhcount > 0,
    };
    if (r.check !== null) shape.check = canonicalFromText(r.check);
    if (r.contype === 'f') {
      shape.references = `${r.reftable}(${(r.refcolumns ?? []).join(', ')}) on delete ${ACTIONS[r.confdeltype]} on update ${ACTIONS[r.confupdtype]} match ${MATCH[r.confmatchtype]}`;
    }
    if (r.index) shape.index = r.index;
    const table = snapshot.tables[r.key];
    if (table) table.constraints[r.conname] = shape;
  }
}

async function readIndexes(db: PGlite, snapshot: SchemaSnapshot): Promise<void> {
  for (const r of await rows<{ key: string; tablekey: string; def: string; indisvalid: boolean; indisunique: boolean; indnullsnotdistinct: boolean; constraint: string | null; condef: string | null; parent: string | null }>(
    db,
    `SELECT ${QUALIFIED('ic', 'n')} AS key, ${QUALIFIED('tc', 'tn')} AS tablekey, pg_get_indexdef(i.indexrelid) AS def,
            i.indisvalid, i.indisunique, i.indnullsnotdistinct,
            con.conname AS "constraint", CASE WHEN con.contype = 'x' THEN pg_get_constraintdef(con.oid) END AS condef,
            (SELECT ${QUALIFIED('pc', 'pn')} FROM pg_inherits h JOIN pg_class pc ON pc.oid = h.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE h.inhrelid = i.indexrelid) AS parent
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
       JOIN pg_class tc ON tc.oid = i.indrelid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
       LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x') AND con.conrelid = i.indrelid
      WHERE tc.relpersistence <> 't' AND ${USER_SCHEMA} ORDER BY 1`,
  )) {
    const parsed = parseText(r.def);
    if (!parsed.ok) throw new Error(`cannot parse index definition ${r.def}`);
    const stmt = (parsed.statements[0].node as unknown as { IndexStmt: IndexStmt }).IndexStmt;
    let keys = elems(stmt.indexParams).map((e) => keyText(indexKeyFromElem(e)));
    if (r.condef) keys = exclusionKeys(r.condef);
    const shape: IndexShape = {
      table: r.tablekey,
      unique: r.indisunique,
      nullsNotDistinct: r.indnullsnotdistinct,
      method: stmt.accessMethod ?? 'btree',
      keys,
      include: elems(stmt.indexIncludingParams).map((e) => e.name ?? ''),
      valid: r.indisvalid,
    };
    if (stmt.whereClause) shape.predicate = canonicalFromAst(stmt.whereClause);
    if (r.constraint) shape.constraint = r.constraint;
    if (r.parent) shape.parent = r.parent;
    snapshot.indexes[r.key] = shape;
  }
}

function elems(nodes: Node[] | undefined): IndexElem[] {
  return (nodes ?? []).map((n) => (n as unknown as { IndexElem: IndexElem }).IndexElem);
}

/** An exclusion constraint's keys carry their operators, which only its definition shows. */
function exclusionKeys(condef: string): string[] {
  const parsed = parseText(`ALTER TABLE t ADD ${condef}`);
  if (!parsed.ok) throw new Error(`cannot parse constraint ${condef}`);
  const cmd = (parsed.statements[0].node as unknown as { AlterTableStmt: { cmds: Array<{ AlterTableCmd: { def: { Constraint: ConstraintNode } } }> } }).AlterTableStmt.cmds[0];
  return (cmd.AlterTableCmd.def.Constraint.exclusions ?? []).map((pair) => {
    const [elem, ops] = (pair as unknown as { List: { items: Node[] } }).List.items;
    const key: IndexKey = indexKeyFromElem((elem as unknown as { IndexElem: IndexElem }).IndexElem);
    key.operator = (ops as unknown as { List: { items: Array<{ String: { sval: string } }> } }).List.items.map((s) => s.String.sval).join('.');
    return keyText(key);
  });
}

async function readTriggers(db: PGlite, snapshot: SchemaSnapshot): Promise<void> {
  for (const r of await rows<{ key: string; tgname: string; tgtype: number; fn: string }>(
    db,
    `SELECT ${QUALIFIED('c', 'n')} AS key, t.tgname, t.tgtype, fn.nspname || '.' || p.proname AS fn
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace fn ON fn.oid = p.pronamespace
      WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND ${USER_SCHEMA} ORDER BY 1, 2`,
  )) {
    const type = r.tgtype;
    const timing = type & 64 ? 'instead of' : type & 2 ? 'before' : 'after';
    const events = [type & 4 ? 'insert' : '', type & 16 ? 'update' : '', type & 8 ? 'delete' : '', type & 32 ? 'truncate' : ''].filter(Boolean);
    const table = snapshot.tables[r.key];
    if (table) table.triggers[r.tgname] = `${timing} ${events.join(' or ')} ${type & 1 ? 'row' : 'statement'} ${r.fn}`;
  }
}

async function readViews(db: PGlite, snapshot: SchemaSnapshot): Promise<void> {
  for (const r of await rows<{ key: string; relkind: string; columns: string[] }>(
    db,
    `SELECT ${QUALIFIED('c', 'n')} AS key, c.relkind,
            ARRAY(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS columns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('v', 'm') AND ${USER_SCHEMA} ORDER BY 1`,
  )) {
    snapshot.views[r.key] = { materialized: r.relkind === 'm', columns: r.columns, dependsOn: [] };
  }
  for (const r of await rows<{ key: string; dep: string }>(
    db,
    `SELECT DISTINCT ${QUALIFIED('v', 'vn')} AS key, ${QUALIFIED('t', 'tn')} || '.' || a.attname AS dep
       FROM pg_depend d JOIN pg_rewrite rw ON rw.oid = d.objid
       JOIN pg_class v ON v.oid = rw.ev_class JOIN pg_namespace vn ON vn.oid = v.relnamespace
       JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
       JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.refobjid <> v.oid
      ORDER BY 1, 2`,
  )) {
    snapshot.views[r.key]?.dependsOn.push(r.dep);
  }
}

async function readSequences(db: PGlite, snapshot: SchemaSnapshot): Promise<void> {
  for (const r of await rows<{ key: string; type: string; seqincrement: string; seqstart: string; owner: string | null }>(
    db,
    `SELECT ${QUALIFIED('c', 'n')} AS key, format_type(s.seqtypid, NULL) AS type, s.seqincrement::text, s.seqstart::text,
            (SELECT ${QUALIFIED('t', 'tn')} || '.' || a.attname FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
               JOIN pg_namespace tn ON tn.oid = t.relnamespace JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')) AS owner
       FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${USER_SCHEMA} ORDER BY 1`,
  )) {
    const shape: SequenceShape = { type: r.type, increment: Number(r.seqincrement), start: Number(r.seqstart) };
    if (r.owner) shape.ownedBy = r.owner;
    snapshot.sequences[r.key] = shape;
  }
}

async function readDomains(db: PGlite, snapshot: SchemaSnapshot): Promise<void> {
  for (const r of await rows<{ key: string; base: string; typnotnull: boolean; typdefault: string | null; checks: Array<{ name: string; expr: string; validated: boolean }> | null }>(
    db,
    `SELECT n.nspname || '.' || t.typname AS key, format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull, t.typdefault,
            (SELECT json_agg(json_build_object('name', c.conname, 'expr', pg_get_expr(c.conbin, 0), 'validated', c.convalidated) ORDER BY c.conname)
               FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c') AS checks
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE t.typtype = 'd' AND ${USER_SCHEMA} ORDER BY 1`,
  )) {
    const shape = { base: r.base, notNull: r.typnotnull, checks: {} as Record<string, string> } as SchemaSnapshot['domains'][string];
    if (r.typdefault !== null) shape.default = canonicalFromText(r.typdefault, r.base);
    for (const check of r.checks ?? []) shape.checks[check.name] = canonicalFromText(check.expr) + (check.validated ? '' : ' NOT VALID');
    snapshot.domains[r.key] = shape;
  }
}
