/**
 * Recipe 18: `DROP COLUMN` / `DROP TABLE` → the same statement in a contract migration of its own,
 * marked to run only once no running version of the application uses what it drops. The ignore
 * comment records that decision, so the contract migration is not flagged again.
 */
import type { Fix, StatementContext } from '../../rules/types';
import { planToFix, replaceStatement, statementBlock, transactionalMigration } from '../plan';
import { ownCommentLines, inUpSection } from './statementFacts';

export interface ContractDropFacts {
  ruleId: 'ban-drop-column' | 'ban-drop-table';
  /** What goes, for the comments: `column legacy_code of warehouses`, `table legacy_stock`. */
  what: string;
  /** A few words for the new migration's name. */
  description: string;
}

export function contractHeader(facts: ContractDropFacts): string[] {
  return [
    `Contract: run this migration only once no running version of the application uses ${facts.what}`,
    '(deploy the application that stopped using it first); until then keep it out of the deploy.',
  ];
}

export function ignoreLine(facts: ContractDropFacts): string {
  return `safeshift-ignore ${facts.ruleId} -- contract migration: the application no longer uses ${facts.what}`;
}

/** Moves the whole statement (which drops only what the finding is about) to a contract migration. */
export function contractDropFix(context: StatementContext, facts: ContractDropFacts): Fix | undefined {
  if (!inUpSection(context)) return undefined;
  const { statement } = context;
  const document = context.file.document;
  return planToFix(context, {
    title: `Move the drop to a contract migration, to run once the application no longer uses ${facts.what}`,
    followUps: [transactionalMigration(facts.description, contractHeader(facts), [{ comment: [...ownCommentLines(document, statement, statementBlock(document, statement).start), ignoreLine(facts)], sql: statement.text }])],
    edits: (names) => [replaceStatement(document, statement, `-- The drop of ${facts.what} moved to the contract migration ${names.join(', ')}.`)],
  });
}
