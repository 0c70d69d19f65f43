/**
 * Reuse of rule results across edits of one document. After a keystroke most statements are
 * unchanged, and most rules look at nothing but the statement itself, so their findings for an
 * unchanged statement can be taken from the previous lint instead of running the rule again.
 *
 * Reuse is safe by construction rather than by a list kept by hand: each rule runs against a
 * context (TrackingContext) that records what the rule read beyond the statement, its transaction
 * state and the settings: questions about the file and their answers (isNewTable, `ask`), the
 * statements before it or the statement's index, or the file and the catalog. Results are kept,
 * keyed by
 *
 *   - the settings and placeholders of the whole lint, and whether the file has a migration
 *     context and a replayed schema (a change drops every entry),
 *   - the statement's transaction state,
 *   - the exact text from its first leading comment to the end of its trailing comment,
 *
 * and reused when the rule read nothing more; or when the same questions get the same answers
 * again; or, for a rule that read the statements before, when the text up to the statement is
 * unchanged (and so its index). The index is not in the key, so statements after an edit that
 * merged or split statements (a syntax error) keep their results.
 *
 * Findings are stored relative to the statement's start and shifted on reuse. A finding with a
 * range or edit outside that text, or with anything but the known fields (a fix that creates other
 * files, say), is not kept, so what is reused is exactly what the rule would return again.
 */
import type { ParsedDocument, ParsedStatement } from './parse/parseDocument';
import type { FileContext, Fix, RuleFinding, StatementContext, TextEdit, TransactionState } from './rules/types';
import type { QualifiedName } from './ast';
import type { Catalog } from './schema/model';
import { versionAtLeast } from './config/settings';
import { NEW_TABLE, type Answer, type FactQuery } from './facts/fileFacts';
import type { OffsetRange } from './text/lineIndex';

/**
 * How far a rule's result for a statement reaches: the statement alone; the statement and the
 * answers to the questions it asked about the file (reused while the answers are the same); or
 * the statements before it (reused only while the text up to the statement is unchanged). Results
 * that read anything else are never kept.
 */
export type Reach = 'statement' | 'facts' | 'prefix';

export interface StoredResult {
  reach: Reach;
  /** Relative to the statement's start. */
  findings: RuleFinding[];
  /** For reach 'facts': the questions asked and their answers. */
  asked?: readonly Asked[];
}

/** The results for one statement text, and the index of the statement they were computed for. */
export interface StatementResults {
  index: number;
  /** By the rule's position in the lint's active rules (the cache's scope fixes that list). */
  byRule: Array<StoredResult | undefined>;
  /** The positions whose result is missing, reads more than the statement, or has findings (ascending). */
  attention: number[];
}

/** StatementResults.attention for `byRule`: the others hold no findings whenever the statement's key matches. */
export function needingAttention(byRule: ReadonlyArray<StoredResult | undefined>): number[] {
  const positions: number[] = [];
  for (let position = 0; position < byRule.length; position++) {
    const stored = byRule[position];
    if (!stored || stored.reach !== 'statement' || stored.findings.length > 0) positions.push(position);
  }
  return positions;
}

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
  return `${tx}\u0001${statement.range.start - start}\u0001${document.text.slice(start, end)}`;
}

/** The statement with its leading and trailing comments: the text the key covers. */
export function statementSpan(statement: ParsedStatement): OffsetRange {
  const start = Math.min(statement.range.start, statement.leadingComments[0]?.range.start ?? statement.range.start);
  const end = Math.max(statement.range.end, statement.trailingComment?.range.end ?? statement.range.end);
  return { start, end };
}

/** How far a result reaches, in order: reading a farther part widens it. */
const RANK: Record<Reach | 'file', number> = { statement: 0, facts: 1, prefix: 2, file: 3 };

/** One question a rule asked (facts/fileFacts.ts) and the answer it got. */
export interface Asked {
  query: FactQuery<never, Answer>;
  arg: unknown;
  answer: Answer;
}

export interface DependencyTracker {
  /** The farthest the rule read: undefined while it read only the statement itself. */
  reach: Reach | 'file' | undefined;
  /** The questions the rule asked, in order. */
  asked: Asked[];
}

export function widen(tracker: DependencyTracker, reach: Reach | 'file'): void {
  if (tracker.reach === undefined || RANK[reach] > RANK[tracker.reach]) tracker.reach = reach;
}

/** What the tracker recorded for the rule that just ran. */
export function reachOf(tracker: DependencyTracker): Reach | 'file' {
  return tracker.reach ?? 'statement';
}

/** True when every question gets, for the statement now at `index`, the answer it got before. */
export function answersHold(asked: readonly Asked[], file: FileContext, index: number): boolean {
  for (const question of asked) {
    if ((question.query as FactQuery<unknown, Answer>).answer(file, index, question.arg) !== question.answer) return false;
  }
  return true;
}

/** Whether a stored result still stands for its statement (same text and transaction state, by the key). */
export function stillValid(stored: StoredResult, prefixIntact: boolean, file: FileContext, index: number): boolean {
  if (stored.reach === 'statement') return true;
  if (stored.reach === 'prefix') return prefixIntact;
  const asked = stored.asked ?? [];
  return (prefixIntact && asked.every((question) => onlyPrefix(question.query, file))) || answersHold(asked, file, index);
}

function onlyPrefix(query: FactQuery<never, Answer>, file: FileContext): boolean {
  const { prefixOnly } = query;
  return prefixOnly === true || (typeof prefixOnly === 'function' && prefixOnly(file));
}

/**
 * The statement context rules run against, one object per lint moved from statement to
 * statement, recording in `tracker` how far each rule reads: `previous` and the statement's
 * `index` (the number of statements before it) reach the prefix; `ask` and isNewTable (a question
 * too) record their answers; `catalog` (with a replayed schema) and the file's parts (see
 * trackingFile) reach the file. The statement, its transaction state and the settings are local.
 * The members mirror StatementContext (lint.ts's statementContext); test/unit/ruleCache.test.ts
 * fails when a property is added there and not here.
 */
export class TrackingContext implements StatementContext {
  private current: ParsedStatement | undefined;
  private index = 0;
  constructor(
    private readonly tracker: DependencyTracker,
    /** The tracked view of the file (trackingFile). */
    readonly file: FileContext,
    /** The file itself, for questions and the per-statement parts. */
    private readonly plainFile: FileContext,
    private readonly previousOf: (index: number) => readonly ParsedStatement[],
  ) {}

  /** Moves to `statement`, whose `index` records a prefix read until `leave`. */
  enter(statement: ParsedStatement): void {
    const { tracker } = this;
    const index = statement.index;
    this.current = statement;
    this.index = index;
    Object.defineProperty(statement, 'index', {
      configurable: true,
      enumerable: true,
      get() {
        widen(tracker, 'prefix');
        return index;
      },
    });
  }

  /** Gives the statement its plain `index` back. */
  leave(): void {
    if (this.current) Object.defineProperty(this.current, 'index', { configurable: true, enumerable: true, writable: true, value: this.index });
    this.current = undefined;
  }

  get statement(): ParsedStatement {
    return this.current!;
  }
  get settings() {
    return this.plainFile.settings;
  }
  get transaction(): TransactionState {
    return this.plainFile.transactions[this.index];
  }
  get previous(): readonly ParsedStatement[] {
    widen(this.tracker, 'prefix');
    return this.previousOf(this.index);
  }
  // Own function properties, not methods: rules destructure them from the context.
  readonly isNewTable = (name: QualifiedName | undefined): boolean => this.ask(NEW_TABLE, name);
  readonly catalog = (): Catalog | undefined => {
    const schema = this.plainFile.schema;
    // Without a replayed schema the answer is undefined for every statement (part of the cache's scope).
    if (schema === undefined) return undefined;
    widen(this.tracker, 'file');
    return schema.catalogBefore(this.index);
  };
  readonly pgAtLeast = (major: number, minor = 0): boolean => versionAtLeast(this.plainFile.settings.postgresVersion, major, minor);
  readonly ask = <A, V extends Answer>(query: FactQuery<A, V>, arg: A): V => {
    const answer = query.answer(this.plainFile, this.index, arg);
    widen(this.tracker, 'facts');
    this.tracker.asked.push({ query: query as FactQuery<never, Answer>, arg, answer });
    return answer;
  };
}

/** The members TrackingContext provides: the statement context's properties, for the test that keeps them in step. */
export const TRACKED_CONTEXT_KEYS: readonly string[] = ['statement', 'file', 'settings', 'transaction', 'previous', 'isNewTable', 'catalog', 'pgAtLeast', 'ask'];

/**
 * A view of the file context for TrackingContext, built once per lint. Its settings are local;
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
        if (!local) widen(tracker, 'file');
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
