/**
 * Reads the few TOML keys the project model needs (Flyway's flyway.toml, Diesel's diesel.toml and
 * metadata.toml, sqlx.toml, Prisma's migration_lock.toml). A full TOML parser would be a new
 * dependency for a handful of `key = value` lines; this reader understands tables, dotted and
 * quoted keys, strings, booleans, numbers, and arrays of those (also across lines), and skips
 * anything else rather than failing.
 */
export type TomlValue = string | number | boolean | TomlValue[];

/** Flattened: `{ "flyway.locations": [...], "flyway.placeholders.schema": "app" }`. */
export type TomlTable = Record<string, TomlValue>;

export function readMiniToml(text: string): TomlTable {
  const table: TomlTable = {};
  let prefix = '';
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = stripComment(lines[i]).trim();
    if (line === '') continue;
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      prefix = splitKey(header[1]).join('.') + '.';
      continue;
    }
    const equals = line.indexOf('=');
    if (equals < 0) continue;
    // An array may continue over several lines: gather until its brackets balance.
    while (line.slice(equals + 1).trim().startsWith('[') && !bracketsBalance(line.slice(equals + 1)) && i + 1 < lines.length) {
      line += ' ' + stripComment(lines[++i]).trim();
    }
    const key = splitKey(line.slice(0, equals).trim()).join('.');
    const value = parseValue(line.slice(equals + 1).trim());
    if (key && value !== undefined) table[prefix + key] = value;
  }
  return table;
}

function splitKey(key: string): string[] {
  return [...key.matchAll(/"([^"]*)"|'([^']*)'|([^.\s]+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

function bracketsBalance(text: string): boolean {
  let depth = 0;
  for (const c of text.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '')) {
    if (c === '[') depth++;
    else if (c === ']') depth--;
  }
  return depth <= 0;
}

function parseValue(text: string): TomlValue | undefined {
  if (text.startsWith('"')) {
    const match = /^"((?:[^"\\]|\\.)*)"/.exec(text);
    return match ? match[1].replace(/\\(["\\])/g, '$1').replace(/\\n/g, '\n') : undefined;
  }
  if (text.startsWith("'")) return /^'([^']*)'/.exec(text)?.[1];
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^[+-]?\d[\d_]*(\.\d+)?$/.test(text)) return Number(text.replace(/_/g, ''));
  if (text.startsWith('[')) {
    const inner = text.slice(1, text.lastIndexOf(']'));
    const items = [...inner.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(true|false|[+-]?\d[\d_.]*)/g)];
    return items.map((m) => (m[1] !== undefined ? m[1] : m[2] !== undefined ? m[2] : (parseValue(m[3]) as TomlValue)));
  }
  return undefined;
}

/** Java-style `key=value` properties (flyway.conf, *.sql.conf, liquibase.properties). */
export function readProperties(text: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const match = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (match) properties[match[1]] = match[2].trim();
  }
  return properties;
}

export function asBoolean(value: TomlValue | string | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return undefined;
}

export function asStringList(value: TomlValue | string | undefined): string[] {
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}
