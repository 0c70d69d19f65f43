import type { CreateTrigStmt, DropStmt, Node } from 'libpg-query';
import { asKind, nodeOfKind, relationName, stringValue, type QualifiedName } from '../ast';
import type { LockMode } from '../locks/locks';
import { alterTableCommands, alteredTable, lockPhrase } from './helpers';
import type { ParsedDocument } from '../parse/parseDocument';
import { sectionAt } from '../project/lintContext';
import { setsLockTimeout } from './require-lock-timeout';
import type { Rule, RuleFinding, StatementContext } from './types';

export const triggerDdlOnExistingTable: Rule = {
  meta: {
    id: 'trigger-ddl-on-existing-table',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'CREATE, DROP, ENABLE or DISABLE TRIGGER on an existing table blocks its writes (DROP: all access) while it waits for the lock and until the transaction ends.',
    docs: {
      badExample: 'CREATE TRIGGER stock_audit AFTER UPDATE ON stock FOR EACH ROW EXECUTE FUNCTION audit_stock();',
      goodExample: "SET lock_timeout = '2s';\nCREATE TRIGGER stock_audit AFTER UPDATE ON stock FOR EACH ROW EXECUTE FUNCTION audit_stock();\n-- commit right away; retry the migration if the lock times out",
      why: 'CREATE TRIGGER and ALTER TABLE … ENABLE/DISABLE TRIGGER take a SHARE ROW EXCLUSIVE lock, which blocks INSERT, UPDATE and DELETE; DROP TRIGGER takes an ACCESS EXCLUSIVE lock, which blocks reads too. The change itself is instant, but the statement first waits for every running transaction on the table, writes queue behind it meanwhile, and the lock stays until the transaction commits. Disabling a trigger also silently stops what it enforces (audit rows, denormalised columns, ALL includes foreign-key triggers) for every session.',
      lock: 'ShareRowExclusiveLock',
      safeAlternative: "Set a short lock_timeout (SET LOCAL lock_timeout = '2s'), keep the trigger change in a transaction of its own and commit right away, and retry when the lock times out.",
      squawkDifference: 'Squawk has no such rule (Atlas and the Postgres Language Server do). Tables created earlier in the same file are not flagged, nor a trigger change that follows a lock_timeout setting and ends its transaction (nothing but SET or SHOW after it before COMMIT).',
    },
  },
  check(context) {
    const created = asKind<CreateTrigStmt>(context.statement, 'CreateTrigStmt');
    if (created) return report(context, relationName(created.relation), 'ShareRowExclusiveLock', `${created.replace ? 'CREATE OR REPLACE' : 'CREATE'} TRIGGER`);
    const drop = asKind<DropStmt>(context.statement, 'DropStmt');
    if (drop?.removeType === 'OBJECT_TRIGGER') return (drop.objects ?? []).flatMap((o) => report(context, triggerTable(o), 'AccessExclusiveLock', 'DROP TRIGGER'));
    const table = alteredTable(context.statement);
    if (!table) return [];
    return alterTableCommands(context.statement)
      .filter((c) => TOGGLES.has(c.cmd.subtype ?? ''))
      .flatMap((c) => report(context, table, 'ShareRowExclusiveLock', c.cmd.subtype!.includes('Disable') ? 'DISABLE TRIGGER' : 'ENABLE TRIGGER').map((f) => ({ ...f, range: c.range })));
  },
};

const TOGGLES = new Set(['AT_EnableTrig', 'AT_EnableAlwaysTrig', 'AT_EnableReplicaTrig', 'AT_DisableTrig', 'AT_EnableTrigAll', 'AT_DisableTrigAll', 'AT_EnableTrigUser', 'AT_DisableTrigUser']);

function report(context: StatementContext, table: QualifiedName | undefined, mode: LockMode, what: string): RuleFinding[] {
  if (!table || context.isNewTable(table)) return [];
  // The safe way: a bounded wait, and the lock released right after.
  if (timeoutSetBefore(context) && commitsRightAway(context)) return [];
  return [
    {
      message: `${what} ${lockPhrase(mode, table)}, from the moment it starts waiting for running transactions until COMMIT. Set a short lock_timeout, commit right after it, and retry when the lock times out.`,
    },
  ];
}

const firstTimeout = new WeakMap<ParsedDocument, number>();

/** A statement earlier in the file sets lock_timeout (found once per document). */
function timeoutSetBefore(context: StatementContext): boolean {
  const document = context.file.document;
  let first = firstTimeout.get(document);
  if (first === undefined) firstTimeout.set(document, (first = document.statements.find(setsLockTimeout)?.index ?? Infinity));
  return first < context.statement.index;
}

/** Nothing but SET or SHOW runs after the statement before its transaction ends. */
function commitsRightAway(context: StatementContext): boolean {
  if (!context.transaction.inTransaction) return true;
  const { migration } = context.file;
  const section = migration ? sectionAt(migration, context.statement.range.start) : undefined;
  for (const later of context.file.document.statements.slice(context.statement.index + 1)) {
    if (later.kind === 'TransactionStmt' || (migration && sectionAt(migration, later.range.start) !== section)) return true;
    if (later.kind !== 'VariableSetStmt' && later.kind !== 'VariableShowStmt') return false;
  }
  return true;
}

/** `DROP TRIGGER t ON schema.table`: the table is every name part but the last. */
function triggerTable(object: Node): QualifiedName | undefined {
  const parts = (nodeOfKind<{ items?: Node[] }>(object, 'List')?.items ?? []).map(stringValue).filter((p): p is string => p !== undefined);
  const table = parts.slice(0, -1);
  if (table.length === 0) return undefined;
  return table.length > 1 ? { schema: table[table.length - 2], name: table[table.length - 1] } : { name: table[0] };
}
