/**
 * Wording and small checks shared by rules, so every message names the lock, the object and
 * what it blocks the same way.
 */
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint, TransactionStmt } from 'libpg-query';
import { describeBlocking, lockLabel, type LockMode } from '../locks/locks';
import { asKind, displayName, nodeOfKind, relationName, sameRelation, type QualifiedName } from '../ast';
import type { ParsedDocument, ParsedStatement } from '../parse/parseDocument';
import { parserReady, scanText } from '../parse/pgParser';
import { sectionAt } from '../project/lintContext';
import { EncodingMap, type OffsetRange } from '../text/lineIndex';
import type { Fix, StatementContext, TextEdit } from './types';

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

/** `takes an ACCESS EXCLUSIVE lock on "a" and "b": blocks all reads and writes` */
export function lockPhraseOnAll(mode: LockMode, tables: QualifiedName[]): string {
  if (tables.length <= 1) return lockPhrase(mode, tables[0]);
  return lockPhrase(mode, undefined).replace(/ lock:/, ` lock on ${listOf(tables.map(quoted))}:`);
}

/** `"users"`, as messages quote a table. */
export function quoted(name: QualifiedName | undefined): string {
  return name ? `"${displayName(name).replace(/"/g, '')}"` : 'the table';
}

/** `a, b and c` */
export function listOf(items: string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}` : (items[0] ?? '');
}

/** One ALTER TABLE subcommand with the range of its text, for precise findings and fixes. */
export interface AlterCommand {
  cmd: AlterTableCmd;
  /** The subcommand's text, from its first token through its last (commas excluded). */
  readonly range: OffsetRange;
  /** False when the subcommand could not be located and `range` is the whole statement. */
  readonly located: boolean;
}

/**
 * The subcommands of an ALTER TABLE statement, each with its own range. PostgreSQL's parse tree
 * has no locations for subcommands, so they are found with its scanner: after the table name,
 * subcommands are separated by commas outside parentheses, and every subcommand is one node.
 * The scan runs only when a rule reads a range (that is, when it reports), once per statement.
 */
export function alterTableCommands(statement: ParsedStatement): AlterCommand[] {
  const stmt = asKind<AlterTableStmt>(statement, 'AlterTableStmt');
  if (!stmt) return [];
  const cached = commandCache.get(statement);
  if (cached) return cached;
  const cmds = (stmt.cmds ?? []).map((c) => nodeOfKind<AlterTableCmd>(c, 'AlterTableCmd')).filter((c): c is AlterTableCmd => c !== undefined);
  let layout: OffsetRange[] | null | undefined;
  const ranges = (): OffsetRange[] | null => {
    if (layout === undefined) {
      const base = statement.range.start;
      let relative = layoutByNode.get(stmt);
      if (relative === undefined) {
        const found = stmt.relation?.location !== undefined ? commandRanges(statement, statement.offsetOf(stmt.relation.location)) : undefined;
        relative = found !== undefined && found.length === cmds.length ? found.map((r) => ({ start: r.start - base, end: r.end - base })) : null;
        if (parserReady()) layoutByNode.set(stmt, relative);
      }
      layout = relative && relative.map((r) => ({ start: r.start + base, end: r.end + base }));
    }
    return layout;
  };
  const commands = cmds.map((cmd, i) => ({
    cmd,
    get range() {
      return ranges()?.[i] ?? statement.range;
    },
    get located() {
      return ranges() !== null;
    },
  }));
  commandCache.set(statement, commands);
  return commands;
}

const commandCache = new WeakMap<ParsedStatement, AlterCommand[]>();
/**
 * Subcommand ranges relative to the statement's start, by parse node: a statement an edit before
 * it moved keeps its node, so it is not scanned again (the scan is the costly part).
 */
const layoutByNode = new WeakMap<AlterTableStmt, OffsetRange[] | null>();

function commandRanges(statement: ParsedStatement, relationOffset: number): OffsetRange[] | undefined {
  if (!parserReady()) return undefined;
  const scanned = scanText(statement.text);
  if (!scanned.ok) return undefined;
  const encoding = new EncodingMap(statement.text);
  const base = statement.range.start;
  const tokens = scanned.tokens
    .filter((t) => t.name !== 'SQL_COMMENT' && t.name !== 'C_COMMENT')
    .map((t) => ({ text: t.text, start: base + encoding.fromUtf8(t.start), end: base + encoding.fromUtf8(t.end) }));
  let i = tokens.findIndex((t) => t.start === relationOffset);
  if (i < 0) return undefined;
  i++;
  while (tokens[i]?.text === '.' && i + 1 < tokens.length) i += 2;
  if (tokens[i]?.text === '*') i++;
  const ranges: OffsetRange[] = [];
  let depth = 0;
  let start = -1;
  let end = -1;
  for (; i < tokens.length; i++) {
    const token = tokens[i];
    if (depth === 0 && (token.text === ',' || token.text === ';')) {
      if (start >= 0) ranges.push({ start, end });
      start = -1;
      if (token.text === ';') break;
      continue;
    }
    if (token.text === '(') depth++;
    else if (token.text === ')') depth = Math.max(0, depth - 1);
    if (start < 0) start = token.start;
    end = token.end;
  }
  if (start >= 0) ranges.push({ start, end });
  return ranges;
}

/** Inserts text at the end of a range, e.g. ` NOT VALID` after a constraint. */
export function appendTo(range: OffsetRange, text: string): TextEdit {
  return { range: { start: range.end, end: range.end }, newText: text };
}

/**
 * The statements before this one that run in the same transaction block, oldest first: back to
 * the BEGIN that opened it, or to the start of the file when the tool's envelope is the
 * transaction. Empty when the statement runs on its own.
 */
export function sameTransactionBefore(context: StatementContext): ParsedStatement[] {
  if (!context.transaction.inTransaction) return [];
  const { migration, transactions } = context.file;
  // Up and down sections of one file never run together.
  const section = migration ? sectionAt(migration, context.statement.range.start) : undefined;
  const peers: ParsedStatement[] = [];
  for (let j = context.previous.length - 1; j >= 0; j--) {
    const earlier = context.previous[j];
    if (migration && sectionAt(migration, earlier.range.start) !== section) break;
    const kind = asKind<TransactionStmt>(earlier, 'TransactionStmt')?.kind;
    if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE') break;
    const opens = kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START';
    // A BEGIN opens the transaction unless the envelope already had; any other statement
    // outside a transaction ran on its own.
    if (opens ? !transactions[j]?.envelope : !transactions[j]?.inTransaction) break;
    peers.push(earlier);
  }
  return peers.reverse();
}

/**
 * Why a statement runs inside a transaction block, as a clause for messages: `it runs inside the
 * transaction opened on line 3`, or the project model's reason for the tool's envelope.
 */
export function transactionOrigin(context: StatementContext): string {
  const { transaction } = context;
  if (transaction.explicit) {
    for (let j = context.previous.length - 1; j >= 0; j--) {
      const kind = asKind<TransactionStmt>(context.previous[j], 'TransactionStmt')?.kind;
      if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return `it runs inside the transaction opened on line ${lineOf(context, context.previous[j])}`;
    }
    return 'it runs inside a transaction block';
  }
  if (transaction.envelopeReason) return transaction.envelopeReason.replace(/\.\s*$/, '');
  if (transaction.implicitMultiStatement && !transaction.envelope) return 'it is sent together with other statements as one string, which PostgreSQL runs as one implicit transaction';
  return 'the migration tool wraps this file in a transaction (assumeInTransaction)';
}

/** 1-based line of a statement, for messages that point at another statement. */
export function lineOf(context: StatementContext, statement: ParsedStatement): number {
  return context.file.document.lineIndex.positionAt(statement.range.start).line + 1;
}

/**
 * The ALTER TABLE statements on `table` before the current one, oldest first. Indexed once per
 * document by table name, so rules that look back stay linear on files with thousands of ALTERs.
 */
export function earlierAlterTables(context: StatementContext, table: QualifiedName): Array<{ statement: ParsedStatement; stmt: AlterTableStmt }> {
  const document = context.file.document;
  let index = alterIndex.get(document);
  if (!index) {
    index = new Map();
    for (const statement of document.statements) {
      const stmt = asKind<AlterTableStmt>(statement, 'AlterTableStmt');
      const name = relationName(stmt?.relation);
      if (!stmt || !name) continue;
      const list = index.get(name.name) ?? [];
      list.push({ statement, stmt, name });
      index.set(name.name, list);
    }
    alterIndex.set(document, index);
  }
  const before = context.statement.index;
  return (index.get(table.name) ?? []).filter((a) => a.statement.index < before && sameRelation(a.name, table));
}

const alterIndex = new WeakMap<ParsedDocument, Map<string, Array<{ statement: ParsedStatement; stmt: AlterTableStmt; name: QualifiedName }>>>();

/** Columns added by ALTER TABLE ... ADD COLUMN earlier in this file to `table`, by name. */
export function columnsAddedEarlier(context: StatementContext, table: QualifiedName): Map<string, ColumnDef> {
  const added = new Map<string, ColumnDef>();
  for (const { stmt } of earlierAlterTables(context, table)) {
    for (const command of stmt.cmds ?? []) {
      const cmd = nodeOfKind<AlterTableCmd>(command, 'AlterTableCmd');
      const column = cmd?.subtype === 'AT_AddColumn' ? nodeOfKind<ColumnDef>(cmd.def, 'ColumnDef') : undefined;
      if (column?.colname) added.set(column.colname, column);
    }
  }
  return added;
}

/** The table of an ALTER TABLE statement. */
export function alteredTable(statement: ParsedStatement): QualifiedName | undefined {
  return relationName(asKind<AlterTableStmt>(statement, 'AlterTableStmt')?.relation);
}

/** A column constraint of a ColumnDef, by type. */
export function columnConstraints(column: ColumnDef | undefined): Constraint[] {
  return (column?.constraints ?? []).map((c) => nodeOfKind<Constraint>(c, 'Constraint')).filter((c): c is Constraint => c !== undefined);
}

/**
 * Deletes a statement: with its line when nothing else (but a trailing comment of its own) is on
 * it, otherwise only its text and the blanks after it.
 */
export function deleteStatement(document: ParsedDocument, statement: ParsedStatement): TextEdit {
  const { lineIndex, text } = document;
  const first = lineIndex.positionAt(statement.range.start).line;
  const last = lineIndex.positionAt(statement.range.end).line;
  const lineStart = lineIndex.lineStart(first);
  const lastLineEnd = lineIndex.lineStart(last) + lineIndex.lineText(last).length;
  const before = text.slice(lineStart, statement.range.start);
  const trailing = statement.trailingComment;
  const afterEnd = trailing && trailing.range.end <= lastLineEnd ? trailing.range.end : statement.range.end;
  const after = text.slice(afterEnd, lastLineEnd);
  if (before.trim() === '' && after.trim() === '') {
    const nextLineStart = last + 1 < lineIndex.lineCount ? lineIndex.lineStart(last + 1) : text.length;
    return { range: { start: lineStart, end: nextLineStart }, newText: '' };
  }
  let end = statement.range.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return { range: { start: statement.range.start, end }, newText: '' };
}

/**
 * The last keyword token `word` (case-insensitive, quoted identifiers excluded) in a statement,
 * with the range that removes it together with the blanks before it. For fixes that drop or
 * replace one keyword, such as CASCADE or STORED.
 */
export function lastKeyword(statement: ParsedStatement, word: string): { keyword: OffsetRange; removal: OffsetRange } | undefined {
  if (!parserReady()) return undefined;
  const scanned = scanText(statement.text);
  if (!scanned.ok) return undefined;
  const encoding = new EncodingMap(statement.text);
  const base = statement.range.start;
  const tokens = scanned.tokens.filter((t) => t.name !== 'SQL_COMMENT' && t.name !== 'C_COMMENT');
  for (let i = tokens.length - 1; i > 0; i--) {
    if (tokens[i].name === 'IDENT' || tokens[i].text.toLowerCase() !== word.toLowerCase()) continue;
    const start = base + encoding.fromUtf8(tokens[i].start);
    const end = base + encoding.fromUtf8(tokens[i].end);
    return { keyword: { start, end }, removal: { start: base + encoding.fromUtf8(tokens[i - 1].end), end } };
  }
  return undefined;
}

/**
 * The text of a range inside the statement, read from the statement rather than the file, so the
 * rule's result depends on the statement alone and can be reused after edits elsewhere (ruleCache.ts).
 */
export function statementTextAt(statement: ParsedStatement, range: OffsetRange): string {
  return statement.text.slice(range.start - statement.range.start, range.end - statement.range.start);
}

/** How a message names the statement that takes a lock: "ALTER TABLE", "CREATE INDEX", ... */
export function lockingStatementName(statement: ParsedStatement, reason: string): string {
  if (statement.kind === 'AlterTableStmt') return 'ALTER TABLE';
  if (statement.kind === 'CreateStmt') return 'CREATE TABLE with a foreign key';
  if (statement.kind === 'DropStmt') return statement.text.match(/^DROP\s+(?:MATERIALIZED\s+VIEW|\w+)/i)?.[0].replace(/\s+/g, ' ').toUpperCase() ?? 'DROP';
  return reason.split(', ')[0].replace(/\s*\(.*\)$/, '') || 'This statement';
}

/** From PostgreSQL 18: STORED → VIRTUAL, when the keyword follows the expression exactly once. */
export function virtualGeneratedFix(context: StatementContext, command: AlterCommand): Fix | undefined {
  if (!context.pgAtLeast(18) || !command.located) return undefined;
  const text = statementTextAt(context.statement, command.range);
  const matches = [...text.matchAll(/\)(\s*)(stored)\b/gi)];
  if (matches.length !== 1) return undefined;
  const start = command.range.start + matches[0].index! + 1 + matches[0][1].length;
  const range: OffsetRange = { start, end: start + matches[0][2].length };
  return { title: 'Make it VIRTUAL (computed when read; cannot be indexed)', edits: [{ range, newText: 'VIRTUAL' }] };
}
