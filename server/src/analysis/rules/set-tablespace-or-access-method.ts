import type { AlterTableMoveAllStmt, AlterTableStmt, IndexStmt } from 'libpg-query';
import { asKind, type QualifiedName } from '../ast';
import { alterTableCommands, alteredTable, lockPhrase, quoted } from './helpers';
import type { Rule, RuleFinding, StatementContext } from './types';

/** What SET TABLESPACE copies; a foreign table has no storage and a sequence is one page. */
const MOVABLE = new Set(['OBJECT_TABLE', 'OBJECT_INDEX', 'OBJECT_MATVIEW']);

export const setTablespaceOrAccessMethod: Rule = {
  meta: {
    id: 'set-tablespace-or-access-method',
    category: 'rewrite',
    defaultSeverity: 'warning',
    summary: 'SET TABLESPACE and SET ACCESS METHOD copy the whole table (or index) under an ACCESS EXCLUSIVE lock.',
    docs: {
      badExample: 'ALTER TABLE events SET TABLESPACE fast_ssd;',
      goodExample: '-- new tables go to the tablespace from the start\nSET default_tablespace = fast_ssd;\nCREATE TABLE events_2027 (id bigint, payload jsonb);',
      why: 'Moving a table or index to another tablespace copies it file by file, and changing a table\'s access method (PostgreSQL 15 and later) rewrites every row; either way an ACCESS EXCLUSIVE lock blocks every read and write of the table (or every query that would use the index) until the copy ends, which on a large relation means minutes or hours. ALTER … ALL IN TABLESPACE does this to every relation it moves, one after another.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Move or convert large relations online with pg_repack (--tablespace) or by building a copy and swapping names; for indexes, create a new index CONCURRENTLY in the target tablespace and drop the old one CONCURRENTLY; otherwise use a maintenance window.',
    },
  },
  check(context) {
    const moveAll = asKind<AlterTableMoveAllStmt>(context.statement, 'AlterTableMoveAllStmt');
    if (moveAll) {
      const what = moveAll.objtype === 'OBJECT_INDEX' ? 'index' : moveAll.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table';
      return [
        {
          message: `ALTER ${what.toUpperCase()} ALL IN TABLESPACE ${moveAll.orig_tablespacename ?? ''} SET TABLESPACE copies every ${what} it moves and takes an ACCESS EXCLUSIVE lock on each for its copy: blocks all reads and writes. Move large relations one at a time with pg_repack, or in a maintenance window.`,
        },
      ];
    }
    const stmt = asKind<AlterTableStmt>(context.statement, 'AlterTableStmt');
    const target = alteredTable(context.statement);
    if (!stmt || !target || !MOVABLE.has(stmt.objtype ?? '') || context.isNewTable(target) || indexCreatedEarlier(context, stmt, target)) return [];
    const findings: RuleFinding[] = [];
    for (const command of alterTableCommands(context.statement)) {
      const { subtype, name } = command.cmd;
      if (subtype === 'AT_SetTableSpace') {
        findings.push({ range: command.range, message: tablespaceMessage(stmt.objtype, target, name) });
      } else if (subtype === 'AT_SetAccessMethod') {
        findings.push({
          range: command.range,
          message: `SET ACCESS METHOD ${name ?? 'DEFAULT'} rewrites every row of ${quoted(target)} and its indexes and ${lockPhrase('AccessExclusiveLock', target)} until the rewrite ends. Convert a large table by copying it into a new table and swapping names, or in a maintenance window.`,
        });
      }
    }
    return findings;
  },
};

function tablespaceMessage(objtype: string | undefined, target: QualifiedName, tablespace: string | undefined): string {
  const into = tablespace ? ` to tablespace ${tablespace}` : '';
  if (objtype === 'OBJECT_INDEX') {
    return `SET TABLESPACE copies index ${quoted(target)}${into} under an ACCESS EXCLUSIVE lock on the index, which blocks every query that would use it and every write to its table. Create a new index CONCURRENTLY in the target tablespace and drop the old one CONCURRENTLY instead.`;
  }
  const kind = objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table';
  return `SET TABLESPACE copies ${kind} ${quoted(target)}${into} and ${lockPhrase('AccessExclusiveLock', target)} until the copy ends. Move a large ${kind} online with pg_repack --tablespace, or in a maintenance window.`;
}

/** An index built earlier in this file is new, and as small as its new table. */
function indexCreatedEarlier(context: StatementContext, stmt: AlterTableStmt, target: QualifiedName): boolean {
  if (stmt.objtype !== 'OBJECT_INDEX') return false;
  return context.previous.some((earlier) => {
    const index = asKind<IndexStmt>(earlier, 'IndexStmt');
    return index?.idxname === target.name && (!index.relation?.schemaname || !target.schema || index.relation.schemaname === target.schema);
  });
}
