/**
 * The outline of a migration: one entry per statement ("ALTER TABLE orders", "CREATE INDEX
 * orders_user_id_idx"), from the tokens alone, so it works on text that does not parse yet and
 * needs no parser. Statements are cut at top-level semicolons; dollar quotes, strings and comments
 * are respected.
 */
import type { OffsetRange } from '../text/lineIndex';
import { isIdent, tokenize, type Token } from './tokens';

export type OutlineKind = 'table' | 'index' | 'function' | 'type' | 'sequence' | 'trigger' | 'schema' | 'extension' | 'setting' | 'transaction' | 'data' | 'column' | 'other';

export interface OutlineEntry {
  /** "CREATE INDEX CONCURRENTLY" */
  verb: string;
  /** "orders_user_id_idx", "app.orders", or "" when the statement names nothing. */
  target: string;
  kind: OutlineKind;
  /** The whole statement, through its semicolon when it has one. */
  range: OffsetRange;
  /** The target's name (or the verb when there is no target). */
  nameRange: OffsetRange;
}

/** Words that belong to a statement's verb phrase rather than to the object it names. */
const VERB_WORDS = new Set(
  (
    'create or replace unique index table alter drop view materialized type sequence schema function procedure trigger ' +
    'extension domain insert into update delete from truncate comment on column grant revoke set reset local session begin ' +
    'commit rollback start transaction do select with refresh reindex vacuum full analyze cluster lock temp temporary unlogged ' +
    'constraint policy rule aggregate operator cast role user foreign data wrapper server publication subscription event ' +
    'collation concurrently only recursive global end abort savepoint release prepare call copy listen notify discard ' +
    'security label owned by statistics text search configuration dictionary large object access method language ' +
    'conversion routine default privileges import explain checkpoint load'
  ).split(' '),
);

const KIND_BY_WORD: Array<[string, OutlineKind]> = [
  ['index', 'index'],
  ['column', 'column'],
  ['trigger', 'trigger'],
  ['function', 'function'],
  ['procedure', 'function'],
  ['routine', 'function'],
  ['aggregate', 'function'],
  ['sequence', 'sequence'],
  ['type', 'type'],
  ['domain', 'type'],
  ['schema', 'schema'],
  ['extension', 'extension'],
  ['table', 'table'],
  ['view', 'table'],
];

const MAX_VERB_WORDS = 6;

/** Words that name the kind of object; the next identifier is its name, whatever it spells. */
const OBJECT_WORDS = new Set([
  ...KIND_BY_WORD.map(([word]) => word),
  ...'policy rule role user server publication subscription collation wrapper operator cast language statistics configuration dictionary method conversion'.split(' '),
]);
/** What may sit between an object word and the name: `INDEX CONCURRENTLY IF NOT EXISTS`, `TABLE ONLY`, `INDEX ON`. */
const AFTER_OBJECT = new Set(['if', 'not', 'exists', 'concurrently', 'only', 'on']);

/** One entry per statement of `text`, or of `text.slice(from, to)` when given. */
export function outline(text: string, from = 0, to = text.length): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  let current: Token[] = [];
  const flush = (semicolon?: Token) => {
    if (current.length > 0) entries.push(entryFor(current, semicolon));
    current = [];
  };
  for (const token of tokenize(text, from, to)) {
    if (token.kind === 'punct' && token.text === ';') flush(token);
    else current.push(token);
  }
  flush();
  return entries;
}

function entryFor(tokens: Token[], semicolon?: Token): OutlineEntry {
  const range = { start: tokens[0].start, end: semicolon ? semicolon.end : tokens[tokens.length - 1].end };
  const verbWords: string[] = [];
  let i = 0;
  let afterObject = false;
  for (; i < tokens.length && verbWords.length < MAX_VERB_WORDS; i++) {
    const token = tokens[i];
    // IF [NOT] EXISTS is noise in an outline.
    if (token.ident === 'if' && (tokens[i + 1]?.ident === 'not' || tokens[i + 1]?.ident === 'exists')) {
      while (i + 1 < tokens.length && (tokens[i + 1].ident === 'not' || tokens[i + 1].ident === 'exists')) i++;
      continue;
    }
    if (token.kind !== 'word' || !VERB_WORDS.has(token.ident!)) break;
    if (afterObject && !AFTER_OBJECT.has(token.ident!)) break;
    if (OBJECT_WORDS.has(token.ident!)) afterObject = true;
    verbWords.push(token.ident!.toUpperCase());
  }
  if (verbWords.length === 0 && tokens[0].kind === 'word') {
    verbWords.push(tokens[0].text.toUpperCase());
    i = 1;
  }
  const name = qualifiedNameAt(tokens, i);
  const verb = verbWords.join(' ');
  const nameRange = name ? { start: name.start, end: name.end } : { start: tokens[0].start, end: tokens[Math.max(0, i - 1)]?.end ?? tokens[0].end };
  return { verb, target: name?.text ?? '', kind: kindOf(verbWords), range, nameRange };
}

/** `a`, `a.b` or `a.b.c` starting at token `i`, as written (quotes kept). */
function qualifiedNameAt(tokens: Token[], i: number): { text: string; start: number; end: number } | undefined {
  if (!isIdent(tokens[i])) return undefined;
  let end = i;
  while (tokens[end + 1]?.text === '.' && isIdent(tokens[end + 2])) end += 2;
  return { text: tokens.slice(i, end + 1).map((t) => t.text).join(''), start: tokens[i].start, end: tokens[end].end };
}

function kindOf(verbWords: string[]): OutlineKind {
  const words = verbWords.map((w) => w.toLowerCase());
  const first = words[0];
  if (first === 'set' || first === 'reset') return 'setting';
  if (['begin', 'commit', 'rollback', 'start', 'end', 'abort', 'savepoint', 'release'].includes(first)) return 'transaction';
  if (['insert', 'update', 'delete', 'copy', 'select', 'truncate'].includes(first)) return 'data';
  // The last object word wins: "COMMENT ON COLUMN" is about a column, "CREATE UNIQUE INDEX" an index.
  for (let w = words.length - 1; w >= 0; w--) {
    const found = KIND_BY_WORD.find(([word]) => word === words[w]);
    if (found) return found[1];
  }
  return 'other';
}

/** "ALTER TABLE orders" */
export function entryLabel(entry: OutlineEntry): string {
  return entry.target ? `${entry.verb} ${entry.target}` : entry.verb || 'statement';
}
