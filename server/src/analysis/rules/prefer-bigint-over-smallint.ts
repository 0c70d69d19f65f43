import { quoted } from './helpers';
import { integerFindings } from './prefer-bigint-over-int';
import type { Rule } from './types';

const WIDER: Record<string, string> = { smallint: 'bigint', int2: 'int8', smallserial: 'bigserial', serial2: 'serial8' };
const SMALLINT_TYPES = new Set(['int2', 'smallserial', 'serial2']);

export const preferBigintOverSmallint: Rule = {
  meta: {
    id: 'prefer-bigint-over-smallint',
    category: 'style',
    defaultSeverity: 'warning',
    squawkCompatible: true,
    summary: 'A 16-bit integer column (smallint, int2, smallserial) runs out at 32,767; widening it later rewrites the table.',
    docs: {
      badExample: 'CREATE TABLE shipments (id bigint PRIMARY KEY, priority smallint);',
      goodExample: 'CREATE TABLE shipments (id bigint PRIMARY KEY, priority bigint);',
      why: 'A smallint column holds at most 32,767, and a smallserial id runs out after that many rows; then every INSERT fails. Changing the column to bigint afterwards is an ALTER COLUMN TYPE that rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, blocking all reads and writes.',
      lock: 'AccessExclusiveLock',
      safeAlternative: 'Declare the column bigint (bigserial, int8) from the start.',
      squawkDifference: 'Squawk also flags a user type named int2 in another schema; Safeshift flags only PostgreSQL\'s own smallint.',
    },
  },
  check(context) {
    return integerFindings(context, SMALLINT_TYPES, WIDER, (t, written) => `Column "${t.column}" of ${quoted(t.table)} is ${written}, a 16-bit integer that runs out at 32,767; widening it later rewrites the table under an ACCESS EXCLUSIVE lock that blocks all reads and writes. Use a 64-bit integer: ${WIDER[written] ?? 'bigint'}.`);
  },
};
