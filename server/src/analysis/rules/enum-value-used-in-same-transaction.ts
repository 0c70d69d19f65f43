import type { A_Const, AlterEnumStmt, CreateEnumStmt, TypeCast } from 'libpg-query';
import { asKind, displayName, nodeOfKind, qualifiedFromList, sameRelation, walk, type QualifiedName } from '../ast';
import type { ParsedStatement } from '../parse/parseDocument';
import { lineOf, sameTransactionBefore, transactionOrigin } from './helpers';
import type { Rule, RuleFinding } from './types';
import { enumSplitFix } from '../fixes/recipes/splitEnumUse';

/** A label added by ALTER TYPE … ADD VALUE earlier in the current transaction. */
interface NewLabel {
  type: QualifiedName;
  label: string;
  statement: ParsedStatement;
}

export const enumValueUsedInSameTransaction: Rule = {
  meta: {
    id: 'enum-value-used-in-same-transaction',
    category: 'transaction',
    defaultSeverity: 'error',
    // Before 12, ADD VALUE cannot run in a transaction block at all.
    pgVersions: { min: { major: 12, minor: 0 } },
    summary: 'A value added with ALTER TYPE … ADD VALUE cannot be used until the transaction that added it commits: the statement fails with "unsafe use of new value".',
    docs: {
      badExample: "BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';\nUPDATE orders SET status = 'refunded' WHERE refund_id IS NOT NULL;\nCOMMIT;",
      goodExample: "-- migration 1\nALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'paid';\n-- migration 2, after migration 1 has committed\nUPDATE orders SET status = 'refunded' WHERE refund_id IS NOT NULL;",
      why: 'From PostgreSQL 12, ALTER TYPE … ADD VALUE may run inside a transaction block, but the new label stays unusable until that transaction commits: any statement in the same transaction that reads it as a value of the type (an INSERT or UPDATE that writes it, a comparison, a DEFAULT or CHECK that names it) fails with "unsafe use of new value" and the whole migration rolls back. Migration tools that wrap each file in a transaction make this easy to hit. The exception is a type created in the same transaction.',
      safeAlternative: 'Add the value in one migration and use it in a later one, so the ADD VALUE has committed first (or COMMIT between the two statements).',
    },
  },
  check(context) {
    const peers = sameTransactionBefore(context);
    if (peers.length === 0 || context.statement.kind === 'AlterEnumStmt') return [];
    const labels = newLabels(peers);
    if (labels.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const added of labels) {
      if (!literalsIn(context.statement, added.type).has(added.label)) continue;
      const fix = enumSplitFix(context, added.statement, added.label);
      findings.push({
        fixes: fix ? [fix] : [],
        message: `'${added.label}' was added to ${displayName(added.type)} on line ${lineOf(context, added.statement)} in the same transaction (${transactionOrigin(context)}), so this statement fails with "unsafe use of new value" where it reads '${added.label}' as a ${displayName(added.type)} value: new enum values are usable only after their transaction commits. Use the new value in a later migration, after the ADD VALUE has committed.`,
      });
    }
    return findings;
  },
};

/** Labels added earlier in the transaction to types that existed before it. */
function newLabels(peers: ParsedStatement[]): NewLabel[] {
  const labels: NewLabel[] = [];
  const createdHere: QualifiedName[] = [];
  for (const statement of peers) {
    const created = qualifiedFromList(asKind<CreateEnumStmt>(statement, 'CreateEnumStmt')?.typeName);
    if (created) createdHere.push(created);
    const alter = asKind<AlterEnumStmt>(statement, 'AlterEnumStmt');
    const type = qualifiedFromList(alter?.typeName);
    // A type created in the same transaction may use its new labels at once.
    if (!alter?.newVal || alter.oldVal || !type || createdHere.some((c) => sameRelation(c, type))) continue;
    labels.push({ type, label: alter.newVal, statement });
  }
  return labels;
}

/** The string constants a statement contains, except those cast explicitly to another type than `type`. */
function literalsIn(statement: ParsedStatement, type: QualifiedName): Set<string> {
  const castElsewhere = new Set<unknown>();
  walk(statement.node, (kind, node) => {
    if (kind !== 'TypeCast') return;
    const cast = node as TypeCast;
    const target = qualifiedFromList(cast.typeName?.names);
    const literal = nodeOfKind<A_Const>(cast.arg, 'A_Const');
    if (literal && target && !sameRelation(target, type)) castElsewhere.add(literal);
  });
  const literals = new Set<string>();
  walk(statement.node, (kind, node) => {
    if (kind !== 'A_Const' || castElsewhere.has(node)) return;
    const value = (node as A_Const).sval?.sval;
    if (value !== undefined) literals.add(value);
  });
  return literals;
}
