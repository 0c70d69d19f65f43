/**
 * The server survives hostile documents and malformed requests: each gets a clear answer or a
 * log line, never a crash or a hang. Also: the IPC transport, and exit codes.
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

describe('slow lints', () => {
  it('stops a lint that runs too long, reports it on the file, and stays responsive meanwhile', async () => {
    const workspace = new Workspace();
    const client = await TestClient.start({ initializationOptions: { lintTimeoutMs: 1000 } });
    try {
      // Thousands of statements: seconds of work for the analysis, far beyond the 1 s limit set here.
      const slow = workspace.uri('slow.sql');
      const mark = client.open(slow, 'ALTER TABLE warehouses ADD COLUMN city text;\nCREATE INDEX warehouses_city_idx ON warehouses (city);\n'.repeat(6000));
      await new Promise((r) => setTimeout(r, 100));
      const asked = Date.now();
      assert.equal(await client.request('textDocument/hover', { textDocument: { uri: workspace.uri('other.sql') }, position: { line: 0, character: 0 } }), null);
      assert.ok(Date.now() - asked < 1000, `a hover waited ${Date.now() - asked} ms behind a slow lint`);
      const published = await client.diagnostics(slow, () => true, mark, 15000);
      assert.deepEqual(codes(published.diagnostics), ['analysis-incomplete']);
      assert.match(String(published.diagnostics[0].message), /stopped analysing this file after 1 s/);
      // The worker was replaced: the next document is checked normally.
      const next = workspace.uri('next.sql');
      const after = await client.diagnostics(next, () => true, client.open(next, RISKY_INDEX));
      assert.ok(codes(after.diagnostics).includes('require-concurrent-index-creation'));
    } finally {
      await client.stop();
      workspace.dispose();
    }
  });
});

describe('transports and exit codes', () => {
  it('works over IPC (--node-ipc), the transport the VS Code client uses', async () => {
    const workspace = new Workspace();
    const client = await TestClient.start({ transport: 'ipc' });
    try {
      const uri = workspace.uri('ipc.sql');
      const published = await client.diagnostics(uri, () => true, client.open(uri, RISKY_INDEX));
      assert.ok(codes(published.diagnostics).includes('require-concurrent-index-creation'));
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
      assert.ok(hover);
    } finally {
      assert.equal(await client.stop(), 0);
      workspace.dispose();
    }
  });

  it('exits with 1 on exit without shutdown, as the protocol says', async () => {
    const client = await TestClient.start({});
    const exited = new Promise<number | null>((resolve) => client.process.on('exit', (code) => resolve(code)));
    client.send('exit', undefined);
    assert.equal(await exited, 1);
  });
});
