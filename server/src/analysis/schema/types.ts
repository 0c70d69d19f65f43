/**
 * Column types in PostgreSQL's canonical spelling. `int4`, `integer` and `int` are one type; the
 * rules and the fidelity test compare what `format_type` would print.
 */
import type { Node, TypeName } from 'libpg-query';
import { nodeOfKind, stringValue } from '../ast';
import type { ColumnType } from './model';

/** Internal names the parser or users may write, mapped to PostgreSQL's internal name. */
const ALIASES: Record<string, string> = {
  int: 'int4',
  integer: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  real: 'float4',
  float: 'float8',
  'double precision': 'float8',
  decimal: 'numeric',
  boolean: 'bool',
  character: 'bpchar',
  'character varying': 'varchar',
  'bit varying': 'varbit',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'time without time zone': 'time',
  'time with time zone': 'timetz',
};

/** `format_type` names of built-in types whose display differs from their internal name. */
const DISPLAY: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  varchar: 'character varying',
  bpchar: 'character',
  varbit: 'bit varying',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  time: 'time without time zone',
  timetz: 'time with time zone',
};

/** Built-in types the model recognises without a CREATE TYPE (beyond those in DISPLAY). */
const BUILTIN = new Set([
  ...Object.keys(DISPLAY),
  'text', 'numeric', 'bytea', 'date', 'interval', 'json', 'jsonb', 'uuid', 'xml', 'inet', 'cidr',
  'macaddr', 'macaddr8', 'money', 'bit', 'tsvector', 'tsquery', 'oid', 'regclass', 'regtype',
  'name', 'char', 'point', 'line', 'lseg', 'box', 'path', 'polygon', 'circle', 'int4range',
  'int8range', 'numrange', 'tsrange', 'tstzrange', 'daterange', 'int4multirange', 'int8multirange',
  'nummultirange', 'tsmultirange', 'tstzmultirange', 'datemultirange', 'pg_lsn', 'txid_snapshot',
  'pg_snapshot', 'record', 'void', 'trigger', 'event_trigger', 'anyelement', 'anyarray', 'internal',
  'cstring', 'anyenum', 'anynonarray', 'anyrange', 'anycompatible', 'anycompatiblearray', 'jsonpath',
]);

export const SERIAL_TYPES: Record<string, string> = {
  serial: 'int4',
  serial4: 'int4',
  bigserial: 'int8',
  serial8: 'int8',
  smallserial: 'int2',
  serial2: 'int2',
};

export function isBuiltinType(name: string): boolean {
  return BUILTIN.has(ALIASES[name] ?? name);
}

/**
 * The canonical type of a parse-tree TypeName. `resolveUserSchema` finds the schema of an
 * unqualified user type (enum, domain) the way search_path would; undefined for built-ins.
 */
export function columnType(typeName: TypeName, resolveUserSchema: (name: string) => string | undefined): ColumnType {
  const names = (typeName.names ?? []).map(stringValue).filter((p): p is string => p !== undefined);
  let schema = names.length > 1 ? names[names.length - 2] : undefined;
  const written = names[names.length - 1] ?? 'unknown';
  const modifiers = (typeName.typmods ?? []).map(typmodValue).filter((v): v is number => v !== undefined);
  const arrayDims = typeName.arrayBounds?.length ?? 0;
  let name = written;
  if (schema === 'pg_catalog' || (schema === undefined && isBuiltinType(written))) {
    schema = undefined;
    name = ALIASES[written] ?? written;
  } else if (schema === undefined) {
    schema = resolveUserSchema(written);
  }
  return makeColumnType(name, modifiers, arrayDims, schema);
}

export function makeColumnType(name: string, modifiers: number[], arrayDims: number, schema?: string): ColumnType {
  // format_type qualifies a user type only when search_path (public by default) would not find it.
  const qualifier = schema && schema !== 'public' ? `${displayIdent(schema)}.` : '';
  const display = schema ? qualifier + displayIdent(name) + modifierSuffix(modifiers) : builtinDisplay(name, modifiers);
  return { ...(schema ? { schema } : {}), name, modifiers, arrayDims, display: display + (arrayDims > 0 ? '[]' : '') };
}

/** The type of the elements for an array type, the same type otherwise. */
export function elementType(type: ColumnType): ColumnType {
  return type.arrayDims === 0 ? type : makeColumnType(type.name, type.modifiers, 0, type.schema);
}

function typmodValue(node: Node): number | undefined {
  const constant = nodeOfKind<{ ival?: { ival?: number } }>(node, 'A_Const');
  if (constant?.ival) return constant.ival.ival ?? 0;
  return undefined;
}

/** Mirrors PostgreSQL's format_type for the built-in types with modifiers. */
function builtinDisplay(name: string, modifiers: number[]): string {
  const shown = DISPLAY[name] ?? (name === 'char' ? '"char"' : displayIdent(name));
  switch (name) {
    case 'timestamp':
    case 'timestamptz':
    case 'time':
    case 'timetz': {
      const [word, zone] = shown.split(/ (?=with)/);
      return modifiers.length > 0 ? `${word}(${modifiers[0]}) ${zone}` : shown;
    }
    case 'numeric':
      if (modifiers.length === 0) return 'numeric';
      return `numeric(${modifiers[0]},${modifiers[1] ?? 0})`;
    case 'interval':
      return intervalDisplay(modifiers);
    case 'bpchar':
      // `bpchar` written by hand has no length; `character` from the grammar always has one.
      return modifiers.length > 0 ? `character(${modifiers[0]})` : 'bpchar';
    default:
      return shown + modifierSuffix(modifiers);
  }
}

function modifierSuffix(modifiers: number[]): string {
  return modifiers.length > 0 ? `(${modifiers.join(',')})` : '';
}

const INTERVAL_FULL_RANGE = 0x7fff;
const mask = (bit: number): number => 1 << bit;
const MONTH = mask(1);
const YEAR = mask(2);
const DAY = mask(3);
const HOUR = mask(10);
const MINUTE = mask(11);
const SECOND = mask(12);

const INTERVAL_FIELDS: Array<[number, string]> = [
  [YEAR, ' year'],
  [MONTH, ' month'],
  [DAY, ' day'],
  [HOUR, ' hour'],
  [MINUTE, ' minute'],
  [SECOND, ' second'],
  [YEAR | MONTH, ' year to month'],
  [DAY | HOUR, ' day to hour'],
  [DAY | HOUR | MINUTE, ' day to minute'],
  [DAY | HOUR | MINUTE | SECOND, ' day to second'],
  [HOUR | MINUTE, ' hour to minute'],
  [HOUR | MINUTE | SECOND, ' hour to second'],
  [MINUTE | SECOND, ' minute to second'],
];

/** The grammar encodes `interval day to second(3)` as [field mask, precision]. */
function intervalDisplay(modifiers: number[]): string {
  if (modifiers.length === 0) return 'interval';
  const [fields, precision] = modifiers;
  const fieldText = fields === INTERVAL_FULL_RANGE ? '' : (INTERVAL_FIELDS.find(([m]) => m === fields)?.[1] ?? '');
  return `interval${fieldText}${precision !== undefined ? `(${precision})` : ''}`;
}

/** Identifiers as PostgreSQL prints them: quoted when not plain lower case or a reserved word. */
export function displayIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

const RESERVED = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast',
  'check', 'collate', 'column', 'constraint', 'create', 'current_catalog', 'current_date', 'current_role',
  'current_time', 'current_timestamp', 'current_user', 'default', 'deferrable', 'desc', 'distinct', 'do',
  'else', 'end', 'except', 'false', 'fetch', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in',
  'initially', 'intersect', 'into', 'lateral', 'leading', 'limit', 'localtime', 'localtimestamp', 'not',
  'null', 'offset', 'on', 'only', 'or', 'order', 'placing', 'primary', 'references', 'returning', 'select',
  'session_user', 'some', 'symmetric', 'system_user', 'table', 'then', 'to', 'trailing', 'true', 'union',
  'unique', 'user', 'using', 'variadic', 'when', 'where', 'window', 'with',
]);
