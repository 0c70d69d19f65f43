import type { AlterDomainStmt, Constraint, CreateDomainStmt } from 'libpg-query';
import { asKind, nodeOfKind, qualifiedFromList, sameRelation, type QualifiedName } from '../ast';
import { lockPhrase } from './helpers';
import type { Rule, StatementContext } from './types';

export const banAlterDomainWithAddConstraint: Rule = {
  meta: {
    id: 'ban-alter-domain-with-add-constraint',
    category: 'locking',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'ALTER DOMAIN … ADD CONSTRAINT checks every column of every table that uses the domain while blocking their writes.',
    docs: {
      badExample: 'ALTER DOMAIN quantity ADD CONSTRAINT quantity_positive CHECK (VALUE > 0);',
      goodExample: '-- a constraint on the column instead of the domain\nALTER TABLE inventory ADD CONSTRAINT inventory_quantity_positive CHECK (quantity > 0) NOT VALID;\n-- in a later transaction (the next migration):\nALTER TABLE inventory VALIDATE CONSTRAINT inventory_quantity_positive;',
      why: 'Adding a constraint to a domain checks every value in every column of that domain, in every table, before it commits, holding a SHARE lock on each of those tables: their INSERT, UPDATE and DELETE wait for the whole scan. NOT VALID skips the check now, but ALTER DOMAIN … VALIDATE CONSTRAINT later takes the same SHARE locks (measured on PostgreSQL 18), unlike a table constraint, whose VALIDATE lets writes continue.',
      lock: 'ShareLock',
      safeAlternative: 'Put the constraint on the table columns: add it NOT VALID, then VALIDATE CONSTRAINT in a separate transaction, which lets reads and writes continue.',
      squawkDifference:
        'Squawk flags every ALTER DOMAIN … ADD CONSTRAINT. Safeshift does not flag one added NOT VALID, which checks nothing and locks no table (its later VALIDATE does), nor one on a domain created earlier in the same file, which no existing table uses.',
    },
  },
  check(context) {
    const stmt = asKind<AlterDomainStmt>(context.statement, 'AlterDomainStmt');
    if (stmt?.subtype !== 'C') return [];
    const constraint = nodeOfKind<Constraint>(stmt.def, 'Constraint');
    if (!constraint || constraint.skip_validation) return [];
    const domain = qualifiedFromList(stmt.typeName);
    if (!domain || createdEarlier(context, domain)) return [];
    return [
      {
        message: `ALTER DOMAIN … ADD CONSTRAINT checks every column of type "${domain.name}" in every table, and ${lockPhrase('ShareLock', undefined).replace(' lock:', ' lock on each of those tables:')} until the scan ends. Put the constraint on the table columns instead: add it NOT VALID and VALIDATE it in a separate transaction.`,
      },
    ];
  },
};

function createdEarlier(context: StatementContext, domain: QualifiedName): boolean {
  return context.previous.some((statement) => {
    const created = qualifiedFromList(asKind<CreateDomainStmt>(statement, 'CreateDomainStmt')?.domainname);
    return created !== undefined && sameRelation(created, domain);
  });
}
