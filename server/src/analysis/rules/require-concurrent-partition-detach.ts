import type { AlterTableCmd, AlterTableStmt, PartitionCmd } from 'libpg-query';
import { asKind, nodeOfKind, relationName } from '../ast';
import { alterTableCommands, appendTo, lockPhrase, quoted } from './helpers';
import type { Fix, Rule } from './types';
import { concurrentFormFix, hasDefaultPartition } from '../fixes/recipes/concurrentForms';

export const requireConcurrentPartitionDetach: Rule = {
  meta: {
    id: 'require-concurrent-partition-detach',
    category: 'locking',
    defaultSeverity: 'warning',
    pgVersions: { min: { major: 14, minor: 0 } },
    squawkCompatible: true,
    summary: 'DETACH PARTITION without CONCURRENTLY locks the partitioned table against all reads and writes (PostgreSQL 14+ can detach concurrently).',
    docs: {
      badExample: 'ALTER TABLE shipments DETACH PARTITION shipments_2019;',
      goodExample: '-- in a migration that does not run in a transaction\nALTER TABLE shipments DETACH PARTITION shipments_2019 CONCURRENTLY;',
      why: 'A plain DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the partitioned table and on the partition, so every query on any partition waits for it, and it waits for every query already running.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'On PostgreSQL 14 and later use DETACH PARTITION … CONCURRENTLY, outside a transaction block (not possible while the table has a default partition); it takes only a SHARE UPDATE EXCLUSIVE lock on the parent.',
      squawkDifference: 'Squawk flags this on every version; CONCURRENTLY exists only from PostgreSQL 14, so Safeshift is silent below 14. Safeshift also skips a parent table created earlier in the same file.',
    },
  },
  check(context) {
    const { statement, isNewTable, transaction } = context;
    const alter = asKind<AlterTableStmt>(statement, 'AlterTableStmt');
    if (!alter) return [];
    const table = relationName(alter.relation);
    if (isNewTable(table)) return [];
    return alterTableCommands(statement)
      .filter(({ cmd }) => isPlainDetach(cmd))
      .map(({ cmd, range, located }) => {
        const partition = relationName(nodeOfKind<PartitionCmd>(cmd.def, 'PartitionCmd')?.name);
        const edit = appendTo(range, ' CONCURRENTLY');
        // CONCURRENTLY must be the statement's only subcommand, and the table must have no DEFAULT partition.
        const concurrentAllowed = (alter.cmds ?? []).length === 1 && !hasDefaultPartition(context, table);
        const moved = located && transaction.inTransaction && concurrentAllowed ? concurrentFormFix(context, 'detach', edit, `detach ${partition?.name ?? ''} concurrently`) : undefined;
        const fixes: Fix[] = moved ? [moved] : located
          ? [{ title: transaction.inTransaction ? 'Add CONCURRENTLY (the migration must then run outside a transaction)' : 'Add CONCURRENTLY', preferred: !transaction.inTransaction, edits: [appendTo(range, ' CONCURRENTLY')] }]
          : [];
        return {
          message: `DETACH PARTITION ${quoted(partition)} ${lockPhrase('AccessExclusiveLock', table)}. Use DETACH PARTITION … CONCURRENTLY, outside a transaction.`,
          range: located ? range : undefined,
          fixes,
        };
      });
  },
};

function isPlainDetach(cmd: AlterTableCmd): boolean {
  if (cmd.subtype !== 'AT_DetachPartition') return false;
  return !nodeOfKind<PartitionCmd>(cmd.def, 'PartitionCmd')?.concurrent;
}
