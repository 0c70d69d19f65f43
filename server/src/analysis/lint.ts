/**
 * The lint pipeline: parsed document → transaction state and same-file facts → rules → ignores →
 * findings with fixes. Pure: the caller brings the text and the settings.
 */
import { versionAtLeast, type Settings, type Severity } from './config/settings';
import { parseDocument, type ParsedDocument, type ParsedStatement } from './parse/parseDocument';
import { asKind, relationName, type QualifiedName } from './ast';
import { NEW_TABLE } from './facts/fileFacts';
import { findIgnores, ignoreCovers, ignoreFileFix, ignoreStatementFix, removeDirectiveFix, type IgnoreDirective } from './ignores';
import { resolveFixes } from './fixes/lazy';
import { rangesTouch, type OffsetRange } from './text/lineIndex';
import { RULES, RULES_BY_ID, SQUAWK_RULE_IDS } from './rules/registry';
import type { FileContext, Finding, Rule, RuleFinding, StatementContext, TransactionState } from './rules/types';
import type { CreateStmt, CreateTableAsStmt, TransactionStmt } from 'libpg-query';
import { migrationTransactionStates, projectLintFindings, SchemaTracker } from './project/lintContext';
import { PROJECT_FINDING_CODES, type MigrationLintContext } from './project/types';
import {
  absoluteFindings,
  cacheOf,
  commonPrefixLength,
  relativeFindings,
  rememberCache,
  RuleResultCache,
  needingAttention,
  statementKey,
  statementSpan,
  stillValid,
  TrackingContext,
  trackingFile,
  reachOf,
  type DependencyTracker,
  type StoredResult,
} from './ruleCache';

export interface LintResult {
  document: ParsedDocument;
  findings: Finding[];
}

/**
 * Which findings get their quick fixes: every finding (`all`, the default), none (findings then
 * carry `fixes: []`; what `check` and the editor's diagnostics need), or the findings touching an
 * offset range (what a lightbulb there shows; other findings carry `fixes: []`).
 */
export type FixScope = 'all' | 'none' | OffsetRange;

export interface LintOptions {
  fixes?: FixScope;
}

/**
 * `migration`, when the file belongs to a migration project, gives each statement the transaction
 * state of the section it sits in (instead of `assumeInTransaction`) and adds the project findings
 * located in this file.
 */
/**
 * Parses and lints `text`. After an edit, pass the previous result's document for the same file:
 * only the edited statements are parsed again.
 */
export function lintText(text: string, settings: Settings, migration?: MigrationLintContext, previous?: ParsedDocument, options?: LintOptions): LintResult {
  const placeholders = migration ? { ...migration.placeholders, ...settings.placeholders } : settings.placeholders;
  const document = parseDocument(text, { placeholders, maxFileBytes: settings.maxFileSizeKb * 1024 }, previous);
  return { document, findings: lintDocument(document, settings, RULES, migration, previous, options) };
}

/**
 * Rule results stored with their fixes resolved. A lint without fixes stores results without
 * them, and those must not be reused where fixes are wanted.
 */
const storedWithFixes = new WeakSet<StoredResult>();

function reusableFor(stored: StoredResult, withFixes: boolean): boolean {
  return !withFixes || stored.findings.length === 0 || storedWithFixes.has(stored);
}

/** The rule's findings as the lint wants them: lazy fixes resolved now (while the context is valid), or no fixes at all. */
function shapeFixes(findings: RuleFinding[], withFixes: boolean): RuleFinding[] {
  if (withFixes) {
    return findings.map((finding) => {
      const resolved = finding.fixes && resolveFixes(finding.fixes);
      return resolved === finding.fixes ? finding : { ...finding, fixes: resolved };
    });
  }
  return findings.map((finding) => (finding.fixes ? { ...finding, fixes: undefined } : finding));
}

/**
 * With `previous` (the same document before an edit, as linted last), rules whose result depends
 * only on the statement are not run again for unchanged statements (see ruleCache.ts).
 */
export function lintDocument(
  document: ParsedDocument,
  settings: Settings,
  rules: readonly Rule[] = RULES,
  migration?: MigrationLintContext,
  previous?: ParsedDocument,
  options?: LintOptions,
): Finding[] {
  const scope = options?.fixes ?? 'all';
  const file = fileContext(document, settings, migration);
  const active = rules.filter((rule) => appliesTo(rule, settings));
  const raw: Finding[] = problemFindings(document, settings);
  if (migration) raw.push(...projectLintFindings(migration, settings));
  const cacheScope = JSON.stringify([settings, migration?.placeholders ?? null, migration !== undefined, file.schema !== undefined, active.map((rule) => rule.meta.id)]);
  const earlierCache = cacheOf(previous, cacheScope);
  const unchangedPrefix = earlierCache ? commonPrefixLength(earlierCache.text, document.text) : 0;
  const cache = new RuleResultCache(cacheScope, document.text);
  const tracker: DependencyTracker = { reach: undefined, asked: [] };
  const tracking = new TrackingContext(tracker, trackingFile(file, tracker), file, (index) => statementsBefore(document.statements, index));
  /** Statements whose findings carry fixes (with scope `all`, every one). */
  const fixed = new Set<number>();

  /** The statement's findings, rules run again where their stored results do not stand. */
  const everyPosition = active.map((_, position) => position);
  const lintStatement = (statement: ParsedStatement, withFixes: boolean): Finding[] => {
    const key = statementKey(document, statement, file.transactions[statement.index]);
    const earlier = earlierCache?.byStatement.get(key);
    const prefixIntact = earlier !== undefined && earlier.index === statement.index && statementSpan(statement).end <= unchangedPrefix;
    // The earlier results stand as they are until a rule runs again (most statements, after an edit).
    // By the rule's position in `active` (part of the cache's scope, so the same in every lint that reuses).
    let results: Array<StoredResult | undefined> | undefined = earlier ? undefined : new Array<StoredResult | undefined>(active.length);
    let entered = false;
    const out: Finding[] = [];
    try {
      // Stored results that read only the statement and found nothing stand without a look.
      for (const position of earlier ? earlier.attention : everyPosition) {
        const rule = active[position];
        const stored = earlier?.byRule[position];
        let findings: RuleFinding[];
        if (stored && reusableFor(stored, withFixes) && stillValid(stored, prefixIntact, file, statement.index)) findings = absoluteFindings(stored.findings, statement.range.start);
        else {
          if (!entered) tracking.enter(statement);
          entered = true;
          tracker.reach = undefined;
          tracker.asked = [];
          findings = runGuarded(() => shapeFixes(rule.check(tracking), withFixes), rule);
          const reach = reachOf(tracker);
          const relative = reach === 'file' ? undefined : relativeFindings(findings, statement);
          results ??= earlier!.byRule.slice();
          if (relative && reach !== 'file') {
            const result: StoredResult = reach === 'facts' ? { reach, findings: relative, asked: tracker.asked } : { reach, findings: relative };
            if (withFixes) storedWithFixes.add(result);
            results[position] = result;
          } else results[position] = undefined;
        }
        for (const finding of findings) out.push(toFinding(rule, settings, finding, statement, withFixes));
      }
    } finally {
      if (entered) tracking.leave();
    }
    cache.byStatement.set(key, results ? { index: statement.index, byRule: results, attention: needingAttention(results) } : { ...earlier!, index: statement.index });
    return out;
  };

  const range = typeof scope === 'object' ? scope : undefined;
  for (const statement of document.statements) {
    let withFixes = scope === 'all' || (range !== undefined && rangesTouch(statementSpan(statement), range));
    let findings = lintStatement(statement, withFixes);
    // A finding may reach beyond its statement's text: when one touches the range, its statement's fixes are wanted too.
    if (!withFixes && range && findings.some((finding) => rangesTouch(finding.range, range))) {
      withFixes = true;
      findings = lintStatement(statement, true);
    }
    if (withFixes) fixed.add(statement.index);
    for (const finding of findings) raw.push(finding);
  }
  rememberCache(document, cache);
  for (const rule of active) {
    for (const finding of runGuarded(() => shapeFixes(rule.checkFile?.(file) ?? [], scope !== 'none'), rule)) raw.push(toFinding(rule, settings, finding, undefined, scope !== 'none'));
  }
  const ignoreFixesFor = (statementIndex: number) => fixed.has(statementIndex);
  return applyIgnores(document, settings, raw, ignoreFixesFor, scope !== 'none').sort((a, b) => a.range.start - b.range.start || RULE_ORDER.compare(a.ruleId, b.ruleId));
}


/** The order localeCompare gives, without building a collator for every comparison. */
const RULE_ORDER = new Intl.Collator();

export function levelOf(ruleId: string, settings: Settings): Severity | 'off' {
  return settings.rules[ruleId] ?? RULES_BY_ID.get(ruleId)?.meta.defaultSeverity ?? 'warning';
}

function appliesTo(rule: Rule, settings: Settings): boolean {
  if (levelOf(rule.meta.id, settings) === 'off') return false;
  const { min, max } = rule.meta.pgVersions ?? {};
  if (min && !versionAtLeast(settings.postgresVersion, min.major, min.minor)) return false;
  if (max && versionAtLeast(settings.postgresVersion, max.major, max.minor) && !sameVersion(settings, max)) return false;
  return true;
}

function sameVersion(settings: Settings, version: { major: number; minor: number }): boolean {
  return settings.postgresVersion.major === version.major && settings.postgresVersion.minor <= version.minor;
}

/** A rule that throws must not take the others down with it; the error becomes a finding. */
function runGuarded(check: () => RuleFinding[], rule: Rule): RuleFinding[] {
  try {
    return check();
  } catch (error) {
    return [{ message: `Internal error in rule ${rule.meta.id}: ${error instanceof Error ? error.message : String(error)}` }];
  }
}

function toFinding(rule: Rule, settings: Settings, finding: RuleFinding, statement: ParsedStatement | undefined, withFixes: boolean): Finding {
  return {
    ruleId: rule.meta.id,
    severity: levelOf(rule.meta.id, settings) as Severity,
    message: finding.message,
    range: finding.range ?? statement?.range ?? { start: 0, end: 0 },
    fixes: withFixes ? (finding.fixes ?? []) : [],
    statementIndex: statement?.index,
  };
}

function problemFindings(document: ParsedDocument, settings: Settings): Finding[] {
  return document.problems
    .filter((problem) => levelOf(problem.code, settings) !== 'off')
    .map((problem) => ({
      ruleId: problem.code,
      severity: settings.rules[problem.code] && settings.rules[problem.code] !== 'off' ? (settings.rules[problem.code] as Severity) : problem.severity,
      message: problem.message,
      range: problem.range,
      fixes: [],
    }));
}

export function fileContext(document: ParsedDocument, settings: Settings, migration?: MigrationLintContext): FileContext {
  const transactions: TransactionState[] = [];
  const createdTables: Array<{ name: QualifiedName; index: number }> = [];
  let explicit = false;
  let envelope = settings.assumeInTransaction;
  for (const statement of document.statements) {
    transactions.push({ explicit, envelope, inTransaction: explicit || envelope });
    const kind = asKind<TransactionStmt>(statement, 'TransactionStmt')?.kind;
    if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') explicit = true;
    else if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE') {
      explicit = false;
      envelope = false;
    }
    const created = relationName(asKind<CreateStmt>(statement, 'CreateStmt')?.relation) ?? relationName(asKind<CreateTableAsStmt>(statement, 'CreateTableAsStmt')?.into?.rel);
    if (created) createdTables.push({ name: created, index: statement.index });
  }
  if (migration) {
    const schema = migration.schema ? new SchemaTracker(document, migration, migration.schema) : undefined;
    return { document, settings, transactions: migrationTransactionStates(document, migration, settings.assumeInTransaction), createdTables, migration, ...(schema ? { schema } : {}) };
  }
  return { document, settings, transactions, createdTables };
}

/**
 * The statements before `index`, as a read-only view rather than a copy: rules look back a few
 * statements for most statements, and copying the prefix for each would make long files quadratic.
 */
function statementsBefore(statements: readonly ParsedStatement[], index: number): readonly ParsedStatement[] {
  return new Proxy(statements, {
    get(target, property, receiver) {
      if (property === 'length') return index;
      if (typeof property === 'string' && /^\d+$/.test(property)) return Number(property) < index ? target[Number(property)] : undefined;
      return Reflect.get(target, property, receiver);
    },
    has(target, property) {
      if (typeof property === 'string' && /^\d+$/.test(property)) return Number(property) < index;
      return Reflect.has(target, property);
    },
  });
}

/** The plain statement context (TrackingContext mirrors it). */
export function statementContext(file: FileContext, statement: ParsedStatement): StatementContext {
  return {
    statement,
    file,
    settings: file.settings,
    transaction: file.transactions[statement.index],
    previous: statementsBefore(file.document.statements, statement.index),
    isNewTable: (name) => NEW_TABLE.answer(file, statement.index, name),
    catalog: () => file.schema?.catalogBefore(statement.index),
    pgAtLeast: (major, minor = 0) => versionAtLeast(file.settings.postgresVersion, major, minor),
    ask: (query, arg) => query.answer(file, statement.index, arg),
  };
}

let knownIgnoreNames: ReadonlySet<string> | undefined;

/** Every name an ignore comment may use; the registry is fixed, so the set is built once. */
function ignorableNames(): ReadonlySet<string> {
  return (knownIgnoreNames ??= new Set([...RULES_BY_ID.keys(), ...SQUAWK_RULE_IDS, ...PROJECT_FINDING_CODES]));
}

/**
 * Drops ignored findings, adds ignore quick fixes (to the findings of statements that get fixes),
 * and reports ignores that do nothing (with their removal fix when `removeFixes`).
 */
function applyIgnores(document: ParsedDocument, settings: Settings, findings: Finding[], ignoreFixesFor: (statementIndex: number) => boolean, removeFixes: boolean): Finding[] {
  const ignores = findIgnores(document);
  const used = new Set<string>();
  const key = (directive: IgnoreDirective, ruleId: string) => `${directive.comment.range.start}:${ruleId}`;
  const kept: Finding[] = [];
  for (const finding of findings) {
    const suppressor = isSuppressible(finding.ruleId)
      ? ignores.find((d) => ignoreCovers(d, finding.ruleId) && (d.fileLevel || d.statementIndex === finding.statementIndex))
      : undefined;
    if (suppressor) {
      used.add(key(suppressor, suppressor.rules.length === 0 ? '*' : finding.ruleId));
      continue;
    }
    if (finding.statementIndex !== undefined && ignoreFixesFor(finding.statementIndex)) {
      finding.fixes.push(ignoreStatementFix(document, finding.statementIndex, finding.ruleId, ignores), ignoreFileFix(document, finding.ruleId, ignores));
    }
    kept.push(finding);
  }
  if (levelOf('unused-ignore', settings) !== 'off') kept.push(...unusedIgnores(document, settings, ignores, used, key, removeFixes));
  return kept;
}

function isSuppressible(ruleId: string): boolean {
  return ruleId !== 'syntax-error' && ruleId !== 'invalid-input' && ruleId !== 'unused-ignore';
}

function unusedIgnores(
  document: ParsedDocument,
  settings: Settings,
  ignores: IgnoreDirective[],
  used: Set<string>,
  key: (d: IgnoreDirective, id: string) => string,
  removeFixes: boolean,
): Finding[] {
  const known = ignorableNames();
  const severity = levelOf('unused-ignore', settings) as Severity;
  const findings: Finding[] = [];
  for (const directive of ignores) {
    const remove = removeFixes ? removeDirectiveFix(document, directive) : undefined;
    if (directive.rules.length === 0) {
      if (directive.tool === 'safeshift' && !used.has(key(directive, '*'))) {
        findings.push({ ruleId: 'unused-ignore', severity, message: 'This ignore comment suppresses nothing.', range: directive.comment.range, fixes: remove ? [remove] : [] });
      }
      continue;
    }
    // Squawk-era ignores often cover Squawk false positives that Safeshift does not report, so
    // for those only unknown names are worth a hint (as Squawk itself reports them).
    const reportsUnused = directive.tool === 'safeshift';
    for (const named of directive.rules) {
      let message: string | undefined;
      if (!known.has(named.id)) message = `Unknown rule "${named.id}" in an ignore comment.`;
      else if (reportsUnused && RULES_BY_ID.has(named.id) && levelOf(named.id, settings) !== 'off' && !used.has(key(directive, named.id))) {
        message = `This ignore of "${named.id}" suppresses nothing${directive.fileLevel ? ' in this file' : ' on this statement'}.`;
      }
      if (message) findings.push({ ruleId: 'unused-ignore', severity, message, range: named.range, fixes: remove && directive.rules.length === 1 ? [remove] : [] });
    }
  }
  return findings;
}
