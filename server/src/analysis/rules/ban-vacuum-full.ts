import type { VacuumRelation, VacuumStmt } from 'libpg-query';
import { asKind, nodeOfKind, relationName, type QualifiedName } from '../ast';
import { lockPhraseOnAll } from './helpers';
import type { Rule, StatementContext } from './types';

export const banVacuumFull: Rule = {
  meta: {
    id: 'ban-vacuum-full',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'VACUUM FULL rewrites the whole table under an ACCESS EXCLUSIVE lock, blocking every read and write until it ends.',
    docs: {
      badExample: 'VACUUM FULL shipments;',
      goodExample: '-- reclaim space online instead, outside the migration:\n-- pg_repack --table=shipments\nVACUUM (ANALYZE) shipments;',
      why: 'VACUUM FULL copies every live row into a new file and rebuilds every index while it holds an ACCESS EXCLUSIVE lock, so every query on the table, reads included, waits for the whole copy: minutes or hours on a large table. A migration is also the wrong place for it: how long it runs depends on the table\'s bloat in production, not on the change.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Use plain VACUUM (which never blocks reads or writes), or reclaim the space online with pg_repack or pg_squeeze outside the migration; on PostgreSQL 19 and later, REPACK (CONCURRENTLY).',
      squawkDifference: 'Squawk has no such rule below PostgreSQL 19 (its prefer-repack covers VACUUM FULL only where REPACK exists). Safeshift reports VACUUM FULL on every version but leaves PostgreSQL 19 and later to prefer-repack, unless prefer-repack is turned off, so a statement is never reported twice. Tables created earlier in the same file are exempt, and CLUSTER is left to prefer-repack.',
    },
  },
  check(context) {
    const vacuum = asKind<VacuumStmt>(context.statement, 'VacuumStmt');
    if (!vacuum || vacuum.is_vacuumcmd === false || !isFull(vacuum)) return [];
    if (preferRepackReports(context)) return [];
    const tables = (vacuum.rels ?? []).map((r) => relationName(nodeOfKind<VacuumRelation>(r, 'VacuumRelation')?.relation)).filter((n): n is QualifiedName => n !== undefined);
    if (tables.length > 0 && tables.every((t) => context.isNewTable(t))) return [];
    const existing = tables.filter((t) => !context.isNewTable(t));
    const scope = existing.length > 0 ? lockPhraseOnAll('AccessExclusiveLock', existing) : 'takes an ACCESS EXCLUSIVE lock on every table in the database, one after another: blocks all reads and writes';
    return [{ message: `VACUUM FULL ${scope} while it rewrites the table and its indexes. Use plain VACUUM, or pg_repack / pg_squeeze outside the migration to reclaim the space online.` }];
  },
};

function isFull(vacuum: VacuumStmt): boolean {
  return (vacuum.options ?? []).some((o) => {
    const option = nodeOfKind<{ defname?: string; arg?: unknown }>(o, 'DefElem');
    // VACUUM (FULL false) is a plain VACUUM.
    return option?.defname === 'full' && !isFalse(option.arg);
  });
}

/** The option's argument says false: `FULL false`, `FULL off`, `FULL 0`, `FULL no`. */
function isFalse(arg: unknown): boolean {
  const word = nodeOfKind<{ sval?: string }>(arg as never, 'String')?.sval?.toLowerCase();
  if (word !== undefined) return ['false', 'off', 'no', '0'].includes(word);
  // The parse tree leaves a zero integer's value out: `{ Integer: {} }`.
  const integer = nodeOfKind<{ ival?: number }>(arg as never, 'Integer');
  return integer !== undefined && !integer.ival;
}

/** From PostgreSQL 19, prefer-repack reports VACUUM FULL with REPACK as the fix, unless it is turned off. */
function preferRepackReports(context: StatementContext): boolean {
  return context.pgAtLeast(19) && context.settings.rules['prefer-repack'] !== 'off';
}
