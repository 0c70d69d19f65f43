/**
 * Expressions from the model (as written in the migration) and from PostgreSQL (as pg_get_expr
 * prints them back) are compared after the same normalisation. It undoes only what PostgreSQL
 * itself rewrites when it stores an expression; each rule below names the rewrite it undoes:
 *
 * 1. Literal coercion: `'x'` in a text column is stored as `'x'::text`, `-1` as `'-1'::integer`,
 *    an IN list of strings as `ARRAY['a'::text, 'b'::text]`. Casts directly on constants (and on
 *    arrays of constants) are removed, and every constant is compared by its text: `'-1'` = `-1`.
 * 2. Implicit casts on columns: a varchar column compared to text is stored as `(status)::text`.
 *    Casts directly on a column reference are removed (on both sides, so a cast the user wrote
 *    around a bare column is not checked: the model keeps the user's tree, so it cannot lose it).
 * 3. Assignment coercion of a default to its column: `DEFAULT now()` in a date column is stored as
 *    `(now())::date`. The outermost cast is removed only when it is to the column's own type.
 * 4. `x IN (a, b)` is stored as `x = ANY (ARRAY[a, b])`; `NOT IN` as `<> ALL`.
 * 5. `a BETWEEN x AND y` is stored as `(a >= x) AND (a <= y)`; NOT BETWEEN as `(a < x) OR (a > y)`.
 * 6. `LIKE` / `ILIKE` are stored as the operators `~~` / `~~*`.
 * 7. Nested AND (or OR) are one flat list once printed and parsed again, so both sides are flattened.
 * 8. An interval literal is stored as a value and printed by interval_out: `'12 months'::interval`
 *    comes back as `'1 year'::interval`, `'90 minutes'` as `'01:30:00'`. Simple literals (numbers
 *    with units) are brought to that output form; any other interval text is compared as written.
 *
 * Everything else must match exactly: operators, functions, column names, constant values, the
 * shape of the tree. `canonical.test.ts` shows that different expressions stay different.
 */
import type { Node } from 'libpg-query';
import { parseText } from '../../server/src/analysis/parse/pgParser';
import { constantValue, deparseExpr } from '../../server/src/analysis/schema/expr';
import { columnType } from '../../server/src/analysis/schema/types';

type Tree = Record<string, unknown>;

/** Canonical text of an expression given as SQL text (pg_get_expr output). */
export function canonicalFromText(text: string, columnTypeDisplay?: string): string {
  const parsed = parseText(`SELECT ${text}`);
  if (!parsed.ok) throw new Error(`cannot parse expression ${text}: ${parsed.message}`);
  const select = (parsed.statements[0].node as unknown as { SelectStmt: { targetList: Array<{ ResTarget: { val: Node } }> } }).SelectStmt;
  return canonicalFromAst(select.targetList[0].ResTarget.val, columnTypeDisplay);
}

/** Canonical text of an expression parse tree (as the model keeps it). */
export function canonicalFromAst(ast: Node, columnTypeDisplay?: string): string {
  let tree = normalise(ast) as Node;
  if (columnTypeDisplay !== undefined) tree = stripAssignmentCast(tree, columnTypeDisplay);
  return deparseExpr(tree);
}

function stripAssignmentCast(tree: Node, display: string): Node {
  const cast = (tree as unknown as { TypeCast?: { arg: Node; typeName: never } }).TypeCast;
  if (cast && columnType(cast.typeName, () => undefined).display.replace(/^public\./, '') === display.replace(/^public\./, '')) return cast.arg;
  return tree;
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (!value || typeof value !== 'object') return value;
  const record = value as Tree;
  const [kind] = Object.keys(record);
  const inner = record[kind] as Tree;
  switch (kind) {
    case 'TypeCast': {
      const interval = intervalLiteral(inner);
      if (interval !== undefined) return { A_Const: { sval: { sval: interval } } };
      const arg = normalise(inner.arg) as Tree;
      if (isConstant(arg) || isConstantArray(arg) || 'ColumnRef' in arg) return arg;
      return { TypeCast: { ...inner, arg } };
    }
    case 'A_Const':
      return inner.isnull ? record : { A_Const: { sval: { sval: constantValue(inner) } } };
    case 'A_Expr':
      return normaliseAExpr(inner);
    case 'BoolExpr': {
      const args = (normalise(inner.args) as Tree[]).flatMap((arg) => {
        const nested = arg.BoolExpr as Tree | undefined;
        return nested && nested.boolop === inner.boolop && inner.boolop !== 'NOT_EXPR' ? (nested.args as Tree[]) : [arg];
      });
      return { BoolExpr: { boolop: inner.boolop, args } };
    }
    default: {
      const copy: Tree = {};
      for (const [key, child] of Object.entries(inner ?? {})) if (key !== 'location') copy[key] = normalise(child);
      return { [kind]: copy };
    }
  }
}

function normaliseAExpr(inner: Tree): unknown {
  const lexpr = normalise(inner.lexpr);
  const rexpr = normalise(inner.rexpr);
  const name = inner.name as Node[];
  const op = (name?.[0] as unknown as { String?: { sval?: string } })?.String?.sval;
  switch (inner.kind) {
    case 'AEXPR_IN': {
      const items = Array.isArray(rexpr) ? rexpr : ((rexpr as Tree).List as Tree | undefined)?.items ?? [rexpr];
      const array = { A_ArrayExpr: { elements: items } };
      return { A_Expr: { kind: op === '<>' ? 'AEXPR_OP_ALL' : 'AEXPR_OP_ANY', name, lexpr, rexpr: array } };
    }
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN': {
      const bounds = (((rexpr as Tree).List as Tree | undefined)?.items as unknown[] | undefined) ?? [];
      const not = inner.kind === 'AEXPR_NOT_BETWEEN';
      const compare = (operator: string, bound: unknown) => ({ A_Expr: { kind: 'AEXPR_OP', name: [{ String: { sval: operator } }], lexpr, rexpr: bound } });
      return { BoolExpr: { boolop: not ? 'OR_EXPR' : 'AND_EXPR', args: [compare(not ? '<' : '>=', bounds[0]), compare(not ? '>' : '<=', bounds[1])] } };
    }
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE':
      return { A_Expr: { kind: 'AEXPR_OP', name, lexpr, rexpr } };
    default:
      return { A_Expr: { kind: inner.kind, name, ...(lexpr !== undefined ? { lexpr } : {}), rexpr } };
  }
}

const INTERVAL_UNITS: Record<string, [field: 'months' | 'days' | 'seconds', factor: number]> = {
  year: ['months', 12], month: ['months', 1], mon: ['months', 1], week: ['days', 7], day: ['days', 1],
  hour: ['seconds', 3600], minute: ['seconds', 60], min: ['seconds', 60], second: ['seconds', 1], sec: ['seconds', 1],
};

/** `'12 months'::interval` as interval_out prints it (`1 year`), for literals made of number-unit pairs only. */
function intervalLiteral(cast: Tree): string | undefined {
  const names = ((cast.typeName as Tree | undefined)?.names as Array<{ String?: { sval?: string } }> | undefined) ?? [];
  if (names[names.length - 1]?.String?.sval !== 'interval' || (cast.typeName as Tree).typmods) return undefined;
  const constant = (cast.arg as Tree | undefined)?.A_Const as Tree | undefined;
  const text = constant?.sval ? constantValue(constant) : undefined;
  const parts = text?.trim().toLowerCase().match(/^(?:[+-]?\d+\s*[a-z]+\s*)+$/) ? text.toLowerCase().match(/[+-]?\d+\s*[a-z]+/g) : null;
  if (!parts) return undefined;
  const total = { months: 0, days: 0, seconds: 0 };
  for (const part of parts) {
    const [, amount, unit] = /([+-]?\d+)\s*([a-z]+)/.exec(part) ?? [];
    const known = INTERVAL_UNITS[unit.replace(/s$/, '')];
    if (!known) return undefined;
    total[known[0]] += Number(amount) * known[1];
  }
  const plural = (n: number, word: string) => `${n} ${word}${Math.abs(n) === 1 ? '' : 's'}`;
  const out: string[] = [];
  const years = Math.trunc(total.months / 12);
  if (years) out.push(plural(years, 'year'));
  if (total.months % 12) out.push(plural(total.months % 12, 'mon'));
  if (total.days) out.push(plural(total.days, 'day'));
  if (total.seconds || out.length === 0) {
    const sign = total.seconds < 0 ? '-' : '';
    const abs = Math.abs(total.seconds);
    const pad = (n: number) => String(n).padStart(2, '0');
    out.push(`${sign}${pad(Math.trunc(abs / 3600))}:${pad(Math.trunc((abs % 3600) / 60))}:${pad(abs % 60)}`);
  }
  return out.join(' ');
}

function isConstant(tree: Tree): boolean {
  return 'A_Const' in tree;
}

/** `ARRAY['a'::text, 'b'::text]` and the empty `ARRAY[]` (whose element list the parser omits). */
function isConstantArray(tree: Tree): boolean {
  if (!('A_ArrayExpr' in tree)) return false;
  const elements = ((tree.A_ArrayExpr as Tree).elements as Tree[] | undefined) ?? [];
  return elements.every((e) => isConstant(e));
}
