import type { AlterTableCmd, Constraint, IndexStmt, RenameStmt } from 'libpg-query';
import { asKind, displayName, nodeOfKind, quoteIdent, relationName, type QualifiedName } from '../ast';
import { earlierAlterTables, lockPhrase, quoted } from './helpers';
import type { Rule, StatementContext } from './types';

export const renamingConstraintOrIndex: Rule = {
  meta: {
    id: 'renaming-constraint-or-index',
    category: 'breaking',
    defaultSeverity: 'info',
    summary: 'Renaming a constraint or an index breaks application code that names it: ON CONFLICT ON CONSTRAINT, error handling that matches constraint names, planner hints.',
    docs: {
      badExample: 'ALTER TABLE users RENAME CONSTRAINT users_email_key TO users_email_unique;',
      why: 'Constraint and index names look internal, but applications use them: INSERT … ON CONFLICT ON CONSTRAINT users_email_key fails once the name is gone, error handlers map unique violations to messages by constraint name, and pg_hint_plan hints and monitoring queries name indexes. RENAME CONSTRAINT also takes an ACCESS EXCLUSIVE lock on the table for an instant, which has to wait for every running query on it; ALTER INDEX … RENAME takes a SHARE UPDATE EXCLUSIVE lock on the index (an ACCESS EXCLUSIVE one before PostgreSQL 12).',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Search the application for the old name (ON CONFLICT ON CONSTRAINT, error handling, hints) and change those references first; keep the rename in a migration with a lock_timeout.',
    },
  },
  check(context) {
    const rename = asKind<RenameStmt>(context.statement, 'RenameStmt');
    const target = relationName(rename?.relation);
    if (!rename || !target) return [];
    if (rename.renameType === 'OBJECT_TABCONSTRAINT' && rename.subname) {
      if (context.isNewTable(target) || constraintAddedEarlier(context, target, rename.subname)) return [];
      return [
        {
          message: `Renaming constraint ${quoteIdent(rename.subname)} of ${quoted(target)} breaks application code that names it (ON CONFLICT ON CONSTRAINT, error handling by constraint name), and ${lockPhrase('AccessExclusiveLock', target)} for an instant. Change the application's references to ${quoteIdent(rename.subname)} first.`,
        },
      ];
    }
    if (rename.renameType === 'OBJECT_INDEX') {
      if (indexIsNew(context, target)) return [];
      const lock = context.pgAtLeast(12) ? 'a SHARE UPDATE EXCLUSIVE lock on the index' : 'an ACCESS EXCLUSIVE lock on the index, which blocks every query that would use it';
      return [
        {
          message: `Renaming index ${displayName(target)} breaks application code and hints that name it (pg_hint_plan, ON CONFLICT ON CONSTRAINT for a constraint's index, monitoring), and takes ${lock}. Change the references to ${displayName(target)} first.`,
        },
      ];
    }
    return [];
  },
};

/** The index was built earlier in this file: nothing uses its name yet. */
function indexIsNew(context: StatementContext, target: QualifiedName): boolean {
  return context.previous.some((earlier) => {
    const index = asKind<IndexStmt>(earlier, 'IndexStmt');
    if (!index?.idxname || index.idxname !== target.name) return false;
    const schema = index.relation?.schemaname;
    return (!schema || !target.schema || schema === target.schema);
  });
}

/** The constraint was added earlier in this file: nothing uses its name yet. */
function constraintAddedEarlier(context: StatementContext, table: QualifiedName, name: string): boolean {
  return earlierAlterTables(context, table).some(({ stmt }) =>
    (stmt.cmds ?? []).some((c) => {
      const cmd = nodeOfKind<AlterTableCmd>(c, 'AlterTableCmd');
      return cmd?.subtype === 'AT_AddConstraint' && nodeOfKind<Constraint>(cmd.def, 'Constraint')?.conname === name;
    }),
  );
}
