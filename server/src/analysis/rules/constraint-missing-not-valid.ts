import type { AlterTableCmd, AlterTableStmt, Constraint } from 'libpg-query';
import { asKind, nodeOfKind, relationName, sameRelation, type QualifiedName } from '../ast';
import type { LockMode } from '../locks/locks';
import type { ParsedStatement } from '../parse/parseDocument';
import { alterTableCommands, type AlterCommand, alteredTable, appendTo, lineOf, lockPhrase, quoted, sameTransactionBefore } from './helpers';
import type { Fix, Rule, RuleFinding, StatementContext } from './types';
import { checkFix } from '../fixes/recipes/notValid';

export const constraintMissingNotValid: Rule = {
  meta: {
    id: 'constraint-missing-not-valid',
    category: 'locking',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'Adding a constraint to an existing table checks every row under an ACCESS EXCLUSIVE lock; add it NOT VALID and validate it in a separate transaction.',
    docs: {
      badExample: 'ALTER TABLE inventory ADD CONSTRAINT inventory_quantity_positive CHECK (quantity >= 0);',
      goodExample:
        'ALTER TABLE inventory ADD CONSTRAINT inventory_quantity_positive CHECK (quantity >= 0) NOT VALID;\n-- in a later transaction (the next migration):\nALTER TABLE inventory VALIDATE CONSTRAINT inventory_quantity_positive;',
      why: 'ADD CONSTRAINT takes an ACCESS EXCLUSIVE lock and checks every existing row before it commits, so nothing can read or write the table during the scan. Added NOT VALID, it only checks new rows and holds the lock for an instant; VALIDATE CONSTRAINT later checks the old rows under a SHARE UPDATE EXCLUSIVE lock that lets reads and writes continue, but only if it runs in another transaction: in the same one, the ADD\'s lock is still held during the scan.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Add the constraint NOT VALID, then run VALIDATE CONSTRAINT in a separate transaction.',
      squawkDifference:
        'Squawk also fires on foreign keys, UNIQUE and PRIMARY KEY constraints, which adding-foreign-key-constraint, disallowed-unique-constraint and adding-serial-primary-key-field already report, so Safeshift leaves them to those rules instead of reporting each twice. For EXCLUDE constraints, which cannot be NOT VALID, it gives the alternative that works instead of suggesting NOT VALID. It offers "Add NOT VALID" as a fix for CHECK and (PostgreSQL 18) NOT NULL constraints, and exempts tables created earlier in the file whether or not the file runs in a transaction.',
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
        const finding = constraint && missingNotValid(constraint, table, command, () => checkFix(context, command, constraint));
        if (finding) findings.push(finding);
      } else if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name) {
        const added = addedNotValidInSameTransaction(context, table, cmd.name);
        if (!added) continue;
        findings.push({
          range: command.range,
          message: `VALIDATE CONSTRAINT "${cmd.name}" runs in the same transaction as the ADD CONSTRAINT … NOT VALID on line ${lineOf(context, added.statement)}, whose lock is still held: the transaction ${lockPhrase(added.lock, table)} while every row is checked. Commit first: run VALIDATE CONSTRAINT in a separate transaction (the next migration).`,
        });
      }
    }
    return findings;
  },
};

function missingNotValid(constraint: Constraint, table: QualifiedName, command: AlterCommand, recipe: () => Fix | undefined): RuleFinding | undefined {
  if (constraint.is_enforced === false) return undefined;
  const lock = lockPhrase('AccessExclusiveLock', table);
  // Recipe 4 (NOT VALID now, VALIDATE in a following migration) first; plain NOT VALID as the fallback.
  const addNotValid = (): Fix[] => {
    if (!command.located) return [];
    const rewrite = recipe();
    const plain: Fix = { title: 'Add NOT VALID (then VALIDATE CONSTRAINT in a separate transaction)', edits: [appendTo(command.range, ' NOT VALID')], preferred: !rewrite };
    return rewrite ? [rewrite, plain] : [plain];
  };
  switch (constraint.contype) {
    case 'CONSTR_CHECK':
    case 'CONSTR_NOTNULL':
      if (constraint.skip_validation) return undefined;
      return {
        range: command.range,
        message: `ADD CONSTRAINT ${constraint.contype === 'CONSTR_CHECK' ? 'CHECK' : 'NOT NULL'} ${lock} while every row of ${quoted(table)} is checked. Add it NOT VALID, then run VALIDATE CONSTRAINT in a separate transaction.`,
        fixes: addNotValid(),
      };
    // UNIQUE and PRIMARY KEY cannot be NOT VALID; disallowed-unique-constraint and
    // adding-serial-primary-key-field report them with the alternative that works.
    case 'CONSTR_EXCLUSION':
      return {
        range: command.range,
        message: `ADD EXCLUDE builds its index and checks every row while it ${lock}, and an exclusion constraint cannot be NOT VALID. Add it when the table is created, or in a maintenance window.`,
      };
    default:
      return undefined;
  }
}

/** The ADD CONSTRAINT … NOT VALID of `name` on `table` earlier in the current transaction, if any. */
function addedNotValidInSameTransaction(context: StatementContext, table: QualifiedName, name: string): { statement: ParsedStatement; lock: LockMode } | undefined {
  for (const earlier of sameTransactionBefore(context).reverse()) {
    const stmt = asKind<AlterTableStmt>(earlier, 'AlterTableStmt');
    const earlierTable = relationName(stmt?.relation);
    if (!stmt || !earlierTable || !sameRelation(earlierTable, table)) continue;
    for (const command of stmt.cmds ?? []) {
      const cmd = nodeOfKind<AlterTableCmd>(command, 'AlterTableCmd');
      const constraint = cmd?.subtype === 'AT_AddConstraint' ? nodeOfKind<Constraint>(cmd.def, 'Constraint') : undefined;
      if (constraint?.conname === name && constraint.skip_validation) {
        return { statement: earlier, lock: constraint.contype === 'CONSTR_FOREIGN' ? 'ShareRowExclusiveLock' : 'AccessExclusiveLock' };
      }
    }
  }
  return undefined;
}
