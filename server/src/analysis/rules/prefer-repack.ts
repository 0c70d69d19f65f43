import type { ClusterStmt, VacuumRelation, VacuumStmt } from 'libpg-query';
import { asKind, displayName, nodeOfKind, relationName, type QualifiedName } from '../ast';
import { lockPhraseOnAll } from './helpers';
import type { Rule, StatementContext } from './types';

export const preferRepack: Rule = {
  meta: {
    id: 'prefer-repack',
    category: 'locking',
    defaultSeverity: 'warning',
    pgVersions: { min: { major: 19, minor: 0 } },
    squawkCompatible: true,
    summary: 'VACUUM FULL and CLUSTER rewrite the table under an ACCESS EXCLUSIVE lock; PostgreSQL 19\'s REPACK (CONCURRENTLY) does the same without blocking.',
    docs: {
      badExample: 'VACUUM FULL shipments;',
      why: 'VACUUM FULL and CLUSTER copy the whole table and rebuild its indexes while holding an ACCESS EXCLUSIVE lock, so every read and write waits for minutes or hours on a large table. PostgreSQL 19 adds REPACK, whose CONCURRENTLY option rewrites the table while traffic continues.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'On PostgreSQL 19 and later use REPACK (CONCURRENTLY) table [USING INDEX index], outside a transaction block; on earlier versions use pg_repack or pg_squeeze.',
      squawkDifference: "Squawk's fix rewrites the statement to `repack (concurrently) …`; Safeshift offers no automatic rewrite yet because its parser (PostgreSQL 18's grammar) cannot read REPACK, so the rewritten file could not be checked. Safeshift also skips tables created earlier in the same file.",
    },
  },
  check(context) {
    const vacuum = asKind<VacuumStmt>(context.statement, 'VacuumStmt');
    if (vacuum) {
      const full = vacuum.is_vacuumcmd !== false && (vacuum.options ?? []).some((o) => nodeOfKind<{ defname?: string }>(o, 'DefElem')?.defname === 'full');
      if (!full) return [];
      const tables = (vacuum.rels ?? []).map((r) => relationName(nodeOfKind<VacuumRelation>(r, 'VacuumRelation')?.relation)).filter((n): n is QualifiedName => n !== undefined);
      return report(context, 'VACUUM FULL', tables);
    }
    const cluster = asKind<ClusterStmt>(context.statement, 'ClusterStmt');
    if (!cluster) return [];
    const table = relationName(cluster.relation);
    return report(context, 'CLUSTER', table ? [table] : [], cluster.indexname);
  },
};

function report(context: StatementContext, command: string, tables: QualifiedName[], index?: string) {
  if (tables.length > 0 && tables.every((t) => context.isNewTable(t))) return [];
  const target = tables.length > 0 ? tables.map(displayName).join(', ') : undefined;
  const repack = `REPACK (CONCURRENTLY)${target ? ` ${target}` : ''}${index ? ` USING INDEX ${index}` : ''}`;
  const scope = tables.length > 0 ? lockPhraseOnAll('AccessExclusiveLock', tables) : 'takes an ACCESS EXCLUSIVE lock on every table it rewrites: blocks all reads and writes';
  return [{ message: `${command} ${scope} for the whole rewrite. Use ${repack} instead, outside a transaction.` }];
}
