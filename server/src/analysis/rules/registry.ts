/**
 * Every rule Safeshift knows, in one list. Add a rule by writing its file and listing it here.
 */
import type { Rule } from './types';
import { emptyMigration, invalidInput, psqlMetaCommand, syntaxError, unresolvedPlaceholder, unusedIgnore } from './pseudo-rules';
import { requireConcurrentIndexCreation } from './require-concurrent-index-creation';
import { requireLockTimeout } from './require-lock-timeout';
import { banConcurrentIndexCreationInTransaction } from './ban-concurrent-index-creation-in-transaction';
import { addingForeignKeyConstraint } from './adding-foreign-key-constraint';
import { addingNotNullableField } from './adding-not-nullable-field';
import { addingRequiredField } from './adding-required-field';
import { banDropColumn } from './ban-drop-column';
import { banDropTable } from './ban-drop-table';
import { renamingColumn } from './renaming-column';
import { renamingTable } from './renaming-table';
import { changingColumnType } from './changing-column-type';
import { constraintMissingNotValid } from './constraint-missing-not-valid';

export const RULES: readonly Rule[] = [
  requireConcurrentIndexCreation,
  banConcurrentIndexCreationInTransaction,
  addingForeignKeyConstraint,
  addingNotNullableField,
  addingRequiredField,
  banDropColumn,
  banDropTable,
  renamingColumn,
  renamingTable,
  changingColumnType,
  constraintMissingNotValid,
  requireLockTimeout,
  syntaxError,
  psqlMetaCommand,
  unresolvedPlaceholder,
  invalidInput,
  emptyMigration,
  unusedIgnore,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.meta.id, rule]));

/** Squawk's rule names, so `squawk-ignore` comments naming them are never reported as unknown. */
export const SQUAWK_RULE_IDS: readonly string[] = [
  'adding-field-with-default', 'adding-foreign-key-constraint', 'adding-not-nullable-field', 'adding-required-field',
  'adding-serial-primary-key-field', 'ban-alter-domain-with-add-constraint', 'ban-char-field',
  'ban-concurrent-index-creation-in-transaction', 'ban-create-domain-with-constraint', 'ban-drop-column',
  'ban-drop-database', 'ban-drop-not-null', 'ban-drop-table', 'ban-duplicate-column-assignments', 'ban-truncate-cascade',
  'ban-uncommitted-transaction', 'changing-column-type', 'constraint-missing-not-valid', 'disallowed-unique-constraint',
  'identifier-too-long', 'prefer-bigint-over-int', 'prefer-bigint-over-smallint', 'prefer-identity', 'prefer-repack',
  'prefer-robust-stmts', 'prefer-text-field', 'prefer-timestamptz', 'prefer-timestamp-tz', 'renaming-column', 'renaming-table',
  'require-concurrent-index-creation', 'require-concurrent-index-deletion', 'require-concurrent-partition-detach',
  'require-concurrent-reindex', 'require-enum-value-ordering', 'require-lock-timeout', 'require-statement-timeout',
  'require-table-schema', 'transaction-nesting', 'require-timeout-settings', 'unused-ignore', 'syntax-error',
];
