import { displayName, relationName, sameRelation, type QualifiedName } from '../ast';
import type { CreateStmt, CreateTableAsStmt, ViewStmt } from 'libpg-query';
import type { ParsedStatement } from '../parse/parseDocument';
import { suggestRelations } from '../schema/lookup';
import { anyRelationNamed, catalogAt, globalDoubt, relationDoubt } from './schemaFacts';
import { relationRefs } from './schemaRefs';
import type { Rule, RuleFinding, StatementContext } from './types';

export const unknownRelation: Rule = {
  meta: {
    id: 'unknown-relation',
    category: 'correctness',
    defaultSeverity: 'error',
    summary: 'The statement names a table or view that does not exist at this point of the migration history, so it fails when it runs.',
    docs: {
      badExample: '-- before: CREATE TABLE users (id bigint PRIMARY KEY, email text);\nALTER TABLE userz ADD COLUMN name text;',
      goodExample: '-- before: CREATE TABLE users (id bigint PRIMARY KEY, email text);\nALTER TABLE users ADD COLUMN name text;',
      why: 'Safeshift replays the earlier migrations of the project to know the schema this migration runs against. A name that no earlier migration (nor an earlier statement of this one) created is a typo or a migration in the wrong order, and the deploy fails on it, often after earlier statements of a non-transactional migration already ran. To stay quiet on databases that had tables before their first migration, the rule reports a missing name only when it looks like a typo of a known relation or when this file creates it further down, and never when the history may hide objects (code or repeatable migrations, dynamic SQL, extensions that create tables, statements it could not follow that mention the name). (In the examples, `-- before:` lines stand for an earlier migration of the project.)',
      safeAlternative: 'Fix the name (the message suggests the closest existing one), or move the statement after the migration that creates the relation.',
    },
  },
  check(context) {
    // The parse tree first: asking for the catalog applies the statements before this one.
    const refs = relationRefs(context.statement);
    const trusted = refs.length > 0 ? catalogAt(context) : undefined;
    if (!trusted) return [];
    const missing = refs.filter((ref) => !anyRelationNamed(trusted.catalog, ref.name));
    if (missing.length === 0 || globalDoubt(context, trusted)) return [];
    const findings: RuleFinding[] = [];
    for (const ref of missing) {
      if (relationDoubt(trusted.catalog, ref.name, trusted.migrationId)) continue;
      const found = message(context, ref.name, suggestRelations(trusted.catalog, ref.name));
      if (found) findings.push({ range: ref.range, message: found });
    }
    return findings;
  },
};

/**
 * Only a name that looks like a typo of a known relation, or one this file creates further down,
 * is reported: a name unlike anything in the history is more often a table that existed before
 * the project's first migration (a baselined database) than a mistake.
 */
function message(context: StatementContext, name: QualifiedName, suggestions: string[]): string | undefined {
  const later = createdLater(context, name);
  const base = `relation "${displayName(name)}" does not exist as of this migration`;
  if (later) return `${base}: it is created later in this file (line ${context.file.document.lineIndex.positionAt(later.range.start).line + 1}). Move this statement after it.`;
  if (suggestions.length > 0) return `${base}; did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?`;
  return undefined;
}

function createdLater(context: StatementContext, name: QualifiedName): ParsedStatement | undefined {
  return context.file.document.statements.slice(context.statement.index + 1).find((s) => {
    const created =
      relationName((s.kind === 'CreateStmt' ? (s.node as CreateStmt) : undefined)?.relation) ??
      relationName((s.kind === 'CreateTableAsStmt' ? (s.node as CreateTableAsStmt) : undefined)?.into?.rel) ??
      relationName((s.kind === 'ViewStmt' ? (s.node as ViewStmt) : undefined)?.view);
    return created !== undefined && sameRelation(created, name);
  });
}
