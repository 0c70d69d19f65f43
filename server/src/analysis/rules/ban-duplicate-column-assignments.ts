import type { ColumnDef, ColumnRef, CreateStmt, CreateTableAsStmt, FuncCall, InsertStmt, MergeWhenClause, Node, ResTarget, SelectStmt, TypeCast, UpdateStmt, ViewStmt } from 'libpg-query';
import { nodeOfKind, stringValue, walk } from '../ast';
import type { ParsedStatement } from '../parse/parseDocument';
import { parserReady, scanText } from '../parse/pgParser';
import { EncodingMap, type OffsetRange } from '../text/lineIndex';
import type { Fix, Rule, RuleFinding, TextEdit } from './types';

/** PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes, so longer names can collide. */
const MAX_IDENTIFIER_BYTES = 63;

export const banDuplicateColumnAssignments: Rule = {
  meta: {
    id: 'ban-duplicate-column-assignments',
    category: 'correctness',
    defaultSeverity: 'error',
    squawkCompatible: true,
    summary: 'A column assigned or declared twice in one statement makes PostgreSQL reject the statement.',
    docs: {
      badExample: "UPDATE warehouses SET city = 'Utrecht', city = 'Delft' WHERE id = 1;",
      goodExample: "UPDATE warehouses SET city = 'Delft' WHERE id = 1;",
      why: 'PostgreSQL refuses a statement that names a column twice: an UPDATE or ON CONFLICT … DO UPDATE SET list ("multiple assignments to same column"), an INSERT or MERGE column list, CREATE TABLE columns, or the columns of a view, CREATE TABLE AS or SELECT INTO ("specified more than once"). The migration fails at that statement, often after earlier statements have run.',
      safeAlternative: 'Keep one assignment or declaration of each column.',
      squawkDifference:
        'Same meaning. Safeshift also checks the output column names of CREATE TABLE AS without a column list, which PostgreSQL rejects the same way, and names derived from casts and function calls follow PostgreSQL\'s rules.',
    },
  },
  check({ statement }) {
    const findings: RuleFinding[] = [];
    const tokens = lazyTokens(statement);
    walk(statement.ast, (kind, node) => {
      switch (kind) {
        case 'UpdateStmt':
          findings.push(...setList(statement, tokens, (node as UpdateStmt).targetList));
          break;
        case 'MergeWhenClause': {
          const clause = node as MergeWhenClause;
          if (clause.commandType === 'CMD_UPDATE') findings.push(...setList(statement, tokens, clause.targetList));
          else if (clause.commandType === 'CMD_INSERT') findings.push(...columnList(statement, tokens, clause.targetList, 'MERGE … INSERT'));
          break;
        }
        case 'InsertStmt': {
          const insert = node as InsertStmt;
          findings.push(...columnList(statement, tokens, insert.cols, 'INSERT'));
          // The ON CONFLICT clause is a plain field of the INSERT, not a node the walk visits.
          findings.push(...setList(statement, tokens, insert.onConflictClause?.targetList));
          break;
        }
        case 'CreateStmt':
          findings.push(...declared(statement, tokens, tableColumns(node as CreateStmt), 'CREATE TABLE'));
          break;
        case 'ViewStmt': {
          const view = node as ViewStmt;
          findings.push(...(view.aliases?.length ? namedInList(statement, tokens, view.aliases, 'CREATE VIEW') : declared(statement, tokens, outputNames(view.query), 'CREATE VIEW')));
          break;
        }
        case 'CreateTableAsStmt': {
          const ctas = node as CreateTableAsStmt;
          findings.push(...(ctas.into?.colNames?.length ? namedInList(statement, tokens, ctas.into.colNames, 'CREATE TABLE AS') : declared(statement, tokens, outputNames(ctas.query), 'CREATE TABLE AS')));
          break;
        }
        case 'SelectStmt': {
          const select = node as SelectStmt;
          if (select.intoClause) findings.push(...declared(statement, tokens, outputNames({ SelectStmt: select } as Node), 'SELECT INTO'));
          break;
        }
      }
    });
    return findings;
  },
};

interface Token {
  text: string;
  kind: string;
  start: number;
  end: number;
}

/** The statement's tokens (comments included) with document offsets, scanned on first use. */
function lazyTokens(statement: ParsedStatement): () => Token[] {
  let tokens: Token[] | undefined;
  return () => {
    if (tokens) return tokens;
    tokens = [];
    if (!parserReady()) return tokens;
    const scanned = scanText(statement.text);
    if (!scanned.ok) return tokens;
    const encoding = new EncodingMap(statement.text);
    const base = statement.range.start;
    tokens = scanned.tokens.map((t) => ({ text: t.text, kind: t.name, start: base + encoding.fromUtf8(t.start), end: base + encoding.fromUtf8(t.end) }));
    return tokens;
  };
}

function identifierKey(name: string): string {
  const bytes = new TextEncoder().encode(name);
  if (bytes.length <= MAX_IDENTIFIER_BYTES) return name;
  let end = MAX_IDENTIFIER_BYTES;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
}

/** The range of the token at a parse location, or the statement's range. */
function tokenRange(statement: ParsedStatement, tokens: () => Token[], location: number | undefined): OffsetRange {
  if (location === undefined || location < 0) return statement.range;
  const start = statement.offsetOf(location);
  const token = tokens().find((t) => t.start === start);
  return token ? { start: token.start, end: token.end } : { start, end: start };
}

function targets(list: Node[] | undefined): ResTarget[] {
  return (list ?? []).map((n) => nodeOfKind<ResTarget>(n, 'ResTarget')).filter((t): t is ResTarget => t?.name !== undefined);
}

/** Groups by truncated name, keeping groups of two or more where not every entry is partial (`a[1]`, `a.f`). */
function duplicates<T>(items: T[], name: (item: T) => string, partial: (item: T) => boolean = () => false): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = identifierKey(name(item));
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups].filter(([, group]) => group.length > 1 && !group.every(partial));
}

/** UPDATE … SET, ON CONFLICT … DO UPDATE SET and MERGE … UPDATE SET: a fix keeps the last assignment. */
function setList(statement: ParsedStatement, tokens: () => Token[], list: Node[] | undefined): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const [name, group] of duplicates(targets(list), (t) => t.name!, (t) => (t.indirection?.length ?? 0) > 0)) {
    const fix = keepLastFix(statement, tokens, name, group);
    group.forEach((target, i) => {
      findings.push({
        range: tokenRange(statement, tokens, target.location),
        message: `Column "${name}" is assigned more than once in this SET list, so PostgreSQL rejects the statement ("multiple assignments to same column"). Keep one assignment.`,
        fixes: fix && i === group.length - 1 ? [fix] : [],
      });
    });
  }
  return findings;
}

/** Deletes every assignment but the last, each with the comma and blanks after it. */
function keepLastFix(statement: ParsedStatement, tokens: () => Token[], name: string, group: ResTarget[]): Fix | undefined {
  const edits: TextEdit[] = [];
  for (const target of group.slice(0, -1)) {
    // A (a, b) = (…) assignment cannot lose one column alone.
    if (nodeOfKind(target.val, 'MultiAssignRef') || target.location === undefined) return undefined;
    const start = statement.offsetOf(target.location);
    const all = tokens();
    let i = all.findIndex((t) => t.start === start);
    if (i < 0) return undefined;
    let depth = 0;
    for (; i < all.length; i++) {
      const text = all[i].text;
      if (text === '(' || text === '[') depth++;
      else if (text === ')' || text === ']') depth--;
      else if (text === ',' && depth === 0) break;
    }
    const next = all[i + 1];
    if (i >= all.length || !next) return undefined;
    edits.push({ range: { start, end: next.start }, newText: '' });
  }
  return { title: `Delete all but the last assignment to "${name}"`, edits, preferred: true };
}

function columnList(statement: ParsedStatement, tokens: () => Token[], list: Node[] | undefined, what: string): RuleFinding[] {
  return duplicates(targets(list), (t) => t.name!, (t) => (t.indirection?.length ?? 0) > 0).flatMap(([name, group]) =>
    group.map((target) => ({
      range: tokenRange(statement, tokens, target.location),
      message: `Column "${name}" appears more than once in the ${what} column list, so PostgreSQL rejects the statement ("column specified more than once"). List each column once.`,
    })),
  );
}

interface NamedColumn {
  name: string;
  location?: number;
  /** An output column: the finding covers its alias, or its whole expression. */
  output?: boolean;
}

function tableColumns(create: CreateStmt): NamedColumn[] {
  return (create.tableElts ?? [])
    .map((e) => nodeOfKind<ColumnDef>(e, 'ColumnDef'))
    .filter((c): c is ColumnDef => c?.colname !== undefined)
    .map((c) => ({ name: c.colname!, location: c.location }));
}

function declared(statement: ParsedStatement, tokens: () => Token[], columns: NamedColumn[], what: string): RuleFinding[] {
  return duplicates(columns, (c) => c.name).flatMap(([name, group]) =>
    group.map((column) => ({
      range: column.output ? outputRange(statement, tokens, column.location, name) : tokenRange(statement, tokens, column.location),
      message: `Column "${name}" is specified more than once in this ${what}, so PostgreSQL rejects the statement. Give each column its own name.`,
    })),
  );
}

const TARGET_END = new Set([',', ';', 'from', 'into', 'where', 'group', 'having', 'order', 'limit', 'union', 'intersect', 'except', 'window']);

/** An output column's alias (`note AS id`), or its whole expression (`s.id`). */
function outputRange(statement: ParsedStatement, tokens: () => Token[], location: number | undefined, name: string): OffsetRange {
  const first = tokenRange(statement, tokens, location);
  const all = tokens().filter((t) => t.kind !== 'SQL_COMMENT' && t.kind !== 'C_COMMENT');
  let i = all.findIndex((t) => t.start === first.start);
  if (i < 0) return first;
  const start = i;
  let depth = 0;
  for (; i < all.length; i++) {
    const word = all[i].text.toLowerCase();
    if (word === '(') depth++;
    else if (word === ')' && --depth < 0) break;
    else if (depth === 0 && TARGET_END.has(word)) break;
  }
  const span = all.slice(start, i);
  if (span.length === 0) return first;
  const last = span[span.length - 1];
  const alias = span.length > 1 && (last.text === name || last.text.toLowerCase() === name || last.text === `"${name}"`);
  return alias ? { start: last.start, end: last.end } : { start: span[0].start, end: last.end };
}

/** A column list of String nodes, which carry no location: the names are found after `(` by the scanner. */
function namedInList(statement: ParsedStatement, tokens: () => Token[], list: Node[], what: string): RuleFinding[] {
  const names = list.map(stringValue).filter((n): n is string => n !== undefined);
  const open = tokens().findIndex((t) => t.text === '(');
  const located = open < 0 ? [] : tokens().slice(open + 1).filter((t) => t.kind === 'IDENT' || /^[a-z_]/i.test(t.text));
  const columns = names.map((name, i) => {
    const token = located.filter((t) => t.text !== ',')[i];
    return { name, range: token ? { start: token.start, end: token.end } : statement.range };
  });
  return duplicates(columns, (c) => c.name).flatMap(([name, group]) =>
    group.map((column) => ({ range: column.range, message: `Column "${name}" is specified more than once in this ${what} column list, so PostgreSQL rejects the statement. Give each column its own name.` })),
  );
}

/** The names a query's output columns get, as PostgreSQL derives them; unnamed expressions are left out. */
function outputNames(query: Node | undefined): NamedColumn[] {
  let select = nodeOfKind<SelectStmt>(query, 'SelectStmt');
  while (select && select.op && select.op !== 'SETOP_NONE') select = select.larg;
  return (select?.targetList ?? [])
    .map((n) => nodeOfKind<ResTarget>(n, 'ResTarget'))
    .flatMap((t) => {
      const name = t?.name ?? derivedName(t?.val);
      return t && name ? [{ name, location: t.location, output: true }] : [];
    });
}

/** PostgreSQL's FigureColname for the common cases: a column reference, a function, a cast. */
function derivedName(expr: Node | undefined): string | undefined {
  const ref = nodeOfKind<ColumnRef>(expr, 'ColumnRef');
  if (ref) return stringValue(ref.fields?.[ref.fields.length - 1]);
  const call = nodeOfKind<FuncCall>(expr, 'FuncCall');
  if (call) return stringValue(call.funcname?.[call.funcname.length - 1]);
  const cast = nodeOfKind<TypeCast>(expr, 'TypeCast');
  if (cast) return derivedName(cast.arg) ?? stringValue(cast.typeName?.names?.[cast.typeName.names.length - 1]);
  return undefined;
}
