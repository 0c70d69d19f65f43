/**
 * The written words of a column type's name, so type fixes replace exactly the word the user typed
 * (`int4` in `pg_catalog.int4`, `character` in `character(3)[]`) and keep the rest, and the column
 * types a statement declares. Shared by ban-char-field and the prefer-bigint rules; not a rule itself.
 */
import type { AlterTableCmd, AlterTableStmt, ColumnDef, CreateStmt, TypeName } from 'libpg-query';
import { asKind, nodeOfKind, relationName, typeInfo, type QualifiedName, type TypeInfo } from '../ast';
import type { ParsedStatement } from '../parse/parseDocument';
import { parserReady, scanText } from '../parse/pgParser';
import { EncodingMap, type OffsetRange } from '../text/lineIndex';

export interface TypeNameWords {
  /** The name as written, schema and several keywords included (`national character`), without modifiers or array bounds. */
  nameRange: OffsetRange;
  /** The last word of the name, lower-cased unless quoted (`integer`, `int4`, `character`). */
  lastWord: string;
  lastRange: OffsetRange;
  /** True when the name is quoted, as in `"int4"`: then it names exactly that type. */
  quoted: boolean;
  /** True when modifiers follow the name: `char(3)`. */
  hasModifiers: boolean;
}

/** Keyword types of several words: `national character`, `character varying`, `double precision`. */
const NEXT_WORDS: Record<string, string[]> = { national: ['character', 'char'], character: ['varying'], char: ['varying'], double: ['precision'], bit: ['varying'] };

export function typeNameWords(statement: ParsedStatement, typeName: TypeName): TypeNameWords | undefined {
  if (!parserReady() || typeName.location === undefined || typeName.location < 0) return undefined;
  const start = statement.offsetOf(typeName.location);
  const text = statement.text.slice(start - statement.range.start);
  const scanned = scanText(text);
  if (!scanned.ok) return undefined;
  const encoding = new EncodingMap(text);
  const tokens = scanned.tokens
    .filter((t) => t.name !== 'SQL_COMMENT' && t.name !== 'C_COMMENT')
    .map((t) => ({ text: t.text, start: start + encoding.fromUtf8(t.start), end: start + encoding.fromUtf8(t.end) }));
  if (tokens.length === 0) return undefined;
  let i = 0;
  while (tokens[i + 1]?.text === '.' && tokens[i + 2]) i += 2;
  for (;;) {
    const next = tokens[i + 1]?.text.toLowerCase();
    if (next === undefined || !(NEXT_WORDS[tokens[i].text.toLowerCase()] ?? []).includes(next)) break;
    i++;
  }
  const last = tokens[i];
  const quoted = last.text.startsWith('"');
  return {
    nameRange: { start: tokens[0].start, end: last.end },
    lastWord: quoted ? last.text.slice(1, -1).replace(/""/g, '"') : last.text.toLowerCase(),
    lastRange: { start: last.start, end: last.end },
    quoted,
    hasModifiers: tokens[i + 1]?.text === '(',
  };
}

export interface ColumnType {
  /** The column's name; for ALTER COLUMN … TYPE, the name the subcommand carries. */
  column: string;
  table: QualifiedName | undefined;
  typeName: TypeName;
  info: TypeInfo;
}

/** The column types a statement declares: CREATE TABLE columns, ADD COLUMN and ALTER COLUMN … TYPE, where Squawk's type rules look. */
export function columnTypes(statement: ParsedStatement): ColumnType[] {
  const found: ColumnType[] = [];
  const add = (column: ColumnDef | undefined, name: string | undefined, table: QualifiedName | undefined) => {
    const info = typeInfo(column?.typeName);
    if (column?.typeName && info) found.push({ column: name ?? '', table, typeName: column.typeName, info });
  };
  const create = asKind<CreateStmt>(statement, 'CreateStmt');
  for (const element of create?.tableElts ?? []) {
    const column = nodeOfKind<ColumnDef>(element, 'ColumnDef');
    add(column, column?.colname, relationName(create?.relation));
  }
  const alter = asKind<AlterTableStmt>(statement, 'AlterTableStmt');
  if (alter && (alter.objtype === undefined || alter.objtype === 'OBJECT_TABLE')) {
    for (const node of alter.cmds ?? []) {
      const cmd = nodeOfKind<AlterTableCmd>(node, 'AlterTableCmd');
      if (cmd?.subtype !== 'AT_AddColumn' && cmd?.subtype !== 'AT_AlterColumnType') continue;
      const column = nodeOfKind<ColumnDef>(cmd.def, 'ColumnDef');
      add(column, cmd.subtype === 'AT_AlterColumnType' ? cmd.name : column?.colname, relationName(alter.relation));
    }
  }
  return found;
}
