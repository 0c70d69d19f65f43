/**
 * Expressions kept by the catalog (defaults, checks, index expressions and predicates, generated
 * columns): a readable rendering of the parse tree, and the columns it reads.
 *
 * The rendering parenthesises every operator, so it is unambiguous rather than pretty. Node kinds it
 * does not know are rendered as a stable JSON form, which keeps two renderings comparable.
 */
import type { Node } from 'libpg-query';
import { stringValue, unwrap, walk } from '../ast';
import type { Expr } from './model';
import { columnType, displayIdent } from './types';

export function makeExpr(ast: Node): Expr {
  return { text: deparseExpr(ast), ast, columns: columnRefs(ast) };
}

/** Column names read by an expression: the last name of each column reference. */
export function columnRefs(ast: unknown): string[] {
  const names: string[] = [];
  walk(ast, (kind, node) => {
    if (kind !== 'ColumnRef') return;
    const fields = (node.fields as Node[] | undefined) ?? [];
    const last = stringValue(fields[fields.length - 1]);
    if (last !== undefined && !names.includes(last)) names.push(last);
  });
  return names;
}

type Fields = Record<string, unknown>;

export function deparseExpr(node: Node | undefined): string {
  const unwrapped = unwrap(node);
  if (!unwrapped) return '';
  const render = RENDERERS[unwrapped.kind];
  return render ? render(unwrapped.value) : fallback(unwrapped.kind, unwrapped.value);
}

const list = (nodes: unknown): string => ((nodes as Node[] | undefined) ?? []).map(deparseExpr).join(', ');
const names = (nodes: unknown): string[] => ((nodes as Node[] | undefined) ?? []).map(stringValue).filter((n): n is string => n !== undefined);

const RENDERERS: Record<string, (value: Fields) => string> = {
  A_Const: (c) => constantText(c),
  ColumnRef: (c) => ((c.fields as Node[] | undefined) ?? []).map((f) => (unwrap(f)?.kind === 'A_Star' ? '*' : displayIdent(stringValue(f) ?? ''))).join('.'),
  ParamRef: (p) => `$${p.number ?? 0}`,
  A_Expr: (e) => renderAExpr(e),
  BoolExpr: (b) => {
    const args = ((b.args as Node[] | undefined) ?? []).map(deparseExpr);
    if (b.boolop === 'NOT_EXPR') return `(NOT ${args[0]})`;
    return `(${args.join(b.boolop === 'AND_EXPR' ? ' AND ' : ' OR ')})`;
  },
  FuncCall: (f) => {
    const fn = names(f.funcname).filter((n) => n !== 'pg_catalog').map(displayIdent).join('.');
    const args = f.agg_star ? '*' : `${f.agg_distinct ? 'DISTINCT ' : ''}${f.func_variadic ? 'VARIADIC ' : ''}${list(f.args)}`;
    return `${fn}(${args})`;
  },
  NamedArgExpr: (n) => `${n.name} => ${deparseExpr(n.arg as Node)}`,
  TypeCast: (t) => `(${deparseExpr(t.arg as Node)})::${typeText(t.typeName as never)}`,
  NullTest: (n) => `(${deparseExpr(n.arg as Node)} ${n.nulltesttype === 'IS_NOT_NULL' ? 'IS NOT NULL' : 'IS NULL'})`,
  BooleanTest: (b) => `(${deparseExpr(b.arg as Node)} ${String(b.booltesttype ?? '').replace(/_/g, ' ')})`,
  CaseExpr: (c) => {
    const subject = c.arg ? ` ${deparseExpr(c.arg as Node)}` : '';
    const whens = ((c.args as Node[] | undefined) ?? []).map((w) => {
      const when = (w as unknown as { CaseWhen: Fields }).CaseWhen;
      return ` WHEN ${deparseExpr(when.expr as Node)} THEN ${deparseExpr(when.result as Node)}`;
    });
    const otherwise = c.defresult ? ` ELSE ${deparseExpr(c.defresult as Node)}` : '';
    return `CASE${subject}${whens.join('')}${otherwise} END`;
  },
  CoalesceExpr: (c) => `COALESCE(${list(c.args)})`,
  MinMaxExpr: (m) => `${m.op === 'IS_GREATEST' ? 'GREATEST' : 'LEAST'}(${list(m.args)})`,
  NullIfExpr: (n) => `NULLIF(${list(n.args)})`,
  SQLValueFunction: (s) => sqlValueFunction(s),
  A_ArrayExpr: (a) => `ARRAY[${list(a.elements)}]`,
  RowExpr: (r) => `ROW(${list(r.args)})`,
  CollateClause: (c) => `(${deparseExpr(c.arg as Node)} COLLATE ${names(c.collname).map(displayIdent).join('.')})`,
  A_Indirection: (a) => `(${deparseExpr(a.arg as Node)})${((a.indirection as Node[] | undefined) ?? []).map(indirectionText).join('')}`,
  List: (l) => `(${list(l.items)})`,
};

function renderAExpr(e: Fields): string {
  const op = names(e.name).join('.');
  const left = e.lexpr ? deparseExpr(e.lexpr as Node) : undefined;
  const right = deparseExpr(e.rexpr as Node);
  switch (e.kind) {
    case 'AEXPR_OP_ANY':
      return `(${left} ${op} ANY (${right}))`;
    case 'AEXPR_OP_ALL':
      return `(${left} ${op} ALL (${right}))`;
    case 'AEXPR_DISTINCT':
      return `(${left} IS DISTINCT FROM ${right})`;
    case 'AEXPR_NOT_DISTINCT':
      return `(${left} IS NOT DISTINCT FROM ${right})`;
    case 'AEXPR_NULLIF':
      return `NULLIF(${left}, ${right})`;
    case 'AEXPR_IN':
      return `(${left} ${op === '<>' ? 'NOT IN' : 'IN'} ${right})`;
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE':
    case 'AEXPR_SIMILAR':
      return `(${left} ${op} ${right})`;
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN':
    case 'AEXPR_BETWEEN_SYM':
    case 'AEXPR_NOT_BETWEEN_SYM': {
      const bounds = (e.rexpr as { List?: { items?: Node[] } }).List?.items ?? [];
      const word = String(e.kind).replace('AEXPR_', '').replace(/_/g, ' ').replace('SYM', 'SYMMETRIC');
      return `(${left} ${word} ${deparseExpr(bounds[0])} AND ${deparseExpr(bounds[1])})`;
    }
    default:
      return left === undefined ? `(${op} ${right})` : `(${left} ${op} ${right})`;
  }
}

function indirectionText(node: Node): string {
  const unwrapped = unwrap(node);
  if (unwrapped?.kind === 'A_Indices') {
    const i = unwrapped.value;
    return i.is_slice ? `[${deparseExpr(i.lidx as Node)}:${deparseExpr(i.uidx as Node)}]` : `[${deparseExpr(i.uidx as Node)}]`;
  }
  if (unwrapped?.kind === 'A_Star') return '.*';
  return `.${displayIdent(stringValue(node) ?? '')}`;
}

/** The literal's text; numbers keep their written form, strings are quoted. */
export function constantText(c: Fields): string {
  if (c.isnull) return 'NULL';
  const value = constantValue(c);
  if (c.bsval) return `B'${value}'`;
  if (c.sval) return `'${value.replace(/'/g, "''")}'`;
  return String(value);
}

/** A constant's value as text: 0, -1, 1.5, true, or the string. Zero values are omitted by the parser. */
export function constantValue(c: Fields): string {
  if (c.ival) return String((c.ival as { ival?: number }).ival ?? 0);
  if (c.fval) return String((c.fval as { fval?: string }).fval ?? '0');
  if (c.boolval) return String((c.boolval as { boolval?: boolean }).boolval ?? false);
  if (c.sval) return (c.sval as { sval?: string }).sval ?? '';
  if (c.bsval) return (c.bsval as { bsval?: string }).bsval ?? '';
  return 'NULL';
}

const SQL_VALUE_FUNCTIONS: Record<string, string> = {
  SVFOP_CURRENT_DATE: 'CURRENT_DATE',
  SVFOP_CURRENT_TIME: 'CURRENT_TIME',
  SVFOP_CURRENT_TIME_N: 'CURRENT_TIME',
  SVFOP_CURRENT_TIMESTAMP: 'CURRENT_TIMESTAMP',
  SVFOP_CURRENT_TIMESTAMP_N: 'CURRENT_TIMESTAMP',
  SVFOP_LOCALTIME: 'LOCALTIME',
  SVFOP_LOCALTIME_N: 'LOCALTIME',
  SVFOP_LOCALTIMESTAMP: 'LOCALTIMESTAMP',
  SVFOP_LOCALTIMESTAMP_N: 'LOCALTIMESTAMP',
  SVFOP_CURRENT_ROLE: 'CURRENT_ROLE',
  SVFOP_CURRENT_USER: 'CURRENT_USER',
  SVFOP_USER: 'USER',
  SVFOP_SESSION_USER: 'SESSION_USER',
  SVFOP_CURRENT_CATALOG: 'CURRENT_CATALOG',
  SVFOP_CURRENT_SCHEMA: 'CURRENT_SCHEMA',
};

function sqlValueFunction(s: Fields): string {
  const name = SQL_VALUE_FUNCTIONS[String(s.op)] ?? String(s.op);
  return String(s.op).endsWith('_N') && typeof s.typmod === 'number' ? `${name}(${s.typmod})` : name;
}

function typeText(typeName: never): string {
  return columnType(typeName, () => undefined).display;
}

/** Unknown node kinds: their fields without source positions, which differ between two texts. */
function fallback(kind: string, value: Fields): string {
  return `${kind}${JSON.stringify(value, (key, v) => (key === 'location' ? undefined : v))}`;
}

/**
 * The column name PostgreSQL gives an expression in an index or a select list (FigureColname):
 * the function's name for `lower(email)`, the column's for a column, else undefined.
 */
export function figureColname(node: Node | undefined): string | undefined {
  const unwrapped = unwrap(node);
  if (!unwrapped) return undefined;
  const value = unwrapped.value;
  switch (unwrapped.kind) {
    case 'ColumnRef': {
      const fields = (value.fields as Node[] | undefined) ?? [];
      return stringValue(fields[fields.length - 1]);
    }
    case 'FuncCall': {
      const parts = names(value.funcname);
      return parts[parts.length - 1];
    }
    case 'TypeCast': {
      const inner = figureColname(value.arg as Node);
      if (inner) return inner;
      const parts = names((value.typeName as { names?: Node[] }).names);
      return parts[parts.length - 1];
    }
    case 'A_Indirection': {
      const last = ((value.indirection as Node[] | undefined) ?? []).slice(-1)[0];
      return stringValue(last) ?? figureColname(value.arg as Node);
    }
    case 'CaseExpr':
      return 'case';
    case 'CoalesceExpr':
      return 'coalesce';
    case 'MinMaxExpr':
      return value.op === 'IS_GREATEST' ? 'greatest' : 'least';
    case 'A_Expr':
      return value.kind === 'AEXPR_NULLIF' ? 'nullif' : undefined;
    case 'A_ArrayExpr':
      return 'array';
    case 'RowExpr':
      return 'row';
    case 'SQLValueFunction':
      return (SQL_VALUE_FUNCTIONS[String(value.op)] ?? '').toLowerCase() || undefined;
    default:
      return undefined;
  }
}
