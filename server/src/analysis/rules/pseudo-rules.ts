/**
 * Findings that come from reading the file rather than from a statement check. They have ids so
 * they can be configured, listed and documented like every other rule.
 */
import type { Rule, RuleMeta } from './types';

function pseudo(meta: RuleMeta): Rule {
  return { meta, check: () => [] };
}

export const syntaxError = pseudo({
  id: 'syntax-error',
  category: 'correctness',
  defaultSeverity: 'error',
  summary: "PostgreSQL's parser rejects the statement; the rest of the file is still analysed.",
  docs: {
    badExample: 'ALTER TABLE warehouses ADD COLUMN city text NOT NUL;',
    why: 'The migration will fail when it runs. Safeshift reports the error at the position and with the message PostgreSQL itself gives, then carries on with the next statement.',
    safeAlternative: 'Fix the statement; the message is the one PostgreSQL would print.',
  },
});

export const psqlMetaCommand = pseudo({
  id: 'psql-meta-command',
  category: 'correctness',
  defaultSeverity: 'warning',
  summary: 'A psql meta-command (\\set, \\connect, \\i ...) is not SQL; only psql can run the file.',
  docs: {
    badExample: "\\set ON_ERROR_STOP on\nALTER TABLE warehouses ADD COLUMN city text;",
    why: 'Migration tools send SQL to the server; they do not understand psql meta-commands, so the file fails unless it is run with psql. Safeshift skips the line and analyses the rest.',
    safeAlternative: 'Remove the meta-command, or run this file with psql on purpose and turn this rule off.',
  },
});

export const unresolvedPlaceholder = pseudo({
  id: 'unresolved-placeholder',
  category: 'correctness',
  defaultSeverity: 'info',
  summary: 'A migration-tool placeholder (${name}, {{ .Var }}) has no value in safeshift.json.',
  docs: {
    badExample: 'CREATE TABLE ${schema}.warehouses (id bigint PRIMARY KEY);',
    why: 'Flyway, Liquibase and goose substitute placeholders before running the file. Without the value Safeshift reads the placeholder as a plain identifier, which is right in most places but can hide what the statement really does.',
    safeAlternative: 'Give the value under "placeholders" in safeshift.json.',
  },
});

export const invalidInput = pseudo({
  id: 'invalid-input',
  category: 'correctness',
  defaultSeverity: 'error',
  summary: 'The file is not analysable SQL: binary content, invalid UTF-8, or above the size limit.',
  docs: {
    badExample: '(a binary file saved with a .sql extension)',
    why: 'Safeshift reports such a file once and does not analyse it, so a stray file never stalls the editor or CI.',
    safeAlternative: 'Remove the file from the migrations, exclude it in safeshift.json, or raise maxFileSizeKb.',
  },
});

export const emptyMigration = pseudo({
  id: 'empty-migration',
  category: 'correctness',
  defaultSeverity: 'info',
  summary: 'The migration file has no SQL statements.',
  docs: {
    badExample: '-- TODO: add the city column',
    why: 'Most tools record an empty migration as applied, so the change it was meant to hold never runs.',
    safeAlternative: 'Add the statements, or delete the file.',
  },
});

export const unusedIgnore = pseudo({
  id: 'unused-ignore',
  category: 'style',
  defaultSeverity: 'hint',
  squawkCompatible: true,
  summary: 'An ignore comment names an unknown rule or suppresses nothing.',
  docs: {
    badExample: '-- safeshift-ignore ban-drop-column\nALTER TABLE warehouses ADD COLUMN city text;',
    why: 'Stale ignore comments hide future findings and mislead readers.',
    safeAlternative: 'Remove the comment, or name the rule that fires on the statement.',
    squawkDifference: 'Squawk only reports unknown rule names; Safeshift also reports ignores that suppress nothing.',
  },
});
