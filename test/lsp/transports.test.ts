/**
 * Slow lints (stopped by the time limit while the server stays responsive), the IPC transport,
 * the inline fallback, and exit codes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver-protocol';
import { codes, RISKY_INDEX, TestClient, Workspace } from './harness';

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

  it('lints on the main thread when worker threads are turned off (SAFESHIFT_LINT_INLINE=1)', async () => {
    const workspace = new Workspace();
    process.env.SAFESHIFT_LINT_INLINE = '1';
    const client = await TestClient.start({}).finally(() => delete process.env.SAFESHIFT_LINT_INLINE);
    try {
      const uri = workspace.uri('inline.sql');
      const published = await client.diagnostics(uri, () => true, client.open(uri, RISKY_INDEX));
      assert.ok(codes(published.diagnostics).includes('require-concurrent-index-creation'));
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
      assert.ok(hover);
    } finally {
      await client.stop();
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
