/**
 * Data in the baseline, so data-dependent failures show up (SET NOT NULL over NULLs, UNIQUE over
 * duplicates, failing casts) and rewrites cost what they would: a seed file (SQL or a plain-format
 * pg_dump with COPY … FROM stdin blocks), or synthetic rows generated from the catalog.
 */
import { parseDocument } from '../analysis/parse/parseDocument';
import type { DataInfo, SqlSession, RunFailure } from './types';

export class DataError extends Error {
  constructor(readonly failure: RunFailure) {
    super(failure.message);
  }
}

// ─── Seed files ──────────────────────────────────────────────────────────────────────────────

/** Runs a seed file statement by statement; COPY … FROM stdin takes the data lines after it. */
export async function loadSeed(session: SqlSession, path: string, text: string, signal?: AbortSignal): Promise<number> {
  const document = parseDocument(text, { maxFileBytes: 512 * 1024 * 1024 });
  const syntax = document.problems.find((p) => p.code === 'syntax-error' || p.code === 'invalid-input');
  if (syntax) throw new DataError(located(path, document.lineIndex.positionAt(syntax.range.start), `The seed file has a syntax error: ${syntax.message}`));
  let rows = 0;
  for (const statement of document.statements) {
    if (statement.kind === 'EmptyStmt') continue;
    const copyData = isCopyFromStdin(statement.text) ? copyBlockAfter(text, statement.range.end) : undefined;
    const result = copyData !== undefined ? await session.copyFrom(statement.text, copyData, signal) : await session.execute(statement.text, signal);
    if (result.error) {
      const at = document.lineIndex.positionAt(statement.range.start);
      throw new DataError({ ...located(path, at, `The seed file failed: ${result.error.message}`), sqlstate: result.error.sqlstate });
    }
    rows += result.rowsAffected ?? 0;
  }
  // pg_dump sets search_path to '' for the session; the migration must see the defaults again.
  await session.execute('RESET ALL');
  return rows;
}

function located(file: string, at: { line: number; character: number }, message: string): RunFailure {
  return { message: `${message} (${file}:${at.line + 1}:${at.character + 1})`, file, line: at.line + 1, column: at.character + 1 };
}

function isCopyFromStdin(sql: string): boolean {
  return /^\s*COPY\b[\s\S]*\bFROM\s+STDIN\b/i.test(sql);
}

/** The lines after a COPY statement up to the `\.` line, as COPY's text format expects them. */
export function copyBlockAfter(text: string, statementEnd: number): string {
  const lineEnd = text.indexOf('\n', statementEnd);
  if (lineEnd < 0) return '';
  const start = lineEnd + 1;
  const terminator = /^\\\.[ \t]*\r?$/m;
  terminator.lastIndex = 0;
  const rest = text.slice(start);
  const match = terminator.exec(rest);
  const block = match ? rest.slice(0, match.index) : rest;
  return block.replace(/\r\n/g, '\n');
}

// ─── Synthetic rows ──────────────────────────────────────────────────────────────────────────

interface ColumnInfo {
  name: string;
  type: string;
  category: string;
  typeName: string;
  typtype: string;
  baseCategory: string;
  baseTypeName: string;
  notNull: boolean;
  defaultExpr: string | null;
  identity: boolean;
  generated: boolean;
  typmod: number;
  enumCount: number;
}

interface TableInfo {
  oid: string;
  name: string;
  columns: ColumnInfo[];
  uniqueColumns: Set<string>;
  checks: string[];
  foreignKeys: Array<{ columns: string[]; parent: string; parentColumns: string[] }>;
}

/** Fills every user table with `rowsPerTable` rows, parents before children; says what it skipped and why. */
export async function fillSyntheticRows(session: SqlSession, rowsPerTable: number, signal?: AbortSignal): Promise<Pick<DataInfo, 'rows' | 'skipped'>> {
  const tables = await describeTables(session);
  const rows: Record<string, number> = {};
  const skipped: string[] = [];
  for (const table of parentsFirst(tables)) {
    if (signal?.aborted) break;
    const plan = insertPlan(table, rowsPerTable, rows);
    if ('skip' in plan) {
      skipped.push(`${table.name}: ${plan.skip}`);
      continue;
    }
    let result = await session.execute(plan.withChecks, signal);
    if (result.error && plan.withChecks !== plan.withoutChecks) result = await session.execute(plan.withoutChecks, signal);
    if (result.error) {
      skipped.push(`${table.name}: ${result.error.message}`);
      continue;
    }
    rows[table.name] = result.rowsAffected ?? 0;
    if ((result.rowsAffected ?? 0) < rowsPerTable) skipped.push(`${table.name}: ${rowsPerTable - (result.rowsAffected ?? 0)} of ${rowsPerTable} rows left out by unique or check constraints`);
  }
  return { rows, skipped };
}

async function describeTables(session: SqlSession): Promise<TableInfo[]> {
  const tableRows = await session.query<{ oid: string; name: string }>(
    `SELECT c.oid::text AS oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY c.oid`,
  );
  const columnRows = await session.query<{ rel: string } & Omit<ColumnInfo, never>>(
    `SELECT a.attrelid::text AS rel, quote_ident(a.attname) AS name, format_type(a.atttypid, a.atttypmod) AS type, t.typcategory AS category, t.typname AS "typeName",
            t.typtype AS typtype, coalesce(bt.typcategory, t.typcategory) AS "baseCategory", coalesce(bt.typname, t.typname) AS "baseTypeName",
            a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS "defaultExpr", a.attidentity <> '' AS identity, a.attgenerated <> '' AS generated,
            coalesce(nullif(a.atttypmod, -1), t.typtypmod) AS typmod,
            (SELECT count(*)::int FROM pg_enum e WHERE e.enumtypid = coalesce(bt.oid, t.oid)) AS "enumCount"
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attrelid = ANY($1::oid[])
      ORDER BY a.attrelid, a.attnum`,
    [tableRows.map((t) => t.oid)],
  );
  const constraintRows = await session.query<{ rel: string; type: string; columns: string[]; parent: string | null; parentColumns: string[] | null; definition: string }>(
    `SELECT k.conrelid::text AS rel, k.contype::text AS type,
            ARRAY(SELECT quote_ident(a.attname) FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS columns,
            CASE WHEN k.contype = 'f' THEN k.confrelid::regclass::text END AS parent,
            CASE WHEN k.contype = 'f' THEN ARRAY(SELECT quote_ident(a.attname) FROM unnest(k.confkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i) END AS "parentColumns",
            pg_get_constraintdef(k.oid) AS definition
       FROM pg_constraint k WHERE k.conrelid = ANY($1::oid[]) AND k.contype IN ('p', 'u', 'f', 'c')`,
    [tableRows.map((t) => t.oid)],
  );
  const uniqueIndexRows = await session.query<{ rel: string; columns: string[] }>(
    `SELECT i.indrelid::text AS rel, ARRAY(SELECT quote_ident(a.attname) FROM unnest(i.indkey) u(n) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.n) AS columns
       FROM pg_index i WHERE i.indisunique AND i.indrelid = ANY($1::oid[])`,
    [tableRows.map((t) => t.oid)],
  );
  const nameOf = new Map(tableRows.map((t) => [t.oid, t.name]));
  return tableRows.map((t) => {
    const constraints = constraintRows.filter((c) => c.rel === t.oid);
    return {
      oid: t.oid,
      name: t.name,
      columns: columnRows.filter((c) => c.rel === t.oid),
      uniqueColumns: new Set([...constraints.filter((c) => c.type === 'p' || c.type === 'u').flatMap((c) => c.columns), ...uniqueIndexRows.filter((u) => u.rel === t.oid).flatMap((u) => u.columns)]),
      checks: constraints.filter((c) => c.type === 'c').map((c) => checkExpression(c.definition)),
      foreignKeys: constraints
        .filter((c) => c.type === 'f' && c.parent)
        .map((c) => ({ columns: c.columns, parent: normaliseName(c.parent!, nameOf), parentColumns: c.parentColumns ?? [] })),
    };
  });
}

/** `CHECK ((price > (0)::numeric)) NOT VALID` → `(price > (0)::numeric)`. */
function checkExpression(definition: string): string {
  return definition.replace(/^CHECK\s*/i, '').replace(/\s+NOT VALID\s*$/i, '').replace(/\s+NO INHERIT\s*$/i, '');
}

/** regclass text omits `public.`; the table list always qualifies. */
function normaliseName(regclass: string, known: Map<string, string>): string {
  const names = [...known.values()];
  return names.find((n) => n === regclass) ?? names.find((n) => n === `public.${regclass}`) ?? regclass;
}

/** Parents before children (Kahn's algorithm); cycles keep their original order. */
function parentsFirst(tables: TableInfo[]): TableInfo[] {
  const ordered: TableInfo[] = [];
  const done = new Set<string>();
  let remaining = [...tables];
  while (remaining.length > 0) {
    const ready = remaining.filter((t) => t.foreignKeys.every((fk) => fk.parent === t.name || done.has(fk.parent) || !tables.some((o) => o.name === fk.parent)));
    const next = ready.length > 0 ? ready : [remaining[0]];
    for (const table of next) {
      ordered.push(table);
      done.add(table.name);
    }
    remaining = remaining.filter((t) => !next.includes(t));
  }
  return ordered;
}

type InsertPlan = { withChecks: string; withoutChecks: string } | { skip: string };

function insertPlan(table: TableInfo, count: number, filled: Record<string, number>): InsertPlan {
  const selected: string[] = [];
  const names: string[] = [];
  const joins: string[] = [];
  const add = (column: ColumnInfo, expression: string) => {
    selected.push(`${expression} AS ${column.name}`);
    names.push(column.name);
  };
  for (const column of table.columns) {
    if (column.identity || column.generated) continue;
    const isUnique = table.uniqueColumns.has(column.name);
    if (column.defaultExpr !== null && (/nextval\(/i.test(column.defaultExpr) || !isUnique)) continue;
    const fk = table.foreignKeys.find((f) => f.columns.includes(column.name));
    if (fk) {
      const usable = fk.columns.length === 1 && fk.parent !== table.name && (filled[fk.parent] ?? 0) > 0;
      if (!usable) {
        if (!column.notNull) {
          add(column, `NULL::${column.type}`);
          continue;
        }
        return { skip: `column ${column.name} must reference ${fk.parent}, which has no generated rows${fk.columns.length > 1 ? ' (multi-column foreign keys are not generated)' : ''}` };
      }
      const alias = `fk${joins.length}`;
      joins.push(`CROSS JOIN (SELECT array_agg(${fk.parentColumns[0]}) AS keys FROM ${fk.parent}) AS ${alias}`);
      const pick = `${alias}.keys[1 + ((g - 1) % cardinality(${alias}.keys))]`;
      add(column, nullable(column, isUnique, pick));
      continue;
    }
    const value = valueExpression(column, table.name, isUnique ? 'g' : '(g % 7 + 1)');
    if (value === undefined) {
      if (!column.notNull) {
        add(column, `NULL::${column.type}`);
        continue;
      }
      return { skip: `no generator for column ${column.name} of type ${column.type}` };
    }
    add(column, nullable(column, isUnique, `(${value})::${column.type}`));
  }
  if (selected.length === 0) return { skip: 'every column has a default or is generated; nothing to generate' };
  const source = `SELECT ${selected.join(', ')} FROM generate_series(1, ${count}) AS g ${joins.join(' ')}`;
  const insert = (where: string) => `INSERT INTO ${table.name} (${names.join(', ')}) SELECT ${names.join(', ')} FROM (${source}) AS generated${where} ON CONFLICT DO NOTHING`;
  const where = table.checks.length > 0 ? ` WHERE ${table.checks.map((c) => `(${c}) IS NOT FALSE`).join(' AND ')}` : '';
  return { withChecks: insert(where), withoutChecks: insert('') };
}

/** Some NULLs in nullable, non-unique columns: every fifth row. */
function nullable(column: ColumnInfo, isUnique: boolean, expression: string): string {
  return column.notNull || isUnique ? expression : `CASE WHEN g % 5 = 0 THEN NULL ELSE ${expression} END`;
}

/** A value of the column's type built from `v` (the row number, or a small cycle for non-unique columns). */
function valueExpression(column: ColumnInfo, table: string, v: string): string | undefined {
  const type = column.baseTypeName;
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const length = textLength(column);
  switch (type) {
    case 'int2':
      return `${v} % 32000`;
    case 'int4':
    case 'int8':
    case 'oid':
      return v;
    case 'float4':
    case 'float8':
      return `${v} * 1.5`;
    case 'numeric':
      return numericValue(column.typmod, v);
    case 'bool':
      return `${v} % 2 = 0`;
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'citext': {
      const word = column.name.replace(/"/g, '');
      const value = `${literal(word + ' ')} || ${v}`;
      return length !== undefined && length < word.length + 8 ? `right(${v}::text, ${length})` : value;
    }
    case 'date':
      return `date '2024-01-01' + (${v} % 3650)::int`;
    case 'timestamp':
    case 'timestamptz':
      return `timestamp '2024-01-01' + ${v} * interval '1 minute'`;
    case 'time':
    case 'timetz':
      return `time '00:00' + (${v} % 86400) * interval '1 second'`;
    case 'interval':
      return `${v} * interval '1 minute'`;
    case 'uuid':
      return `md5(${literal(`${table}.${column.name}.`)} || ${v})::uuid`;
    case 'json':
    case 'jsonb':
      return `json_build_object('n', ${v})`;
    case 'bytea':
      return `decode(md5(${v}::text), 'hex')`;
    case 'inet':
    case 'cidr':
      return `('10.' || (${v} / 65536) % 256 || '.' || (${v} / 256) % 256 || '.' || ${v} % 256)`;
    default:
      if (column.enumCount > 0) return `(enum_range(NULL::${column.type}))[1 + (${v} % ${column.enumCount})]`;
      if (column.category === 'A') return `'{}'`;
      return undefined;
  }
}

/** varchar(n)/char(n) length from the type modifier (n + 4), when limited. */
function textLength(column: ColumnInfo): number | undefined {
  if ((column.baseTypeName === 'varchar' || column.baseTypeName === 'bpchar') && column.typmod > 4) return column.typmod - 4;
  return undefined;
}

/** numeric(p, s): stay below 10^(p-s) so the value fits. */
function numericValue(typmod: number, v: string): string {
  if (typmod < 4) return `${v} / 10.0`;
  const precision = ((typmod - 4) >> 16) & 0xffff;
  const scale = (typmod - 4) & 0xffff;
  const digits = Math.max(0, precision - scale);
  if (digits === 0) return '0';
  const limit = 10 ** Math.min(digits, 15);
  return `(${v} % ${limit - 1} + 1)`;
}
