import type { AlterEnumStmt, CreateEnumStmt } from 'libpg-query';
import { asKind, displayName, qualifiedFromList, sameRelation, stringValue, type QualifiedName } from '../ast';
import type { ParsedStatement } from '../parse/parseDocument';
import type { Fix, Rule, StatementContext } from './types';

export const requireEnumValueOrdering: Rule = {
  meta: {
    id: 'require-enum-value-ordering',
    category: 'correctness',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'ALTER TYPE … ADD VALUE without BEFORE or AFTER appends the value, which may not be where it belongs in the enum\'s sort order.',
    docs: {
      badExample: "ALTER TYPE shipment_status ADD VALUE 'returned';",
      goodExample: "ALTER TYPE shipment_status ADD VALUE 'returned' AFTER 'delivered';",
      why: 'Enum values sort in declaration order, not alphabetically, and that order drives ORDER BY, < and > and range checks on the column. A value added without a position goes last, which silently changes what comparisons mean for it.',
      safeAlternative: "State the position with BEFORE 'existing_value' or AFTER 'existing_value'.",
      squawkDifference: "When the enum was created earlier in the same file, the fix names its real last value (AFTER 'last'), keeping today's order explicit; otherwise it inserts Squawk's placeholder BEFORE 'existing_value', which must be edited.",
    },
  },
  check(context) {
    const add = asKind<AlterEnumStmt>(context.statement, 'AlterEnumStmt');
    // RENAME VALUE has no newVal position to give.
    if (!add?.newVal || add.oldVal !== undefined || add.newValNeighbor !== undefined) return [];
    const type = qualifiedFromList(add.typeName);
    const valuePattern = new RegExp(`\\bVALUE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?'${add.newVal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "''")}'`, 'i');
    const match = valuePattern.exec(context.statement.text);
    const fixes: Fix[] = [];
    if (match) {
      const at = context.statement.range.start + match.index + match[0].length;
      const last = type ? lastLabel(context, type) : undefined;
      fixes.push(
        last !== undefined
          ? { title: `Insert AFTER '${last}' (its current last value)`, preferred: true, edits: [{ range: { start: at, end: at }, newText: ` AFTER '${last.replace(/'/g, "''")}'` }] }
          : { title: "Insert BEFORE 'existing_value' (then name the real value)", edits: [{ range: { start: at, end: at }, newText: " BEFORE 'existing_value'" }] },
      );
    }
    return [
      {
        message: `ADD VALUE '${add.newVal}' without BEFORE or AFTER appends it to the end of ${type ? `enum "${displayName(type).replace(/"/g, '')}"` : 'the enum'}, which sets how it sorts and compares. State its position with BEFORE or AFTER.`,
        fixes,
      },
    ];
  },
};

/** The last label of an enum created (and possibly extended) earlier in this file. */
function lastLabel(context: StatementContext, type: QualifiedName): string | undefined {
  let labels: string[] | undefined;
  for (const earlier of context.previous) {
    const create = asKind<CreateEnumStmt>(earlier, 'CreateEnumStmt');
    const created = create ? qualifiedFromList(create.typeName) : undefined;
    if (create && created && sameRelation(created, type)) labels = (create.vals ?? []).map(stringValue).filter((v): v is string => v !== undefined);
    if (labels) extendLabels(earlier, type, labels);
  }
  return labels?.[labels.length - 1];
}

function extendLabels(statement: ParsedStatement, type: QualifiedName, labels: string[]): void {
  const add = asKind<AlterEnumStmt>(statement, 'AlterEnumStmt');
  const name = add ? qualifiedFromList(add.typeName) : undefined;
  if (!add?.newVal || !name || !sameRelation(name, type) || add.oldVal !== undefined || labels.includes(add.newVal)) return;
  const neighbor = add.newValNeighbor !== undefined ? labels.indexOf(add.newValNeighbor) : -1;
  if (neighbor < 0) labels.push(add.newVal);
  else labels.splice(add.newValIsAfter ? neighbor + 1 : neighbor, 0, add.newVal);
}
