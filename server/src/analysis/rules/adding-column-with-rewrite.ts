import type { ColumnDef } from 'libpg-query';
import { nodeOfKind, typeInfo } from '../ast';
import { alterTableCommands, alteredTable, columnConstraints, lockPhrase, virtualGeneratedFix } from './helpers';
import type { Rule, RuleFinding, StatementContext } from './types';

export const addingColumnWithRewrite: Rule = {
  meta: {
    id: 'adding-column-with-rewrite',
    category: 'rewrite',
    defaultSeverity: 'warning',
    summary: 'Adding a serial, identity or STORED generated column to an existing table rewrites the table and all its indexes under an ACCESS EXCLUSIVE lock.',
    docs: {
      badExample: 'ALTER TABLE stock ADD COLUMN seq_no bigserial;',
      goodExample:
        "CREATE SEQUENCE stock_seq_no_seq;\nALTER TABLE stock ADD COLUMN seq_no bigint;\nALTER TABLE stock ALTER COLUMN seq_no SET DEFAULT nextval('stock_seq_no_seq');\nALTER SEQUENCE stock_seq_no_seq OWNED BY stock.seq_no;\n-- then backfill the existing rows in batches, outside this transaction:\n-- UPDATE stock SET seq_no = nextval('stock_seq_no_seq') WHERE id BETWEEN … AND … AND seq_no IS NULL;",
      why: 'A serial or bigserial column is a column with DEFAULT nextval(…), which is volatile; an identity column also draws from a sequence; a STORED generated column computes its expression. For all three PostgreSQL fills every existing row when the column is added, so it rewrites the table and every index while an ACCESS EXCLUSIVE lock blocks all reads and writes, for as long as the table takes to copy. From PostgreSQL 18, a VIRTUAL generated column (the default kind there) is computed when read and needs no rewrite.',
      lock: 'AccessExclusiveLock',
      safeAlternative:
        'Add a plain nullable column, fill new rows with SET DEFAULT nextval(…) or a trigger, and backfill the existing rows in batches outside the DDL transaction; on PostgreSQL 18 a generated column can be VIRTUAL instead.',
      squawkDifference:
        'Squawk has no such rule; its adding-field-with-default (and Safeshift\'s) reports identity and STORED generated columns, so this rule reports those only when adding-field-with-default is turned off, and serial and bigserial always. Tables created earlier in the same file are not flagged.',
    },
  },
  check(context) {
    const table = alteredTable(context.statement);
    if (!table || context.isNewTable(table)) return [];
    const findings: RuleFinding[] = [];
    for (const command of alterTableCommands(context.statement)) {
      if (command.cmd.subtype !== 'AT_AddColumn') continue;
      const column = nodeOfKind<ColumnDef>(command.cmd.def, 'ColumnDef');
      const cause = column && rewriteCause(column);
      if (!cause || (cause.kind !== 'serial' && reportedByAddingFieldWithDefault(context))) continue;
      const virtual = cause.kind === 'stored' ? virtualGeneratedFix(context, command) : undefined;
      findings.push({
        range: command.range,
        message: `ADD COLUMN "${column!.colname ?? ''}" ${cause.what}, so PostgreSQL rewrites the table and all its indexes while it ${lockPhrase('AccessExclusiveLock', table)}. ${cause.alternative}${virtual ? ' On PostgreSQL 18 a VIRTUAL generated column needs no rewrite.' : ''}`,
        fixes: virtual ? [virtual] : [],
      });
    }
    return findings;
  },
};

/** adding-field-with-default (Squawk's meaning) reports identity and STORED columns; one finding is enough. */
function reportedByAddingFieldWithDefault(context: StatementContext): boolean {
  return context.settings.rules['adding-field-with-default'] !== 'off';
}

const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);
const PLAIN_COLUMN = 'Add a plain nullable column, fill new rows with a default or a trigger, and backfill the existing rows in batches.';

function rewriteCause(column: ColumnDef): { kind: 'serial' | 'identity' | 'stored'; what: string; alternative: string } | undefined {
  const type = typeInfo(column.typeName);
  if (type && !type.schema && SERIAL_TYPES.has(type.name)) {
    return { kind: 'serial', what: `of type ${type.name} fills every existing row from a new sequence`, alternative: 'Create the sequence, add a plain bigint column, SET DEFAULT nextval(…) for new rows, and backfill the existing rows in batches.' };
  }
  const constraints = columnConstraints(column);
  if (column.identity || constraints.some((c) => c.contype === 'CONSTR_IDENTITY')) {
    return { kind: 'identity', what: '… AS IDENTITY fills every existing row from its sequence', alternative: PLAIN_COLUMN };
  }
  // PostgreSQL 18 computes VIRTUAL columns (its default kind) when read: nothing is written.
  if (constraints.some((c) => c.contype === 'CONSTR_GENERATED' && c.generated_kind !== 'v')) {
    return { kind: 'stored', what: '… GENERATED … STORED computes and stores its value for every existing row', alternative: PLAIN_COLUMN };
  }
  return undefined;
}
