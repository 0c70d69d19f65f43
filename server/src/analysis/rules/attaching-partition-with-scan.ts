import type { AlterTableCmd, Constraint, PartitionCmd } from 'libpg-query';
import { nodeOfKind, relationName, type QualifiedName } from '../ast';
import { alterTableCommands, alteredTable, earlierAlterTables, lockPhrase, quoted } from './helpers';
import type { Rule, RuleFinding, StatementContext } from './types';
import { attachPartitionFix } from '../fixes/recipes/attachPartition';

export const attachingPartitionWithScan: Rule = {
  meta: {
    id: 'attaching-partition-with-scan',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'ATTACH PARTITION scans the whole partition under an ACCESS EXCLUSIVE lock unless a validated CHECK constraint already proves the partition bound.',
    docs: {
      badExample: "ALTER TABLE measurements ATTACH PARTITION measurements_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');",
      goodExample:
        "ALTER TABLE measurements_2026 ADD CONSTRAINT measurements_2026_bound\n  CHECK (taken_at IS NOT NULL AND taken_at >= '2026-01-01' AND taken_at < '2027-01-01') NOT VALID;\n-- next transaction: scans under SHARE UPDATE EXCLUSIVE, reads and writes continue\nALTER TABLE measurements_2026 VALIDATE CONSTRAINT measurements_2026_bound;\n-- next transaction: no scan, the CHECK proves the bound\nALTER TABLE measurements ATTACH PARTITION measurements_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');\nALTER TABLE measurements_2026 DROP CONSTRAINT measurements_2026_bound;",
      why: 'Before it attaches a table as a partition, PostgreSQL reads every row to check that it fits the partition bound, while it holds an ACCESS EXCLUSIVE lock on the table being attached (and, before PostgreSQL 12, on the partitioned parent as well, so the whole partitioned table is blocked). It skips the scan when a valid CHECK constraint on the partition already implies the bound. If the parent has a DEFAULT partition, that partition is scanned too, to make sure none of its rows belong to the new partition.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Add a CHECK constraint matching the bound as NOT VALID, VALIDATE it in a separate transaction, then ATTACH PARTITION (which skips the scan) and drop the CHECK.',
      squawkDifference:
        'Squawk has no such rule. Safeshift does not flag partitions created earlier in the same file (empty) or partitions that got a validated CHECK constraint earlier in the file (it does not prove that the CHECK matches the bound).',
    },
  },
  check(context) {
    const parent = alteredTable(context.statement);
    const findings: RuleFinding[] = [];
    for (const command of alterTableCommands(context.statement)) {
      if (command.cmd.subtype !== 'AT_AttachPartition') continue;
      const partition = relationName(nodeOfKind<PartitionCmd>(command.cmd.def, 'PartitionCmd')?.name);
      if (!partition || context.isNewTable(partition) || hasValidatedCheck(context, partition)) continue;
      const parentLock = context.pgAtLeast(12) ? '' : `; before PostgreSQL 12 it also ${lockPhrase('AccessExclusiveLock', parent)}`;
      const fix = attachPartitionFix(context, command);
      findings.push({
        range: command.range,
        fixes: fix ? [fix] : [],
        message: `ATTACH PARTITION reads every row of ${quoted(partition)} to check the partition bound while it ${lockPhrase('AccessExclusiveLock', partition)}${parentLock}. Add a CHECK matching the bound as NOT VALID, VALIDATE it in a separate transaction, then attach (no scan) and drop the CHECK.`,
      });
    }
    return findings;
  },
};

/**
 * A CHECK constraint added (without NOT VALID) or validated on the partition earlier in this
 * file. A VALIDATE counts unless the file added that constraint as something other than a CHECK.
 */
function hasValidatedCheck(context: StatementContext, partition: QualifiedName): boolean {
  const otherKinds = new Set<string>();
  for (const { stmt } of earlierAlterTables(context, partition)) {
    for (const node of stmt.cmds ?? []) {
      const cmd = nodeOfKind<AlterTableCmd>(node, 'AlterTableCmd');
      if (cmd?.subtype === 'AT_ValidateConstraint' && !otherKinds.has(cmd.name ?? '')) return true;
      const constraint = cmd?.subtype === 'AT_AddConstraint' ? nodeOfKind<Constraint>(cmd.def, 'Constraint') : undefined;
      if (constraint?.contype === 'CONSTR_CHECK' && !constraint.skip_validation) return true;
      if (constraint && constraint.contype !== 'CONSTR_CHECK' && constraint.conname) otherKinds.add(constraint.conname);
    }
  }
  return false;
}
