/**
 * PostgreSQL's table-level lock modes, their conflict table (from the "Explicit Locking" chapter of
 * the PostgreSQL documentation), and what each mode stops ordinary application traffic from doing.
 */
export type LockMode =
  | 'AccessShareLock'
  | 'RowShareLock'
  | 'RowExclusiveLock'
  | 'ShareUpdateExclusiveLock'
  | 'ShareLock'
  | 'ShareRowExclusiveLock'
  | 'ExclusiveLock'
  | 'AccessExclusiveLock';

export const LOCK_MODES: readonly LockMode[] = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
];

const CONFLICTS: Record<LockMode, readonly LockMode[]> = {
  AccessShareLock: ['AccessExclusiveLock'],
  RowShareLock: ['ExclusiveLock', 'AccessExclusiveLock'],
  RowExclusiveLock: ['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareUpdateExclusiveLock: ['ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareRowExclusiveLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ExclusiveLock: ['RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  AccessExclusiveLock: LOCK_MODES,
};

export function conflicts(held: LockMode, requested: LockMode): boolean {
  return CONFLICTS[held].includes(requested);
}

export function strength(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}

export function strongest(modes: LockMode[]): LockMode | undefined {
  return modes.reduce<LockMode | undefined>((best, mode) => (best === undefined || strength(mode) > strength(best) ? mode : best), undefined);
}

/** "ACCESS EXCLUSIVE", the name PostgreSQL's documentation and LOCK use. */
export function lockLabel(mode: LockMode): string {
  return mode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}

export interface BlockedTraffic {
  /** Plain SELECT (ACCESS SHARE). */
  reads: boolean;
  /** SELECT ... FOR UPDATE / FOR SHARE (ROW SHARE). */
  lockingReads: boolean;
  /** INSERT, UPDATE, DELETE, MERGE (ROW EXCLUSIVE). */
  writes: boolean;
  /** VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY and most other schema changes (SHARE UPDATE EXCLUSIVE). */
  maintenance: boolean;
}

export function blockedTraffic(mode: LockMode): BlockedTraffic {
  return {
    reads: conflicts(mode, 'AccessShareLock'),
    lockingReads: conflicts(mode, 'RowShareLock'),
    writes: conflicts(mode, 'RowExclusiveLock'),
    maintenance: conflicts(mode, 'ShareUpdateExclusiveLock'),
  };
}

/** What the lock stops, in the words a developer reading a diagnostic wants. */
export function describeBlocking(mode: LockMode): string {
  const blocked = blockedTraffic(mode);
  if (blocked.reads) return 'blocks all reads and writes';
  if (blocked.lockingReads) return 'blocks writes and SELECT FOR UPDATE';
  if (blocked.writes) return 'blocks INSERT, UPDATE and DELETE';
  if (blocked.maintenance) return 'blocks VACUUM and other schema changes';
  if (mode === 'RowExclusiveLock') return 'blocks CREATE INDEX and stronger locks';
  return 'blocks only ACCESS EXCLUSIVE locks';
}

/** What keeps working while the lock is held, for hovers. */
export function describeAllowed(mode: LockMode): string {
  const blocked = blockedTraffic(mode);
  if (blocked.reads) return 'nothing else can use the table';
  if (blocked.writes) return 'plain SELECTs continue';
  return 'reads and writes continue';
}

/** Lock numbers as `LOCK ... IN <mode> MODE` is stored in the parse tree (lockdefs.h). */
export function lockModeFromNumber(value: number): LockMode | undefined {
  return LOCK_MODES[value - 1];
}
