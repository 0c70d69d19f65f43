import type { A_Const, ColumnDef, VariableSetStmt } from 'libpg-query';
import { asKind, nodeOfKind, typeInfo, type QualifiedName, type TypeInfo } from '../ast';
import type { Catalog, ColumnType } from '../schema/model';
import { findColumn } from '../schema/lookup';
import { resolveType } from '../schema/resolve';
import { alterTableCommands, alteredTable, columnsAddedEarlier, lockPhrase } from './helpers';
import type { Rule, RuleFinding, StatementContext } from './types';
import { changeTypeFix } from '../fixes/recipes/changeColumnType';

export const changingColumnType: Rule = {
  meta: {
    id: 'changing-column-type',
    category: 'rewrite',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'ALTER COLUMN … TYPE rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, and can break clients.',
    docs: {
      badExample: 'ALTER TABLE inventory ALTER COLUMN quantity TYPE bigint;',
      goodExample:
        '-- expand: a new column kept in step by a trigger, backfilled in batches\nALTER TABLE inventory ADD COLUMN quantity_new bigint;\n-- ... switch the application to quantity_new, then contract:\nALTER TABLE inventory DROP COLUMN quantity;',
      why: 'Most type changes rewrite every row and rebuild every index of the table while holding an ACCESS EXCLUSIVE lock, so nothing can read or write the table until the rewrite ends. Clients that expect the old type can also break. Only binary-compatible changes, such as varchar(n) to text or to a longer varchar, skip the rewrite.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Add a new column with the new type, keep it in step with a trigger, backfill it in batches, switch the application to it, then drop the old column (expand/contract).',
      squawkDifference:
        'Squawk flags every type change. Safeshift does not flag a table created earlier in the same migration, nor a change it can prove needs no rewrite: it knows the old type from the replayed migration history (or from an ADD COLUMN earlier in the file) and skips binary-compatible changes (varchar(n) to varchar(m ≥ n) or text, numeric(p,s) to numeric(q ≥ p,s), a longer precision of a time type, cidr to inet, a domain to its base type, and timestamp to timestamptz or back on PostgreSQL 12+ after SET TimeZone to UTC).',
    },
  },
  check(context) {
    const table = alteredTable(context.statement);
    if (!table || context.isNewTable(table)) return [];
    const commands = alterTableCommands(context.statement).filter((c) => c.cmd.subtype === 'AT_AlterColumnType' && c.cmd.name);
    if (commands.length === 0) return [];
    const added = columnsAddedEarlier(context, table);
    const catalog = context.catalog?.();
    const findings: RuleFinding[] = [];
    for (const command of commands) {
      const { cmd } = command;
      const def = nodeOfKind<ColumnDef>(cmd.def, 'ColumnDef');
      const target = typeInfo(def?.typeName);
      const fromHistory = catalog ? oldTypeFromCatalog(catalog, table, cmd.name!) : undefined;
      const old = fromHistory ?? typeInfo(added.get(cmd.name!)?.typeName);
      const zoneDependent = old !== undefined && target !== undefined && isTimestampSwap(old, target);
      if (old && target && !def?.raw_default && (noRewrite(old, target) || (zoneDependent && context.pgAtLeast(12) && sessionZoneIsUtc(context)))) continue;
      const from = fromHistory ? ` (from ${typeLabel(fromHistory)})` : '';
      const rewrite = !old
        ? ', and rewrites the table and all its indexes unless the change is binary compatible (varchar(n) to text or a longer varchar)'
        : zoneDependent && !def?.raw_default
          ? `, and rewrites the table and all its indexes unless the session TimeZone is UTC${context.pgAtLeast(12) ? ' (put SET LOCAL TimeZone = \'UTC\' before it to skip the rewrite)' : ' on PostgreSQL 12 or later'}`
          : ', and rewrites the table and all its indexes';
      const fix = changeTypeFix(context, command);
      findings.push({
        range: command.range,
        fixes: fix ? [fix] : [],
        message: `ALTER COLUMN "${cmd.name}" TYPE ${target ? typeLabel(target) : '…'}${from} ${lockPhrase('AccessExclusiveLock', table)}${rewrite}; clients that expect the old type may break. Add a new column, backfill it and switch the application to it, then drop the old one (expand/contract).`,
      });
    }
    return findings;
  },
};

/** The column's type before the statement, with a domain replaced by its base type (a domain to its base is binary compatible). */
function oldTypeFromCatalog(catalog: Catalog, table: QualifiedName, column: string): TypeInfo | undefined {
  const type = findColumn(catalog, table, column)?.type;
  if (!type) return undefined;
  return asTypeInfo(domainBase(catalog, type) ?? type);
}

function domainBase(catalog: Catalog, type: ColumnType): ColumnType | undefined {
  if (!type.schema || type.arrayDims > 0) return undefined;
  const key = resolveType(catalog, { schema: type.schema, name: type.name });
  const user = key ? catalog.types.get(key) : undefined;
  return user?.kind === 'domain' ? user.baseType : undefined;
}

function asTypeInfo(type: ColumnType): TypeInfo {
  return { ...(type.schema ? { schema: type.schema } : {}), name: type.name, modifiers: type.modifiers, isArray: type.arrayDims > 0 };
}

function isTimestampSwap(old: TypeInfo, target: TypeInfo): boolean {
  const pair = new Set([old.name, target.name]);
  return old.isArray === target.isArray && pair.size === 2 && pair.has('timestamp') && pair.has('timestamptz') && (target.modifiers.length === 0 || (old.modifiers.length > 0 && target.modifiers[0] >= old.modifiers[0]));
}

/** Time zones with a zero offset and no daylight saving: PostgreSQL 12+ swaps timestamp and timestamptz without a rewrite under them. */
const UTC_ZONES = new Set(['utc', 'etc/utc', 'gmt', 'etc/gmt', 'uct', 'etc/uct', 'zulu', 'etc/zulu', 'universal', 'etc/universal', 'z', 'gmt0', 'etc/gmt0', 'greenwich']);

/** True when an earlier statement of the file set the session (or transaction) TimeZone to UTC and nothing reset it since. */
function sessionZoneIsUtc(context: StatementContext): boolean {
  let utc = false;
  for (let i = 0; i < context.previous.length; i++) {
    const set = asKind<VariableSetStmt>(context.previous[i], 'VariableSetStmt');
    if (!set || set.name?.toLowerCase() !== 'timezone') {
      if (set?.kind === 'VAR_RESET_ALL') utc = false;
      continue;
    }
    const value = nodeOfKind<A_Const>(set.args?.[0], 'A_Const')?.sval?.sval;
    utc = set.kind === 'VAR_SET_VALUE' && value !== undefined && UTC_ZONES.has(value.toLowerCase());
  }
  return utc;
}

const TEXT_LIKE = new Set(['text', 'varchar']);
const PRECISION_TYPES = new Set(['timestamp', 'timestamptz', 'time', 'timetz', 'interval']);

/** Binary-compatible changes PostgreSQL applies without rewriting the table. */
export function noRewrite(old: TypeInfo, target: TypeInfo): boolean {
  if (old.isArray !== target.isArray || old.schema !== target.schema) return false;
  const unconstrained = target.modifiers.length === 0;
  if (old.name === target.name && sameModifiers(old.modifiers, target.modifiers)) return true;
  if (TEXT_LIKE.has(old.name) && TEXT_LIKE.has(target.name)) {
    if (target.name === 'text' || unconstrained) return true;
    return old.name === 'varchar' && old.modifiers.length > 0 && target.modifiers[0] >= old.modifiers[0];
  }
  if (old.name === 'numeric' && target.name === 'numeric') {
    if (unconstrained) return true;
    if (old.modifiers.length === 0) return false;
    const [p, s = 0] = old.modifiers;
    const [q, t = 0] = target.modifiers;
    return q >= p && t === s;
  }
  if ((old.name === 'varbit' && target.name === 'varbit') || (PRECISION_TYPES.has(old.name) && old.name === target.name)) {
    return unconstrained || (old.modifiers.length > 0 && target.modifiers[0] >= old.modifiers[0]);
  }
  return old.name === 'cidr' && target.name === 'inet';
}

function sameModifiers(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

const TYPE_LABELS: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  bpchar: 'char',
};

function typeLabel(type: TypeInfo): string {
  const name = TYPE_LABELS[type.name] ?? type.name;
  const mods = type.modifiers.length > 0 ? `(${type.modifiers.join(', ')})` : '';
  return `${type.schema ? `${type.schema}.` : ''}${name}${mods}${type.isArray ? '[]' : ''}`;
}
