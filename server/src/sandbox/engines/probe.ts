/**
 * Measured blocking: while the migration's transaction holds its locks (between two statements), a
 * second connection tries what the application would do to each touched relation (SELECT, INSERT,
 * UPDATE, SELECT … FOR UPDATE) under a tiny lock_timeout. A lock_timeout error (55P03) means that
 * traffic would wait behind the migration.
 *
 * The probes change nothing: each runs in its own transaction that is rolled back, and each matches
 * no row (`WHERE false`). PostgreSQL takes a statement's table locks while parsing and planning it,
 * before any row is read, so a zero-row statement asks the lock manager exactly the question real
 * traffic asks, without firing row triggers, evaluating defaults, consuming sequence values or
 * hitting constraints. Row locks a backfill holds are not measured (they depend on which rows the
 * application touches); table-level locks, including ones taken by triggers, foreign keys, partition
 * parents and earlier statements of the transaction, are.
 */
import type { Client } from 'pg';
import type { BlockingReport } from '../types';

export interface ProbeConnections {
  /** The migration's connection: resolves names as the migration sees them (renamed, new). */
  migration: Client;
  /** A second connection to the same database; must not be inside a transaction. */
  probe: Client;
}

export interface ProbeOptions {
  /** How long a probe waits for a lock before it counts as blocked. Default 50 ms. */
  lockTimeoutMs?: number;
  signal?: AbortSignal;
}

export type ProbeOperation = 'select' | 'insert' | 'update' | 'selectForUpdate';

export interface RelationProbe {
  /** The name as the caller gave it. */
  relation: string;
  /** Operation → blocked; an operation that does not apply to the relation (UPDATE of a view) is absent. */
  blocked: Partial<Record<ProbeOperation, boolean>>;
}

const DEFAULT_LOCK_TIMEOUT_MS = 50;
const LOCK_NOT_AVAILABLE = '55P03';

interface VisibleRelation {
  oid: number;
  name: string;
  relkind: string;
  column: string | null;
}

/** Names (schema.name, quoted or not, or a name on the search path) → OIDs, as `client` sees them. */
async function resolveOids(client: Client, relations: string[]): Promise<Map<number, string>> {
  const rows = (
    await client.query<{ name: string; oid: number }>(
      `SELECT r.name, c.oid::int8 AS oid
         FROM unnest($1::text[]) AS r(name)
         JOIN pg_class c ON true
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname || '.' || c.relname = r.name
           OR format('%I.%I', n.nspname, c.relname) = r.name
           OR (c.relname = r.name AND pg_table_is_visible(c.oid))`,
      [relations],
    )
  ).rows;
  const byOid = new Map<number, string>();
  for (const row of rows) if (!byOid.has(Number(row.oid))) byOid.set(Number(row.oid), row.name);
  return byOid;
}

/** What the other connection sees of those relations: committed names; relations created by the migration are invisible. */
async function visibleRelations(probe: Client, oids: number[]): Promise<VisibleRelation[]> {
  return (
    await probe.query<VisibleRelation>(
      `SELECT c.oid::int8 AS oid, format('%I.%I', n.nspname, c.relname) AS name, c.relkind::text AS relkind,
              (SELECT quote_ident(a.attname) FROM pg_attribute a
                WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                ORDER BY a.attnum LIMIT 1) AS "column"
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.oid = ANY($1::int8[]::oid[])
          AND c.relpersistence <> 't'
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'`,
      [oids],
    )
  ).rows.map((row) => ({ ...row, oid: Number(row.oid) }));
}

function probeStatements(relation: VisibleRelation): Partial<Record<ProbeOperation, string>> {
  const name = relation.name;
  const read = { select: `SELECT FROM ${name} WHERE false` };
  switch (relation.relkind) {
    case 'r':
    case 'p': {
      const writes: Partial<Record<ProbeOperation, string>> = {
        ...read,
        insert: `INSERT INTO ${name} SELECT * FROM ${name} WHERE false`,
        selectForUpdate: `SELECT FROM ${name} WHERE false FOR UPDATE`,
      };
      if (relation.column) writes.update = `UPDATE ${name} SET ${relation.column} = ${relation.column} WHERE false`;
      return writes;
    }
    case 'm':
    case 'v':
      return read;
    default:
      return {}; // indexes, sequences, foreign tables (a probe must not reach another server)
  }
}

/** Superusers can keep statement-level triggers of the zero-row INSERT/UPDATE from firing. */
async function canSilenceTriggers(probe: Client): Promise<boolean> {
  const row = (await probe.query<{ superuser: boolean }>(`SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`)).rows[0];
  return row?.superuser === true;
}

/** Runs one probe statement in its own rolled-back transaction; true when it had to wait for a lock. */
async function tryStatement(probe: Client, sql: string, lockTimeoutMs: number, silenceTriggers: boolean): Promise<boolean> {
  const setup = [`BEGIN`, `SET LOCAL lock_timeout = '${lockTimeoutMs}ms'`, `SET LOCAL statement_timeout = '5s'`];
  if (silenceTriggers) setup.push(`SET LOCAL session_replication_role = replica`);
  try {
    // One round trip: the setup cannot wait for a lock, so a 55P03 can only come from the probe.
    await probe.query(`${setup.join('; ')}; ${sql}`);
    return false;
  } catch (error) {
    return (error as { code?: string }).code === LOCK_NOT_AVAILABLE;
  } finally {
    await probe.query('ROLLBACK');
  }
}

/** Every probe on every relation, with what each found. */
export async function probeRelations(connections: ProbeConnections, relations: string[], options: ProbeOptions = {}): Promise<RelationProbe[]> {
  const unique = [...new Set(relations)];
  if (unique.length === 0) return [];
  const lockTimeoutMs = Math.max(1, Math.round(options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS));
  let names: Map<number, string>;
  try {
    names = await resolveOids(connections.migration, unique);
  } catch {
    // The migration's transaction is aborted (a statement failed): resolve as the world sees it.
    names = await resolveOids(connections.probe, unique);
  }
  const visible = await visibleRelations(connections.probe, [...names.keys()]);
  const silenceTriggers = await canSilenceTriggers(connections.probe);
  const order = new Map(unique.map((name, index) => [name, index]));
  const position = (relation: VisibleRelation): number => order.get(names.get(relation.oid) ?? '') ?? unique.length;
  visible.sort((a, b) => position(a) - position(b));
  const results: RelationProbe[] = [];
  for (const relation of visible) {
    const found: RelationProbe = { relation: names.get(relation.oid) ?? relation.name, blocked: {} };
    let readsBlocked = false;
    for (const [operation, sql] of Object.entries(probeStatements(relation)) as Array<[ProbeOperation, string]>) {
      if (options.signal?.aborted) return results;
      // Every lock mode conflicts with whatever blocks a plain SELECT (ACCESS EXCLUSIVE), so once
      // reads wait, every write waits too: no need to wait out each one's lock_timeout.
      found.blocked[operation] = readsBlocked || (await tryStatement(connections.probe, sql, lockTimeoutMs, silenceTriggers));
      if (operation === 'select') readsBlocked = found.blocked.select === true;
    }
    if (Object.keys(found.blocked).length > 0) results.push(found);
  }
  return results;
}

/** The runner's view: were reads or writes of any touched relation blocked, per relation too. */
export async function probeBlocking(connections: ProbeConnections, relations: string[], options: ProbeOptions = {}): Promise<BlockingReport> {
  const probes = await probeRelations(connections, relations, options);
  const perRelation = probes.map((probe) => ({
    relation: probe.relation,
    reads: probe.blocked.select === true,
    writes: probe.blocked.insert === true || probe.blocked.update === true || probe.blocked.selectForUpdate === true,
  }));
  return {
    reads: perRelation.some((r) => r.reads),
    writes: perRelation.some((r) => r.writes),
    source: 'measured',
    relations: perRelation,
  };
}
