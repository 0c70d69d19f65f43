/**
 * The names PostgreSQL chooses for objects the user did not name: `t_pkey`, `t_email_key`,
 * `t_a_b_idx`, `t_id_seq`, `t_price_check`, `t_user_id_fkey`, `t_id_not_null`. Ported from
 * makeObjectName / ChooseRelationName / ChooseConstraintName so the names match a real database.
 */
import type { Catalog, Constraint } from './model';
import { objectKey, peekTables } from './model';

const NAMEDATALEN = 64;

/** name1_name2_label, shortening the longer of name1 and name2 until it fits in 63 bytes. */
export function makeObjectName(name1: string, name2: string | undefined, label: string | undefined): string {
  let overhead = 0;
  const name1bytes = byteLength(name1);
  const name2bytes = name2 === undefined ? 0 : byteLength(name2);
  let name1chars = name1bytes;
  let name2chars = name2bytes;
  if (name2 !== undefined) overhead++;
  if (label !== undefined) overhead += byteLength(label) + 1;
  const available = NAMEDATALEN - 1 - overhead;
  while (name1chars + name2chars > available) {
    if (name1chars > name2chars) name1chars--;
    else name2chars--;
  }
  // Most names fit whole: clip only what was shortened.
  let name = name1chars === name1bytes ? name1 : clipBytes(name1, name1chars);
  if (name2 !== undefined) name += `_${name2chars === name2bytes ? name2 : clipBytes(name2, name2chars)}`;
  if (label !== undefined) name += `_${label}`;
  return name;
}

/** A relation name (index, sequence) unused in the schema; for constraints also unused as a constraint name. */
export function chooseRelationName(
  catalog: Catalog,
  schema: string,
  name1: string,
  name2: string | undefined,
  label: string,
  isConstraint: boolean,
  taken: Set<string> = new Set(),
): string {
  for (let pass = 0; ; pass++) {
    const name = makeObjectName(name1, name2, pass === 0 ? label : `${label}${pass}`);
    if (relationExists(catalog, schema, name) || taken.has(name)) continue;
    if (isConstraint && constraintNameUsed(catalog, schema, name)) continue;
    return name;
  }
}

/** A constraint name unused in the schema (PostgreSQL checks the whole namespace, not just the table). */
export function chooseConstraintName(
  catalog: Catalog,
  schema: string,
  name1: string,
  name2: string | undefined,
  label: string,
  taken: Set<string> = new Set(),
): string {
  for (let pass = 0; ; pass++) {
    const name = makeObjectName(name1, name2, pass === 0 ? label : `${label}${pass}`);
    if (!constraintNameUsed(catalog, schema, name) && !taken.has(name)) return name;
  }
}

/** Column names joined with underscores, as ChooseIndexNameAddition and the foreign-key variant do. */
export function nameAddition(columns: string[]): string {
  let joined = '';
  for (const column of columns) {
    if (joined.length > 0) joined += '_';
    joined += column;
    if (byteLength(joined) >= NAMEDATALEN) break;
  }
  return joined;
}

/** Index column names, with repeats made unique by a number as ChooseIndexColumnNames does. */
export function uniqueColumnNames(names: string[]): string[] {
  const result: string[] = [];
  for (const original of names) {
    let candidate = original;
    for (let i = 1; result.includes(candidate); i++) candidate = `${original}${i}`;
    result.push(candidate);
  }
  return result;
}

export function relationExists(catalog: Catalog, schema: string, name: string): boolean {
  const key = objectKey(schema, name);
  return catalog.tables.has(key) || catalog.views.has(key) || catalog.indexes.has(key) || catalog.sequences.has(key);
}

function constraintNameUsed(catalog: Catalog, schema: string, name: string): boolean {
  for (const table of peekTables(catalog)) {
    if (table.schema === schema && constraintNamesOf(table.constraints).has(name)) return true;
  }
  return false;
}

/**
 * The names in a table's constraint array, remembered per array: a name is chosen for every
 * NOT NULL column and each choice asks every table of the schema. Exact because the model edits a
 * constraint array in place only by appending or by replacing an element with a copy under the
 * same name (otherwise it assigns a new array), so the names seen so far stay right and only the
 * appended ones are added.
 */
const namesByArray = new WeakMap<readonly Constraint[], { seen: number; names: Set<string> }>();

export function constraintNamesOf(constraints: readonly Constraint[]): Set<string> {
  let entry = namesByArray.get(constraints);
  if (entry === undefined || entry.seen > constraints.length) {
    entry = { seen: 0, names: new Set() };
    namesByArray.set(constraints, entry);
  }
  for (; entry.seen < constraints.length; entry.seen++) entry.names.add(constraints[entry.seen].name);
  return entry.names;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The longest prefix of `text` within `bytes` UTF-8 bytes, never cutting a character. */
function clipBytes(text: string, bytes: number): string {
  let out = '';
  let used = 0;
  for (const ch of text) {
    const size = byteLength(ch);
    if (used + size > bytes) break;
    out += ch;
    used += size;
  }
  return out;
}
