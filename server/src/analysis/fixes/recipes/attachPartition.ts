/**
 * Recipe 16: `ATTACH PARTITION` → a CHECK constraint that matches the partition bound, added NOT
 * VALID (an instant under the lock); in a following migration, VALIDATE (a scan that lets reads
 * and writes continue), the attach, which finds the bound proven and skips its scan, and the CHECK
 * dropped. Only bounds PostgreSQL can prove from such a CHECK: RANGE and LIST on one key column,
 * known from the schema replayed from the project's history.
 */
import type { AlterTableStmt, PartitionCmd } from 'libpg-query';
import { asKind, nodeOfKind, relationName, type QualifiedName } from '../../ast';
import type { Catalog } from '../../schema/model';
import { parserReady, scanText } from '../../parse/pgParser';
import type { AlterCommand } from '../../rules/helpers';
import type { Fix, StatementContext } from '../../rules/types';
import { findTable } from '../../schema/lookup';
import { EncodingMap } from '../../text/lineIndex';
import { planToFix, transactionalMigration, type Step } from '../plan';
import { objectName } from '../sql';
import { catalogOf, replaceStatementText, inUpSection } from './statementFacts';
import { column, tableRef, type TableRef } from './sqlParts';

export type PartitionBound =
  | { strategy: 'range'; /** absent for MINVALUE */ lower?: string; /** absent for MAXVALUE */ upper?: string }
  | { strategy: 'list'; values: string[]; includesNull: boolean };

export interface AttachFacts {
  parent: TableRef;
  partition: TableRef;
  keyColumn: string;
  bound: PartitionBound;
  /** The attach subcommand as written: `ATTACH PARTITION m_2026 FOR VALUES FROM (...) TO (...)`. */
  attachText: string;
  constraintName: string;
}

/** The CHECK expression PostgreSQL's partition constraint is implied by. */
export function boundCheck(facts: Pick<AttachFacts, 'keyColumn' | 'bound'>): string {
  const key = column(facts.keyColumn);
  const { bound } = facts;
  if (bound.strategy === 'range') {
    const parts = [`${key} IS NOT NULL`];
    if (bound.lower !== undefined) parts.push(`${key} >= ${bound.lower}`);
    if (bound.upper !== undefined) parts.push(`${key} < ${bound.upper}`);
    return parts.join(' AND ');
  }
  const listed = bound.values.length > 0 ? `${key} IN (${bound.values.join(', ')})` : undefined;
  if (!bound.includesNull) return `${key} IS NOT NULL AND ${listed ?? 'false'}`;
  return listed ? `${key} IS NULL OR ${listed}` : `${key} IS NULL`;
}

export function attachAddCheck(facts: AttachFacts): string {
  return [
    `-- Prove the partition bound with a CHECK first, so ATTACH PARTITION skips its scan under an ACCESS EXCLUSIVE lock.`,
    `-- NOT VALID: only new rows are checked and the lock lasts an instant; the next migration validates and attaches.`,
    `ALTER TABLE ${facts.partition.sql} ADD CONSTRAINT ${column(facts.constraintName)} CHECK (${boundCheck(facts)}) NOT VALID;`,
  ].join('\n');
}

export function attachSteps(facts: AttachFacts): Step[] {
  const constraint = column(facts.constraintName);
  return [
    {
      comment: [`Scans ${facts.partition.sql} under a SHARE UPDATE EXCLUSIVE lock: reads and writes continue.`],
      sql: `ALTER TABLE ${facts.partition.sql} VALIDATE CONSTRAINT ${constraint};`,
    },
    { comment: ['The validated CHECK proves the bound, so the attach does not scan.'], sql: `ALTER TABLE ${facts.parent.sql} ${facts.attachText};` },
    { comment: [`The partition bound now enforces what the CHECK did.`], sql: `ALTER TABLE ${facts.partition.sql} DROP CONSTRAINT ${constraint};` },
  ];
}

export function attachPartitionFix(context: StatementContext, command: AlterCommand): Fix | undefined {
  const stmt = asKind<AlterTableStmt>(context.statement, 'AlterTableStmt');
  const parentName = relationName(stmt?.relation);
  const partitionCmd = nodeOfKind<PartitionCmd>(command.cmd.def, 'PartitionCmd');
  const partitionName = relationName(partitionCmd?.name);
  const catalog = catalogOf(context);
  if (!stmt || !parentName || !partitionName || !catalog || (stmt.cmds ?? []).length !== 1 || !command.located || !inUpSection(context)) return undefined;
  const spec = findTable(catalog, parentName)?.partitioning;
  const keyColumn = spec?.keys.length === 1 ? spec.keys[0].column : undefined;
  if (!spec || !keyColumn || spec.strategy === 'hash' || partitionCmd?.bound?.is_default) return undefined;
  const attachText = context.file.document.text.slice(command.range.start, command.range.end);
  const bound = parseBound(attachText, spec.strategy);
  if (!bound) return undefined;
  const partition = tableRef(context.statement, partitionCmd?.name, partitionName);
  const taken = new Set(findTable(catalog, partitionName)?.constraints.map((c) => c.name) ?? []);
  const constraintName = objectName(partitionName.name, 'bound');
  if (taken.has(constraintName)) return undefined;
  const facts: AttachFacts = { parent: tableRef(context.statement, stmt.relation, parentName), partition, keyColumn, bound, attachText, constraintName };
  return planToFix(context, {
    title: `Attach without a scan: CHECK matching the bound NOT VALID, then VALIDATE, ATTACH and DROP the CHECK in the next migration`,
    edits: () => [replaceStatementText(context.file.document, context.statement, attachAddCheck(facts))],
    followUps: [transactionalMigration(`attach ${partitionName.name}`, attachHeader(facts, defaultPartitionOf(catalog, parentName)), attachSteps(facts))],
  });
}

function attachHeader(facts: AttachFacts, defaultPartition: string | undefined): string[] {
  const header = [`Attach ${facts.partition.sql} to ${facts.parent.sql} without scanning it under an ACCESS EXCLUSIVE lock.`];
  if (defaultPartition) {
    header.push(`The DEFAULT partition ${defaultPartition} is still scanned for rows of the new bound; a validated CHECK on it that excludes the bound spares that scan too.`);
  }
  return header;
}

function defaultPartitionOf(catalog: Catalog, parent: QualifiedName): string | undefined {
  const key = findTable(catalog, parent)?.partitions.find((k) => catalog.tables.get(k)?.partitionOf?.bound.trim().toUpperCase() === 'DEFAULT');
  return key ? catalog.tables.get(key)?.name : undefined;
}

/**
 * The bound's values as written, from the attach text: `FROM (a) TO (b)` for one key column, or
 * `IN (a, b, NULL)`. Undefined for anything else (several key columns, an unreadable text).
 */
export function parseBound(text: string, strategy: 'range' | 'list'): PartitionBound | undefined {
  const groups = parenthesizedGroups(text);
  if (!groups) return undefined;
  if (strategy === 'range') {
    if (groups.length !== 2 || groups[0].length !== 1 || groups[1].length !== 1) return undefined;
    const side = (value: string) => (/^(minvalue|maxvalue)$/i.test(value) ? undefined : value);
    return { strategy: 'range', lower: side(groups[0][0]), upper: side(groups[1][0]) };
  }
  if (groups.length !== 1) return undefined;
  const values = groups[0].filter((v) => !/^null$/i.test(v));
  return { strategy: 'list', values, includesNull: values.length !== groups[0].length };
}

/** The top-level parenthesized groups after `FOR VALUES`, each split at its top-level commas. */
function parenthesizedGroups(text: string): string[][] | undefined {
  if (!parserReady()) return undefined;
  const scanned = scanText(text);
  if (!scanned.ok) return undefined;
  const encoding = new EncodingMap(text);
  const tokens = scanned.tokens.filter((t) => t.name !== 'SQL_COMMENT' && t.name !== 'C_COMMENT');
  const values = tokens.findIndex((t, i) => t.text.toLowerCase() === 'values' && tokens[i - 1]?.text.toLowerCase() === 'for');
  if (values < 0) return undefined;
  const groups: string[][] = [];
  let depth = 0;
  let itemStart = -1;
  let itemEnd = -1;
  let group: string[] = [];
  for (const token of tokens.slice(values + 1)) {
    if (token.text === '(') {
      depth++;
      if (depth === 1) {
        group = [];
        itemStart = -1;
        continue;
      }
    } else if (token.text === ')') {
      depth--;
      if (depth === 0) {
        if (itemStart >= 0) group.push(text.slice(encoding.fromUtf8(itemStart), encoding.fromUtf8(itemEnd)));
        groups.push(group);
        continue;
      }
    } else if (token.text === ',' && depth === 1) {
      if (itemStart >= 0) group.push(text.slice(encoding.fromUtf8(itemStart), encoding.fromUtf8(itemEnd)));
      itemStart = -1;
      continue;
    }
    if (depth >= 1) {
      if (itemStart < 0) itemStart = token.start;
      itemEnd = token.end;
    }
  }
  return depth === 0 ? groups : undefined;
}
