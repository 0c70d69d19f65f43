/**
 * The function catalog rules use for volatility comes from PostgreSQL itself: this regenerates it
 * from PGlite and fails when the committed file differs, and checks the lookups rules rely on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { builtinVolatility } from '../server/src/analysis/catalog/functions';

const root = resolve(__dirname, '../..');

test('functions.generated.json matches the pg_catalog of the installed PGlite (run `node scripts/pg-catalog.mjs` when this fails)', () => {
  const check = spawnSync(process.execPath, ['scripts/pg-catalog.mjs', '--check'], { cwd: root, encoding: 'utf8', timeout: 240_000 });
  assert.equal(check.status, 0, `${check.stderr}${check.stdout}${check.error ? String(check.error) : ''}`);
});

test('volatility of built-in functions as pg_proc records it', () => {
  assert.equal(builtinVolatility('now', 0), 'stable');
  assert.equal(builtinVolatility('random', 0), 'volatile');
  assert.equal(builtinVolatility('gen_random_uuid', 0), 'volatile');
  assert.equal(builtinVolatility('clock_timestamp', 0), 'volatile');
  assert.equal(builtinVolatility('nextval', 1), 'volatile');
  assert.equal(builtinVolatility('lower', 1), 'immutable');
});

test('argument counts: exact, defaults and VARIADIC', () => {
  assert.equal(builtinVolatility('now', 1), undefined, 'now() takes no argument');
  assert.equal(builtinVolatility('make_interval', 0), 'immutable', 'every argument of make_interval has a default');
  assert.equal(builtinVolatility('make_interval', 7), 'immutable');
  assert.equal(builtinVolatility('make_interval', 8), undefined);
  assert.equal(builtinVolatility('concat', 5), 'stable', 'concat is VARIADIC');
  assert.equal(builtinVolatility('my_function', 0), undefined, 'a user function is unknown');
});
