/**
 * Migration projects: the server checks a file as its migration tool runs it (here goose, which
 * wraps each migration in a transaction), and follows new files reported by the client.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { codes, TestClient, Workspace } from './harness';

describe('migration projects', () => {
  let client: TestClient;
  let workspace: Workspace;
  before(async () => {
    workspace = new Workspace();
    workspace.write('db/migrations/20260101000000_create.sql', '-- +goose Up\nCREATE TABLE warehouses (id bigint PRIMARY KEY, city text);\n-- +goose Down\nDROP TABLE warehouses;\n');
    client = await TestClient.start({ rootPath: workspace.root });
  });
  after(async () => {
    await client.stop();
    workspace.dispose();
  });

  it('knows goose runs each migration in a transaction', async () => {
    const text = '-- +goose Up\nCREATE INDEX CONCURRENTLY warehouses_city_idx ON warehouses (city);\n-- +goose Down\nDROP INDEX warehouses_city_idx;\n';
    const uri = workspace.write('db/migrations/20260102000000_index.sql', text);
    const published = await client.diagnostics(uri, () => true, client.open(uri, text));
    assert.ok(codes(published.diagnostics).includes('ban-concurrent-index-creation-in-transaction'), `got ${codes(published.diagnostics)}`);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 4 } });
    assert.match((hover.contents as MarkupContent).value, /held until the transaction ends/);

    // The same text outside any project: no transaction is assumed.
    const loose = workspace.uri('scratch/index.sql');
    const alone = await client.diagnostics(loose, () => true, client.open(loose, text));
    assert.ok(!codes(alone.diagnostics).includes('ban-concurrent-index-creation-in-transaction'), `got ${codes(alone.diagnostics)}`);
  });

  it('follows workspace folder changes and re-checks open documents', async () => {
    assert.deepEqual(client.initializeResult.capabilities.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
    const uri = workspace.uri('db/migrations/20260102000000_index.sql');
    const mark = client.published.length;
    client.send('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: workspace.uri('db'), name: 'db' }], removed: [] } });
    const published = await client.diagnostics(uri, () => true, mark);
    assert.ok(codes(published.diagnostics).includes('ban-concurrent-index-creation-in-transaction'));
    assert.deepEqual(client.errorLogs(), []);
  });

  it('follows the unsaved text: a NO TRANSACTION annotation takes effect as it is typed', async () => {
    const uri = workspace.uri('db/migrations/20260102000000_index.sql');
    const mark = client.published.length;
    const version = client.change(uri, '-- +goose NO TRANSACTION\n' + client.text(uri));
    const published = await client.diagnostics(uri, (p) => p.version === version, mark);
    assert.ok(!codes(published.diagnostics).includes('ban-concurrent-index-creation-in-transaction'), `got ${codes(published.diagnostics)}`);
  });
});
