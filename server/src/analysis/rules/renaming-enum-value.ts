import type { AlterEnumStmt, CreateEnumStmt } from 'libpg-query';
import { asKind, displayName, qualifiedFromList, sameRelation } from '../ast';
import type { Rule } from './types';

export const renamingEnumValue: Rule = {
  meta: {
    id: 'renaming-enum-value',
    category: 'breaking',
    defaultSeverity: 'warning',
    pgVersions: { min: { major: 10, minor: 0 } },
    summary: 'ALTER TYPE … RENAME VALUE breaks the running application, which still writes and compares the old label.',
    docs: {
      badExample: "ALTER TYPE order_status RENAME VALUE 'done' TO 'completed';",
      goodExample: "-- expand: add the new label in its own transaction\nALTER TYPE order_status ADD VALUE IF NOT EXISTS 'completed' AFTER 'done';\n-- the application writes 'completed' and reads both; then, outside the DDL transaction, in batches:\n-- UPDATE orders SET status = 'completed' WHERE status = 'done';",
      why: 'The rename is instant, but from the moment it commits every INSERT or UPDATE of the running application that writes the old label fails with "invalid input value for enum", and every query that filters on the old label silently matches nothing. An enum label cannot be removed in place either, so the rename is also hard to roll back once new rows use the new label.',
      safeAlternative: "Add the new label with ADD VALUE, deploy code that writes the new label and accepts both, backfill the rows in batches, and leave the old label unused.",
    },
  },
  check(context) {
    const alter = asKind<AlterEnumStmt>(context.statement, 'AlterEnumStmt');
    if (!alter?.oldVal) return [];
    const type = qualifiedFromList(alter.typeName);
    if (!type) return [];
    // A type created earlier in this file is used by no running code yet.
    const isNew = context.previous.some((s) => {
      const created = qualifiedFromList(asKind<CreateEnumStmt>(s, 'CreateEnumStmt')?.typeName);
      return created !== undefined && sameRelation(created, type);
    });
    if (isNew) return [];
    return [
      {
        message: `Renaming the value '${alter.oldVal}' of enum ${displayName(type)} to '${alter.newVal ?? ''}' breaks the running application: from the commit on, its writes of '${alter.oldVal}' fail with "invalid input value for enum" and its queries for it match nothing. Add '${alter.newVal ?? ''}' with ADD VALUE, move the application and the rows over, and leave '${alter.oldVal}' unused.`,
      },
    ];
  },
};
