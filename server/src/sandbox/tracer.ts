/**
 * What a statement did to the database, read from the catalog of the session that ran it: the
 * table-level locks its backend holds (pg_locks joined to pg_class), the relations whose storage
 * was replaced (relfilenode changed: a rewrite), and what those locks block.
 */
import { blockedTraffic, strength, type LockMode, LOCK_MODES } from '../analysis/locks/locks';
import { statementLocks } from '../analysis/locks/statementLocks';
import type { ParsedStatement } from '../analysis/parse/parseDocument';
import type { BlockingReport, LockReport, SqlSession } from './types';

/** Schemas whose relations are PostgreSQL's own; their locks are bookkeeping, not traffic. */
const SYSTEM_SCHEMAS = "('pg_catalog', 'information_schema', 'pg_toast')";

export interface RelationState {
  name: string;
  kind: string;
  relfilenode: string;
}

/** The user relations that exist now, by oid: the "before" picture of a traced run. */
export async function relationSnapshot(session: SqlSession): Promise<Map<string, RelationState>> {
  const rows = await session.query<{ oid: string; name: string; kind: string; relfilenode: string }>(
    `SELECT c.oid::text AS oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name, c.relkind::text AS kind, pg_relation_filenode(c.oid)::text AS relfilenode
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ${SYSTEM_SCHEMAS} AND n.nspname NOT LIKE 'pg_temp%' AND c.relkind IN ('r', 'p', 'i', 'I', 'm', 'S', 'v', 'f')`,
  );
  return new Map(rows.map((r) => [r.oid, { name: r.name, kind: r.kind, relfilenode: r.relfilenode ?? '' }]));
}

export interface HeldLock {
  oid: string;
  mode: LockMode;
}

/** Table-level locks this session's backend holds right now (granted), on user relations. */
export async function heldLocks(session: SqlSession): Promise<HeldLock[]> {
  const rows = await session.query<{ oid: string; mode: string }>(
    `SELECT l.relation::text AS oid, l.mode
       FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted AND n.nspname NOT IN ${SYSTEM_SCHEMAS}`,
  );
  return rows.filter((r) => (LOCK_MODES as readonly string[]).includes(r.mode)).map((r) => ({ oid: r.oid, mode: r.mode as LockMode }));
}

/**
 * Locks on relations that existed before the run: a lock on a table the migration just created
 * blocks nobody. Strongest mode per relation, in the order first seen.
 */
export function locksOnExisting(locks: HeldLock[], before: Map<string, RelationState>): LockReport[] {
  const strongestByRelation = new Map<string, LockMode>();
  for (const lock of locks) {
    const relation = before.get(lock.oid);
    if (!relation) continue;
    // Every query holds weak locks on the indexes it reads; only an index lock that stops traffic matters.
    const blocked = blockedTraffic(lock.mode);
    if ((relation.kind === 'i' || relation.kind === 'I') && !blocked.reads && !blocked.writes) continue;
    const current = strongestByRelation.get(relation.name);
    if (!current || strength(lock.mode) > strength(current)) strongestByRelation.set(relation.name, lock.mode);
  }
  return [...strongestByRelation].map(([relation, mode]) => ({ relation, mode, source: 'observed' as const }));
}

/** Locks held now that were not held (in that mode or stronger) before the statement. */
export function newlyHeld(now: LockReport[], before: LockReport[]): LockReport[] {
  const previous = new Map(before.map((l) => [l.relation, l.mode]));
  return now.filter((l) => {
    const had = previous.get(l.relation);
    return had === undefined || strength(l.mode) > strength(had);
  });
}

/**
 * Relations whose storage file changed since `before` (ALTER TYPE, VACUUM FULL, CLUSTER, SET
 * LOGGED…); `before` is updated so the next statement is compared with this one.
 */
export async function rewrittenRelations(session: SqlSession, before: Map<string, RelationState>): Promise<string[]> {
  if (before.size === 0) return [];
  const rows = await session.query<{ oid: string; relfilenode: string | null }>(
    `SELECT c.oid::text AS oid, pg_relation_filenode(c.oid)::text AS relfilenode FROM pg_class c WHERE c.oid = ANY($1::oid[])`,
    [[...before.keys()]],
  );
  const rewritten: string[] = [];
  for (const row of rows) {
    const relation = before.get(row.oid);
    if (!relation || row.relfilenode === null || row.relfilenode === relation.relfilenode) continue;
    if (relation.kind !== 'v') rewritten.push(relation.name);
    relation.relfilenode = row.relfilenode;
  }
  return rewritten;
}

/**
 * Locks of a statement that cannot run in a transaction (CREATE INDEX CONCURRENTLY…): they are
 * released before anyone can look, so they come from PostgreSQL's documentation of the command.
 */
export function documentedLocks(statement: ParsedStatement, before: Map<string, RelationState>): LockReport[] {
  const existing = new Set([...before.values()].map((r) => r.name));
  return statementLocks(statement)
    .map((lock) => ({ relation: qualify(lock.relation), mode: lock.mode, source: 'documented' as const }))
    .filter((lock) => existing.has(lock.relation));
}

function qualify(relation: string): string {
  return relation.includes('.') ? relation : `public.${relation}`;
}

/** What the held locks stop other sessions from doing, from PostgreSQL's lock conflict table. */
export function derivedBlocking(locks: LockReport[]): BlockingReport {
  const relations = locks.map((l) => {
    const blocked = blockedTraffic(l.mode);
    return { relation: l.relation, reads: blocked.reads, writes: blocked.writes };
  });
  return {
    reads: relations.some((r) => r.reads),
    writes: relations.some((r) => r.writes),
    source: 'derived',
    relations: relations.filter((r) => r.reads || r.writes),
  };
}
