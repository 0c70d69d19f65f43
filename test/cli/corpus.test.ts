/**
 * `safeshift check` over PostgreSQL's own regression SQL: thousands of statements of every kind,
 * deliberate syntax errors and psql meta-commands included. Nothing may crash, hang or throw
 * inside a rule. The corpus is a local copy, never committed: point SAFESHIFT_PG_REGRESS_DIR at a
 * directory of .sql files, for example libpg_query's test/sql (a copy of PostgreSQL's
 * src/test/regress/sql plus the PL/pgSQL tests).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, ensureBuilt, type JsonDiagnostic } from './helpers';

const corpus = process.env.SAFESHIFT_PG_REGRESS_DIR;

function sqlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sqlFiles(path);
    return name.endsWith('.sql') ? [path] : [];
  });
}

test(
  'PostgreSQL regression SQL: every file is checked and nothing crashes',
  { skip: corpus ? false : 'SAFESHIFT_PG_REGRESS_DIR is not set: no local copy of the PostgreSQL regression SQL to check' },
  () => {
    ensureBuilt();
    const files = sqlFiles(corpus!);
    assert.ok(files.length > 50, `expected a corpus, found ${files.length} .sql files in ${corpus}`);
    const result = spawnSync(process.execPath, [CLI, 'check', corpus!, '--format', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    assert.equal(result.error, undefined);
    assert.ok(result.status === 0 || result.status === 1, `exit ${result.status}: ${result.stderr.slice(0, 2000)}`);
    const output = JSON.parse(result.stdout) as { files: Array<{ path: string; diagnostics: JsonDiagnostic[] }> };
    assert.equal(output.files.length, files.length, 'every .sql file is reported');
    const internal = output.files.flatMap((f) => f.diagnostics.filter((d) => /internal error/i.test(d.message)).map((d) => `${f.path}: ${d.message}`));
    assert.deepEqual(internal, []);
  },
);
