/**
 * Fixes built only when someone looks at them. Most lints show no fix (`safeshift check`, the
 * editor's diagnostics): a rewrite plan's migrations, names and edits are laid out only when the
 * lightbulb or `safeshift fix` asks. A lazy fix reads the rule's statement context, which is valid
 * only while the rule's check runs, so the engine resolves lazy fixes right after the check
 * (resolveFixes) or drops them unread.
 */
import type { Fix } from '../rules/types';

const COMPUTE = Symbol('safeshift.lazyFix');

interface LazyFix extends Fix {
  [COMPUTE]: () => Fix | undefined;
}

/**
 * A Fix whose fields are computed by `compute` on first read, once. `compute` returns undefined
 * only when the fix turns out impossible: resolveFixes then drops it, and its fields read as an
 * empty fix. What it throws reaches whoever reads it (inside the check: the rule's guard).
 */
export function lazyFix(compute: () => Fix | undefined): Fix {
  let done = false;
  let value: Fix | undefined;
  const resolve = (): Fix | undefined => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
  const fix = {} as LazyFix;
  Object.defineProperties(fix, {
    title: { enumerable: true, get: () => resolve()?.title ?? '' },
    edits: { enumerable: true, get: () => resolve()?.edits ?? [] },
    preferred: { enumerable: true, get: () => resolve()?.preferred },
    fileChanges: { enumerable: true, get: () => resolve()?.fileChanges },
    [COMPUTE]: { enumerable: false, value: resolve },
  });
  return fix;
}

/** True when `fix` is lazy (reading any field computes it). */
export function isLazyFix(fix: Fix): boolean {
  return COMPUTE in fix;
}

/**
 * `fixes` as plain objects: lazy ones computed now (impossible ones dropped), others as they are.
 * Returns the same array when nothing is lazy.
 */
export function resolveFixes(fixes: readonly Fix[]): Fix[] {
  if (!fixes.some(isLazyFix)) return fixes as Fix[];
  const resolved: Fix[] = [];
  for (const fix of fixes) {
    if (!isLazyFix(fix)) resolved.push(fix);
    else {
      const value = (fix as LazyFix)[COMPUTE]();
      if (value) resolved.push(plainFix(value));
    }
  }
  return resolved;
}

/** Only the fields a fix has, so a resolved fix looks exactly like an eagerly built one. */
function plainFix(fix: Fix): Fix {
  return {
    title: fix.title,
    edits: fix.edits,
    ...(fix.preferred !== undefined ? { preferred: fix.preferred } : {}),
    ...(fix.fileChanges !== undefined ? { fileChanges: fix.fileChanges } : {}),
  };
}
