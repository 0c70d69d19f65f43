/**
 * Writing SQL the way a careful human would: the user's identifiers as they wrote them (quoting and
 * schema qualification reused from the original text), new names quoted only when needed and cut
 * to PostgreSQL's limit, one statement per line, comments that say why.
 */
import type { RangeVar } from 'libpg-query';
import { displayName, quoteIdent, type QualifiedName } from '../ast';
import type { ParsedStatement } from '../parse/parseDocument';

export { quoteIdent };

/** PostgreSQL's identifier limit (NAMEDATALEN - 1), in bytes. */
const MAX_IDENTIFIER_BYTES = 63;

const IDENTIFIER = String.raw`(?:"(?:[^"]|"")*"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)`;
const QUALIFIED = new RegExp(String.raw`^${IDENTIFIER}(?:\s*\.\s*${IDENTIFIER}){0,2}`);

/** The relation exactly as the user wrote it (`app."Orders"`), or a rendering of its parts. */
export function relationText(statement: ParsedStatement, relation: RangeVar | undefined, fallback?: QualifiedName): string {
  if (relation?.location !== undefined) {
    const start = statement.offsetOf(relation.location) - statement.range.start;
    const match = QUALIFIED.exec(statement.text.slice(start));
    if (match) return match[0].replace(/\s*\.\s*/g, '.');
  }
  if (relation?.relname) return displayName({ schema: relation.schemaname, name: relation.relname });
  return fallback ? displayName(fallback) : '';
}

/** The schema part of a relation as written (`app.` or `"App".`), to qualify a sibling object such as an index. */
export function schemaPrefix(relationSql: string): string {
  const match = new RegExp(String.raw`^(${IDENTIFIER}(?:\.${IDENTIFIER})?)\.${IDENTIFIER}$`).exec(relationSql);
  return match ? `${match[1]}.` : '';
}

/** A name for an object a fix creates, from unquoted parts: `orders_customer_id_fkey`, cut to 63 bytes. */
export function objectName(...parts: string[]): string {
  let name = parts.filter(Boolean).join('_');
  while (Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES) name = name.slice(0, -1);
  return name;
}

/** `-- a\n-- b` from lines of prose. */
export function commentLines(lines: readonly string[]): string {
  return lines.map((line) => (line === '' ? '--' : `-- ${line}`)).join('\n');
}

/** SQL text: comment lines, then statements one per line. */
export function sqlBlock(comment: readonly string[], statements: readonly string[]): string {
  return [...(comment.length ? [commentLines(comment)] : []), ...statements].join('\n');
}

/** `SET LOCAL lock_timeout = '2s';` inside a transaction, `SET lock_timeout = '2s';` outside. */
export function setTimeout(setting: 'lock_timeout' | 'statement_timeout', value: string, inTransaction: boolean): string {
  return `SET ${inTransaction ? 'LOCAL ' : ''}${setting} = '${value}';`;
}

/** The lock timeout every generated step that touches an existing table starts with. */
export const LOCK_TIMEOUT = '2s';

/** A string literal: `'it''s'`. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Ends with `;`, without trailing blanks. */
export function terminated(sql: string): string {
  const trimmed = sql.trimEnd();
  return trimmed.endsWith(';') ? trimmed : `${trimmed};`;
}
