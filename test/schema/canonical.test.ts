/**
 * The expression normalisation of the fidelity test undoes PostgreSQL's own rewrites and nothing
 * more: what PostgreSQL prints back equals what was written, and different expressions stay different.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { canonicalFromText } from './canonical';
import { differences } from './harness';
import type { SchemaSnapshot } from './snapshot';

before(() => initParser());

const same = (written: string, stored: string, columnType?: string) =>
  assert.equal(canonicalFromText(written, columnType), canonicalFromText(stored, columnType), `${written} ≡ ${stored}`);
const different = (a: string, b: string, columnType?: string) =>
  assert.notEqual(canonicalFromText(a, columnType), canonicalFromText(b, columnType), `${a} ≢ ${b}`);

describe('expressions PostgreSQL rewrites compare equal', () => {
  test('literal coercions: casts on constants and the constant text', () => {
    same("'x'", "'x'::text");
    same("'x'", "'x'::character varying");
    same('-1', "'-1'::integer");
    same('10.50', '10.50');
    same("'{}'", "'{}'::text[]");
    same("nextval('t_id_seq')", "nextval('t_id_seq'::regclass)");
  });

  test('IN lists become = ANY (ARRAY[...]), NOT IN becomes <> ALL', () => {
    same("status IN ('a', 'b')", "(status = ANY (ARRAY['a'::text, 'b'::text]))");
    same("status NOT IN ('a', 'b')", "(status <> ALL (ARRAY['a'::text, 'b'::text]))");
    same("code IN ('a', 'b')", "((code)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))");
  });

  test('BETWEEN, LIKE and nested AND are stored in their expanded forms', () => {
    same('q BETWEEN 1 AND 100', '((q >= 1) AND (q <= 100))');
    same('q NOT BETWEEN 1 AND 100', '((q < 1) OR (q > 100))');
    same("email LIKE '%@%'", "(email ~~ '%@%'::text)");
    same("a BETWEEN 1 AND 5 AND c > '2020-01-01' AND b IS NOT NULL", "((((a >= 1) AND (a <= 5)) AND (c > '2020-01-01'::date) AND (b IS NOT NULL)))");
  });

  test('interval literals are compared in interval_out form', () => {
    same("'12 months'::interval", "'1 year'::interval");
    same("interval '90 minutes'", "'01:30:00'::interval");
    same("'1 year 14 months 2 weeks 1 day'::interval", "'2 years 2 mons 15 days'::interval");
    same("'30 days'::interval", "'30 days'::interval");
  });

  test("a default's cast to its own column type is assignment coercion", () => {
    same('now()', '(now())::date', 'date');
  });
});

describe('different expressions stay different', () => {
  test('values, operators, functions, columns and connectives all count', () => {
    different("'x'", "'y'");
    different('a > 1', 'a >= 1');
    different('lower(a)', 'upper(a)');
    different('a > 1', 'b > 1');
    different('a > 1 AND b > 1', 'a > 1 OR b > 1');
    different("status IN ('a', 'b')", "status IN ('a', 'c')");
    different('q BETWEEN 1 AND 100', 'q BETWEEN 1 AND 99');
    different("'12 months'::interval", "'11 months'::interval");
    different("'1 day'::interval", "'24 hours'::interval");
    different('(a + b) * c', 'a + (b * c)');
  });

  test('a cast that is not assignment coercion of a constant or column is kept', () => {
    different('now()', '(now())::date');
    different('now()', '(now())::date', 'timestamp with time zone');
    different('(a + 1)::bigint', 'a + 1');
  });
});

describe('the snapshot comparison notices every kind of drift', () => {
  const base = (): SchemaSnapshot => ({
    schemas: ['public'],
    tables: {
      'public.t': {
        persistence: 'permanent',
        columns: [{ name: 'id', type: 'integer', notNull: true, default: "'1'" }],
        constraints: { t_chk: { kind: 'check', columns: ['id'], validated: true, enforced: true, deferrable: false, initiallyDeferred: false, noInherit: false, inherited: false, check: "(id > '0')" } },
        triggers: {},
      },
    },
    indexes: { 'public.t_id_idx': { table: 'public.t', unique: false, nullsNotDistinct: false, method: 'btree', keys: ['id'], include: [], valid: true } },
    views: {},
    sequences: {},
    enums: {},
    domains: {},
    functions: [],
  });

  test('identical snapshots have no differences', () => {
    assert.deepEqual(differences(base(), base()), []);
  });

  const drifts: Array<[string, (s: SchemaSnapshot) => void]> = [
    ['a column type', (s) => (s.tables['public.t'].columns[0].type = 'bigint')],
    ['nullability', (s) => (s.tables['public.t'].columns[0].notNull = false)],
    ['a default', (s) => (s.tables['public.t'].columns[0].default = "'2'")],
    ['constraint validity', (s) => (s.tables['public.t'].constraints.t_chk.validated = false)],
    ['a check expression', (s) => (s.tables['public.t'].constraints.t_chk.check = "(id >= '0')")],
    ['an index key', (s) => (s.indexes['public.t_id_idx'].keys = ['id DESC'])],
    ['index validity', (s) => (s.indexes['public.t_id_idx'].valid = false)],
    ['a missing index', (s) => delete s.indexes['public.t_id_idx']],
    ['a missing table', (s) => delete s.tables['public.t']],
    ['an extra schema', (s) => s.schemas.push('app')],
  ];
  for (const [what, drift] of drifts) {
    test(`${what} that differs is reported`, () => {
      const changed = base();
      drift(changed);
      assert.equal(differences(base(), changed).length, 1);
    });
  }
});
