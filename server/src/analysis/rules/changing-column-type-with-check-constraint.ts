import type { AlterTableCmd, ColumnDef, ColumnRef, Constraint, Node } from 'libpg-query';
import { nodeOfKind, quoteIdent, stringValue, walk, type QualifiedName } from '../ast';
import type { OffsetRange } from '../text/lineIndex';
import type { ParsedStatement } from '../parse/parseDocument';
import { alterTableCommands, alteredTable, columnConstraints, earlierAlterTables, lineOf, lockPhrase } from './helpers';
import type { Fix, Rule, RuleFinding, StatementContext } from './types';

/** A validated CHECK constraint on the table, as this file has shaped it so far. */
interface KnownCheck {
  name?: string;
  columns: Set<string>;
  validated: boolean;
  statement: ParsedStatement;
  /** `ADD CONSTRAINT name CHECK (…)` as written, without NOT VALID, when it can be re-added by a fix. */
  definition?: string;
}

export const changingColumnTypeWithCheckConstraint: Rule = {
  meta: {
    id: 'changing-column-type-with-check-constraint',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'Changing the type of a column that a CHECK constraint references re-checks the constraint against every row under the ACCESS EXCLUSIVE lock, even when the type change itself needs no rewrite.',
    docs: {
      badExample: 'ALTER TABLE products ADD CONSTRAINT products_code_length CHECK (length(code) <= 20) NOT VALID;\nALTER TABLE products VALIDATE CONSTRAINT products_code_length;\nALTER TABLE products ALTER COLUMN code TYPE varchar(40);',
      goodExample:
        'ALTER TABLE products\n  DROP CONSTRAINT products_code_length,\n  ALTER COLUMN code TYPE varchar(40),\n  ADD CONSTRAINT products_code_length CHECK (length(code) <= 40) NOT VALID;\n-- next transaction:\nALTER TABLE products VALIDATE CONSTRAINT products_code_length;',
      why: 'ALTER COLUMN … TYPE rebuilds every constraint that references the column. A validated CHECK constraint is re-added validated, so PostgreSQL reads every row to re-check it while the ALTER holds its ACCESS EXCLUSIVE lock: a type change that would otherwise only touch the catalog (varchar(20) to varchar(40), for example) becomes a full scan during which nothing can read or write the table, and a rewriting change checks every row on top of the rewrite.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'In the same ALTER TABLE, drop the CHECK constraint, change the type and re-add the constraint NOT VALID; then run VALIDATE CONSTRAINT in a separate transaction.',
    },
  },
  check(context) {
    const table = alteredTable(context.statement);
    if (!table || context.isNewTable(table)) return [];
    const commands = alterTableCommands(context.statement);
    if (!commands.some((c) => c.cmd.subtype === 'AT_AlterColumnType')) return [];
    const checks = checksBefore(context, table);
    if (checks.length === 0) return [];
    // PostgreSQL runs every DROP of one ALTER TABLE before its type changes, wherever it is written.
    for (const { cmd } of commands) forget(checks, cmd);
    const findings: RuleFinding[] = [];
    const reported = new Set<KnownCheck>();
    for (const command of commands) {
      const column = command.cmd.subtype === 'AT_AlterColumnType' ? command.cmd.name : undefined;
      if (!column) continue;
      // A constraint on several changed columns is re-checked once per statement: report it at the first.
      const affected = checks.filter((c) => c.validated && c.columns.has(column) && !reported.has(c));
      if (affected.length === 0) continue;
      affected.forEach((c) => reported.add(c));
      const names = affected.map((c) => (c.name ? `"${c.name}" (line ${lineOf(context, c.statement)})` : `the CHECK on line ${lineOf(context, c.statement)}`)).join(', ');
      findings.push({
        range: command.range,
        message: `Changing the type of "${column}" re-checks ${names} against every row while ALTER TABLE ${lockPhrase('AccessExclusiveLock', table)}, even if the type change needs no rewrite. In the same ALTER TABLE drop the constraint, change the type and re-add it NOT VALID; validate it in a separate transaction.`,
        fixes: command.located ? reAddNotValid(command.range, affected) : [],
      });
    }
    return findings;
  },
};

/** Recipe R17 in place: drop the constraints before the type change and re-add them NOT VALID after it, in the same statement. */
function reAddNotValid(range: OffsetRange, affected: KnownCheck[]): Fix[] {
  if (affected.some((c) => !c.name || !c.definition)) return [];
  const drops = affected.map((c) => `DROP CONSTRAINT ${quoteIdent(c.name!)}, `).join('');
  const adds = affected.map((c) => `, ${c.definition} NOT VALID`).join('');
  return [
    {
      title: `Drop and re-add ${affected.map((c) => `"${c.name}"`).join(', ')} NOT VALID around the type change (then VALIDATE CONSTRAINT in a separate transaction)`,
      preferred: true,
      edits: [
        { range: { start: range.start, end: range.start }, newText: drops },
        { range: { start: range.end, end: range.end }, newText: adds },
      ],
    },
  ];
}

/** The CHECK constraints earlier statements of this file left on `table`. */
function checksBefore(context: StatementContext, table: QualifiedName): KnownCheck[] {
  const checks: KnownCheck[] = [];
  for (const { statement } of earlierAlterTables(context, table)) {
    for (const command of alterTableCommands(statement)) {
      const { cmd } = command;
      if (cmd.subtype === 'AT_AddConstraint') {
        const constraint = nodeOfKind<Constraint>(cmd.def, 'Constraint');
        if (constraint?.contype !== 'CONSTR_CHECK') continue;
        const check = known(constraint, statement);
        if (command.located) check.definition = context.file.document.text.slice(command.range.start, command.range.end).replace(/\s+NOT\s+VALID\s*$/i, '');
        checks.push(check);
      } else if (cmd.subtype === 'AT_AddColumn') {
        const column = nodeOfKind<ColumnDef>(cmd.def, 'ColumnDef');
        for (const constraint of columnConstraints(column).filter((c) => c.contype === 'CONSTR_CHECK')) {
          const check = known(constraint, statement);
          if (column?.colname) check.columns.add(column.colname);
          checks.push(check);
        }
      } else if (cmd.subtype === 'AT_ValidateConstraint') {
        for (const check of checks) if (check.name === cmd.name) check.validated = true;
      } else {
        forget(checks, cmd);
      }
    }
  }
  return checks;
}

/** Removes the constraints a DROP CONSTRAINT or DROP COLUMN takes away. */
function forget(checks: KnownCheck[], cmd: AlterTableCmd): void {
  const gone = (c: KnownCheck) =>
    (cmd.subtype === 'AT_DropConstraint' && c.name !== undefined && c.name === cmd.name) || (cmd.subtype === 'AT_DropColumn' && cmd.name !== undefined && c.columns.has(cmd.name));
  for (let i = checks.length - 1; i >= 0; i--) if (gone(checks[i])) checks.splice(i, 1);
}

function known(constraint: Constraint, statement: ParsedStatement): KnownCheck {
  return { name: constraint.conname, columns: columnsIn(constraint.raw_expr), validated: constraint.skip_validation !== true, statement };
}

function columnsIn(expr: Node | undefined): Set<string> {
  const columns = new Set<string>();
  walk(expr, (kind, node) => {
    if (kind !== 'ColumnRef') return;
    const fields = (node as ColumnRef).fields ?? [];
    const last = stringValue(fields[fields.length - 1]);
    if (last) columns.add(last);
  });
  return columns;
}
