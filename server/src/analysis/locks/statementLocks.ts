/**
 * The table-level locks a statement takes, from the PostgreSQL documentation of each command
 * (ALTER TABLE's per-subcommand lock levels included). Used by hovers and rule messages.
 */
import type {
  AlterTableCmd,
  AlterTableStmt,
  ClusterStmt,
  Constraint,
  CreateStmt,
  CreateTrigStmt,
  DeleteStmt,
  DropStmt,
  IndexStmt,
  InsertStmt,
  LockStmt,
  PartitionCmd,
  RangeVar,
  RefreshMatViewStmt,
  ReindexStmt,
  RenameStmt,
  TruncateStmt,
  UpdateStmt,
  VacuumRelation,
  VacuumStmt,
} from 'libpg-query';
import { displayName, nodeOfKind, qualifiedFromList, relationName, stringValue, unwrap, type QualifiedName } from '../ast';
import type { ParsedStatement } from '../parse/parseDocument';
import { lockModeFromNumber, strongest, type LockMode } from './locks';

export interface StatementLock {
  /** The relation as written, schema-qualified when the statement qualifies it. */
  relation: string;
  name: QualifiedName;
  mode: LockMode;
  /** What in the statement takes the lock, e.g. "ADD FOREIGN KEY". */
  reason: string;
}

/**
 * By parse node: the locks follow from the node alone, and a statement that an edit elsewhere
 * moved keeps its node, so every rule and every lint after an edit shares one computation.
 */
const locksByNode = new WeakMap<object, readonly StatementLock[]>();

/** The locks the statement takes; shared between callers, so read-only (frozen). */
export function statementLocks(statement: ParsedStatement): readonly StatementLock[] {
  const node = statement.node;
  const cached = typeof node === 'object' && node !== null ? locksByNode.get(node) : undefined;
  if (cached) return cached;
  const locks = Object.freeze(merge(collect(statement)).map((lock) => Object.freeze(lock)));
  if (typeof node === 'object' && node !== null) locksByNode.set(node, locks);
  return locks;
}

function lock(name: QualifiedName | undefined, mode: LockMode, reason: string): StatementLock[] {
  return name ? [{ relation: displayName(name), name, mode, reason }] : [];
}

function collect(statement: ParsedStatement): StatementLock[] {
  switch (statement.kind) {
    case 'IndexStmt': {
      const index = statement.node as IndexStmt;
      return lock(relationName(index.relation), index.concurrent ? 'ShareUpdateExclusiveLock' : 'ShareLock', index.concurrent ? 'CREATE INDEX CONCURRENTLY' : 'CREATE INDEX');
    }
    case 'AlterTableStmt':
      return alterTableLocks(statement.node as AlterTableStmt);
    case 'DropStmt':
      return dropLocks(statement.node as DropStmt);
    case 'RenameStmt': {
      const rename = statement.node as RenameStmt;
      return lock(relationName(rename.relation) ?? qualifiedFromList(listOf(rename.object)), 'AccessExclusiveLock', 'RENAME');
    }
    case 'TruncateStmt':
      return (statement.node as TruncateStmt).relations?.flatMap((r) => lock(relationName(nodeOfKind<RangeVar>(r, 'RangeVar')), 'AccessExclusiveLock', 'TRUNCATE')) ?? [];
    case 'VacuumStmt':
      return vacuumLocks(statement.node as VacuumStmt);
    case 'ClusterStmt':
      return lock(relationName((statement.node as ClusterStmt).relation), 'AccessExclusiveLock', 'CLUSTER');
    case 'ReindexStmt': {
      const reindex = statement.node as ReindexStmt;
      const concurrent = (reindex.params ?? []).some((p) => nodeOfKind<{ defname?: string }>(p, 'DefElem')?.defname === 'concurrently');
      const isIndex = reindex.kind === 'REINDEX_OBJECT_INDEX';
      const mode: LockMode = concurrent ? 'ShareUpdateExclusiveLock' : isIndex ? 'AccessExclusiveLock' : 'ShareLock';
      return lock(relationName(reindex.relation), mode, concurrent ? 'REINDEX CONCURRENTLY' : 'REINDEX');
    }
    case 'RefreshMatViewStmt': {
      const refresh = statement.node as RefreshMatViewStmt;
      return lock(relationName(refresh.relation), refresh.concurrent ? 'ExclusiveLock' : 'AccessExclusiveLock', refresh.concurrent ? 'REFRESH MATERIALIZED VIEW CONCURRENTLY' : 'REFRESH MATERIALIZED VIEW');
    }
    case 'LockStmt': {
      const stmt = statement.node as LockStmt;
      const mode = lockModeFromNumber(stmt.mode ?? 8) ?? 'AccessExclusiveLock';
      return (stmt.relations ?? []).flatMap((r) => lock(relationName(nodeOfKind<RangeVar>(r, 'RangeVar')), mode, 'LOCK'));
    }
    case 'CreateTrigStmt':
      return lock(relationName((statement.node as CreateTrigStmt).relation), 'ShareRowExclusiveLock', 'CREATE TRIGGER');
    case 'CreateStmt':
      return createTableLocks(statement.node as CreateStmt);
    case 'InsertStmt':
      return lock(relationName((statement.node as InsertStmt).relation), 'RowExclusiveLock', 'INSERT');
    case 'UpdateStmt':
      return lock(relationName((statement.node as UpdateStmt).relation), 'RowExclusiveLock', 'UPDATE');
    case 'DeleteStmt':
      return lock(relationName((statement.node as DeleteStmt).relation), 'RowExclusiveLock', 'DELETE');
    case 'CommentStmt':
      return [];
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt':
      return lock(relationName((statement.node as { table?: RangeVar }).table), 'AccessExclusiveLock', 'POLICY');
    default:
      return [];
  }
}

function listOf(node: unknown): undefined | Parameters<typeof qualifiedFromList>[0] {
  return nodeOfKind<{ items?: Parameters<typeof qualifiedFromList>[0] }>(node as never, 'List')?.items;
}

/** Lock level of one ALTER TABLE subcommand, per the ALTER TABLE reference page. */
export function alterTableCmdLock(cmd: AlterTableCmd): { mode: LockMode; reason: string; referenced?: QualifiedName } {
  const constraint = nodeOfKind<Constraint>(cmd.def, 'Constraint');
  switch (cmd.subtype) {
    case 'AT_AddConstraint':
      if (constraint?.contype === 'CONSTR_FOREIGN') return { mode: 'ShareRowExclusiveLock', reason: 'ADD FOREIGN KEY', referenced: relationName(constraint.pktable) };
      return { mode: 'AccessExclusiveLock', reason: `ADD CONSTRAINT` };
    case 'AT_ValidateConstraint':
      return { mode: 'ShareUpdateExclusiveLock', reason: 'VALIDATE CONSTRAINT' };
    case 'AT_SetStatistics':
    case 'AT_ClusterOn':
    case 'AT_DropCluster':
    case 'AT_SetOptions':
    case 'AT_ResetOptions':
    case 'AT_SetRelOptions':
    case 'AT_ResetRelOptions':
      return { mode: 'ShareUpdateExclusiveLock', reason: 'ALTER TABLE SET' };
    case 'AT_AttachPartition':
      return { mode: 'ShareUpdateExclusiveLock', reason: 'ATTACH PARTITION' };
    case 'AT_DetachPartition': {
      const partition = nodeOfKind<PartitionCmd>(cmd.def, 'PartitionCmd');
      return partition?.concurrent ? { mode: 'ShareUpdateExclusiveLock', reason: 'DETACH PARTITION CONCURRENTLY' } : { mode: 'AccessExclusiveLock', reason: 'DETACH PARTITION' };
    }
    case 'AT_EnableTrig':
    case 'AT_EnableAlwaysTrig':
    case 'AT_EnableReplicaTrig':
    case 'AT_DisableTrig':
    case 'AT_EnableTrigAll':
    case 'AT_DisableTrigAll':
    case 'AT_EnableTrigUser':
    case 'AT_DisableTrigUser':
      return { mode: 'ShareRowExclusiveLock', reason: 'ENABLE/DISABLE TRIGGER' };
    case 'AT_AddColumn': {
      const references = columnReferences(cmd.def);
      return { mode: 'AccessExclusiveLock', reason: 'ADD COLUMN', referenced: references };
    }
    default:
      return { mode: 'AccessExclusiveLock', reason: describeSubtype(cmd.subtype) };
  }
}

function describeSubtype(subtype: string | undefined): string {
  const words: Record<string, string> = {
    AT_DropColumn: 'DROP COLUMN',
    AT_AlterColumnType: 'ALTER COLUMN TYPE',
    AT_SetNotNull: 'SET NOT NULL',
    AT_DropNotNull: 'DROP NOT NULL',
    AT_ColumnDefault: 'SET DEFAULT',
    AT_DropConstraint: 'DROP CONSTRAINT',
    AT_AddIndex: 'ADD PRIMARY KEY/UNIQUE',
    AT_AddIndexConstraint: 'ADD CONSTRAINT USING INDEX',
    AT_SetLogged: 'SET LOGGED',
    AT_SetUnLogged: 'SET UNLOGGED',
    AT_SetTableSpace: 'SET TABLESPACE',
    AT_SetAccessMethod: 'SET ACCESS METHOD',
    AT_AddIdentity: 'ADD IDENTITY',
    AT_ChangeOwner: 'OWNER TO',
  };
  return words[subtype ?? ''] ?? 'ALTER TABLE';
}

function columnReferences(def: AlterTableCmd['def']): QualifiedName | undefined {
  const column = nodeOfKind<{ constraints?: AlterTableCmd['def'][] }>(def, 'ColumnDef');
  for (const c of column?.constraints ?? []) {
    const constraint = nodeOfKind<Constraint>(c, 'Constraint');
    if (constraint?.contype === 'CONSTR_FOREIGN') return relationName(constraint.pktable);
  }
  return undefined;
}

function alterTableLocks(stmt: AlterTableStmt): StatementLock[] {
  const table = relationName(stmt.relation);
  const locks: StatementLock[] = [];
  for (const command of stmt.cmds ?? []) {
    const cmd = nodeOfKind<AlterTableCmd>(command, 'AlterTableCmd');
    if (!cmd) continue;
    const level = alterTableCmdLock(cmd);
    locks.push(...lock(table, level.mode, level.reason));
    if (level.referenced) locks.push(...lock(level.referenced, 'ShareRowExclusiveLock', `${level.reason} (referenced table)`));
    if (cmd.subtype === 'AT_AttachPartition' || cmd.subtype === 'AT_DetachPartition') {
      const partition = nodeOfKind<PartitionCmd>(cmd.def, 'PartitionCmd');
      locks.push(...lock(relationName(partition?.name), cmd.subtype === 'AT_AttachPartition' ? 'AccessExclusiveLock' : level.mode, `${level.reason} (partition)`));
    }
  }
  return locks;
}

function dropLocks(stmt: DropStmt): StatementLock[] {
  const names = (stmt.objects ?? []).map((object) => qualifiedFromList(nodeOfKind<{ items?: Parameters<typeof qualifiedFromList>[0] }>(object, 'List')?.items));
  const targets = names.filter((n): n is QualifiedName => n !== undefined);
  switch (stmt.removeType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_VIEW':
      return targets.flatMap((t) => lock(t, 'AccessExclusiveLock', 'DROP'));
    case 'OBJECT_INDEX':
      return targets.flatMap((t) => lock(t, stmt.concurrent ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock', stmt.concurrent ? 'DROP INDEX CONCURRENTLY' : 'DROP INDEX'));
    case 'OBJECT_TRIGGER':
    case 'OBJECT_POLICY':
    case 'OBJECT_RULE': {
      // DROP TRIGGER t ON table: the table is every name part but the last.
      const parts = (stmt.objects ?? []).map((o) => (nodeOfKind<{ items?: unknown[] }>(o, 'List')?.items ?? []).map((i) => stringValue(i as never)));
      return parts.flatMap((p) => {
        const table = p.slice(0, -1).filter((x): x is string => x !== undefined);
        const name = table.length > 1 ? { schema: table[0], name: table[1] } : table.length === 1 ? { name: table[0] } : undefined;
        return lock(name, 'AccessExclusiveLock', `DROP ${stmt.removeType!.replace('OBJECT_', '')}`);
      });
    }
    default:
      return [];
  }
}

function vacuumLocks(stmt: VacuumStmt): StatementLock[] {
  const full = (stmt.options ?? []).some((o) => nodeOfKind<{ defname?: string }>(o, 'DefElem')?.defname === 'full');
  return (stmt.rels ?? []).flatMap((r) => {
    const relation = nodeOfKind<VacuumRelation>(r, 'VacuumRelation')?.relation;
    return lock(relationName(relation), full ? 'AccessExclusiveLock' : 'ShareUpdateExclusiveLock', full ? 'VACUUM FULL' : stmt.is_vacuumcmd ? 'VACUUM' : 'ANALYZE');
  });
}

function createTableLocks(stmt: CreateStmt): StatementLock[] {
  const locks: StatementLock[] = [];
  for (const element of stmt.tableElts ?? []) {
    const unwrapped = unwrap(element);
    const constraints = unwrapped?.kind === 'ColumnDef' ? ((unwrapped.value.constraints as AlterTableCmd['def'][]) ?? []) : unwrapped?.kind === 'Constraint' ? [element] : [];
    for (const c of constraints) {
      const constraint = nodeOfKind<Constraint>(c, 'Constraint');
      if (constraint?.contype === 'CONSTR_FOREIGN') locks.push(...lock(relationName(constraint.pktable), 'ShareRowExclusiveLock', 'FOREIGN KEY (referenced table)'));
    }
  }
  return locks;
}

/** One entry per relation, keeping the strongest mode and naming every reason. */
function merge(locks: StatementLock[]): StatementLock[] {
  const byRelation = new Map<string, StatementLock[]>();
  for (const l of locks) byRelation.set(l.relation, [...(byRelation.get(l.relation) ?? []), l]);
  return [...byRelation.values()].map((group) => {
    const mode = strongest(group.map((g) => g.mode))!;
    return { ...group[0], mode, reason: [...new Set(group.map((g) => g.reason))].join(', ') };
  });
}
