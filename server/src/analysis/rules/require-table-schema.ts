import type { AlterObjectSchemaStmt, AlterTableStmt, CreateStmt, CreateTableAsStmt, DropStmt, List, RangeVar, RenameStmt } from 'libpg-query';
import { asKind, nodeOfKind, qualifiedFromList } from '../ast';
import type { ParsedStatement } from '../parse/parseDocument';
import type { OffsetRange } from '../text/lineIndex';
import type { Rule, RuleFinding } from './types';

export const requireTableSchema: Rule = {
  meta: {
    id: 'require-table-schema',
    category: 'style',
    defaultSeverity: 'off',
    squawkCompatible: true,
    summary: 'Table names in CREATE, ALTER and DROP TABLE should name their schema, so the migration does not depend on search_path (opt-in).',
    docs: {
      badExample: '-- settings: {"rules": {"require-table-schema": "warning"}}\nCREATE TABLE warehouses (id bigint PRIMARY KEY);',
      goodExample: 'CREATE TABLE public.warehouses (id bigint PRIMARY KEY);',
      why: 'An unqualified table name resolves through the session\'s search_path, which can differ between the machine that tested the migration and the one that runs it (a role setting, a connection-pool default, a tool that sets it). The same file can then create or drop a table in another schema.',
      safeAlternative: 'Write schema.table, for example public.warehouses.',
      squawkDifference: 'Off by default, as in Squawk (opt-in). Temporary tables are exempt in both. Safeshift also reads ALTER TABLE … RENAME and ALTER TABLE … SET SCHEMA, which PostgreSQL parses as separate statements.',
    },
  },
  check({ statement }) {
    return unqualifiedTables(statement).map(({ name, range }) => ({
      message: `Table "${name}" is not schema-qualified, so it resolves through search_path. Write schema.${name}, for example public.${name}.`,
      range,
    })) satisfies RuleFinding[];
  },
};

function unqualifiedTables(statement: ParsedStatement): Array<{ name: string; range?: OffsetRange }> {
  const create = asKind<CreateStmt>(statement, 'CreateStmt');
  if (create) return isTemporary(create.relation) ? [] : fromRelation(statement, create.relation);
  const createAs = asKind<CreateTableAsStmt>(statement, 'CreateTableAsStmt');
  if (createAs) return createAs.objtype !== 'OBJECT_TABLE' || isTemporary(createAs.into?.rel) ? [] : fromRelation(statement, createAs.into?.rel);
  const alter = asKind<AlterTableStmt>(statement, 'AlterTableStmt');
  if (alter) return alter.objtype === 'OBJECT_TABLE' ? fromRelation(statement, alter.relation) : [];
  const rename = asKind<RenameStmt>(statement, 'RenameStmt');
  if (rename) return /^ALTER\s+TABLE\b/i.test(statement.text) ? fromRelation(statement, rename.relation) : [];
  const move = asKind<AlterObjectSchemaStmt>(statement, 'AlterObjectSchemaStmt');
  if (move) return move.objectType === 'OBJECT_TABLE' ? fromRelation(statement, move.relation) : [];
  const drop = asKind<DropStmt>(statement, 'DropStmt');
  if (drop?.removeType === 'OBJECT_TABLE') {
    // DROP carries bare name lists without locations.
    return (drop.objects ?? [])
      .map((o) => qualifiedFromList(nodeOfKind<List>(o, 'List')?.items))
      .filter((n) => n !== undefined && n.schema === undefined)
      .map((n) => ({ name: n!.name }));
  }
  return [];
}

function isTemporary(relation: RangeVar | undefined): boolean {
  return relation?.relpersistence === 't' || relation?.schemaname === 'pg_temp';
}

function fromRelation(statement: ParsedStatement, relation: RangeVar | undefined): Array<{ name: string; range?: OffsetRange }> {
  if (!relation?.relname || relation.schemaname) return [];
  const start = relation.location !== undefined && relation.location >= 0 ? statement.offsetOf(relation.location) : undefined;
  const written = start !== undefined ? /^(?:"(?:[^"]|"")*"|[^\s(;,]+)/.exec(statement.text.slice(start - statement.range.start))?.[0] : undefined;
  return [{ name: relation.relname, range: start !== undefined && written ? { start, end: start + written.length } : undefined }];
}

