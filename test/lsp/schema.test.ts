/**
 * The language server checks a migration against the schema replayed from the migrations before
 * it: the lint worker replays the history on the first check and reuses the cached catalog for
 * every edit of the newest migration (safeshift/status counts the migrations replayed), and answers
 * hover, definition and completion from that same catalog (the protocol thread replays nothing).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionList, Diagnostic, Hover, Location } from 'vscode-languageserver-protocol';
import { codes, TestClient, Workspace } from './harness';
import { STATUS_REQUEST, type StatusResult } from '../../server/src/lsp/protocol';

const HISTORY = 25;

function migrationName(i: number): string {
  return `db/migrations/${String(20260101000000 + i)}_step${i}.sql`;
}

describe('schema-aware checks in the editor', () => {
  let client: TestClient;
  let workspace: Workspace;
  let uri: string;
  before(async () => {
    workspace = new Workspace();
    workspace.write(migrationName(0), '-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n-- +goose Down\nDROP TABLE users;\n');
    for (let i = 1; i < HISTORY; i++) {
      workspace.write(migrationName(i), `-- +goose Up\nALTER TABLE users ADD COLUMN c${i} int;\n-- +goose Down\nALTER TABLE users DROP COLUMN c${i};\n`);
    }
    uri = workspace.uri(migrationName(HISTORY));
    client = await TestClient.start({ rootPath: workspace.root });
  });
  after(async () => {
    await client.stop();
    workspace.dispose();
  });

  const status = () => client.request<StatusResult>(STATUS_REQUEST, { uri });
  const unknownColumns = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'unknown-column');

  it('reports a column the history never added, with a did-you-mean', async () => {
    const text = '-- +goose Up\nALTER TABLE users ALTER COLUMN emial SET NOT NULL;\n-- +goose Down\nSELECT 1;\n';
    workspace.write(migrationName(HISTORY), text);
    const published = await client.diagnostics(uri, () => true, client.open(uri, text));
    const found = unknownColumns(published.diagnostics);
    assert.equal(found.length, 1, `got ${codes(published.diagnostics)}`);
    assert.match(String(found[0].message), /did you mean "email"\?/);
    assert.equal(found[0].range.start.line, 1);
    const first = await status();
    assert.deepEqual(first.schema, { migrationsBefore: HISTORY, replayedMigrations: HISTORY });
  });

  it('reuses the cached catalog while the newest migration is edited', async () => {
    let mark = client.published.length;
    let version = client.change(uri, '-- +goose Up\nALTER TABLE users ALTER COLUMN c3 SET NOT NULL;\n-- +goose Down\nSELECT 1;\n');
    let published = await client.diagnostics(uri, (p) => p.version === version, mark);
    assert.deepEqual(unknownColumns(published.diagnostics), []);

    mark = client.published.length;
    version = client.change(uri, '-- +goose Up\nALTER TABLE users ALTER COLUMN mail SET NOT NULL;\n-- +goose Down\nSELECT 1;\n');
    published = await client.diagnostics(uri, (p) => p.version === version, mark);
    const found = unknownColumns(published.diagnostics);
    assert.equal(found.length, 1, `got ${codes(published.diagnostics)}`);
    assert.match(String(found[0].message), /column "mail" of relation "users" does not exist as of this migration; did you mean "email"\?/);

    const after = await status();
    assert.deepEqual(after.schema, { migrationsBefore: HISTORY, replayedMigrations: HISTORY }, 'no migration was replayed again');
    assert.deepEqual(client.errorLogs(), []);
  });

  it('answers hover, definition and completion from the lint worker’s catalog: nothing is replayed again, nothing on the protocol thread', async () => {
    const text = '-- +goose Up\nALTER TABLE users ALTER COLUMN c7 SET NOT NULL;\n-- +goose Down\nSELECT 1;\n';
    const mark = client.published.length;
    const version = client.change(uri, text);
    await client.diagnostics(uri, (p) => p.version === version, mark);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 31 } }); // "c7"
    const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(value, /column `public\.users\.c7`\*\* as of migration 26 of 26/);
    assert.match(value, /_step7\.sql/, 'linked to the migration that added it');
    const definition = await client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position: { line: 1, character: 31 } });
    assert.match(String(definition?.uri), /_step7\.sql$/);
    const completion = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 31 } });
    assert.ok(completion?.items.some((item) => item.label === 'email'), 'columns of users offered');
    const counters = await status();
    assert.deepEqual(counters.schema, { migrationsBefore: HISTORY, replayedMigrations: HISTORY }, 'the worker answered from the catalog it replayed for linting');
    assert.equal(counters.editorReplayedMigrations, 0, 'the protocol thread replayed nothing');
    assert.deepEqual(client.errorLogs(), []);
  });
});
