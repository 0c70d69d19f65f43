/**
 * Recipes 6 and 7: adding a column that every existing row must fill.
 * 6 `ADD COLUMN c t NOT NULL` without a default → a constant DEFAULT when the type has a natural
 *   one (metadata only from PostgreSQL 11); otherwise (uuid, timestamps, dates) the column added
 *   nullable with its fill as the default for new rows, a batched backfill outside the transaction,
 *   then NOT NULL the safe way (recipe 5).
 * 7 `ADD COLUMN c t DEFAULT volatile()` → the column added without it, SET DEFAULT for new rows,
 *   and a batched backfill outside the transaction (then recipe 5 when it was NOT NULL).
 */
import type { AlterTableStmt, ColumnDef, Constraint } from 'libpg-query';
import { asKind, relationName, typeInfo } from '../../ast';
import type { AlterCommand } from '../../rules/helpers';
import { columnConstraints } from '../../rules/helpers';
import type { Fix, StatementContext, TextEdit } from '../../rules/types';
import { nonTransactionalMode } from '../naming';
import { fixContextOf, insertAfterStatement, nonTransactionalMigrations, planToFix, transactionalMigration, type Step } from '../plan';
import { objectName, quoteIdent, relationText } from '../sql';
import { batchedDoBlock, tableRef } from './sqlParts';
import type { NewMigration } from '../naming';

/** Defaults that cost nothing to store and read as "empty", by internal type name. */
const CONSTANT_DEFAULTS: Record<string, string> = {
  text: "''",
  varchar: "''",
  bpchar: "''",
  citext: "''",
  int2: '0',
  int4: '0',
  int8: '0',
  numeric: '0',
  float4: '0',
  float8: '0',
  bool: 'false',
  jsonb: "'{}'",
  json: "'{}'",
};

/** Values that have no sensible constant but an obvious fill, by internal type name. */
const FILL_EXPRESSIONS: Record<string, string> = {
  uuid: 'gen_random_uuid()',
  timestamptz: 'now()',
  timestamp: 'now()',
  date: 'current_date',
};

/** Recipe 6: the fix for ADD COLUMN … NOT NULL without a default. */
export function requiredColumnFix(context: StatementContext, command: AlterCommand, column: ColumnDef): Fix | undefined {
  const type = typeInfo(column.typeName);
  if (!type || type.schema || !command.located || !column.colname) return undefined;
  const constant = type.isArray ? "'{}'" : CONSTANT_DEFAULTS[type.name];
  if (constant && context.pgAtLeast(11)) {
    return {
      title: `Add DEFAULT ${constant}: a constant default fills the existing rows without rewriting the table`,
      edits: [{ range: { start: command.range.end, end: command.range.end }, newText: ` DEFAULT ${constant}` }],
      preferred: true,
    };
  }
  const fill = FILL_EXPRESSIONS[type.name];
  if (!fill || (type.name === 'uuid' && !context.pgAtLeast(13))) return undefined;
  const notNull = columnConstraints(column).find((c) => c.contype === 'CONSTR_NOTNULL');
  if (!notNull) return undefined;
  return backfilledColumnFix(context, command, column, fill, [notNull], true);
}

/** Recipe 7: the fix for ADD COLUMN … DEFAULT <volatile>. */
export function volatileDefaultFix(context: StatementContext, command: AlterCommand, column: ColumnDef): Fix | undefined {
  if (!command.located || !column.colname) return undefined;
  const constraints = columnConstraints(column);
  const defaultClause = constraints.find((c) => c.contype === 'CONSTR_DEFAULT');
  if (!defaultClause || constraints.some((c) => c.contype === 'CONSTR_GENERATED' || c.contype === 'CONSTR_IDENTITY')) return undefined;
  const clause = clauseRange(context, command, column, defaultClause);
  if (!clause) return undefined;
  const expression = context.file.document.text.slice(clause.start, clause.end).replace(/^DEFAULT\s+/i, '');
  const notNull = constraints.find((c) => c.contype === 'CONSTR_NOTNULL');
  return backfilledColumnFix(context, command, column, expression, notNull ? [defaultClause, notNull] : [defaultClause], notNull !== undefined);
}

/** The text range of one constraint clause of a column in ADD COLUMN, through the next clause or the command's end. */
function clauseRange(context: StatementContext, command: AlterCommand, column: ColumnDef, constraint: Constraint): { start: number; end: number } | undefined {
  if (constraint.location === undefined) return undefined;
  const statement = context.statement;
  const start = statement.offsetOf(constraint.location);
  const constraints = columnConstraints(column);
  const next = constraints
    .filter((c) => c !== constraint && c.location !== undefined)
    .map((c) => statement.offsetOf(c.location))
    .filter((at) => at > start)
    .sort((a, b) => a - b)[0];
  let end = Math.min(next ?? command.range.end, command.range.end);
  const text = context.file.document.text;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return start >= command.range.start && end <= command.range.end && end > start ? { start, end } : undefined;
}

/**
 * The column added nullable (the given clauses removed), its fill as the default for new rows, a
 * batched backfill of the old rows in a following migration outside the transaction, and, when
 * it must be NOT NULL, the constraint added NOT VALID now and validated after the backfill.
 */
function backfilledColumnFix(context: StatementContext, command: AlterCommand, column: ColumnDef, fill: string, removed: Constraint[], notNull: boolean): Fix | undefined {
  const ctx = fixContextOf(context);
  const alter = asKind<AlterTableStmt>(context.statement, 'AlterTableStmt');
  const table = relationName(alter?.relation);
  if (!ctx || !table || !context.pgAtLeast(12)) return undefined;
  const ranges = removed.map((c) => clauseRange(context, command, column, c));
  if (ranges.some((r) => r === undefined)) return undefined;
  const text = context.file.document.text;
  const edits: TextEdit[] = ranges.map((r) => {
    let start = r!.start;
    while (start > command.range.start && /[ \t]/.test(text[start - 1])) start--;
    return { range: { start, end: r!.end }, newText: '' };
  });
  const sql = relationText(context.statement, alter?.relation);
  const col = quoteIdent(column.colname!);
  const name = objectName(table.name, column.colname!, 'not_null');
  const pg18 = context.pgAtLeast(18);
  const after = [
    `-- New rows get ${fill} from now on; the existing rows are filled in batches by the next migration.`,
    `ALTER TABLE ${sql} ALTER COLUMN ${col} SET DEFAULT ${fill};`,
    ...(notNull
      ? [
          `-- Checks new rows at once; the old rows are checked once they are filled.`,
          pg18 ? `ALTER TABLE ${sql} ADD CONSTRAINT ${quoteIdent(name)} NOT NULL ${col} NOT VALID;` : `ALTER TABLE ${sql} ADD CONSTRAINT ${quoteIdent(name)} CHECK (${col} IS NOT NULL) NOT VALID;`,
        ]
      : []),
  ].join('\n');
  edits.push(insertAfterStatement(context.file.document, context.statement, after));
  const followUps: NewMigration[] = [backfillMigration(context, sql, col, fill)];
  if (notNull) {
    const validate: Step[] = [
      { comment: [`Checks the filled rows under a SHARE UPDATE EXCLUSIVE lock: reads and writes on ${sql} continue.`], sql: `ALTER TABLE ${sql} VALIDATE CONSTRAINT ${quoteIdent(name)};` },
      ...(pg18
        ? []
        : [
            { comment: ['The validated CHECK proves there is no NULL, so SET NOT NULL skips its table scan.'], sql: `ALTER TABLE ${sql} ALTER COLUMN ${col} SET NOT NULL;` },
            { comment: ['The CHECK has done its job.'], sql: `ALTER TABLE ${sql} DROP CONSTRAINT ${quoteIdent(name)};` },
          ]),
    ];
    followUps.push(transactionalMigration(`validate ${name}`, ['Runs after the backfill has filled every row.'], validate));
  }
  return planToFix(context, {
    title: `Add ${column.colname} without filling it in the ALTER, backfill it in batches${notNull ? ', then make it NOT NULL without a scan' : ''}`,
    edits: () => edits,
    followUps,
  });
}

/** The backfill: batched and committed per range of pages outside a transaction where the tool allows it, else one UPDATE. */
function backfillMigration(context: StatementContext, table: string, col: string, fill: string): NewMigration {
  const ctx = fixContextOf(context)!;
  const alter = asKind<AlterTableStmt>(context.statement, 'AlterTableStmt');
  const update = `UPDATE ${table}\n   SET ${col} = ${fill}\n WHERE {batch}\n   AND ${col} IS NULL;`;
  const header = [`Fills ${col} in the rows that existed before the column was added.`];
  if (nonTransactionalMode(ctx)) {
    const block = batchedDoBlock({ table: tableRef(context.statement, alter?.relation, relationName(alter?.relation)!), statement: update });
    const step: Step = { comment: ['One range of pages per transaction: each batch holds its row locks briefly and other writes go on. Safe to run again.'], sql: block };
    return nonTransactionalMigrations(ctx, `backfill ${relationName(alter?.relation)?.name ?? ''} ${col.replace(/"/g, '')}`, header, [step])[0];
  }
  const oneTransaction = batchedDoBlock({ table: tableRef(context.statement, alter?.relation, relationName(alter?.relation)!), statement: update }, { commit: false });
  return transactionalMigration(
    `backfill ${relationName(alter?.relation)?.name ?? ''} ${col.replace(/"/g, '')}`,
    [...header, `${ctx.tool === 'drizzle' ? 'Drizzle' : 'This tool'} runs every migration in a transaction, so the batches cannot commit one by one here:`, 'on a large table, run the same block by hand with a COMMIT after each batch (outside a transaction) before deploying.'],
    [{ comment: [], sql: oneTransaction }],
  );
}
