/**
 * What the lint worker sends after an edit: only the findings and lock infos that changed. An edit
 * touches one place; every finding before it is the same as in the previous lint and every finding
 * after it the same shifted by the edit's length, so sending hundreds of findings again (and
 * cloning them across threads on both sides) on each keystroke is waste. The protocol thread keeps
 * the last output it received per document and names it in each job; the worker sends a delta
 * against it when it still has that output, else the whole output. Each reused item is checked
 * equal (shifted) to the new one, so the result is exactly the worker's output.
 */
import type { Finding } from '../analysis/rules/types';

/** The part of `next` that differs: `prefix` items of the previous list kept, then `middle`, then its last `suffix` items shifted. */
export interface ArrayDelta<T> {
  prefix: number;
  suffix: number;
  middle: T[];
}

export interface Shift {
  /** Added to offsets after the edit: the new text's length minus the old one's. */
  offset: number;
  /** Added to statement indexes after the edit. */
  index: number;
}

/** `same(previousItem, nextItem, shift)` with shift undefined for items before the edit. */
export function diffArrays<T>(previous: readonly T[], next: readonly T[], same: (a: T, b: T, shift: Shift | undefined) => boolean, shift: Shift): ArrayDelta<T> {
  let prefix = 0;
  while (prefix < previous.length && prefix < next.length && same(previous[prefix], next[prefix], undefined)) prefix++;
  let suffix = 0;
  while (suffix < previous.length - prefix && suffix < next.length - prefix && same(previous[previous.length - 1 - suffix], next[next.length - 1 - suffix], shift)) suffix++;
  return { prefix, suffix, middle: next.slice(prefix, next.length - suffix) };
}

export function applyArrayDelta<T>(previous: readonly T[], delta: ArrayDelta<T>, shifted: (item: T) => T): T[] {
  const out = previous.slice(0, delta.prefix);
  for (const item of delta.middle) out.push(item);
  for (let i = previous.length - delta.suffix; i < previous.length; i++) out.push(shifted(previous[i]));
  return out;
}

export function sameFinding(a: Finding, b: Finding, shift: Shift | undefined): boolean {
  const offset = shift?.offset ?? 0;
  return (
    a.ruleId === b.ruleId &&
    a.severity === b.severity &&
    a.message === b.message &&
    a.range.start + offset === b.range.start &&
    a.range.end + offset === b.range.end &&
    a.fixes.length === 0 &&
    b.fixes.length === 0 &&
    (a.statementIndex === undefined ? b.statementIndex === undefined : a.statementIndex + (shift?.index ?? 0) === b.statementIndex)
  );
}

export function shiftFinding(finding: Finding, shift: Shift): Finding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    range: { start: finding.range.start + shift.offset, end: finding.range.end + shift.offset },
    fixes: [],
    ...(finding.statementIndex !== undefined ? { statementIndex: finding.statementIndex + shift.index } : {}),
  };
}

interface LockInfo {
  start: number;
  end: number;
  inTransaction: boolean;
  locks: Array<{ relation: string; mode: string; reason: string }>;
}

export function sameLockInfo<T extends LockInfo>(a: T, b: T, shift: Shift | undefined): boolean {
  const offset = shift?.offset ?? 0;
  if (a.start + offset !== b.start || a.end + offset !== b.end || a.inTransaction !== b.inTransaction || a.locks.length !== b.locks.length) return false;
  return a.locks.every((lock, i) => lock.relation === b.locks[i].relation && lock.mode === b.locks[i].mode && lock.reason === b.locks[i].reason);
}

export function shiftLockInfo<T extends LockInfo>(info: T, shift: Shift): T {
  return { ...info, start: info.start + shift.offset, end: info.end + shift.offset };
}
