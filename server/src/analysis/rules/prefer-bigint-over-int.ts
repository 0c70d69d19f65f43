import { quoted } from './helpers';
import { columnTypes, typeNameWords, type ColumnType } from './type-name-words';
import type { Fix, Rule, RuleFinding, StatementContext } from './types';

/** The 64-bit spelling of each 32-bit integer spelling, as Squawk's fix writes it. */
const WIDER: Record<string, string> = { int: 'bigint', integer: 'bigint', int4: 'int8', serial: 'bigserial', serial4: 'serial8' };
const INT_TYPES = new Set(['int4', 'serial', 'serial4']);

export const preferBigintOverInt: Rule = {
  meta: {
    id: 'prefer-bigint-over-int',
    category: 'style',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'A 32-bit integer column (integer, int4, serial) can run out at 2,147,483,647; widening it later rewrites the table.',
    docs: {
      badExample: 'CREATE TABLE shipments (id serial PRIMARY KEY, quantity integer);',
      goodExample: 'CREATE TABLE shipments (id bigserial PRIMARY KEY, quantity bigint);',
      why: 'An integer column holds at most 2,147,483,647. Ids and counters reach that sooner than expected, and then every INSERT fails. Changing the column to bigint afterwards is an ALTER COLUMN TYPE that rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, blocking all reads and writes. bigint costs four more bytes per row, often nothing after alignment.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Declare the column bigint (bigserial, int8) from the start.',
      squawkDifference: 'Squawk also flags a user type named int4 in another schema (myschema.int4); Safeshift flags only PostgreSQL\'s own integer.',
    },
  },
  check(context) {
    return integerFindings(context, INT_TYPES, WIDER, (t, written) => `Column "${t.column}" of ${quoted(t.table)} is ${written}, a 32-bit integer that runs out at 2,147,483,647; widening it later rewrites the table under an ACCESS EXCLUSIVE lock that blocks all reads and writes. Use a 64-bit integer: ${WIDER[written] ?? 'bigint'}.`);
  },
};

/** Findings for columns whose type is one of `types`, with a fix that writes the wider spelling. */
export function integerFindings(context: StatementContext, types: Set<string>, wider: Record<string, string>, message: (t: ColumnType, written: string) => string): RuleFinding[] {
  const { statement } = context;
  const findings: RuleFinding[] = [];
  for (const t of columnTypes(statement)) {
    if (!types.has(t.info.name) || t.info.schema) continue;
    const words = typeNameWords(statement, t.typeName);
    const written = words?.lastWord ?? t.info.name;
    const replacement = wider[written] ?? wider[t.info.name];
    const fixes: Fix[] = words && replacement ? [{ title: `Replace with a 64-bit integer type: ${replacement}`, edits: [{ range: words.lastRange, newText: replacement }], preferred: true }] : [];
    findings.push({ range: words?.nameRange, message: message(t, written), fixes });
  }
  return findings;
}
