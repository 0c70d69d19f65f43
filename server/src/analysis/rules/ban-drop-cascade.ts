import type { DropStmt, Node } from 'libpg-query';
import { asKind, nodeOfKind, qualifiedFromList } from '../ast';
import { lastKeyword } from './helpers';
import type { Fix, Rule } from './types';

export const banDropCascade: Rule = {
  meta: {
    id: 'ban-drop-cascade',
    category: 'data-loss',
    defaultSeverity: 'warning',
    summary: 'DROP … CASCADE silently drops every object that depends on the dropped one: views, foreign keys, defaults, columns of its type, and their dependents.',
    docs: {
      badExample: 'DROP TYPE stock_status CASCADE;',
      goodExample: '-- drop the dependents by name first; without CASCADE PostgreSQL refuses while any remain\nALTER TABLE stock_items DROP COLUMN status;\nDROP TYPE stock_status;',
      why: 'CASCADE makes PostgreSQL drop everything that depends on the object, recursively, and only mentions it in a NOTICE: dropping a type drops every column of that type with its data, dropping a table or view drops the views built on it and the foreign keys pointing at it, dropping a function drops the triggers, defaults and indexes that use it. Each affected table is locked (ACCESS EXCLUSIVE for most of them) and the application breaks on whatever vanished.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Remove CASCADE and drop or change the dependents by name first; PostgreSQL then refuses to drop an object that something still depends on.',
      squawkDifference: 'Squawk has no such rule (only ban-truncate-cascade). Tables created earlier in the same file are not flagged, and DROP SCHEMA … CASCADE is left to ban-drop-schema.',
    },
  },
  check(context) {
    const drop = asKind<DropStmt>(context.statement, 'DropStmt');
    if (drop?.behavior !== 'DROP_CASCADE' || drop.removeType === 'OBJECT_SCHEMA') return [];
    if (drop.removeType === 'OBJECT_TABLE' && allNewTables(drop, context.isNewTable)) return [];
    const kind = objectKind(drop.removeType);
    const cascade = lastKeyword(context.statement, 'cascade');
    const fixes: Fix[] = cascade ? [{ title: 'Remove CASCADE (then drop the dependents by name)', edits: [{ range: cascade.removal, newText: '' }] }] : [];
    return [
      {
        range: cascade?.keyword,
        message: `DROP ${kind} … CASCADE also drops every object that depends on it (views, foreign keys, defaults, columns of its type, and their dependents), taking an ACCESS EXCLUSIVE lock on each affected table (blocks all reads and writes). Remove CASCADE and drop the dependents by name first.`,
        fixes,
      },
    ];
  },
};

function allNewTables(drop: DropStmt, isNew: (name: ReturnType<typeof qualifiedFromList>) => boolean): boolean {
  return (drop.objects ?? []).every((o) => isNew(qualifiedFromList(nodeOfKind<{ items?: Node[] }>(o, 'List')?.items)));
}

/** `OBJECT_MATVIEW` → `MATERIALIZED VIEW`, as the statement is written. */
function objectKind(removeType: string | undefined): string {
  const words: Record<string, string> = { OBJECT_MATVIEW: 'MATERIALIZED VIEW', OBJECT_FOREIGN_TABLE: 'FOREIGN TABLE', OBJECT_FDW: 'FOREIGN DATA WRAPPER', OBJECT_FOREIGN_SERVER: 'SERVER' };
  return words[removeType ?? ''] ?? (removeType ?? 'OBJECT').replace(/^OBJECT_/, '').replace(/_/g, ' ');
}
