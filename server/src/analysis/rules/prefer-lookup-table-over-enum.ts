import type { CreateEnumStmt } from 'libpg-query';
import { asKind, displayName, qualifiedFromList } from '../ast';
import type { Rule } from './types';

export const preferLookupTableOverEnum: Rule = {
  meta: {
    id: 'prefer-lookup-table-over-enum',
    category: 'style',
    defaultSeverity: 'off',
    summary: 'Enum types are hard to change later (values cannot be removed or reordered in place); a lookup table with a foreign key, or text with a CHECK, stays flexible.',
    docs: {
      badExample: "CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');",
      goodExample: "CREATE TABLE order_statuses (status text PRIMARY KEY);\nINSERT INTO order_statuses VALUES ('new'), ('paid'), ('shipped');\nCREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL REFERENCES order_statuses);",
      why: 'An enum label can be added and renamed but never removed or moved; dropping a label means creating a new type and rewriting every column that uses it under an ACCESS EXCLUSIVE lock. A new label cannot be used in the transaction that adds it, and renaming one breaks the running application. A lookup table changes with an INSERT or DELETE, can carry extra columns (a description, a sort order, an "active" flag), and its values are visible to tools that read tables.',
      safeAlternative: 'Use a lookup table referenced by a foreign key, or a text column with a CHECK constraint listing the allowed values (added NOT VALID and validated later when it changes).',
    },
  },
  check(context) {
    const create = asKind<CreateEnumStmt>(context.statement, 'CreateEnumStmt');
    const type = qualifiedFromList(create?.typeName);
    if (!type) return [];
    return [{ message: `Enum type ${displayName(type)} will be hard to change: its values cannot be removed or reordered without rewriting every column that uses it. Prefer a lookup table with a foreign key, or text with a CHECK constraint.` }];
  },
};
