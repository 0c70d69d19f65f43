/**
 * The server survives hostile documents and malformed requests: each gets a clear answer or a
 * log line, never a crash or a hang.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Hover } from 'vscode-languageserver-protocol';
import { codes, RISKY_INDEX, TestClient, Workspace } from './harness';

const HOSTILE: Record<string, string> = {
  'binary with NUL bytes': 'SELECT 1;\u0000\u0001\u0002\u00ff\u0000PK\u0003\u0004',
  '3 MB of SQL': RISKY_INDEX.repeat(Math.ceil((3 * 1024 * 1024) / RISKY_INDEX.length)),
  'unterminated dollar quote': 'CREATE FUNCTION f() RETURNS int AS $body$\nBEGIN\n  RETURN 1;\nEND;\n',
  'unterminated quote and comment': "SELECT 'abc;\n/* never closed\nCREATE INDEX i ON t (a);",
  '5,000 nested parentheses': `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)};\n${RISKY_INDEX}`,
  '5,000 unclosed parentheses': `SELECT ${'('.repeat(5000)};\n${RISKY_INDEX}`,
  'lone surrogates and odd line breaks': 'SELECT \ud800 \udfff;\r\rCREATE INDEX i ON t (a);\u2028\r\n',
  'one 200 KB line': `-- ${'x'.repeat(200 * 1024)}\n${RISKY_INDEX}`,
  'empty': '',
};

describe('hostile documents', () => {
  let client: TestClient;
  let workspace: Workspace;
  before(async () => {
    workspace = new Workspace();
    client = await TestClient.start({});
  });
  after(async () => {
    if (client.alive) await client.stop();
    workspace.dispose();
  });

  for (const [name, text] of Object.entries(HOSTILE)) {
    it(`${name}: diagnostics arrive and the server answers hover and code actions`, async () => {
      const uri = workspace.uri(`hostile/${name.replace(/\W+/g, '-')}.sql`);
      const started = Date.now();
      const published = await client.diagnostics(uri, () => true, client.open(uri, text), 10000);
      assert.ok(Date.now() - started < 10000);
      if (name !== 'empty') assert.ok(published.diagnostics.length > 0, `${name}: no diagnostics`);
      for (const d of published.diagnostics) {
        assert.ok(d.range.start.line >= 0 && d.range.end.line >= d.range.start.line, JSON.stringify(d.range));
        assert.ok(String(d.message).length < 2000, `${name}: a ${String(d.message).length}-character message`);
      }
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
      assert.ok(hover === null || typeof hover === 'object');
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 99999, character: 0 } },
        context: { diagnostics: [] },
      });
      assert.ok(Array.isArray(actions));
      assert.ok(client.alive);
    });
  }

  it('reports the 3 MB file once as too large, and keeps up with edits to it', async () => {
    const uri = workspace.uri('hostile/3-MB-of-SQL.sql');
    const last = client.publishedFor(uri).at(-1)!;
    assert.deepEqual(codes(last.diagnostics), ['invalid-input']);
    const mark = client.published.length;
    const version = 1 + 1;
    client.edit(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '-- edited\n' }]);
    const edited = await client.diagnostics(uri, (p) => p.version === version, mark, 10000);
    assert.deepEqual(codes(edited.diagnostics), ['invalid-input']);
  });

  it('recovers after a broken statement and still reports the statements after it', async () => {
    const uri = workspace.uri('hostile/5-000-unclosed-parentheses.sql');
    const last = client.publishedFor(uri).at(-1)!;
    assert.ok(codes(last.diagnostics).includes('syntax-error'));
  });

  it('turns exceptions in handlers into log lines and fallback answers', async () => {
    assert.deepEqual(await client.request('textDocument/codeAction', {}), []);
    assert.equal(await client.request('textDocument/hover', { textDocument: null, position: null }), null);
    const status = await client.request<{ findings: number }>('safeshift/status', null);
    assert.equal(status.findings, 0);
    client.send('textDocument/didChange', { textDocument: { uri: 'file:///never/opened.sql', version: 3 }, contentChanges: [{ text: 'x' }] });
    client.send('workspace/didChangeWatchedFiles', { changes: [{ uri: 'not a uri', type: 2 }, { uri: 'file:///x/safeshift.json', type: 3 }] });
    client.send('workspace/didChangeConfiguration', { settings: { safeshift: 'not an object' } });
    const open = workspace.uri('hostile/empty.sql');
    client.send('textDocument/didChange', { textDocument: { uri: open, version: 7 }, contentChanges: 'garbage' });
    client.send('textDocument/didChange', { textDocument: { uri: open, version: 8 }, contentChanges: [{ range: { start: { line: -4 }, end: null }, text: 42 }] });
    client.send('textDocument/didOpen', { textDocument: { uri: open } });
    await assert.rejects(client.request('safeshift/noSuchRequest', {}), (error: { code?: number }) => error.code === -32601);
    // Still alive and working.
    const uri = workspace.uri('after-errors.sql');
    const published = await client.diagnostics(uri, () => true, client.open(uri, RISKY_INDEX));
    assert.ok(codes(published.diagnostics).includes('require-concurrent-index-creation'));
    assert.ok(client.errorLogs().some((line) => /textDocument\/codeAction failed/.test(line)), client.errorLogs().join('\n'));
  });

  it('exits with 0 after shutdown and exit', async () => {
    assert.equal(await client.stop(), 0);
  });
});
