import type { ColumnDef, Constraint } from 'libpg-query';
import { nodeOfKind, quoteIdent, relationName, sameRelation, type QualifiedName } from '../ast';
import type { ParsedStatement } from '../parse/parseDocument';
import { alterTableCommands, alteredTable, type AlterCommand, appendTo, columnConstraints, lockPhrase, lockPhraseOnAll, quoted } from './helpers';
import type { Fix, Rule, RuleFinding, StatementContext } from './types';
import { foreignKeyFix, validateInFollowingMigration } from '../fixes/recipes/notValid';
import { objectName } from '../fixes/sql';

export const addingForeignKeyConstraint: Rule = {
  meta: {
    id: 'adding-foreign-key-constraint',
    category: 'locking',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'Adding a validated foreign key locks both tables against writes while every existing row is checked.',
    docs: {
      badExample: 'ALTER TABLE inventory ADD CONSTRAINT inventory_warehouse_fk FOREIGN KEY (warehouse_id) REFERENCES warehouses (id);',
      goodExample:
        'ALTER TABLE inventory ADD CONSTRAINT inventory_warehouse_fk FOREIGN KEY (warehouse_id) REFERENCES warehouses (id) NOT VALID;\n-- in a later transaction (the next migration):\nALTER TABLE inventory VALIDATE CONSTRAINT inventory_warehouse_fk;',
      why: 'ADD FOREIGN KEY takes a SHARE ROW EXCLUSIVE lock on the table and on the table it references, then checks every existing row before it commits. Inserts, updates and deletes on both tables wait for the whole scan: seconds to minutes on a large table.',
      lock: 'ShareRowExclusiveLock',
      safeAlternative:
        'Add the constraint NOT VALID (new rows are checked at once, the brief lock only records it), then run VALIDATE CONSTRAINT in a separate transaction: it checks the old rows under a SHARE UPDATE EXCLUSIVE lock that lets reads and writes continue.',
      squawkDifference:
        'Squawk flags ADD COLUMN … REFERENCES even on a table created earlier in the same file; Safeshift does not, because an empty new table has no rows to check. Safeshift also skips NOT ENFORCED foreign keys (PostgreSQL 18), which are never checked, and offers fixes: "Add NOT VALID", and for ADD COLUMN … REFERENCES (which cannot be NOT VALID) a move of the reference to ADD FOREIGN KEY … NOT VALID. Safeshift exempts tables created earlier in the file whether or not the file runs in a transaction.',
    },
  },
  check(context) {
    const table = alteredTable(context.statement);
    if (!table || context.isNewTable(table)) return [];
    const findings: RuleFinding[] = [];
    for (const command of alterTableCommands(context.statement)) {
      const { cmd } = command;
      if (cmd.subtype === 'AT_AddConstraint') {
        const constraint = nodeOfKind<Constraint>(cmd.def, 'Constraint');
        if (constraint?.contype !== 'CONSTR_FOREIGN' || constraint.skip_validation || constraint.is_enforced === false) continue;
        const referenced = relationName(constraint.pktable);
        findings.push({
          range: command.range,
          message: `ADD FOREIGN KEY ${lockPhraseOnAll('ShareRowExclusiveLock', distinct([table, referenced]))} while every row of ${quoted(table)} is checked. Add the constraint NOT VALID, then run VALIDATE CONSTRAINT in a separate transaction.`,
          fixes: notValidFixes(context, command, constraint),
        });
      } else if (cmd.subtype === 'AT_AddColumn') {
        const column = nodeOfKind<ColumnDef>(cmd.def, 'ColumnDef');
        const foreign = columnConstraints(column).find((c) => c.contype === 'CONSTR_FOREIGN' && c.is_enforced !== false);
        if (!foreign) continue;
        const referenced = relationName(foreign.pktable);
        const parent = referenced && !sameRelation(referenced, table) ? `, and a SHARE ROW EXCLUSIVE lock on ${quoted(referenced)} that blocks its INSERT, UPDATE and DELETE,` : '';
        const split = column ? splitReferencesFix(context.statement, command, column, foreign) : undefined;
        // Recipe 3 for a new column: the split, named, with VALIDATE in a following migration.
        const name = foreign.conname ?? (column?.colname ? objectName(table.name, column.colname, 'fkey') : undefined);
        const named = column && name ? splitReferencesFix(context.statement, command, column, foreign, name) : undefined;
        const validated = named && name ? validateInFollowingMigration(context, 'Move REFERENCES to ADD FOREIGN KEY … NOT VALID and VALIDATE it in a following migration', named.edits, name, [column!.colname!]) : undefined;
        findings.push({
          range: command.range,
          fixes: validated ? [validated, ...(split ? [{ ...split, preferred: false }] : [])] : split ? [split] : [],
          message: `ADD COLUMN "${column?.colname ?? ''}" … REFERENCES ${lockPhrase('AccessExclusiveLock', table)}${parent} while every row of ${quoted(table)} is checked. Add the column without REFERENCES, then add the foreign key NOT VALID and run VALIDATE CONSTRAINT in a separate transaction.`,
        });
      }
    }
    return findings;
  },
};

/** Recipe 3 (NOT VALID, VALIDATE in a following migration, index) first; plain NOT VALID as the fallback. */
function notValidFixes(context: StatementContext, command: AlterCommand, constraint: Constraint): Fix[] {
  if (!command.located) return [];
  const recipe = foreignKeyFix(context, command, constraint);
  const plain: Fix = { title: 'Add NOT VALID (then VALIDATE CONSTRAINT in a separate transaction)', edits: [appendTo(command.range, ' NOT VALID')], preferred: !recipe };
  return recipe ? [recipe, plain] : [plain];
}

function distinct(names: Array<QualifiedName | undefined>): QualifiedName[] {
  const result: QualifiedName[] = [];
  for (const name of names) if (name && !result.some((r) => sameRelation(r, name))) result.push(name);
  return result;
}

/**
 * `ADD COLUMN c bigint REFERENCES p (id)` cannot take NOT VALID, so the fix moves the reference
 * into a subcommand of its own that can: `ADD COLUMN c bigint, ADD FOREIGN KEY (c) REFERENCES p (id) NOT VALID`.
 */
function splitReferencesFix(statement: ParsedStatement, command: AlterCommand, column: ColumnDef, foreign: Constraint, nameIfUnnamed?: string): Fix | undefined {
  if (!command.located || foreign.location === undefined || !column.colname) return undefined;
  const text = statement.text;
  const base = statement.range.start;
  const start = statement.offsetOf(foreign.location) - base;
  const constraints = columnConstraints(column);
  // DEFERRABLE and INITIALLY … after REFERENCES belong to it; the next other constraint ends it.
  const next = constraints.slice(constraints.indexOf(foreign) + 1).find((c) => !c.contype?.startsWith('CONSTR_ATTR_'));
  const commandEnd = command.range.end - base;
  let end = next?.location !== undefined ? statement.offsetOf(next.location) - base : commandEnd;
  while (end > start && /\s/.test(text[end - 1])) end--;
  const clause = /^(CONSTRAINT\s+(?:"(?:[^"]|"")*"|[^\s"]+)\s+)?(REFERENCES\b[\s\S]*)$/i.exec(text.slice(start, end));
  if (!clause || start < 0 || end > commandEnd) return undefined;
  let cut = start;
  while (cut > 0 && /[ \t]/.test(text[cut - 1])) cut--;
  const constraintName = clause[1] ?? (nameIfUnnamed ? `CONSTRAINT ${quoteIdent(nameIfUnnamed)} ` : '');
  const moved = `, ADD ${constraintName}FOREIGN KEY (${quoteIdent(column.colname)}) ${clause[2]} NOT VALID`;
  return {
    title: 'Move REFERENCES to ADD FOREIGN KEY … NOT VALID (then VALIDATE CONSTRAINT in a separate transaction)',
    edits: [{ range: { start: base + cut, end: base + commandEnd }, newText: text.slice(end, commandEnd) + moved }],
    preferred: true,
  };
}
