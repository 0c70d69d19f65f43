/**
 * The contract every rule fulfils: metadata that drives docs, configuration and the CLI's
 * `rules` listing, a check over one statement in its context, and optional fixes.
 */
import type { Answer, FactQuery } from '../facts/fileFacts';
import type { PgVersion, Settings, Severity } from '../config/settings';
import type { ParsedDocument, ParsedStatement } from '../parse/parseDocument';
import type { QualifiedName } from '../ast';
import type { OffsetRange } from '../text/lineIndex';
import type { LockMode } from '../locks/locks';
import type { MigrationLintContext } from '../project/types';
import type { SchemaTracker } from '../project/lintContext';
import type { Catalog } from '../schema/model';
import type { FileChange } from '../fixes/types';

export type RuleCategory = 'data-loss' | 'breaking' | 'locking' | 'rewrite' | 'transaction' | 'correctness' | 'style';

export interface RuleDocs {
  /** A migration that triggers the rule. */
  badExample: string;
  /** The same change written safely. */
  goodExample?: string;
  /** Why the flagged change is risky, in a short paragraph. */
  why: string;
  /** The lock the flagged statement takes, when the risk is a lock. */
  lock?: LockMode;
  /** The safe alternative in one or two sentences. */
  safeAlternative: string;
  /** How and why Safeshift's rule differs from Squawk's rule of the same name, if at all. */
  squawkDifference?: string;
}

export interface RuleMeta {
  id: string;
  category: RuleCategory;
  defaultSeverity: Severity | 'off';
  /** The PostgreSQL versions the risk exists in; absent bounds are open. */
  pgVersions?: { min?: PgVersion; max?: PgVersion };
  summary: string;
  docs: RuleDocs;
  /** True when the id and meaning match Squawk's rule, so `squawk-ignore` names it. */
  squawkCompatible?: boolean;
}

export interface TextEdit {
  range: OffsetRange;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix that resolves the finding as intended, offered first. */
  preferred?: boolean;
  /** New migration files and edits to other files (fixes/types.ts); `edits` stay the linted file's. */
  fileChanges?: FileChange[];
}

/** What a rule reports; the engine adds the rule id, severity and ignores. */
export interface RuleFinding {
  message: string;
  /** Defaults to the statement's range. */
  range?: OffsetRange;
  fixes?: Fix[];
}

export interface TransactionState {
  /** Inside BEGIN ... COMMIT written in the file. */
  explicit: boolean;
  /** Inside the transaction the migration tool wraps the file in. */
  envelope: boolean;
  /**
   * The statement runs inside a transaction block: BEGIN in the file, the tool's envelope, or the
   * implicit transaction of a multi-statement string (`implicitMultiStatement`).
   */
  inTransaction: boolean;
  /**
   * The tool sends this statement together with others as one string (golang-migrate, Prisma,
   * dbmate `transaction:false`, sqlx `-- no-transaction`, Diesel without a transaction…), which
   * PostgreSQL runs as one implicit transaction even without BEGIN. Set only with a migration context.
   */
  implicitMultiStatement?: boolean;
  /** Why the envelope is what it is, naming the tool and the directive, for messages. Set only with a migration context. */
  envelopeReason?: string;
}

export interface FileContext {
  document: ParsedDocument;
  settings: Settings;
  /** Transaction state before each statement, by statement index. */
  transactions: TransactionState[];
  /** Tables created by CREATE TABLE earlier in this file, with the creating statement's index. */
  createdTables: Array<{ name: QualifiedName; index: number }>;
  /** The file's place in its migration project (tool, sections, envelopes), when known. */
  migration?: MigrationLintContext;
  /** The schema as of each statement, when the file's migration history was replayed. */
  schema?: SchemaTracker;
}

export interface StatementContext {
  statement: ParsedStatement;
  file: FileContext;
  transaction: TransactionState;
  settings: Settings;
  /** Statements before this one in the file. */
  previous: readonly ParsedStatement[];
  /**
   * True when `name` was created earlier in this file, or by this migration in another of its
   * files (an up.sql beside the linted down.sql), so it is new and empty.
   */
  isNewTable(name: QualifiedName | undefined): boolean;
  /**
   * The catalog as this statement finds it: earlier migrations and the earlier statements of this
   * file applied. Undefined without a migration history (a lone file). Read it during this check only.
   */
  catalog?(): Catalog | undefined;
  pgAtLeast(major: number, minor?: number): boolean;
  /**
   * Answers a question about the rest of the file (facts/fileFacts.ts). Prefer it to reading
   * `previous` or `file`: a result that depends only on the statement and its answers is reused
   * after an edit while the answers stay the same.
   */
  ask<A, V extends Answer>(query: FactQuery<A, V>, arg: A): V;
}

export interface Rule {
  meta: RuleMeta;
  check(context: StatementContext): RuleFinding[];
  /** Runs once after every statement has been checked, for file-level findings. */
  checkFile?(file: FileContext): Array<RuleFinding & { range: OffsetRange }>;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: OffsetRange;
  fixes: Fix[];
  /** The statement the finding belongs to, when there is one. */
  statementIndex?: number;
}
