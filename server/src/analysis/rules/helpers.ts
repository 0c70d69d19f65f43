/**
 * Wording and small checks shared by rules, so every message names the lock, the object and
 * what it blocks the same way.
 */
import { describeBlocking, lockLabel, type LockMode } from '../locks/locks';
import { displayName, type QualifiedName } from '../ast';
import type { ParsedStatement } from '../parse/parseDocument';
import type { TextEdit } from './types';

/** `takes a SHARE lock on "users": blocks INSERT, UPDATE and DELETE; reads continue` */
export function lockPhrase(mode: LockMode, table: QualifiedName | undefined): string {
  const label = lockLabel(mode);
  const article = /^[AEIOU]/.test(label) ? 'an' : 'a';
  const on = table ? ` on "${displayName(table).replace(/"/g, '')}"` : '';
  return `takes ${article} ${label} lock${on}: ${describeBlocking(mode)}`;
}

/** An insertion at the position right after the first match of `pattern` in the statement. */
export function insertAfter(statement: ParsedStatement, pattern: RegExp, text: string): TextEdit | undefined {
  const match = pattern.exec(statement.text);
  if (!match) return undefined;
  const offset = statement.range.start + match.index + match[0].length;
  return { range: { start: offset, end: offset }, newText: text };
}

/** The document's line break, so inserted lines match the file. */
export function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
