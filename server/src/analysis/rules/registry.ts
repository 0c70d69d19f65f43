/**
 * Every rule Safeshift knows. Rules register themselves by their file: add
 * `server/src/analysis/rules/<id>.ts` exporting `export const name: Rule`, then run
 * `npm run generate` to refresh all.generated.ts, the settings schema and docs/rules.
 */
import type { Rule } from './types';
import { ALL_RULES } from './all.generated';

export const RULES: readonly Rule[] = ALL_RULES;

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
