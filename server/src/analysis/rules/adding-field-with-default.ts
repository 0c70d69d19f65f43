import type { A_Const, AlterTableStmt, ColumnDef, Constraint, FuncCall, Node, TypeCast } from 'libpg-query';
import { asKind, nodeOfKind, stringValue, walk } from '../ast';
import { builtinVolatility } from '../catalog/functions';
import { alterTableCommands, alteredTable, columnConstraints, lockPhrase, virtualGeneratedFix } from './helpers';
import type { Rule, RuleFinding, StatementContext } from './types';
import { volatileDefaultFix } from '../fixes/recipes/addColumn';

export const addingFieldWithDefault: Rule = {
  meta: {
    id: 'adding-field-with-default',
    category: 'rewrite',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'ADD COLUMN with a volatile DEFAULT (any DEFAULT before PostgreSQL 11), an identity or a STORED generated column rewrites the whole table under an ACCESS EXCLUSIVE lock.',
    docs: {
      badExample: 'ALTER TABLE warehouses ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      goodExample:
        'ALTER TABLE warehouses ADD COLUMN token uuid;\nALTER TABLE warehouses ALTER COLUMN token SET DEFAULT gen_random_uuid();\n-- then backfill the existing rows in batches, outside this transaction:\n-- UPDATE warehouses SET token = gen_random_uuid() WHERE id BETWEEN … AND … AND token IS NULL;',
      why: 'From PostgreSQL 11, ADD COLUMN with a non-volatile DEFAULT (a constant, or a stable expression such as now() that is evaluated once) only records the value in the catalog. A volatile DEFAULT (random(), gen_random_uuid(), clock_timestamp(), nextval(), or a function PostgreSQL does not know to be non-volatile), an identity column or a STORED generated column must compute a value for every row, so the table and all its indexes are rewritten while an ACCESS EXCLUSIVE lock blocks every read and write. Before PostgreSQL 11 every non-NULL DEFAULT rewrites the table. Volatility comes from pg_catalog.pg_proc, generated from PostgreSQL itself.',
      lock: 'AccessExclusiveLock',
      safeAlternative:
        'Add the column without the default, then SET DEFAULT for new rows, and backfill the existing rows in batches outside the DDL transaction. For a generated value, use a trigger plus a batched backfill; on PostgreSQL 18 a VIRTUAL generated column needs no rewrite.',
      squawkDifference:
        'Squawk applies the PostgreSQL 11 fast default only above 11.0; Safeshift from 11.0, where it was introduced. Squawk treats every function call with arguments, schema-qualified calls (pg_catalog.now()), unary minus (-1), parentheses, NOT, CURRENT_DATE, CURRENT_USER, LOCALTIMESTAMP and coalesce() as volatile; Safeshift looks every call up in pg_catalog (by name and argument count) and flags only volatile or unknown functions. Safeshift does not flag DEFAULT NULL (PostgreSQL stores no default for it, on any version), VIRTUAL generated columns (PostgreSQL 18), or a table created earlier in the same file.',
    },
  },
  check(context) {
    const table = alteredTable(context.statement);
    // A foreign table stores nothing here, so nothing is rewritten.
    const objtype = asKind<AlterTableStmt>(context.statement, 'AlterTableStmt')?.objtype;
    if (!table || context.isNewTable(table) || (objtype !== undefined && objtype !== 'OBJECT_TABLE')) return [];
    const findings: RuleFinding[] = [];
    for (const command of alterTableCommands(context.statement)) {
      if (command.cmd.subtype !== 'AT_AddColumn') continue;
      const column = nodeOfKind<ColumnDef>(command.cmd.def, 'ColumnDef');
      const cause = column && rewriteCause(context, column);
      if (!cause) continue;
      const virtual = virtualGeneratedFix(context, command);
      findings.push({
        range: command.range,
        message: `ADD COLUMN "${column!.colname ?? ''}" ${cause.what}: PostgreSQL rewrites the table and all its indexes while it ${lockPhrase('AccessExclusiveLock', table)}. ${cause.alternative}`,
        fixes: virtual ? [{ ...virtual, preferred: true }] : withoutUndefined([cause.volatileDefault ? volatileDefaultFix(context, command, column!) : undefined]),
      });
    }
    return findings;
  },
};

const SPLIT_DEFAULT = 'Add the column without the DEFAULT, SET DEFAULT in a second statement, and backfill the existing rows in batches.';
const PLAIN_COLUMN = 'Add a plain nullable column, fill new rows with a default or a trigger, and backfill the existing rows in batches.';

/** Why adding this column rewrites the table, completing `ADD COLUMN "c" …`, or undefined when it does not. */
function rewriteCause(context: StatementContext, column: ColumnDef): { what: string; alternative: string; volatileDefault?: boolean } | undefined {
  const constraints = columnConstraints(column);
  if (constraints.some((c) => c.contype === 'CONSTR_IDENTITY') || column.identity) {
    return { what: '… AS IDENTITY fills every existing row from its sequence', alternative: PLAIN_COLUMN };
  }
  const generated = constraints.find((c) => c.contype === 'CONSTR_GENERATED');
  if (generated) {
    // PostgreSQL 18 computes VIRTUAL columns when read: nothing is written.
    if (generated.generated_kind === 'v') return undefined;
    return { what: '… GENERATED … STORED computes and stores its value for every existing row', alternative: `${PLAIN_COLUMN}${context.pgAtLeast(18) ? ' Or make it VIRTUAL, which PostgreSQL 18 computes when read.' : ''}` };
  }
  const expr = defaultOf(constraints) ?? column.raw_default;
  if (!expr || isNull(expr)) return undefined;
  if (!context.pgAtLeast(11)) {
    return { what: 'with a DEFAULT writes that value into every existing row before PostgreSQL 11', alternative: `${SPLIT_DEFAULT} From PostgreSQL 11 a non-volatile DEFAULT no longer rewrites the table.` };
  }
  const volatile = volatileCall(expr);
  if (!volatile) return undefined;
  const what = volatile.known
    ? `with a DEFAULT calling ${volatile.name}(), which is VOLATILE, evaluates it for every existing row`
    : `with a DEFAULT calling ${volatile.name}(), which is not a built-in function and so counts as VOLATILE unless it is declared IMMUTABLE or STABLE, evaluates it for every existing row`;
  return { what, alternative: SPLIT_DEFAULT, volatileDefault: true };
}

function withoutUndefined<T>(items: Array<T | undefined>): T[] {
  return items.filter((item): item is T => item !== undefined);
}

function defaultOf(constraints: Constraint[]): Node | undefined {
  return constraints.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
}

/** `NULL` or `NULL::type`: PostgreSQL stores no default at all. */
function isNull(expr: Node): boolean {
  const cast = nodeOfKind<TypeCast>(expr, 'TypeCast');
  if (cast?.arg) return isNull(cast.arg);
  return nodeOfKind<A_Const>(expr, 'A_Const')?.isnull === true;
}

/**
 * The first call in the expression that makes it volatile, as PostgreSQL's
 * contain_volatile_functions would find it: a built-in function whose every matching overload is
 * not known to be non-volatile, or a function that is not built in (user functions are volatile
 * unless declared otherwise, which a migration linter cannot see). Constants, casts, arrays,
 * operators and SQL value functions (CURRENT_TIMESTAMP, CURRENT_USER…) are not volatile.
 */
function volatileCall(expr: Node): { name: string; known: boolean } | undefined {
  let found: { name: string; known: boolean } | undefined;
  const visit = (call: FuncCall): void => {
    if (found) return;
    const names = (call.funcname ?? []).map(stringValue).filter((n): n is string => n !== undefined);
    const name = names[names.length - 1];
    if (!name) return;
    const schema = names.length > 1 ? names[names.length - 2] : undefined;
    const argCount = (call.args ?? []).length + (call.agg_star ? 1 : 0);
    const volatility = schema === undefined || schema === 'pg_catalog' ? builtinVolatility(name, argCount) : undefined;
    if (volatility === 'volatile') found = { name: names.join('.'), known: true };
    else if (volatility === undefined) found = { name: names.join('.'), known: false };
  };
  // walk visits the top node too: the expression itself is a `{ FuncCall: … }` wrapper.
  walk(expr, (kind, node) => {
    if (kind === 'FuncCall') visit(node as FuncCall);
  });
  return found;
}
