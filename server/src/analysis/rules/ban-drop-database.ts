import type { DefElem, DropdbStmt } from 'libpg-query';
import { asKind, nodeOfKind, quoteIdent } from '../ast';
import type { Rule } from './types';

export const banDropDatabase: Rule = {
  meta: {
    id: 'ban-drop-database',
    category: 'data-loss',
    defaultSeverity: 'error',
    squawkCompatible: true,
    summary: 'DROP DATABASE deletes a whole database and breaks every client that uses it.',
    docs: {
      badExample: 'DROP DATABASE warehouse_reports;',
      why: 'DROP DATABASE removes the database with all its schemas, tables and data, and cannot be rolled back or run inside a transaction. Every application connected to it breaks; WITH (FORCE) also terminates their sessions. A migration is the wrong place for it: it runs unattended in every environment.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Drop databases by hand, after a backup and after checking nothing uses them, not in a migration.',
      squawkDifference: 'Same meaning. Safeshift reports it as an error by default.',
    },
  },
  check({ statement }) {
    const stmt = asKind<DropdbStmt>(statement, 'DropdbStmt');
    if (!stmt) return [];
    const force = (stmt.options ?? []).some((o) => nodeOfKind<DefElem>(o, 'DefElem')?.defname === 'force');
    return [
      {
        message: `DROP DATABASE ${quoteIdent(stmt.dbname ?? '')} deletes the database and all its data, which no rollback can restore, and breaks every client that uses it${force ? '; WITH (FORCE) also terminates their sessions' : ''}. Drop databases by hand after a backup, not in a migration.`,
      },
    ];
  },
};
