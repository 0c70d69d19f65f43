/**
 * Statements PostgreSQL refuses inside a transaction block. The union of Flyway's PostgreSQL
 * parser list and the Supabase CLI's list (research note, section 1): tools that auto-detect these
 * run them outside the transaction, and the envelope model needs to know which they are.
 */
import type { ParsedStatement } from '../parse/parseDocument';

export function cannotRunInTransaction(statement: ParsedStatement): boolean {
  const node = statement.node as Record<string, unknown> | undefined;
  switch (statement.kind) {
    case 'IndexStmt':
      return node?.concurrent === true;
    case 'DropStmt':
      return node?.concurrent === true;
    case 'ReindexStmt':
      return reindexOutsideTransaction(node);
    case 'VacuumStmt':
      // VacuumStmt also carries ANALYZE, which runs fine in a transaction.
      return node?.is_vacuumcmd === true;
    case 'ClusterStmt':
      // Only CLUSTER without a table cannot run in a transaction block.
      return node?.relation === undefined;
    case 'DiscardStmt':
      return node?.target === 'DISCARD_ALL';
    case 'CreatedbStmt':
    case 'DropdbStmt':
    case 'CreateTableSpaceStmt':
    case 'DropTableSpaceStmt':
    case 'AlterSystemStmt':
    case 'CreateSubscriptionStmt':
    case 'DropSubscriptionStmt':
      return true;
    default:
      return false;
  }
}

function reindexOutsideTransaction(node: Record<string, unknown> | undefined): boolean {
  const kind = node?.kind;
  if (kind === 'REINDEX_OBJECT_SCHEMA' || kind === 'REINDEX_OBJECT_DATABASE' || kind === 'REINDEX_OBJECT_SYSTEM') return true;
  const params = (node?.params as Array<{ DefElem?: { defname?: string } }> | undefined) ?? [];
  return params.some((p) => p.DefElem?.defname === 'concurrently');
}
