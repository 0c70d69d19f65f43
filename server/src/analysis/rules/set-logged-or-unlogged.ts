import type { AlterTableStmt } from 'libpg-query';
import { asKind } from '../ast';
import { alterTableCommands, alteredTable, lockPhrase, quoted } from './helpers';
import type { Rule, RuleFinding } from './types';

export const setLoggedOrUnlogged: Rule = {
  meta: {
    id: 'set-logged-or-unlogged',
    category: 'rewrite',
    defaultSeverity: 'warning',
    summary: 'ALTER TABLE … SET LOGGED / SET UNLOGGED rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock.',
    docs: {
      badExample: 'ALTER TABLE page_views SET UNLOGGED;',
      goodExample: '-- create the table with the persistence it needs from the start\nCREATE UNLOGGED TABLE page_views_staging (id bigint, viewed_at timestamptz);',
      why: 'Changing a table between logged and unlogged copies every row into a new file and rebuilds every index (SET LOGGED also writes the whole table to the WAL), all while an ACCESS EXCLUSIVE lock blocks every read and write. SET UNLOGGED also means the table is emptied after a crash and is no longer sent to replicas, so reads on a standby find nothing.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Choose the persistence when the table is created; to change it on a large table, build a new table with the wanted persistence, copy the rows in batches and swap the names in a short transaction, or do it in a maintenance window.',
    },
  },
  check(context) {
    const table = alteredTable(context.statement);
    // ALTER SEQUENCE … SET LOGGED goes through the same tree; a sequence is one tiny page.
    if (asKind<AlterTableStmt>(context.statement, 'AlterTableStmt')?.objtype !== 'OBJECT_TABLE') return [];
    if (!table || context.isNewTable(table)) return [];
    const findings: RuleFinding[] = [];
    for (const command of alterTableCommands(context.statement)) {
      const { subtype } = command.cmd;
      if (subtype !== 'AT_SetLogged' && subtype !== 'AT_SetUnLogged') continue;
      const clause = subtype === 'AT_SetLogged' ? 'SET LOGGED' : 'SET UNLOGGED';
      const extra = subtype === 'AT_SetUnLogged' ? ' An unlogged table is also emptied after a crash and is not replicated.' : ' SET LOGGED also writes the whole table to the WAL.';
      findings.push({
        range: command.range,
        message: `${clause} rewrites ${quoted(table)} and all its indexes and ${lockPhrase('AccessExclusiveLock', table)} until the copy ends.${extra} Create the table with the persistence it needs, or copy into a new table and swap names, in a maintenance window on a large table.`,
      });
    }
    return findings;
  },
};
