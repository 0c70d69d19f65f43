import type { AlterTableCmd, AlterTableStmt, Constraint } from 'libpg-query';
import { asKind, nodeOfKind, relationName, sameRelation, type QualifiedName } from '../ast';
import { strength, type LockMode } from '../locks/locks';
import { alterTableCmdLock, statementLocks } from '../locks/statementLocks';
import type { ParsedStatement } from '../parse/parseDocument';
import { alterTableCommands, alteredTable, lineOf, lockPhrase, quoted, sameTransactionBefore } from './helpers';
import type { Rule, RuleFinding, StatementContext } from './types';

/** A lock held on the table while VALIDATE CONSTRAINT scans it, and what took it. */
interface HeldLock {
  mode: LockMode;
  reason: string;
  /** The earlier statement that took it; absent when it is another subcommand of the same ALTER TABLE. */
  statement?: ParsedStatement;
}

export const requireSeparateConstraintValidation: Rule = {
  meta: {
    id: 'require-separate-constraint-validation',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'VALIDATE CONSTRAINT scans the whole table; in a transaction that already holds a strong lock on it, that lock blocks traffic for the whole scan.',
    docs: {
      badExample: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;\nCOMMIT;',
      goodExample: "-- migration 1\nALTER TABLE orders ADD COLUMN note text;\n-- migration 2, its own transaction\nSET lock_timeout = '2s';\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;",
      why: 'VALIDATE CONSTRAINT reads every row of the table, but on its own it takes only a SHARE UPDATE EXCLUSIVE lock, so reads and writes continue during the scan. That is the whole point of adding a constraint NOT VALID first. Locks are held until the transaction ends, though: if an earlier statement in the same transaction (the ADD CONSTRAINT … NOT VALID itself, another ALTER TABLE, a CREATE INDEX) took an ACCESS EXCLUSIVE or other strong lock on the table, or another subcommand of the same ALTER TABLE takes one, the scan runs under that lock and blocks the application for as long as it takes.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Commit the DDL first and run VALIDATE CONSTRAINT as its own statement in a separate transaction (normally the next migration).',
      squawkDifference: 'Squawk reports only the VALIDATE of a constraint added NOT VALID in the same transaction, under constraint-missing-not-valid; Safeshift reports that case there too and leaves it to that rule while it is on, and this rule adds every other strong lock held on the table during the scan, including other subcommands of the same ALTER TABLE.',
    },
  },
  check(context) {
    const table = alteredTable(context.statement);
    if (!table || context.isNewTable(table)) return [];
    const commands = alterTableCommands(context.statement);
    const findings: RuleFinding[] = [];
    for (const command of commands) {
      const name = command.cmd.subtype === 'AT_ValidateConstraint' ? command.cmd.name : undefined;
      if (!name) continue;
      const held = strongestHeldLock(context, table, name, commands.map((c) => c.cmd));
      if (!held) continue;
      const source = held.statement ? `${held.reason} on line ${lineOf(context, held.statement)}, earlier in the same transaction,` : `${held.reason} in the same ALTER TABLE`;
      findings.push({
        range: command.range,
        message: `VALIDATE CONSTRAINT "${name}" scans every row of ${quoted(table)} while ${source} ${lockPhrase(held.mode, table)} until the transaction ends, so the scan blocks that traffic. Commit first and run VALIDATE CONSTRAINT on its own in a separate transaction.`,
      });
    }
    return findings;
  },
};

/** The strongest lock above SHARE UPDATE EXCLUSIVE on `table` that is held when VALIDATE runs. */
function strongestHeldLock(context: StatementContext, table: QualifiedName, constraint: string, ownCommands: AlterTableCmd[]): HeldLock | undefined {
  const candidates: HeldLock[] = [];
  for (const cmd of ownCommands) {
    if (cmd.subtype === 'AT_ValidateConstraint') continue;
    const { mode, reason } = alterTableCmdLock(cmd);
    candidates.push({ mode, reason });
  }
  const leaveToConstraintRule = context.settings.rules['constraint-missing-not-valid'] !== 'off';
  for (const earlier of sameTransactionBefore(context)) {
    // constraint-missing-not-valid already reports a VALIDATE in the transaction of its own ADD … NOT VALID.
    if (leaveToConstraintRule && addsNotValid(earlier, table, constraint)) continue;
    for (const lock of statementLocks(earlier)) {
      if (sameRelation(lock.name, table)) candidates.push({ mode: lock.mode, reason: lock.reason, statement: earlier });
    }
  }
  const strong = candidates.filter((c) => strength(c.mode) > strength('ShareUpdateExclusiveLock'));
  return strong.sort((a, b) => strength(b.mode) - strength(a.mode))[0];
}

function addsNotValid(statement: ParsedStatement, table: QualifiedName, constraint: string): boolean {
  const stmt = asKind<AlterTableStmt>(statement, 'AlterTableStmt');
  const name = relationName(stmt?.relation);
  if (!stmt || !name || !sameRelation(name, table)) return false;
  return (stmt.cmds ?? []).some((c) => {
    const cmd = nodeOfKind<AlterTableCmd>(c, 'AlterTableCmd');
    const added = cmd?.subtype === 'AT_AddConstraint' ? nodeOfKind<Constraint>(cmd.def, 'Constraint') : undefined;
    return added?.conname === constraint && added.skip_validation === true;
  });
}
