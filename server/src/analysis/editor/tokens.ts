/**
 * A forgiving SQL tokenizer for editor features. Unlike the real parser it never fails: the user
 * is typing, so a statement may be half written, a string unterminated, a comment open. Offsets are
 * UTF-16 positions in the text, like everything the editor sees.
 */

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct' | 'operator';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  text: string;
  /** For words and quoted identifiers: the identifier as PostgreSQL folds it (lower case unless quoted). */
  ident?: string;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/** Every token of `text` from `from` to `to`; comments and whitespace are skipped (comment ranges go to `comments` when given). */
export function tokenize(text: string, from = 0, to = text.length, comments?: Array<{ start: number; end: number }>): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      const newline = text.indexOf('\n', i);
      const end = newline < 0 || newline >= to ? to : newline;
      comments?.push({ start: i, end });
      i = end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = blockCommentEnd(text, i, to);
      comments?.push({ start: i, end });
      i = end;
    } else if (c === "'" || ((c === 'E' || c === 'e') && text[i + 1] === "'")) {
      const end = stringEnd(text, c === "'" ? i : i + 1, to, c !== "'");
      tokens.push({ kind: 'string', start: i, end, text: text.slice(i, end) });
      i = end;
    } else if (c === '"') {
      const end = quotedEnd(text, i, to);
      const raw = text.slice(i, end);
      tokens.push({ kind: 'quoted', start: i, end, text: raw, ident: raw.slice(1, raw.endsWith('"') && raw.length > 1 ? -1 : undefined).replace(/""/g, '"') });
      i = end;
    } else if (c === '$' && DOLLAR_TAG.test(text.slice(i, i + 64))) {
      const tag = DOLLAR_TAG.exec(text.slice(i, i + 64))![0];
      const close = text.indexOf(tag, i + tag.length);
      const end = close < 0 || close >= to ? to : close + tag.length;
      tokens.push({ kind: 'string', start: i, end, text: text.slice(i, end) });
      i = end;
    } else if (WORD_START.test(c)) {
      let end = i + 1;
      while (end < to && WORD_PART.test(text[end])) end++;
      const word = text.slice(i, end);
      tokens.push({ kind: 'word', start: i, end, text: word, ident: word.toLowerCase() });
      i = end;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      let end = i + 1;
      while (end < to && /[0-9.eE_]/.test(text[end])) end++;
      tokens.push({ kind: 'number', start: i, end, text: text.slice(i, end) });
      i = end;
    } else if ('(),;.[]'.includes(c)) {
      tokens.push({ kind: 'punct', start: i, end: i + 1, text: c });
      i++;
    } else {
      let end = i + 1;
      while (end < to && /[+\-*/<>=~!@#%^&|`?:]/.test(text[end]) && !(text[end] === '-' && text[end + 1] === '-')) end++;
      tokens.push({ kind: 'operator', start: i, end, text: text.slice(i, end) });
      i = end;
    }
  }
  return tokens;
}

function blockCommentEnd(text: string, start: number, to: number): number {
  let depth = 0;
  let i = start;
  while (i < to) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return to;
}

function stringEnd(text: string, quote: number, to: number, backslashEscapes: boolean): number {
  let i = quote + 1;
  while (i < to) {
    if (backslashEscapes && text[i] === '\\') i += 2;
    else if (text[i] === "'" && text[i + 1] === "'") i += 2;
    else if (text[i] === "'") return i + 1;
    else i++;
  }
  return to;
}

function quotedEnd(text: string, quote: number, to: number): number {
  let i = quote + 1;
  while (i < to) {
    if (text[i] === '"' && text[i + 1] === '"') i += 2;
    else if (text[i] === '"') return i + 1;
    else i++;
  }
  return to;
}

/** True for an identifier token: a word or a quoted name. */
export function isIdent(token: Token | undefined): token is Token & { ident: string } {
  return token !== undefined && (token.kind === 'word' || token.kind === 'quoted');
}

/** The tokens of the statement that holds `offset`: from after the previous top-level `;` up to the next one. */
export function statementTokensAt(text: string, offset: number): { tokens: Token[]; start: number } {
  const all = tokenize(text);
  let begin = 0;
  let end = all.length;
  for (let i = 0; i < all.length; i++) {
    if (all[i].text !== ';' || all[i].kind !== 'punct') continue;
    if (all[i].end <= offset) begin = i + 1;
    else {
      end = i;
      break;
    }
  }
  const tokens = all.slice(begin, end);
  return { tokens, start: tokens[0]?.start ?? offset };
}

/** True when `offset` is inside a comment, a string or a dollar-quoted body: no names to offer there. */
export function insideCommentOrString(text: string, offset: number): boolean {
  const comments: Array<{ start: number; end: number }> = [];
  const tokens = tokenize(text, 0, text.length, comments);
  // A line comment or an unterminated block reaches the cursor when it ends at it; a closed one does not.
  if (comments.some((c) => offset > c.start && (offset < c.end || (offset === c.end && !text.startsWith('*/', c.end - 2))))) return true;
  return tokens.some((t) => t.kind === 'string' && offset > t.start && (offset < t.end || !isClosedString(t)));
}

function isClosedString(token: Token): boolean {
  const text = token.text;
  if (text.startsWith('$')) {
    const tag = DOLLAR_TAG.exec(text)![0];
    return text.length >= tag.length * 2 && text.endsWith(tag);
  }
  return text.length >= 2 && text.endsWith("'") && !text.endsWith("\\'");
}
