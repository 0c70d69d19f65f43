import type { AlterTableCmd, AlterTableStmt, ColumnDef, CreateStmt, TypeName } from 'libpg-query';
import { asKind, nodeOfKind, relationName, typeInfo, type QualifiedName, type TypeInfo } from '../ast';
import type { ParsedStatement } from '../parse/parseDocument';
import { parserReady, scanText } from '../parse/pgParser';
import { EncodingMap, type OffsetRange } from '../text/lineIndex';

export interface DeclaredType {
  /** The column's name (ALTER COLUMN TYPE carries it on the subcommand, not the ColumnDef). */
  columnName: string;
  column: ColumnDef;
  typeName: TypeName;
  info: TypeInfo;
  table: QualifiedName | undefined;
  /** The type as written, computed on demand. */
  range: () => OffsetRange | undefined;
}

export function declaredTypes(statement: ParsedStatement): DeclaredType[] {
  const create = asKind<CreateStmt>(statement, 'CreateStmt');
  if (create) {
    const table = relationName(create.relation);
    return (create.tableElts ?? []).flatMap((element) => declared(statement, nodeOfKind<ColumnDef>(element, 'ColumnDef'), table));
  }
  const alter = asKind<AlterTableStmt>(statement, 'AlterTableStmt');
  if (!alter || (alter.objtype !== undefined && alter.objtype !== 'OBJECT_TABLE')) return [];
  const table = relationName(alter.relation);
  return (alter.cmds ?? []).flatMap((node) => {
    const cmd = nodeOfKind<AlterTableCmd>(node, 'AlterTableCmd');
    if (cmd?.subtype !== 'AT_AddColumn' && cmd?.subtype !== 'AT_AlterColumnType') return [];
    return declared(statement, nodeOfKind<ColumnDef>(cmd.def, 'ColumnDef'), table, cmd.name);
  });
}

function declared(statement: ParsedStatement, column: ColumnDef | undefined, table: QualifiedName | undefined, alteredColumn?: string): DeclaredType[] {
  const typeName = column?.typeName;
  const info = typeInfo(typeName);
  if (!column || !typeName || !info) return [];
  return [{ columnName: column.colname ?? alteredColumn ?? '?', column, typeName, info, table, range: () => typeTextRange(statement, typeName) }];
}

/** Words that continue a multi-word type name after its first word. */
const CONTINUATIONS: Record<string, string[]> = {
  character: ['varying'],
  char: ['varying'],
  national: ['character', 'char', 'varying'],
  double: ['precision'],
  bit: ['varying'],
};

/**
 * The range of a type as written, found with PostgreSQL's scanner from the type's location: the
 * (possibly qualified or multi-word) name, its modifiers in parentheses, and for time types the
 * `with[out] time zone` clause. Array brackets are left out, so a replacement keeps them.
 */
export function typeTextRange(statement: ParsedStatement, typeName: TypeName): OffsetRange | undefined {
  if (!parserReady() || typeName.location === undefined || typeName.location < 0) return undefined;
  // Remembered relative to the statement, by type node: several rules ask, and a statement that
  // an edit before it moved keeps its nodes.
  const base = statement.range.start;
  let relative = rangeByTypeNode.get(typeName);
  if (relative === undefined) {
    const found = scanTypeRange(statement, typeName as TypeName & { location: number });
    relative = found ? { start: found.start - base, end: found.end - base } : null;
    rangeByTypeNode.set(typeName, relative);
  }
  return relative ? { start: relative.start + base, end: relative.end + base } : undefined;
}

const rangeByTypeNode = new WeakMap<TypeName, OffsetRange | null>();

function scanTypeRange(statement: ParsedStatement, typeName: TypeName & { location: number }): OffsetRange | undefined {
  const start = statement.offsetOf(typeName.location);
  const text = statement.text.slice(start - statement.range.start);
  const scanned = scanText(text);
  if (!scanned.ok) return undefined;
  const encoding = new EncodingMap(text);
  const tokens = scanned.tokens
    .filter((t) => t.name !== 'SQL_COMMENT' && t.name !== 'C_COMMENT')
    .map((t) => ({ word: t.text.toLowerCase(), start: start + encoding.fromUtf8(t.start), end: start + encoding.fromUtf8(t.end) }));
  if (tokens.length === 0) return undefined;
  let i = 0;
  const first = tokens[0].word;
  while (tokens[i + 1]?.word === '.' && tokens[i + 2]) i += 2;
  for (const next of CONTINUATIONS[first] ?? []) if (tokens[i + 1]?.word === next) i++;
  if (tokens[i + 1]?.word === '(') {
    let depth = 0;
    for (let j = i + 1; j < tokens.length; j++) {
      if (tokens[j].word === '(') depth++;
      else if (tokens[j].word === ')' && --depth === 0) {
        i = j;
        break;
      }
    }
  }
  if ((first === 'timestamp' || first === 'time') && (tokens[i + 1]?.word === 'with' || tokens[i + 1]?.word === 'without') && tokens[i + 2]?.word === 'time' && tokens[i + 3]?.word === 'zone') i += 3;
  return { start, end: tokens[i].end };
}
