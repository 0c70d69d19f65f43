/**
 * Configuration: diagnostics on safeshift.json itself, its unsaved buffer applying at once,
 * file-watcher changes, and clients that cannot or will not answer workspace/configuration.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { codes, finding, INDEX_RULE, pushCapabilities, RISKY_INDEX, sleep, TestClient, TIMEOUT_RULE, Workspace } from './harness';

describe('safeshift.json', () => {
  let client: TestClient;
  let workspace: Workspace;
  before(async () => {
    workspace = new Workspace();
    client = await TestClient.start({});
  });
  after(async () => {
    await client.stop();
    workspace.dispose();
  });

  it('publishes diagnostics on a broken config file and lints with the defaults', async () => {
    const configText = '{\n  "postgresVersion": 16,\n  "rules": { "require-lock-timeout": "off", }\n  "oops"\n}\n';
    const configUri = workspace.write('broken/safeshift.json', configText);
    const uri = workspace.uri('broken/migrations/001.sql');
    const mark = client.open(uri, RISKY_INDEX);
    const config = await client.diagnostics(configUri, () => true, mark);
    assert.equal(config.diagnostics.length, 1);
    const [problem] = config.diagnostics;
    assert.equal(problem.severity, DiagnosticSeverity.Error);
    assert.equal(problem.source, 'safeshift');
    assert.equal(problem.code, 'config');
    assert.match(String(problem.message), /not valid JSON/);
    assert.equal(problem.range.start.line, 3);
    const sql = await client.diagnostics(uri, () => true, mark);
    // Defaults: the broken file's "off" is not applied.
    assert.ok(codes(sql.diagnostics).includes('require-lock-timeout'), `got ${codes(sql.diagnostics)}`);
  });

  it('reports invalid values at their position and an unknown rule as a warning', async () => {
    const configText = '{\n  "postgresVersion": "sixteen",\n  "rules": { "no-such-rule": "off" }\n}\n';
    const configUri = workspace.write('invalid/safeshift.json', configText);
    const uri = workspace.uri('invalid/001.sql');
    const mark = client.open(uri, RISKY_INDEX);
    const config = await client.diagnostics(configUri, () => true, mark);
    const byLine = new Map(config.diagnostics.map((d) => [d.range.start.line, d]));
    assert.equal(byLine.get(1)?.severity, DiagnosticSeverity.Error);
    assert.deepEqual(byLine.get(1)?.range, { start: { line: 1, character: 21 }, end: { line: 1, character: 30 } });
    assert.equal(byLine.get(2)?.severity, DiagnosticSeverity.Warning);
  });

  it('applies an edited, unsaved safeshift.json buffer to open migrations at once', async () => {
    const configUri = workspace.write('live/safeshift.json', '{}\n');
    const uri = workspace.uri('live/001.sql');
    const first = await client.diagnostics(uri, () => true, client.open(uri, RISKY_INDEX));
    assert.ok(codes(first.diagnostics).includes('require-concurrent-index-creation'));

    client.open(configUri, '{}\n', 'json');
    let mark = client.published.length;
    client.change(configUri, '{ "rules": { "require-concurrent-index-creation": "off" } }\n');
    const relinted = await client.diagnostics(uri, (p) => !codes(p.diagnostics).includes('require-concurrent-index-creation'), mark);
    assert.ok(relinted);

    // Breaking the buffer: its problem shows on the buffer, and the migration goes back to the defaults.
    mark = client.published.length;
    client.change(configUri, '{ "rules": ');
    const problems = await client.diagnostics(configUri, (p) => p.diagnostics.length > 0, mark);
    assert.match(String(problems.diagnostics[0].message), /not valid JSON/);
    await client.diagnostics(uri, (p) => codes(p.diagnostics).includes('require-concurrent-index-creation'), mark);

    // Fixing it clears the config diagnostics.
    mark = client.published.length;
    client.change(configUri, '{ "rules": { "require-concurrent-index-creation": "off" } }');
    await client.diagnostics(configUri, (p) => p.diagnostics.length === 0, mark);

    // Closing the unsaved buffer: the file on disk ({}) applies again.
    mark = client.published.length;
    client.close(configUri);
    await client.diagnostics(uri, (p) => codes(p.diagnostics).includes('require-concurrent-index-creation'), mark);
  });

  it('re-checks open migrations when safeshift.json changes on disk, and clears its diagnostics when it is deleted', async () => {
    const configUri = workspace.write('disk/safeshift.json', '{ "rules": { "require-lock-timeout": "bogus" } }');
    const uri = workspace.uri('disk/001.sql');
    let mark = client.open(uri, RISKY_INDEX);
    const config = await client.diagnostics(configUri, () => true, mark);
    assert.equal(config.diagnostics.length, 1);
    await client.diagnostics(uri, () => true, mark);

    mark = client.published.length;
    workspace.write('disk/safeshift.json', '{ "rules": { "require-lock-timeout": "off", "require-concurrent-index-creation": "error" } }');
    client.send('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    const after = await client.diagnostics(uri, () => true, mark);
    assert.equal(finding(after.diagnostics, TIMEOUT_RULE), undefined, `got ${codes(after.diagnostics)}`);
    assert.equal(finding(after.diagnostics, INDEX_RULE)?.severity, DiagnosticSeverity.Error);
    await client.diagnostics(configUri, (p) => p.diagnostics.length === 0, mark);

    workspace.write('disk/safeshift.json', '{ "postgresVersion": [] }');
    client.send('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    await client.diagnostics(configUri, (p) => p.diagnostics.length === 1, mark);
    mark = client.published.length;
    workspace.remove('disk/safeshift.json');
    client.send('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 3 }] });
    await client.diagnostics(configUri, (p) => p.diagnostics.length === 0, mark);
    const defaults = await client.diagnostics(uri, () => true, mark);
    assert.ok(codes(defaults.diagnostics).includes('require-lock-timeout'));
  });
});

describe('clients and workspace/configuration', () => {
  let workspace: Workspace;
  before(() => {
    workspace = new Workspace();
  });
  after(() => workspace.dispose());

  it('falls back to the defaults when the client never answers, and stops waiting for it', async () => {
    const client = await TestClient.start({ configuration: 'never', settings: { rules: { 'require-lock-timeout': 'off' } } });
    try {
      const uri = workspace.uri('never/001.sql');
      const started = Date.now();
      const first = await client.diagnostics(uri, () => true, client.open(uri, RISKY_INDEX));
      const waited = Date.now() - started;
      assert.ok(waited >= 350, `diagnostics came after ${waited} ms, before the 400 ms timeout`);
      assert.ok(codes(first.diagnostics).includes('require-lock-timeout'), 'defaults apply');
      assert.ok(client.logs.some((l) => /did not answer workspace\/configuration/.test(l.message)));
      // The next document does not wait for the timeout again.
      const second = workspace.uri('never/002.sql');
      const again = Date.now();
      await client.diagnostics(second, () => true, client.open(second, RISKY_INDEX));
      assert.ok(Date.now() - again < 350, `the second document waited ${Date.now() - again} ms`);
      assert.equal(client.configurationRequests.length, 1);
    } finally {
      await client.stop();
    }
  });

  it('falls back to the defaults when the client answers with an error', async () => {
    const client = await TestClient.start({ configuration: 'error' });
    try {
      const uri = workspace.uri('error/001.sql');
      const published = await client.diagnostics(uri, () => true, client.open(uri, RISKY_INDEX));
      assert.ok(codes(published.diagnostics).includes('require-concurrent-index-creation'));
      assert.ok(client.alive);
    } finally {
      await client.stop();
    }
  });

  it('never asks a client without the configuration capability, and takes settings from initializationOptions and didChangeConfiguration (Neovim style)', async () => {
    const capabilities = pushCapabilities();
    delete capabilities.workspace!.configuration;
    delete capabilities.workspace!.didChangeConfiguration;
    delete capabilities.workspace!.didChangeWatchedFiles;
    const client = await TestClient.start({
      capabilities,
      initializationOptions: { settings: { rules: { 'require-lock-timeout': 'off' } } },
    });
    try {
      const uri = workspace.uri('nvim/001.sql');
      const first = await client.diagnostics(uri, () => true, client.open(uri, RISKY_INDEX));
      assert.ok(finding(first.diagnostics, INDEX_RULE));
      assert.equal(finding(first.diagnostics, TIMEOUT_RULE), undefined);
      const mark = client.published.length;
      client.send('workspace/didChangeConfiguration', { settings: { safeshift: { rules: { 'require-concurrent-index-creation': 'off' } } } });
      const second = await client.diagnostics(uri, () => true, mark);
      assert.ok(finding(second.diagnostics, TIMEOUT_RULE));
      assert.equal(finding(second.diagnostics, INDEX_RULE), undefined);
      await sleep(50);
      assert.equal(client.configurationRequests.length, 0);
      assert.equal(client.registrations.length, 0);
    } finally {
      await client.stop();
    }
  });
});
