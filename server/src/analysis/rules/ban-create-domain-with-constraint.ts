import type { Constraint, CreateDomainStmt } from 'libpg-query';
import { asKind, nodeOfKind, qualifiedFromList } from '../ast';
import type { Rule } from './types';

export const banCreateDomainWithConstraint: Rule = {
  meta: {
    id: 'ban-create-domain-with-constraint',
    category: 'locking',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'A domain with a CHECK or NOT NULL constraint is hard to change later: every change checks every table that uses it while blocking their writes.',
    docs: {
      badExample: 'CREATE DOMAIN quantity AS integer CHECK (VALUE >= 0);',
      goodExample: 'CREATE TABLE inventory (id bigint PRIMARY KEY, quantity integer CHECK (quantity >= 0));',
      why: 'Constraints on a domain apply to every column of that type in every table. Changing them later (ALTER DOMAIN … ADD CONSTRAINT, or VALIDATE CONSTRAINT) checks all those columns while holding a SHARE lock on each table, which blocks their writes, and there is no way to do it one table at a time. A NOT NULL domain also lets NULL through outer joins and PL/pgSQL variables.',
      lock: 'ShareLock',
      safeAlternative: 'Use a plain domain (or the base type) and put CHECK and NOT NULL constraints on the table columns, where they can be added NOT VALID and validated without blocking writes.',
      squawkDifference: 'Squawk also flags a domain with only a DEFAULT, a COLLATE or an explicit NULL, which are not constraints; Safeshift flags only CHECK and NOT NULL.',
    },
  },
  check({ statement }) {
    const stmt = asKind<CreateDomainStmt>(statement, 'CreateDomainStmt');
    const kinds = (stmt?.constraints ?? [])
      .map((c) => nodeOfKind<Constraint>(c, 'Constraint')?.contype)
      .filter((k) => k === 'CONSTR_CHECK' || k === 'CONSTR_NOTNULL');
    if (!stmt || kinds.length === 0) return [];
    const name = qualifiedFromList(stmt.domainname)?.name ?? '';
    const what = [...new Set(kinds.map((k) => (k === 'CONSTR_CHECK' ? 'CHECK' : 'NOT NULL')))].join(' and ');
    return [
      {
        message: `Domain "${name}" has a ${what} constraint: every later change to it checks every table that uses the domain while holding a SHARE lock on each (blocks INSERT, UPDATE and DELETE). Put the constraint on the table columns instead.`,
      },
    ];
  },
};
