/**
 * Pull diagnostics (`textDocument/diagnostic`) for clients that advertise them: no pushes for SQL
 * documents, result ids, a refresh request after a config change, and a retrigger when the
 * document changes while it is being checked.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentDiagnosticReport, FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { codes, pullCapabilities, RISKY_INDEX, sleep, TestClient, Workspace } from './harness';

function pull(client: TestClient, uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
  return client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
}

describe('pull diagnostics', () => {
  let client: TestClient;
  let workspace: Workspace;
  before(async () => {
    workspace = new Workspace();
    client = await TestClient.start({ capabilities: pullCapabilities() });
  });
  after(async () => {
    await client.stop();
    workspace.dispose();
  });

  it('advertises a diagnostic provider', () => {
    assert.deepEqual(client.initializeResult.capabilities.diagnosticProvider, { identifier: 'safeshift', interFileDependencies: false, workspaceDiagnostics: false });
  });

  it('answers pulls with full reports and result ids, and never pushes for SQL documents', async () => {
    const uri = workspace.uri('migrations/001.sql');
    client.open(uri, RISKY_INDEX);
    const first = (await pull(client, uri)) as FullDocumentDiagnosticReport;
    assert.equal(first.kind, 'full');
    assert.ok(codes(first.items).includes('require-concurrent-index-creation'));
    assert.equal(first.items[0].source, 'safeshift');
    assert.ok(first.resultId);
    const again = await pull(client, uri, first.resultId);
    assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });
    client.change(uri, 'SELECT 1;\n');
    const changed = (await pull(client, uri, first.resultId)) as FullDocumentDiagnosticReport;
    assert.equal(changed.kind, 'full');
    assert.notEqual(changed.resultId, first.resultId);
    assert.deepEqual(changed.items, []);
    await sleep(200);
    assert.equal(client.publishedFor(uri).length, 0, 'no publishDiagnostics for a pull client');
  });

  it('answers an empty report for unknown documents', async () => {
    const report = (await pull(client, workspace.uri('missing.sql'))) as FullDocumentDiagnosticReport;
    assert.deepEqual(report, { kind: 'full', items: [] });
  });

  it('asks the client to refresh after safeshift.json changes, and the next pull follows the config', async () => {
    const uri = workspace.uri('migrations/002.sql');
    client.open(uri, RISKY_INDEX);
    const before = (await pull(client, uri)) as FullDocumentDiagnosticReport;
    assert.ok(codes(before.items).includes('require-concurrent-index-creation'));
    const refreshes = client.refreshRequests;
    const configUri = workspace.write('safeshift.json', JSON.stringify({ rules: { 'require-concurrent-index-creation': 'off' } }));
    client.send('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 1 }] });
    await client.waitFor('a refresh request', () => (client.refreshRequests > refreshes ? true : undefined));
    const after = (await pull(client, uri, before.resultId)) as FullDocumentDiagnosticReport;
    assert.equal(after.kind, 'full');
    assert.ok(!codes(after.items).includes('require-concurrent-index-creation'), `got ${codes(after.items)}`);
  });

  it('still pushes problems of safeshift.json itself, and answers pulls for it with nothing', async () => {
    const configUri = workspace.write('broken/safeshift.json', '{ "postgresVersion": "sixteen" }');
    const uri = workspace.uri('broken/001.sql');
    client.open(uri, RISKY_INDEX);
    const mark = client.published.length;
    await pull(client, uri);
    const config = await client.diagnostics(configUri, () => true, mark);
    assert.equal(config.diagnostics.length, 1);
    assert.match(String(config.diagnostics[0].message), /postgresVersion/);
    client.open(configUri, '{ "postgresVersion": "sixteen" }', 'json');
    assert.deepEqual(await pull(client, configUri), { kind: 'full', items: [] });
  });
});

describe('pull diagnostics while the document changes', () => {
  it('cancels a stale pull with ServerCancelled and retriggerRequest', async () => {
    const workspace = new Workspace();
    const client = await TestClient.start({ capabilities: pullCapabilities(), configurationDelayMs: 300 });
    try {
      const uri = workspace.uri('stale.sql');
      client.open(uri, RISKY_INDEX);
      const pending = pull(client, uri);
      await sleep(50);
      client.change(uri, 'SELECT 1;\n');
      await assert.rejects(pending, (error: { code?: number; data?: unknown }) => {
        assert.equal(error.code, -32802);
        assert.deepEqual(error.data, { retriggerRequest: true });
        return true;
      });
      const fresh = (await pull(client, uri)) as FullDocumentDiagnosticReport;
      assert.deepEqual(fresh.items, []);
    } finally {
      await client.stop();
      workspace.dispose();
    }
  });
});
