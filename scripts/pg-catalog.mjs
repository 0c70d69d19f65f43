// Writes server/src/analysis/catalog/functions.generated.json: every function in PostgreSQL's own
// pg_catalog with its argument counts and volatility (pg_proc.provolatile), read from the PGlite
// build installed here, so rules never rely on a hand-typed list of volatile functions.
//
//   node scripts/pg-catalog.mjs           rewrite the file when it changed
//   node scripts/pg-catalog.mjs --check   exit 1 when the committed file differs from PGlite's catalog
//
// Format, one line per function name: "name": "<overload> <overload>…", where an overload is the
// volatility letter (i immutable, s stable, v volatile) followed by the argument counts it accepts:
// `2` exactly two, `0-3` zero to three (defaults), `1+` one or more (VARIADIC). Aggregates and window
// functions are left out (PostgreSQL rejects them in DEFAULT expressions), and so are functions that
// take or return internal, cstring or handler types, which SQL cannot call.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const TARGET = join(root, 'server/src/analysis/catalog/functions.generated.json');

const QUERY = `
  SELECT p.proname AS name, p.provolatile AS volatility, p.pronargs AS args,
         p.pronargdefaults AS defaults, p.provariadic <> 0 AS variadic
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = 'pg_catalog' AND p.prokind = 'f'
    -- Internal plumbing (type input/output, trigger, index and planner support) cannot appear in a
    -- column DEFAULT; leaving it out keeps the file small, and an unknown name counts as volatile.
    AND p.prorettype NOT IN ('internal'::regtype, 'trigger'::regtype, 'event_trigger'::regtype, 'cstring'::regtype,
                             'language_handler'::regtype, 'index_am_handler'::regtype, 'table_am_handler'::regtype,
                             'fdw_handler'::regtype, 'tsm_handler'::regtype)
    AND NOT ('internal'::regtype = ANY (p.proargtypes::oid[]) OR 'cstring'::regtype = ANY (p.proargtypes::oid[]))`;

/** Reads the catalog from a fresh PGlite and renders the file's text. */
export async function generateCatalog() {
  const db = await PGlite.create();
  try {
    const version = (await db.query("SELECT current_setting('server_version') AS v")).rows[0].v;
    const { rows } = await db.query(QUERY);
    return render(version, rows);
  } finally {
    await db.close();
  }
}

function overload(row) {
  const min = row.args - row.defaults;
  const arity = row.variadic ? `${min}+` : min === row.args ? `${row.args}` : `${min}-${row.args}`;
  return `${row.volatility}${arity}`;
}

function render(version, rows) {
  const byName = new Map();
  for (const row of rows) {
    const set = byName.get(row.name) ?? new Set();
    set.add(overload(row));
    byName.set(row.name, set);
  }
  const names = [...byName.keys()].sort();
  const lines = names.map((name) => `${JSON.stringify(name)}:${JSON.stringify([...byName.get(name)].sort().join(' '))}`);
  return [
    '{',
    `"source":${JSON.stringify(`pg_catalog.pg_proc of PostgreSQL ${version} (PGlite), written by scripts/pg-catalog.mjs; do not edit`)},`,
    '"format":"name: overloads, each a volatility (i immutable, s stable, v volatile) and the argument counts it accepts (2, 0-3 with defaults, 1+ variadic)",',
    '"functions":{',
    lines.join(',\n'),
    '}}',
    '',
  ].join('\n');
}

async function main() {
  const content = await generateCatalog();
  const current = existsSync(TARGET) ? readFileSync(TARGET, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current !== content) {
      console.error('server/src/analysis/catalog/functions.generated.json differs from PGlite\'s catalog: run `node scripts/pg-catalog.mjs`.');
      process.exit(1);
    }
    return;
  }
  if (current !== content) {
    mkdirSync(dirname(TARGET), { recursive: true });
    writeFileSync(TARGET, content);
    console.log(`wrote ${TARGET}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
