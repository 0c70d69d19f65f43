/**
 * Editor features without a second replay: EditorProject (the protocol thread's view of the
 * project, for symbols, lenses and the migrations tree) finds places without replaying any schema,
 * and the lint worker answers hover and definition from the schema it replayed for linting, the
 * same as a replay in one go. A query whose worker is stopped under it answers null, never hangs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, Location } from 'vscode-languageserver/node';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { defaultSettings } from '../../server/src/analysis/config/settings';
import { EditorProject } from '../../server/src/lsp/editorProject';
import { LintRunner } from '../../server/src/lsp/linter';
import { ProjectModel } from '../../server/src/lsp/project';
import { Workspace } from './harness';

const COUNT = 40;

describe('editor features answered by the lint worker', () => {
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
  const last = () => files[COUNT - 1];
  const hoverText = '-- +goose Up\nALTER TABLE t3 ADD COLUMN extra integer;\n-- +goose Down\nSELECT 1;\n';
  const queryFor = (kind: 'hover' | 'definition', model: ProjectModel) => ({
    kind,
    uri: `file://${last()}`,
    version: 1,
    text: hoverText,
    offset: hoverText.indexOf('t3 ADD'),
    settings: loaded.settings,
    project: model.requestFor(last(), loaded),
  });

  for (const inline of [false, true]) {
    it(`hovers and jumps from the schema the lint replayed, replaying it once (${inline ? 'inline' : 'worker'})`, async () => {
      const runner = new LintRunner({ timeoutMs: 30_000, abandonAfterMs: 2000, inline, log: () => undefined });
      try {
        const model = new ProjectModel();
        model.setWorkspaceFolders([workspace.root]);
        const lint = await runner.lint(`file://${last()}`, hoverText, loaded.settings, undefined, model.requestFor(last(), loaded));
        assert.equal(lint.kind, 'done');
        const replayed = lint.kind === 'done' ? lint.output.schema?.replayedMigrations : undefined;
        assert.ok(replayed !== undefined && replayed >= COUNT - 1, `replayed ${replayed}`);
        const hover = (await runner.query(queryFor('hover', model))) as Hover | null;
        const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
        // t3 was created in m3 and given c13, c23, c33 later: all four columns, as of migration 40.
        assert.match(value, /table `public\.t3`\*\* as of migration 40 of 40/);
        for (const column of ['id', 'c13', 'c23', 'c33']) assert.match(value, new RegExp(`\\b${column}\\b`));
        assert.match(value, /_m3\.sql/);
        const definition = (await runner.query(queryFor('definition', model))) as Location | null;
        assert.match(String(definition?.uri), /_m3\.sql$/);
        // A second lint reports the same count: the queries replayed nothing more.
        const again = await runner.lint(`file://${last()}`, hoverText, loaded.settings, undefined, model.requestFor(last(), loaded));
        assert.equal(again.kind === 'done' ? again.output.schema?.replayedMigrations : undefined, replayed);
      } finally {
        runner.dispose();
      }
    });
  }

  it('answers null, without hanging, when the worker stops under a query', async () => {
    const runner = new LintRunner({ timeoutMs: 30_000, abandonAfterMs: 2000, log: () => undefined });
    const model = new ProjectModel();
    model.setWorkspaceFolders([workspace.root]);
    const pending = runner.query(queryFor('hover', model));
    runner.dispose();
    assert.equal(await pending, null);
  });

  it('finds a file’s place once per text, replaying no schema on the protocol thread', () => {
    const project = new EditorProject();
    project.setWorkspaceFolders([workspace.root]);
    const text = '-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 2;\n';
    const first = project.placeOf(files[5], text, loaded);
    assert.equal(project.placeOf(files[5], text, loaded), first);
    assert.deepEqual(first?.scripts.map((s) => s.direction), ['up', 'down']);
    assert.equal(first?.migration?.files[0], files[5]);
    const changed = project.placeOf(files[5], '-- +goose Up\nSELECT 1;\n', loaded);
    assert.notEqual(changed, first);
    assert.deepEqual(changed?.scripts.map((s) => s.direction), ['up']);
    project.placeOf(last(), hoverText, loaded);
    assert.equal(project.replayedMigrations, 0);
  });
});
