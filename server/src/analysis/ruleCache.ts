/**
 * Reuse of rule results across edits of one document. After a keystroke most statements are
 * unchanged, and most rules look at nothing but the statement itself, so their findings for an
 * unchanged statement can be taken from the previous lint instead of running the rule again.
 *
 * Reuse is safe by construction rather than by a list kept by hand: each rule runs against a
 * context that records whether the rule read anything beyond the statement, its transaction state
 * and the settings (the file, the statements before it, isNewTable, the catalog, or any property
 * added to the context later). Only the results of rules that did not are kept, keyed by
 *
 *   - the settings and placeholders of the whole lint, and whether the file has a migration
 *     context and a replayed schema (a change drops every entry),
 *   - the statement's index and its transaction state,
 *   - the exact text from its first leading comment to the end of its trailing comment.
 *
 * Findings are stored relative to the statement's start and shifted on reuse. A finding with a
 * range or edit outside that text, or with anything but the known fields (a fix that creates other
 * files, say), is not kept, so what is reused is exactly what the rule would return again.
 */
import type { ParsedDocument, ParsedStatement } from './parse/parseDocument';
import type { FileContext, Fix, RuleFinding, StatementContext, TextEdit, TransactionState } from './rules/types';
import type { OffsetRange } from './text/lineIndex';

/**
 * How far a rule's result for a statement reaches: the statement alone, or also the statements
 * before it (reused only while the text up to the statement is unchanged). Results that read
 * anything else are never kept.
 */
export type Reach = 'statement' | 'prefix';

export interface StoredResult {
  reach: Reach;
  /** Relative to the statement's start. */
  findings: RuleFinding[];
}

/** Rule id → its result for one statement. */
type StatementResults = Map<string, StoredResult>;

export class RuleResultCache {
  readonly byStatement = new Map<string, StatementResults>();
  constructor(
    readonly scope: string,
    /** The text the results were computed on. */
    readonly text: string,
  ) {}
}

const cacheByDocument = new WeakMap<ParsedDocument, RuleResultCache>();

/** The cache built while linting `document`, when its scope matches. */
export function cacheOf(document: ParsedDocument | undefined, scope: string): RuleResultCache | undefined {
  const cache = document ? cacheByDocument.get(document) : undefined;
  return cache && cache.scope === scope ? cache : undefined;
}

export function rememberCache(document: ParsedDocument, cache: RuleResultCache): void {
  cacheByDocument.set(document, cache);
}

/** Length of the text two versions share from the start: statements ending within it keep their prefix. */
export function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

export function statementKey(document: ParsedDocument, statement: ParsedStatement, transaction: TransactionState | undefined): string {
  const { start, end } = statementSpan(statement);
  const tx = transaction
    ? `${+transaction.explicit}${+transaction.envelope}${+transaction.inTransaction}${+(transaction.implicitMultiStatement ?? false)}${transaction.envelopeReason ?? ''}`
    : '-';
  return `${statement.index}\u0001${tx}\u0001${statement.range.start - start}\u0001${document.text.slice(start, end)}`;
}

/** The statement with its leading and trailing comments: the text the key covers. */
export function statementSpan(statement: ParsedStatement): OffsetRange {
  const start = Math.min(statement.range.start, statement.leadingComments[0]?.range.start ?? statement.range.start);
  const end = Math.max(statement.range.end, statement.trailingComment?.range.end ?? statement.range.end);
  return { start, end };
}

/** Properties of the statement context a rule may read without its result depending on anything else. */
const LOCAL_PROPERTIES = new Set<string>(['statement', 'settings', 'transaction', 'pgAtLeast']);

export interface DependencyTracker {
  /** The farthest the rule read: undefined while it read only the statement itself. */
  reach: Reach | 'file' | undefined;
}

/** What the tracker recorded for the rule that just ran. */
export function reachOf(tracker: DependencyTracker): Reach | 'file' {
  return tracker.reach ?? 'statement';
}

/**
 * A view of `context` that records in `tracker` how far the rule reads: `previous` (and, without
 * a migration context, `isNewTable`, which looks only at earlier statements) reach the prefix;
 * any other property but the local ones, present or future, reaches the whole file.
 */
export function trackingContext(
  context: StatementContext,
  tracker: DependencyTracker,
  prefixOnly: ReadonlySet<string>,
  file: FileContext,
  /** Properties that are constant for this lint (`catalog` without a replayed schema). */
  constant: ReadonlySet<string>,
): StatementContext {
  const view = {} as StatementContext;
  for (const key of Object.keys(context) as Array<keyof StatementContext>) {
    // `file` itself is a view that tracks which of its parts the rule reads.
    if (key === 'file') {
      Object.defineProperty(view, key, { enumerable: true, value: file });
      continue;
    }
    const reach = LOCAL_PROPERTIES.has(key) || constant.has(key) ? undefined : prefixOnly.has(key) ? 'prefix' : 'file';
    Object.defineProperty(view, key, {
      enumerable: true,
      get() {
        if (reach === 'file' || (reach === 'prefix' && tracker.reach === undefined)) tracker.reach = reach;
        return context[key];
      },
    });
  }
  return view;
}

/**
 * A view of the file context for trackingContext, built once per lint. Its settings are local;
 * an absent migration or schema is too (their presence is part of the cache's scope, so a lone
 * file's rules that ask for the catalog and get none stay reusable); anything else reaches the file.
 */
export function trackingFile(file: FileContext, tracker: DependencyTracker): FileContext {
  const view = {} as FileContext;
  for (const key of Object.keys(file) as Array<keyof FileContext>) {
    const local = key === 'settings' || ((key === 'migration' || key === 'schema') && file[key] === undefined);
    Object.defineProperty(view, key, {
      enumerable: true,
      get() {
        if (!local) tracker.reach = 'file';
        return file[key];
      },
    });
  }
  return view;
}

/** `findings` relative to the statement's start, or undefined when they cannot be reused safely. */
export function relativeFindings(findings: RuleFinding[], statement: ParsedStatement): RuleFinding[] | undefined {
  const span = statementSpan(statement);
  const base = statement.range.start;
  const out: RuleFinding[] = [];
  for (const finding of findings) {
    if (!onlyKeys(finding, FINDING_KEYS) || typeof finding.message !== 'string') return undefined;
    const range = finding.range && shiftRange(finding.range, span, -base);
    if (finding.range && !range) return undefined;
    let fixes: Fix[] | undefined;
    if (finding.fixes) {
      fixes = [];
      for (const fix of finding.fixes) {
        if (!onlyKeys(fix, FIX_KEYS)) return undefined;
        const edits: TextEdit[] = [];
        for (const edit of fix.edits) {
          const shifted = onlyKeys(edit, EDIT_KEYS) ? shiftRange(edit.range, span, -base) : undefined;
          if (!shifted) return undefined;
          edits.push({ range: shifted, newText: edit.newText });
        }
        fixes.push({ title: fix.title, edits, ...(fix.preferred !== undefined ? { preferred: fix.preferred } : {}) });
      }
    }
    out.push({ message: finding.message, ...(range ? { range } : {}), ...(fixes ? { fixes } : {}) });
  }
  return out;
}

/** Fresh absolute copies of stored findings for a statement now starting at `base`. */
export function absoluteFindings(stored: RuleFinding[], base: number): RuleFinding[] {
  if (stored.length === 0) return NO_FINDINGS;
  const shift = (r: OffsetRange): OffsetRange => ({ start: r.start + base, end: r.end + base });
  return stored.map((finding) => ({
    message: finding.message,
    ...(finding.range ? { range: shift(finding.range) } : {}),
    ...(finding.fixes
      ? {
          fixes: finding.fixes.map((fix) => ({
            title: fix.title,
            edits: fix.edits.map((edit) => ({ range: shift(edit.range), newText: edit.newText })),
            ...(fix.preferred !== undefined ? { preferred: fix.preferred } : {}),
          })),
        }
      : {}),
  }));
}

/** Shared and never written to: callers only iterate over the result. */
const NO_FINDINGS: RuleFinding[] = [];

const FINDING_KEYS = new Set(['message', 'range', 'fixes']);
const FIX_KEYS = new Set(['title', 'edits', 'preferred']);
const EDIT_KEYS = new Set(['range', 'newText']);

function onlyKeys(value: object, allowed: ReadonlySet<string>): boolean {
  for (const key of Object.keys(value)) if (!allowed.has(key) && (value as Record<string, unknown>)[key] !== undefined) return false;
  return true;
}

function shiftRange(range: OffsetRange, span: OffsetRange, delta: number): OffsetRange | undefined {
  if (!range || typeof range.start !== 'number' || typeof range.end !== 'number') return undefined;
  if (range.start < span.start || range.end > span.end || range.end < range.start) return undefined;
  return { start: range.start + delta, end: range.end + delta };
}
