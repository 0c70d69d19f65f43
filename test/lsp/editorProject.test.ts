/**
 * EditorProject (the protocol thread's view of the project for editor features): the schema
 * before a file, replayed in slices that yield to the event loop, equals a replay in one go; and
 * the place of a file is computed once per text.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { defaultSettings } from '../../server/src/analysis/config/settings';
import { EditorProject } from '../../server/src/lsp/editorProject';
import { ProjectModelCache } from '../../server/src/node/projectFs';
import { Workspace } from './harness';

const COUNT = 40;

describe('EditorProject', () => {
  let workspace: Workspace;
  const files: string[] = [];
  before(async () => {
    await initParser();
    workspace = new Workspace();
    for (let i = 0; i < COUNT; i++) {
      const table = `t${i % 10}`;
      const sql = i < 10 ? `CREATE TABLE ${table} (id bigint PRIMARY KEY);` : `ALTER TABLE ${table} ADD COLUMN c${i} integer NOT NULL DEFAULT ${i};`;
      workspace.write(`db/migrations/${String(20260101000000 + i)}_m${i}.sql`, `-- +goose Up\n${sql}\n-- +goose Down\nSELECT 1;\n`);
      files.push(workspace.path(`db/migrations/${String(20260101000000 + i)}_m${i}.sql`));
    }
  });
  after(() => workspace.dispose());

  const loaded = { settings: defaultSettings(), problems: [] };

  it('replays the history in slices, yielding between them, to the same schema as one replay', async () => {
    const project = new EditorProject();
    project.setWorkspaceFolders([workspace.root]);
    const last = files[COUNT - 1];
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    const sliced = await project.catalogFor(last, '-- +goose Up\nSELECT 1;\n', loaded);
    clearInterval(ticker);
    const whole = new ProjectModelCache().catalogFor(last, '-- +goose Up\nSELECT 1;\n', loaded.settings);
    assert.ok(sliced && whole);
    assert.equal(sliced.schema.position, COUNT - 1);
    const shape = (c: typeof sliced.schema.catalog) => [...c.tables.values()].map((t) => `${t.name}(${t.columns.map((x) => `${x.name} ${x.type.display}`).join(', ')})`).sort();
    assert.deepEqual(shape(sliced.schema.catalog), shape(whole.schema.catalog));
    assert.equal(sliced.schema.catalog.tables.get('public.t3')?.columns.length, 4);
    assert.ok(ticks > 0, 'other work ran while the history was replayed');
    // The first migration's table points back at its file.
    const origin = sliced.schema.catalog.tables.get('public.t0')?.origin;
    assert.equal(origin && sliced.locate(origin)?.file.endsWith('_m0.sql'), true);
  });

  it('computes a file’s place once per text', () => {
    const project = new EditorProject();
    project.setWorkspaceFolders([workspace.root]);
    const text = '-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 2;\n';
    const first = project.placeOf(files[5], text, loaded);
    assert.equal(project.placeOf(files[5], text, loaded), first);
    assert.deepEqual(first?.scripts.map((s) => s.direction), ['up', 'down']);
    const changed = project.placeOf(files[5], '-- +goose Up\nSELECT 1;\n', loaded);
    assert.notEqual(changed, first);
    assert.deepEqual(changed?.scripts.map((s) => s.direction), ['up']);
  });
});
