/**
 * How the project model feeds the lint engine: the transaction state of each statement from the
 * real envelope of the section it sits in, and the project findings of the linted file.
 */
import type { TransactionStmt } from 'libpg-query';
import { asKind } from '../ast';
import type { Settings, Severity } from '../config/settings';
import type { ParsedDocument, ParsedStatement } from '../parse/parseDocument';
import type { Finding, TransactionState } from '../rules/types';
import type { OffsetRange } from '../text/lineIndex';
import type { Catalog } from '../schema/model';
import { cloneCatalog } from '../schema/model';
import { cannotRunInTransaction } from './nonTransactional';
import { applyTracked, type SchemaBefore } from './schemaHistory';
import type { MigrationLintContext, Script } from './types';

const OUTSIDE_REASON = 'This statement is outside every up and down section, so the migration tool does not run it.';

/** Transaction state before each statement, by statement index. */
export function migrationTransactionStates(document: ParsedDocument, context: MigrationLintContext, assumeInTransaction: boolean): TransactionState[] {
  const states: TransactionState[] = [];
  const byScript = new Map<Script, ParsedStatement[]>();
  const outside: ParsedStatement[] = [];
  for (const statement of document.statements) {
    const owner = scriptOf(context.scripts, statement.range.start);
    if (owner) byScript.set(owner, [...(byScript.get(owner) ?? []), statement]);
    else outside.push(statement);
  }
  for (const [owner, statements] of byScript) {
    scriptStates(owner, statements, assumeInTransaction).forEach((state, i) => (states[statements[i].index] = state));
  }
  let explicit = false;
  for (const statement of outside) {
    states[statement.index] = { explicit, envelope: false, inTransaction: explicit, implicitMultiStatement: false, envelopeReason: OUTSIDE_REASON };
    explicit = nextExplicit(statement, explicit);
  }
  return states;
}

function contains(range: OffsetRange, offset: number): boolean {
  return offset >= range.start && offset < range.end;
}

/** The up or down section of the linted file that holds `offset`, for rules and hovers that care. */
export function sectionAt(context: MigrationLintContext, offset: number): Script | undefined {
  return scriptOf(context.scripts, offset);
}

/** Scripts with pieces (SQL in comments) only own what is inside their pieces. */
function scriptOf(scripts: Script[], offset: number): Script | undefined {
  return (
    scripts.find((s) => s.pieces?.some((p) => contains(p, offset))) ??
    scripts.find((s) => !s.pieces && contains(s.range, offset))
  );
}

function scriptStates(owner: Script, statements: ParsedStatement[], assumeInTransaction: boolean): TransactionState[] {
  const txEnvelope = owner.envelope;
  const nonTransactional = statements.map(cannotRunInTransaction);
  let wraps = txEnvelope.kind === 'per-migration' || txEnvelope.kind === 'all-pending' || (txEnvelope.kind === 'unknown' && assumeInTransaction);
  let reason = txEnvelope.reason;
  if (txEnvelope.nonTransactional === 'alone-only' && nonTransactional.some(Boolean)) {
    if (nonTransactional.every(Boolean)) {
      wraps = false;
      reason = 'Flyway detects that no statement in this script can run in a transaction and runs the script without one.';
    } else {
      reason = 'Flyway runs this script in a transaction: it mixes statements that cannot run in a transaction with ones that can, which Flyway refuses unless mixed=true. Move the former to a script of their own.';
    }
  }
  if (txEnvelope.nonTransactional === 'whole-script' && nonTransactional.some(Boolean)) {
    wraps = false;
    reason = 'With mixed=true Flyway runs this whole script without a transaction, because it holds a statement that cannot run in one.';
  }
  const splitOut = (i: number) => txEnvelope.nonTransactional === 'split-out' && nonTransactional[i];
  const batchSizes = sizesOfBatches(owner, statements, splitOut);
  const states: TransactionState[] = [];
  let explicit = false;
  let open = wraps;
  statements.forEach((statement, i) => {
    const alone = splitOut(i);
    const envelopeHere = open && !alone;
    const implicitMultiStatement = batchSizes[i] > 1;
    states.push({
      explicit,
      envelope: envelopeHere,
      inTransaction: explicit || envelopeHere || implicitMultiStatement,
      implicitMultiStatement,
      envelopeReason: alone ? 'The Supabase CLI runs this statement on its own, outside the batch, because it cannot run in a transaction.' : reason,
    });
    explicit = nextExplicit(statement, explicit);
    if (endsTransaction(statement)) open = false;
  });
  return states;
}

/** How many statements share each statement's one-string batch (1 when sent alone). */
function sizesOfBatches(owner: Script, statements: ParsedStatement[], splitOut: (i: number) => boolean): number[] {
  const batches = owner.batches ?? (owner.execution === 'one-string' ? [owner.range] : []);
  const batchIndex = statements.map((s, i) => (splitOut(i) ? -1 : batches.findIndex((b) => contains(b, s.range.start))));
  return batchIndex.map((b) => (b < 0 ? 1 : batchIndex.filter((other) => other === b).length));
}

function transactionKind(statement: ParsedStatement): string | undefined {
  return asKind<TransactionStmt>(statement, 'TransactionStmt')?.kind;
}

function nextExplicit(statement: ParsedStatement, explicit: boolean): boolean {
  const kind = transactionKind(statement);
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return true;
  return endsTransaction(statement) ? false : explicit;
}

function endsTransaction(statement: ParsedStatement): boolean {
  const kind = transactionKind(statement);
  return kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE';
}

/** Project findings of the linted file as lint findings; `rules` in the settings can re-level them. */
export function projectLintFindings(context: MigrationLintContext, settings: Settings): Finding[] {
  const findings: Finding[] = [];
  for (const finding of context.findings) {
    const level = settings.rules[finding.code] ?? finding.severity;
    if (level === 'off') continue;
    findings.push({ ruleId: finding.code, severity: level as Severity, message: finding.message, range: finding.range, fixes: [] });
  }
  return findings;
}

/**
 * The catalog as of each statement of the linted file: the schema before the file with the file's
 * earlier statements applied, one at a time, to a private copy. Rules ask in statement order, so
 * each statement is applied once; asking for an earlier statement starts again from the copy.
 * Down sections see what the up sections before them built; an up section after a down section
 * (dbmate allows several pairs) continues from the up sections only. Statements outside every
 * section are not run by the tool and change nothing. The returned catalog is live: read it
 * during the check of that statement only.
 */
export class SchemaTracker {
  private working: Catalog | undefined;
  private applied = 0;
  private appliesAt: boolean[] | undefined;

  constructor(
    private readonly document: ParsedDocument,
    private readonly context: MigrationLintContext,
    private readonly schema: SchemaBefore,
  ) {}

  /** The catalog before statement `index` runs. */
  catalogBefore(index: number): Catalog {
    if (!this.working || index < this.applied) {
      this.working = cloneCatalog(this.schema.catalog);
      this.working.searchPath = ['public'];
      this.applied = 0;
    }
    const applies = (this.appliesAt ??= this.whichApply());
    for (; this.applied < index && this.applied < this.document.statements.length; this.applied++) {
      if (applies[this.applied]) applyTracked(this.working, this.document.statements[this.applied], this.context.migrationId);
    }
    return this.working;
  }

  /** False for a statement outside every up and down section: the tool never runs it. */
  isRun(index: number): boolean {
    return (this.appliesAt ??= this.whichApply())[index] || sectionKind(this.context.scripts, this.document.statements[index]) === 'down';
  }

  /** The migration of the linted file (what origins of objects it changes name). */
  get migrationId(): string {
    return this.context.migrationId;
  }

  get uncertainties(): string[] {
    return this.schema.uncertainties;
  }

  /** Tables created by this migration in other files (an up.sql beside the linted down.sql). */
  get siblingTables(): SchemaBefore['siblingTables'] {
    return this.schema.siblingTables;
  }

  private whichApply(): boolean[] {
    // Up statements apply to what follows; a down section's statements apply only when no up section follows it.
    const scripts = this.context.scripts;
    return this.document.statements.map((statement) => {
      const owner = scriptOf(scripts, statement.range.start);
      if (!owner) return scripts.length === 0;
      if (owner.direction === 'up') return true;
      return !scripts.some((s) => s.direction === 'up' && s.range.start > owner.range.start);
    });
  }
}

function sectionKind(scripts: Script[], statement: ParsedStatement | undefined): Script['direction'] | undefined {
  return statement ? scriptOf(scripts, statement.range.start)?.direction : undefined;
}
