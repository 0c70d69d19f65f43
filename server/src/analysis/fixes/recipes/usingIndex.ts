/**
 * Recipes 8 and 9: ADD UNIQUE / ADD PRIMARY KEY → CREATE UNIQUE INDEX CONCURRENTLY outside the
 * transaction, then ADD CONSTRAINT … UNIQUE / PRIMARY KEY USING INDEX, which only records it. For
 * a primary key, NOT NULL on the key columns is proven first by CHECKs added NOT VALID and
 * validated, so the key does not scan the table under its ACCESS EXCLUSIVE lock.
 */
import type { AlterTableStmt, Constraint } from 'libpg-query';
import { asKind, relationName, stringValue } from '../../ast';
import { sectionAt } from '../../project/lintContext';
import type { AlterCommand } from '../../rules/helpers';
import { alterTableCommands } from '../../rules/helpers';
import type { Fix, StatementContext } from '../../rules/types';
import { fixContextOf, nonTransactionalMigrations, planToFix, replaceStatement, transactionalMigration, type Step } from '../plan';
import { objectName, quoteIdent, relationText, schemaPrefix } from '../sql';

export function usingIndexFix(context: StatementContext, command: AlterCommand, constraint: Constraint): Fix | undefined {
  const statement = context.statement;
  const alter = asKind<AlterTableStmt>(statement, 'AlterTableStmt');
  const table = relationName(alter?.relation);
  const keys = (constraint.keys ?? []).map(stringValue).filter((k): k is string => k !== undefined);
  // One subcommand, plain key columns: the statement can be replaced as a whole.
  if (!table || keys.length === 0 || alterTableCommands(statement).length !== 1 || !command.located) return undefined;
  if (constraint.including?.length || constraint.options?.length || constraint.indexspace || constraint.deferrable) return undefined;
  const primary = constraint.contype === 'CONSTR_PRIMARY';
  const sql = relationText(statement, alter?.relation);
  const name = constraint.conname ?? objectName(table.name, ...(primary ? [] : keys), primary ? 'pkey' : 'key');
  const index = quoteIdent(name);
  const columns = keys.map(quoteIdent).join(', ');
  const nullsNotDistinct = constraint.nulls_not_distinct ? ' NULLS NOT DISTINCT' : '';
  const build: Step = {
    comment: [
      `Builds the unique index concurrently: reads and writes on ${sql} continue. Duplicate ${keys.join(', ')} values make it fail.`,
      `If it fails it leaves an invalid index behind: DROP INDEX CONCURRENTLY IF EXISTS ${schemaPrefix(sql)}${index}; then run this again.`,
    ],
    sql: `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${index} ON ${sql} (${columns})${nullsNotDistinct};`,
  };
  const checks = primary ? keys.map((k) => ({ column: k, name: objectName(table.name, k, 'not_null') })) : [];
  const attach: Step[] = [
    ...checks.map((c) => ({ comment: [`Proves ${quoteIdent(c.column)} has no NULL without blocking reads and writes, so the key skips its scan.`], sql: `ALTER TABLE ${sql} VALIDATE CONSTRAINT ${quoteIdent(c.name)};` })),
    { comment: ['Turns the index into the constraint: a brief ACCESS EXCLUSIVE lock, no index build.'], sql: `ALTER TABLE ${sql} ADD CONSTRAINT ${index} ${primary ? 'PRIMARY KEY' : 'UNIQUE'} USING INDEX ${index};` },
    ...checks.map((c) => ({ comment: ['The CHECK has done its job.'], sql: `ALTER TABLE ${sql} DROP CONSTRAINT ${quoteIdent(c.name)};` })),
  ];
  const what = primary ? 'PRIMARY KEY' : 'UNIQUE';
  const title = `Build the unique index concurrently, then ADD CONSTRAINT … ${what} USING INDEX`;
  const current = checks.map((c) => `ALTER TABLE ${sql} ADD CONSTRAINT ${quoteIdent(c.name)} CHECK (${quoteIdent(c.column)} IS NOT NULL) NOT VALID;`);
  const document = context.file.document;
  const section = context.file.migration ? sectionAt(context.file.migration, statement.range.start) : undefined;
  if (!context.transaction.inTransaction && section?.execution !== 'one-string' && checks.length === 0) {
    // Each statement commits on its own here: the whole sequence fits in this file.
    const text = [build, ...attach].map((s) => [...s.comment.map((l) => `-- ${l}`), s.sql].join('\n')).join('\n');
    return { title, edits: [replaceStatement(document, statement, text)], preferred: true };
  }
  const ctx = fixContextOf(context);
  const followUps = [
    ...nonTransactionalMigrations(ctx, `index ${name} concurrently`, [], [build], `DROP INDEX CONCURRENTLY IF EXISTS ${schemaPrefix(sql)}${index};`),
    transactionalMigration(`add ${name}`, ['Runs once the unique index exists and is valid.'], attach, `ALTER TABLE ${sql} DROP CONSTRAINT IF EXISTS ${index};`),
  ];
  return planToFix(context, {
    title,
    followUps,
    edits: (names) => [
      replaceStatement(
        document,
        statement,
        [`-- ADD CONSTRAINT ${name} ${what} is built in ${names.join(' and ')}: its index is built concurrently first.`, ...(current.length ? ['-- New rows must have a key already; the CHECK proves it for the old rows once validated.'] : []), ...current].join('\n'),
      ),
    ],
  });
}
