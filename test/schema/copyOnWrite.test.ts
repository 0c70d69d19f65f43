/**
 * Catalog clones share their tables copy-on-write (model.ts, TableMap). These tests hold that to
 * the plain behaviour: a replay that clones at random points and continues on either side builds
 * exactly the catalog an in-place replay into plain Maps builds, and every catalog kept on the way
 * still reads as it did when it was kept, whichever side was edited afterwards. Over every fixture
 * project, and over the real corpus's migration roots when SAFESHIFT_CORPUS is set.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { parseDocument } from '../../server/src/analysis/parse/parseDocument';
import { scriptText } from '../../server/src/analysis/project/envelopes';
import { discoverRoots } from '../../server/src/analysis/project/project';
import { nodeProjectFs, toModelPath } from '../../server/src/node/projectFs';
import { applyStatement, cloneCatalog, createCatalog, type Catalog, type StatementLike } from '../../server/src/analysis/schema';
import { TableMap, peekTables } from '../../server/src/analysis/schema/model';
import { constraintNamesOf } from '../../server/src/analysis/schema/names';
import { catalogJson } from './catalogJson';

before(() => initParser());

const FIXTURES = resolve(__dirname, '../../../test/schema/fixtures');

interface Migration {
  id: string;
  statements: StatementLike[];
}


/** The reference: one catalog whose tables are a plain Map, edited in place, never cloned. */
function plainReplay(migrations: Migration[]): Catalog {
  const catalog: Catalog = { ...createCatalog(), tables: new Map() };
  for (const migration of migrations) applyMigrationInPlace(catalog, migration);
  return catalog;
}

function applyMigrationInPlace(catalog: Catalog, migration: Migration, statements = migration.statements): void {
  catalog.searchPath = ['public'];
  for (const statement of statements) applyStatement(catalog, statement, migration.id);
  catalog.searchPath = ['public'];
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/**
 * Replays with a clone before every statement (or every migration), continuing at random on the
 * clone or on its source, and keeps the other side with its snapshot. Returns the final catalog
 * and the kept catalogs whose snapshots must not have changed.
 */
function clonedReplay(migrations: Migration[], seed: number, perStatement: boolean): { final: Catalog; kept: Array<{ catalog: Catalog; text: string }> } {
  const random = seeded(seed);
  const kept: Array<{ catalog: Catalog; text: string }> = [];
  let working = createCatalog();
  const fork = () => {
    const copy = cloneCatalog(working);
    const [keep, next] = random() < 0.5 ? [working, copy] : [copy, working];
    if (random() < 0.3) kept.push({ catalog: keep, text: catalogJson(keep) });
    working = next;
  };
  for (const migration of migrations) {
    if (!perStatement) {
      fork();
      applyMigrationInPlace(working, migration);
      continue;
    }
    working.searchPath = ['public'];
    for (const statement of migration.statements) {
      fork();
      applyStatement(working, statement, migration.id);
    }
    working.searchPath = ['public'];
  }
  return { final: working, kept };
}

function fixtureMigrations(project: string): Migration[] {
  return readdirSync(join(FIXTURES, project))
    .sort()
    .map((file) => ({ id: file, statements: parseDocument(readFileSync(join(FIXTURES, project, file), 'utf8')).statements }));
}

/** Equal texts, or a failure that shows where they part (the snapshots are long). */
function assertSameText(actual: string, expected: string, message: string): void {
  if (actual === expected) return;
  let at = 0;
  while (actual[at] === expected[at]) at++;
  assert.fail(`${message}: differs at ${at}: ...${actual.slice(Math.max(0, at - 200), at + 200)}... expected ...${expected.slice(Math.max(0, at - 200), at + 200)}...`);
}

function assertSameAsPlain(migrations: Migration[], seed: number, perStatement: boolean): void {
  const expected = catalogJson(plainReplay(migrations));
  const { final, kept } = clonedReplay(migrations, seed, perStatement);
  assertSameText(catalogJson(final), expected, 'the cloned replay ends with the catalog of the plain replay');
  kept.forEach((k, i) => assertSameText(catalogJson(k.catalog), k.text, `kept catalog ${i} was changed after it was kept`));
}

describe('copy-on-write clones behave like deep copies', () => {
  for (const project of readdirSync(FIXTURES)) {
    for (const seed of [1, 2, 3]) {
      test(`${project}: clones before every statement, random side continues (seed ${seed})`, () => {
        assertSameAsPlain(fixtureMigrations(project), seed, true);
      });
    }
    test(`${project}: clones before every migration`, () => {
      assertSameAsPlain(fixtureMigrations(project), 4, false);
    });
  }

  test('editing the source after a clone leaves the clone as it was, and the reverse', () => {
    const migrations = fixtureMigrations('shop');
    const source = createCatalog();
    applyMigrationInPlace(source, migrations[0]);
    const clone = cloneCatalog(source);
    const cloneText = catalogJson(clone);
    for (const migration of migrations.slice(1)) applyMigrationInPlace(source, migration);
    assert.notEqual(catalogJson(source), cloneText, 'the later migrations change the source');
    assert.equal(catalogJson(clone), cloneText);
    const sourceText = catalogJson(source);
    applyMigrationInPlace(clone, { id: 'edit', statements: parseDocument('DROP TABLE IF EXISTS orders CASCADE; ALTER TABLE customers ADD COLUMN extra int;').statements });
    assert.equal(catalogJson(source), sourceText);
  });

  test('the source and a clone may both be frozen: edits copy before they write', () => {
    for (const project of readdirSync(FIXTURES)) {
      const migrations = fixtureMigrations(project);
      const expected = catalogJson(plainReplay(migrations));
      let catalog = createCatalog();
      for (const migration of migrations) {
        const next = cloneCatalog(catalog);
        freezeShared(catalog);
        applyMigrationInPlace(next, migration);
        catalog = next;
      }
      assertSameText(catalogJson(catalog), expected, project);
    }
  });

  test('a catalog built with a plain Map of tables is copied, not shared', () => {
    const plain: Catalog = { ...createCatalog(), tables: new Map() };
    applyMigrationInPlace(plain, { id: 'a', statements: parseDocument('CREATE TABLE a (id int PRIMARY KEY);').statements });
    const clone = cloneCatalog(plain);
    applyMigrationInPlace(plain, { id: 'b', statements: parseDocument('ALTER TABLE a ADD COLUMN b int;').statements });
    assert.deepEqual(
      clone.tables.get('public.a')?.columns.map((c) => c.name),
      ['id'],
    );
  });

  test('iteration hands out the same private copies as get', () => {
    const source = createCatalog();
    applyMigrationInPlace(source, { id: 'a', statements: parseDocument('CREATE TABLE a (id int); CREATE TABLE b (id int);').statements });
    const clone = cloneCatalog(source);
    const viaGet = clone.tables.get('public.a');
    assert.notEqual(viaGet, source.tables.get('public.a'));
    assert.equal((clone.tables as TableMap).peek('public.b'), (source.tables as TableMap).peek('public.b'), 'untouched tables stay shared');
    assert.equal([...clone.tables.values()][0], viaGet);
    assert.equal(clone.tables.get('public.a'), viaGet);
    assert.notEqual((clone.tables as TableMap).peek('public.b'), (source.tables as TableMap).peek('public.b'), 'iterating hands out private copies');
  });
});

/** Freezes the catalog's tables (as stored, not copied) and their arrays: a write to them throws. */
function freezeShared(catalog: Catalog): void {
  const tables = catalog.tables instanceof TableMap ? [...catalog.tables.peekValues()] : [...catalog.tables.values()];
  for (const table of tables) {
    for (const array of [table.columns, table.constraints, table.triggers, table.partitions]) Object.freeze(array);
    Object.freeze(table);
  }
}

/** After every statement, the remembered constraint names of every table are exactly its constraints' names. */
function assertNameCacheExact(migrations: Migration[]): void {
  const catalog = createCatalog();
  for (const migration of migrations) {
    for (const statement of migration.statements) {
      applyStatement(catalog, statement, migration.id);
      for (const table of peekTables(catalog)) {
        assert.deepEqual([...constraintNamesOf(table.constraints)].sort(), [...new Set(table.constraints.map((c) => c.name))].sort(), `${table.name} after ${statement.text}`);
      }
    }
  }
}

describe('remembered constraint names', () => {
  for (const project of readdirSync(FIXTURES)) {
    test(`${project}: match the constraints after every statement`, () => assertNameCacheExact(fixtureMigrations(project)));
  }
});

const corpus = process.env.SAFESHIFT_CORPUS;
describe('copy-on-write clones over the real corpus', { skip: corpus ? false : 'SAFESHIFT_CORPUS is not set' }, () => {
  const roots = corpus ? discoverRoots(toModelPath(resolve(corpus)), nodeProjectFs) : [];
  for (const root of roots) {
    test(`${root.dir}: clones before every migration match the plain replay`, () => {
      const migrations = root.migrations
        .filter((m) => m.kind !== 'callback' && m.kind !== 'code' && m.up)
        .map((m) => ({ id: m.id, statements: parseDocument(scriptText(m.up!, nodeProjectFs.read(m.up!.file) ?? ''), { placeholders: m.placeholders }).statements }));
      assertSameAsPlain(migrations, 7, false);
      assertNameCacheExact(migrations);
    });
  }
});
