import type { AlterObjectSchemaStmt, AlterTableStmt, Constraint, CreateStmt, DropStmt, IndexStmt, RenameStmt } from 'libpg-query';
import { asKind, nodeOfKind } from '../ast';
import { CONSTRAINT_DROPPED_BEFORE } from '../facts/fileFacts';
import type { ParsedStatement } from '../parse/parseDocument';
import { alterTableCommands, insertAfter, statementTextAt, type AlterCommand } from './helpers';
import type { Fix, Rule, RuleFinding, StatementContext, TextEdit } from './types';

/**
 * ALTER TABLE subcommands that succeed when run a second time (they set a state rather than
 * create or remove something), so a migration that stops after them can simply be re-run.
 */
const REPEATABLE = new Set([
  'AT_ColumnDefault', 'AT_SetNotNull', 'AT_DropNotNull', 'AT_AlterColumnType', 'AT_SetStatistics', 'AT_SetOptions', 'AT_ResetOptions',
  'AT_SetStorage', 'AT_SetCompression', 'AT_SetRelOptions', 'AT_ResetRelOptions', 'AT_ReplaceRelOptions', 'AT_ChangeOwner',
  'AT_EnableTrig', 'AT_EnableAlwaysTrig', 'AT_EnableReplicaTrig', 'AT_DisableTrig', 'AT_EnableTrigAll', 'AT_DisableTrigAll',
  'AT_EnableTrigUser', 'AT_DisableTrigUser', 'AT_EnableRule', 'AT_EnableAlwaysRule', 'AT_EnableReplicaRule', 'AT_DisableRule',
  'AT_EnableRowSecurity', 'AT_DisableRowSecurity', 'AT_ForceRowSecurity', 'AT_NoForceRowSecurity', 'AT_ClusterOn', 'AT_DropCluster',
  'AT_SetLogged', 'AT_SetUnLogged', 'AT_SetTableSpace', 'AT_SetAccessMethod', 'AT_ReplicaIdentity', 'AT_ValidateConstraint',
]);

const RERUN = "if the migration fails after this statement, running it again fails here";

export const preferRobustStmts: Rule = {
  meta: {
    id: 'prefer-robust-stmts',
    category: 'correctness',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'Outside a transaction, a statement that creates or drops something should use IF [NOT] EXISTS, so a migration that failed part way can be re-run.',
    docs: {
      badExample: '-- runs without a transaction\nALTER TABLE warehouses ADD COLUMN city text;\nCREATE INDEX CONCURRENTLY warehouses_city_idx ON warehouses (city);',
      goodExample: '-- runs without a transaction\nALTER TABLE warehouses ADD COLUMN IF NOT EXISTS city text;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS warehouses_city_idx ON warehouses (city);',
      why: 'A migration that does not run in a transaction keeps whatever its first statements did when a later one fails. Re-running it then stops at the first CREATE of something that now exists, or DROP of something that is gone. CREATE INDEX CONCURRENTLY never runs in a transaction, so this applies to it everywhere.',
      safeAlternative: 'Run the migration in a transaction, or guard each statement: CREATE … IF NOT EXISTS, DROP … IF EXISTS, ADD COLUMN IF NOT EXISTS, DROP COLUMN IF EXISTS, DROP CONSTRAINT IF EXISTS (then ADD CONSTRAINT).',
      squawkDifference:
        'Squawk reports every other ALTER TABLE subcommand outside a transaction as "missing transaction"; Safeshift reports only those that fail when repeated (ADD CONSTRAINT, ATTACH/DETACH PARTITION, INHERIT, RENAME, SET SCHEMA…) and not those that simply set a state again (SET/DROP DEFAULT, SET/DROP NOT NULL, ALTER COLUMN TYPE, VALIDATE CONSTRAINT, OWNER TO, ENABLE/DISABLE TRIGGER, SET (storage options), SET TABLESPACE…). Safeshift knows the statement runs in a transaction from the migration tool (and ROLLBACK), not only from BEGIN/COMMIT and assume-in-transaction, and also reads ALTER TABLE … RENAME and SET SCHEMA, which PostgreSQL parses as separate statements.',
    },
  },
  check(context) {
    const { statement, transaction } = context;
    const index = asKind<IndexStmt>(statement, 'IndexStmt');
    // A concurrent build never runs in a transaction, so it is re-run even where the file has one.
    if (index) return index.idxname && !index.if_not_exists && (index.concurrent || !transaction.inTransaction) ? [indexFinding(statement)] : [];
    if (transaction.inTransaction) return [];
    const create = asKind<CreateStmt>(statement, 'CreateStmt');
    if (create) {
      if (create.if_not_exists || (create.relation?.relpersistence === 't' && create.oncommit === 'ONCOMMIT_DROP')) return [];
      return [guard(statement, 'CREATE TABLE', 'IF NOT EXISTS', insertAfter(statement, /^CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\b/i, ' IF NOT EXISTS'))];
    }
    const drop = asKind<DropStmt>(statement, 'DropStmt');
    if (drop) return dropFindings(statement, drop);
    const alter = asKind<AlterTableStmt>(statement, 'AlterTableStmt');
    if (alter?.objtype === 'OBJECT_TABLE') return alterFindings(context);
    const rename = asKind<RenameStmt>(statement, 'RenameStmt');
    if (rename && /^ALTER\s+TABLE\b/i.test(statement.text)) return [noTransaction('ALTER TABLE … RENAME')];
    const move = asKind<AlterObjectSchemaStmt>(statement, 'AlterObjectSchemaStmt');
    if (move?.objectType === 'OBJECT_TABLE' && !move.missing_ok) return [noTransaction('ALTER TABLE … SET SCHEMA')];
    return [];
  },
};

function indexFinding(statement: ParsedStatement): RuleFinding {
  return guard(statement, 'CREATE INDEX', 'IF NOT EXISTS', insertAfter(statement, /^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?/i, 'IF NOT EXISTS '));
}

const DROPPED: Record<string, string> = { OBJECT_TABLE: 'TABLE', OBJECT_INDEX: 'INDEX', OBJECT_TYPE: 'TYPE' };

function dropFindings(statement: ParsedStatement, drop: DropStmt): RuleFinding[] {
  const word = drop.removeType ? DROPPED[drop.removeType] : undefined;
  if (!word || drop.missing_ok) return [];
  const pattern = word === 'INDEX' ? /^DROP\s+INDEX(?:\s+CONCURRENTLY)?\b/i : new RegExp(`^DROP\\s+${word}\\b`, 'i');
  return [guard(statement, `DROP ${word}`, 'IF EXISTS', insertAfter(statement, pattern, ' IF EXISTS'))];
}

function alterFindings(context: StatementContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const command of alterTableCommands(context.statement)) {
    const { cmd } = command;
    if (cmd.missing_ok || REPEATABLE.has(cmd.subtype ?? '')) continue;
    if (cmd.subtype === 'AT_AddColumn') findings.push(subcommandGuard(context, command, 'ADD COLUMN', 'IF NOT EXISTS', /^ADD(?:\s+COLUMN)?/i));
    else if (cmd.subtype === 'AT_DropColumn') findings.push(subcommandGuard(context, command, 'DROP COLUMN', 'IF EXISTS', /^DROP(?:\s+COLUMN)?/i));
    else if (cmd.subtype === 'AT_DropConstraint') findings.push(subcommandGuard(context, command, 'DROP CONSTRAINT', 'IF EXISTS', /^DROP\s+CONSTRAINT/i));
    else if (cmd.subtype === 'AT_AddConstraint' && droppedEarlier(context, nodeOfKind<Constraint>(cmd.def, 'Constraint')?.conname)) continue;
    else findings.push({ ...noTransaction(subcommandName(context, command)), range: command.located ? command.range : undefined });
  }
  return findings;
}

/** `ALTER TABLE … ADD CONSTRAINT`, from the subcommand's first two words as written. */
function subcommandName(context: StatementContext, command: AlterCommand): string {
  if (!command.located) return 'This ALTER TABLE subcommand';
  const words = statementTextAt(context.statement, command.range).match(/^[A-Za-z]+(?:\s+[A-Za-z]+)?/)?.[0];
  return words ? `ALTER TABLE … ${words.replace(/\s+/g, ' ').toUpperCase()}` : 'This ALTER TABLE subcommand';
}

/** ADD CONSTRAINT right after DROP CONSTRAINT IF EXISTS of the same name re-runs cleanly. */
function droppedEarlier(context: StatementContext, name: string | undefined): boolean {
  return !!name && context.ask(CONSTRAINT_DROPPED_BEFORE, name);
}

function guard(statement: ParsedStatement, what: string, clause: string, edit: TextEdit | undefined): RuleFinding {
  const fixes: Fix[] = edit ? [{ title: `Insert ${clause}`, preferred: true, edits: [edit] }] : [];
  return { message: `${what} without ${clause} outside a transaction: ${RERUN}. Add ${clause}.`, fixes, range: statement.range };
}

function subcommandGuard(context: StatementContext, command: AlterCommand, what: string, clause: string, keyword: RegExp): RuleFinding {
  const fixes: Fix[] = [];
  if (command.located) {
    // The subcommand's own text starts at its range; the clause goes after ADD [COLUMN] / DROP [COLUMN|CONSTRAINT].
    const match = keyword.exec(statementTextAt(context.statement, command.range));
    if (match) {
      const at = command.range.start + match[0].length;
      fixes.push({ title: `Insert ${clause}`, preferred: true, edits: [{ range: { start: at, end: at }, newText: ` ${clause}` }] });
    }
  }
  return { message: `${what} without ${clause} outside a transaction: ${RERUN}. Add ${clause}.`, fixes, range: command.located ? command.range : undefined };
}

function noTransaction(what: string): RuleFinding {
  return { message: `${what} runs outside a transaction and cannot be repeated: ${RERUN}. Run the migration in a transaction.` };
}
