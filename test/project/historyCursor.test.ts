/**
 * SchemaHistory continues from the catalog it built last (kept for the recent targets) and from its
 * checkpoints. Whatever the order of the questions, and after a migration's text changes mid-way,
 * every catalog it hands out must equal the one a fresh history replays from nothing, and must
 * still read the same at the end (nothing handed out is edited afterwards). Over every fixture
 * project and, when SAFESHIFT_CORPUS is set, the real corpus's roots (sampled positions).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { discoverRoots } from '../../server/src/analysis/project/project';
import { SchemaHistory } from '../../server/src/analysis/project/schemaHistory';
import type { MigrationRoot } from '../../server/src/analysis/project/types';
import { nodeProjectFs, toModelPath } from '../../server/src/node/projectFs';
import type { Catalog } from '../../server/src/analysis/schema';
import { catalogJson } from '../schema/catalogJson';

before(() => initParser());

const PROJECTS = resolve(__dirname, '../../../test/projects');


function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function upFileOf(root: MigrationRoot, position: number): string | undefined {
  return root.migrations[position]?.sections.find((s) => s.direction === 'up')?.file;
}

/** Asks `positions` of one long-lived history and compares each answer with a fresh history's. */
function assertLikeFresh(root: MigrationRoot, positions: number[], label: string, changedAt?: number): void {
  const changedFile = changedAt === undefined ? undefined : upFileOf(root, changedAt);
  const plainRead = (file: string) => nodeProjectFs.read(file);
  const changedRead = (file: string) => (file === changedFile ? `${plainRead(file) ?? ''}\nCREATE TABLE cursor_changed (id int);\n` : plainRead(file));
  const history = new SchemaHistory();
  const handedOut: Array<{ catalog: Catalog; text: string; position: number }> = [];
  positions.forEach((position, i) => {
    // The text changes half-way through the questions.
    const read = changedAt !== undefined && i >= positions.length / 2 ? changedRead : plainRead;
    const catalog = history.catalogBefore(root, position, read);
    const expected = catalogJson(new SchemaHistory().catalogBefore(root, position, read));
    const text = catalogJson(catalog);
    assert.equal(text, expected, `${label}: position ${position} (question ${i})`);
    handedOut.push({ catalog, text, position });
  });
  for (const { catalog, text, position } of handedOut) assert.equal(catalogJson(catalog), text, `${label}: catalog before ${position} changed after it was handed out`);
}

function roots(dir: string): MigrationRoot[] {
  return discoverRoots(toModelPath(dir), nodeProjectFs).filter((r) => r.migrations.length > 1);
}

test('fixture projects: in order, backwards, random, with a text changed mid-way, like a fresh history', () => {
  const found = roots(PROJECTS);
  assert.ok(found.length >= 6, `${found.length} roots`);
  for (const root of found) {
    const n = root.migrations.length;
    const all = Array.from({ length: n + 1 }, (_, i) => i);
    const random = seeded(n);
    const shuffled = [...all, ...all].sort(() => random() - 0.5);
    assertLikeFresh(root, all, `${root.dir} in order`);
    assertLikeFresh(root, [...all].reverse(), `${root.dir} backwards`);
    assertLikeFresh(root, shuffled, `${root.dir} random`);
    assertLikeFresh(root, [...all, ...all], `${root.dir} changed`, Math.floor(n / 2));
  }
});

test('the longest fixture root in order: each next position applies one migration (the last catalog is continued)', () => {
  const root = roots(PROJECTS).sort((a, b) => b.migrations.length - a.migrations.length)[0];
  const history = new SchemaHistory();
  const read = (file: string) => nodeProjectFs.read(file);
  for (let p = 0; p <= root.migrations.length; p++) {
    const before = history.applied;
    history.catalogBefore(root, p, read);
    assert.equal(history.applied - before, p === 0 ? 0 : 1, `position ${p}`);
  }
});

const CORPUS = process.env.SAFESHIFT_CORPUS;
test('real corpus roots: sampled positions in order and at random, with a change, like a fresh history', { skip: CORPUS ? false : 'SAFESHIFT_CORPUS not set' }, () => {
  const found = roots(CORPUS!);
  assert.ok(found.length >= 3);
  for (const root of found) {
    const n = root.migrations.length;
    const random = seeded(n + 1);
    const sample = Array.from({ length: 12 }, () => Math.floor(random() * (n + 1)));
    const inOrder = [...new Set([...sample, n])].sort((a, b) => a - b);
    assertLikeFresh(root, inOrder, `${root.dir} in order`);
    assertLikeFresh(root, sample, `${root.dir} random`);
    assertLikeFresh(root, [...inOrder, ...sample], `${root.dir} changed`, Math.floor(n / 3));
  }
});
