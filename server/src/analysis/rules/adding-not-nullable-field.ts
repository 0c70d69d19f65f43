import type { AlterTableCmd, BoolExpr, ColumnRef, Constraint, Node, NullTest } from 'libpg-query';
import { nodeOfKind, stringValue, type QualifiedName } from '../ast';
import { alterTableCommands, alteredTable, earlierAlterTables, lockPhrase } from './helpers';
import type { Rule, RuleFinding, StatementContext } from './types';
import { setNotNullFix } from '../fixes/recipes/notValid';

export const addingNotNullableField: Rule = {
  meta: {
    id: 'adding-not-nullable-field',
    category: 'locking',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock, unless a validated CHECK already proves the column has no NULLs.',
    docs: {
      badExample: 'ALTER TABLE warehouses ALTER COLUMN city SET NOT NULL;',
      goodExample:
        'ALTER TABLE warehouses ADD CONSTRAINT warehouses_city_not_null CHECK (city IS NOT NULL) NOT VALID;\n-- in a later transaction (the next migration):\nALTER TABLE warehouses VALIDATE CONSTRAINT warehouses_city_not_null;\n-- then, PostgreSQL 12 and later skip the scan:\nALTER TABLE warehouses ALTER COLUMN city SET NOT NULL;\nALTER TABLE warehouses DROP CONSTRAINT warehouses_city_not_null;',
      why: 'ALTER COLUMN … SET NOT NULL takes an ACCESS EXCLUSIVE lock and reads every row to prove there is no NULL, so nothing can read or write the table during the scan. From PostgreSQL 12 the scan is skipped when a validated CHECK (col IS NOT NULL) constraint already proves it.',
      lock: 'AccessExclusiveLock',
      safeAlternative:
        'PostgreSQL 12–17: add CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a separate transaction, then SET NOT NULL (no scan) and drop the CHECK. PostgreSQL 18: ADD CONSTRAINT … NOT NULL col NOT VALID, then VALIDATE CONSTRAINT in a separate transaction. PostgreSQL 11 and older always scan: keep the validated CHECK instead.',
      squawkDifference:
        'Squawk recognises the proving CHECK only when it was added NOT VALID and then validated. Safeshift also accepts a CHECK added already validated, a CHECK that proves several columns (a IS NOT NULL AND b IS NOT NULL), and a PostgreSQL 18 NOT NULL constraint validated earlier; a constraint dropped before the SET NOT NULL no longer counts. Like Squawk, a VALIDATE CONSTRAINT on the table whose ADD is in an earlier migration is taken as the proof. Tables created earlier in the file are exempt.',
    },
  },
  check(context) {
    const table = alteredTable(context.statement);
    if (!table || context.isNewTable(table)) return [];
    const commands = alterTableCommands(context.statement).filter((c) => c.cmd.subtype === 'AT_SetNotNull' && c.cmd.name);
    if (commands.length === 0) return [];
    const proof = context.pgAtLeast(12) ? provenColumns(context, table) : { columns: new Set<string>(), external: false };
    const findings: RuleFinding[] = [];
    for (const command of commands) {
      const { cmd } = command;
      const column = cmd.name!;
      if (proof.external || proof.columns.has(column)) continue;
      const fix = setNotNullFix(context, command, column);
      findings.push({
        range: command.range,
        message: `SET NOT NULL on "${column}" ${lockPhrase('AccessExclusiveLock', table)} while every row is scanned for NULLs. ${alternative(context, column)}`,
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
    return findings;
  },
};

function alternative(context: StatementContext, column: string): string {
  if (context.pgAtLeast(18)) return `Add CONSTRAINT … NOT NULL "${column}" NOT VALID instead, then run VALIDATE CONSTRAINT in a separate transaction.`;
  if (context.pgAtLeast(12)) return `First add CHECK ("${column}" IS NOT NULL) NOT VALID and VALIDATE it in a separate transaction; SET NOT NULL then skips the scan.`;
  return `PostgreSQL 11 and older always scan: keep the column nullable and add CHECK ("${column}" IS NOT NULL) NOT VALID, validated in a separate transaction.`;
}

/**
 * Columns of `table` that a validated constraint earlier in the file proves NOT NULL. `external`
 * is set when a VALIDATE CONSTRAINT names a constraint added by an earlier migration.
 */
function provenColumns(context: StatementContext, table: QualifiedName): { columns: Set<string>; external: boolean } {
  const constraints = new Map<string, { columns: string[]; validated: boolean }>();
  let unnamed: string[] = [];
  let external = false;
  for (const { stmt } of earlierAlterTables(context, table)) {
    for (const command of stmt.cmds ?? []) {
      const cmd = nodeOfKind<AlterTableCmd>(command, 'AlterTableCmd');
      if (!cmd) continue;
      if (cmd.subtype === 'AT_AddConstraint') {
        const constraint = nodeOfKind<Constraint>(cmd.def, 'Constraint');
        const columns = constraint ? notNullColumns(constraint) : [];
        if (columns.length === 0) continue;
        const validated = !constraint!.skip_validation;
        if (constraint!.conname) constraints.set(constraint!.conname, { columns, validated });
        else if (validated) unnamed = unnamed.concat(columns);
      } else if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name) {
        const known = constraints.get(cmd.name);
        if (known) known.validated = true;
        else external = true;
      } else if (cmd.subtype === 'AT_DropConstraint' && cmd.name) {
        constraints.delete(cmd.name);
      }
    }
  }
  const columns = new Set(unnamed);
  for (const c of constraints.values()) if (c.validated) c.columns.forEach((col) => columns.add(col));
  return { columns, external };
}

/** The columns a CHECK (or a PostgreSQL 18 NOT NULL table constraint) proves are never NULL. */
function notNullColumns(constraint: Constraint): string[] {
  if (constraint.contype === 'CONSTR_NOTNULL') return (constraint.keys ?? []).map(stringValue).filter((k): k is string => k !== undefined);
  if (constraint.contype !== 'CONSTR_CHECK' || constraint.is_enforced === false) return [];
  return impliedNotNull(constraint.raw_expr);
}

function impliedNotNull(expr: Node | undefined): string[] {
  const test = nodeOfKind<NullTest>(expr, 'NullTest');
  if (test) {
    if (test.nulltesttype !== 'IS_NOT_NULL') return [];
    const fields = nodeOfKind<ColumnRef>(test.arg, 'ColumnRef')?.fields ?? [];
    const column = fields.length === 1 ? stringValue(fields[0]) : undefined;
    return column ? [column] : [];
  }
  const bool = nodeOfKind<BoolExpr>(expr, 'BoolExpr');
  if (bool?.boolop === 'AND_EXPR') return (bool.args ?? []).flatMap(impliedNotNull);
  return [];
}
