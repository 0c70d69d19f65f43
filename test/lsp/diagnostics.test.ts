/**
 * Push diagnostics over stdio: initialize, didOpen → publishDiagnostics, the diagnostic's shape,
 * debounced didChange with stale versions dropped, didClose, settings precedence, exclude, status.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-protocol';
import { codes, finding, INDEX_RULE, pushCapabilities, RISKY_INDEX, sleep, TestClient, TIMEOUT_RULE, Workspace } from './harness';

describe('push diagnostics (stdio)', () => {
  let client: TestClient;
  let workspace: Workspace;

  before(async () => {
    workspace = new Workspace();
    client = await TestClient.start({ capabilities: pushCapabilities(), rootPath: workspace.root });
  });
  after(async () => {
    if (client.alive) await client.stop();
    workspace.dispose();
  });

  it('initialize advertises incremental sync, quick fixes and hover, and no pull diagnostics', () => {
    const { capabilities, serverInfo } = client.initializeResult;
    assert.equal(serverInfo?.name, 'safeshift');
    assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.equal(capabilities.hoverProvider, true);
    assert.equal(capabilities.diagnosticProvider, undefined);
  });

  it('registers for config changes and safeshift.json file events', async () => {
    await client.waitFor('registrations', () => (client.registrations.length >= 2 ? true : undefined));
    const methods = client.registrations.flatMap((r) => (r as { registrations: Array<{ method: string }> }).registrations.map((x) => x.method));
    assert.ok(methods.includes('workspace/didChangeConfiguration'));
    assert.ok(methods.includes('workspace/didChangeWatchedFiles'));
  });

  it('publishes a finding on open with rule id, docs link, source and severity', async () => {
    const uri = workspace.uri('migrations/001_index.sql');
    const mark = client.open(uri, RISKY_INDEX);
    const published = await client.diagnostics(uri, () => true, mark);
    assert.equal(published.version, 1);
    const index = published.diagnostics.find((d) => d.code === 'require-concurrent-index-creation');
    assert.ok(index, `got ${codes(published.diagnostics)}`);
    assert.equal(index.source, 'safeshift');
    assert.equal(index.severity, DiagnosticSeverity.Warning);
    assert.equal(index.codeDescription?.href, 'https://github.com/safeshift/safeshift/blob/main/docs/rules/require-concurrent-index-creation.md');
    assert.match(String(index.message), /SHARE lock on "warehouses"/);
    assert.deepEqual(index.range.start, { line: 0, character: 0 });
    assert.deepEqual(index.range.end, { line: 0, character: RISKY_INDEX.trimEnd().length });
  });

  it('marks unused ignores as Unnecessary hints and reports syntax errors as errors', async () => {
    const uri = workspace.uri('migrations/002_misc.sql');
    const text = '-- safeshift-ignore no-such-rule\nSELECT 1;\nALTER TABLE t ADD COLUMN c text NOT NUL;\n';
    const mark = client.open(uri, text);
    const published = await client.diagnostics(uri, () => true, mark);
    const unused = published.diagnostics.find((d) => d.code === 'unused-ignore');
    assert.ok(unused, `got ${codes(published.diagnostics)}`);
    assert.equal(unused.severity, DiagnosticSeverity.Hint);
    assert.deepEqual(unused.tags, [DiagnosticTag.Unnecessary]);
    const syntax = published.diagnostics.find((d) => d.code === 'syntax-error');
    assert.ok(syntax);
    assert.equal(syntax.severity, DiagnosticSeverity.Error);
    assert.equal(syntax.range.start.line, 2);
  });

  it('debounces a burst of changes and ends on the latest version', async () => {
    const uri = workspace.uri('migrations/003_typing.sql');
    let mark = client.open(uri, 'SELECT 1;\n');
    await client.diagnostics(uri, () => true, mark);
    mark = client.published.length;
    let version = 1;
    // A burst of keystrokes faster than the debounce.
    const target = RISKY_INDEX;
    let changes = 0;
    for (let i = 1; i <= target.length; i += 6, changes++) version = client.change(uri, target.slice(0, i));
    version = client.change(uri, target);
    changes++;
    const published = await client.diagnostics(uri, (p) => p.version === version, mark);
    assert.ok(codes(published.diagnostics).includes('require-concurrent-index-creation'));
    await sleep(150);
    const burst = client.published.slice(mark).filter((p) => p.uri === uri);
    assert.ok(burst.length < changes / 2, `${changes} changes gave ${burst.length} publications`);
    assert.equal(burst.at(-1)!.version, version);
    const versions = burst.map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'publications never go back to an older version');
  });

  it('clears diagnostics on close', async () => {
    const uri = workspace.uri('migrations/001_index.sql');
    const mark = client.published.length;
    client.close(uri);
    const cleared = await client.diagnostics(uri, () => true, mark);
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('answers safeshift/status for an open document and for one that is not open', async () => {
    const uri = workspace.uri('migrations/004_status.sql');
    const mark = client.open(uri, RISKY_INDEX + 'DROP TABLE x;\n');
    const published = await client.diagnostics(uri, () => true, mark);
    const status = await client.request<{ postgresVersion: string; configPath: string | null; findings: number }>('safeshift/status', { uri });
    assert.deepEqual(status, { postgresVersion: '16', configPath: null, findings: published.diagnostics.length });
    const closed = await client.request<{ findings: number; configPath: string | null }>('safeshift/status', { uri: workspace.uri('migrations/none.sql') });
    assert.equal(closed.findings, 0);
    assert.equal(closed.configPath, null);
  });

  it('checks untitled buffers with the editor settings and no config file', async () => {
    const uri = 'untitled:Untitled-1';
    const published = await client.diagnostics(uri, () => true, client.open(uri, RISKY_INDEX));
    assert.ok(codes(published.diagnostics).includes('require-concurrent-index-creation'));
    const status = await client.request<{ configPath: string | null }>('safeshift/status', { uri });
    assert.equal(status.configPath, null);
  });

  it('ignores documents that are not SQL', async () => {
    const uri = workspace.uri('notes.md');
    client.open(uri, 'CREATE INDEX i ON t (a);', 'markdown');
    await sleep(200);
    assert.equal(client.publishedFor(uri).length, 0);
  });

  it('shuts down cleanly with exit code 0', async () => {
    assert.equal(await client.stop(), 0);
    assert.deepEqual(client.errorLogs(), []);
  });
});

describe('stale results', () => {
  it('drops a check that an edit overtook, and publishes only the latest version', async () => {
    const workspace = new Workspace();
    // The client answers workspace/configuration slowly, so the first check is still waiting when the edits arrive.
    const client = await TestClient.start({ configurationDelayMs: 700 });
    try {
      const uri = workspace.uri('stale.sql');
      client.open(uri, RISKY_INDEX);
      client.change(uri, 'SELECT 1;\n');
      client.change(uri, 'SELECT 2;\n');
      const version = client.change(uri, `${RISKY_INDEX}DROP TABLE x;\n`);
      const published = await client.diagnostics(uri, () => true);
      assert.equal(published.version, version);
      await sleep(300);
      assert.deepEqual(client.publishedFor(uri).map((p) => p.version), [version]);
    } finally {
      await client.stop();
      workspace.dispose();
    }
  });
});

describe('settings precedence: safeshift.json > editor settings > defaults', () => {
  let workspace: Workspace;
  before(() => {
    workspace = new Workspace();
  });
  after(() => workspace.dispose());

  it('applies editor settings when there is no safeshift.json', async () => {
    const client = await TestClient.start({
      settings: { postgresVersion: '14', rules: { 'require-concurrent-index-creation': 'error', 'require-lock-timeout': 'off' } },
    });
    try {
      const uri = workspace.uri('plain/001.sql');
      const published = await client.diagnostics(uri, () => true, client.open(uri, RISKY_INDEX));
      assert.equal(finding(published.diagnostics, INDEX_RULE)?.severity, DiagnosticSeverity.Error);
      assert.equal(finding(published.diagnostics, TIMEOUT_RULE), undefined);
      const status = await client.request<{ postgresVersion: string }>('safeshift/status', { uri });
      assert.equal(status.postgresVersion, '14');
      assert.ok(client.configurationRequests.length >= 1);
      const item = (client.configurationRequests[0] as { items: Array<{ section: string; scopeUri: string }> }).items[0];
      assert.equal(item.section, 'safeshift');
      assert.equal(item.scopeUri, uri);
    } finally {
      await client.stop();
    }
  });

  it('lets safeshift.json win over the editor, key by key and rule by rule', async () => {
    workspace.write('proj/safeshift.json', JSON.stringify({ postgresVersion: '15', rules: { 'require-concurrent-index-creation': 'info' } }));
    const client = await TestClient.start({
      settings: { postgresVersion: '12', assumeInTransaction: true, rules: { 'require-concurrent-index-creation': 'error', 'require-lock-timeout': 'off' } },
    });
    try {
      const uri = workspace.uri('proj/migrations/001.sql');
      const published = await client.diagnostics(uri, () => true, client.open(uri, RISKY_INDEX));
      // The config's level wins for the index rule; the editor's "off" still applies to the other.
      assert.equal(finding(published.diagnostics, INDEX_RULE)?.severity, DiagnosticSeverity.Information);
      assert.equal(finding(published.diagnostics, TIMEOUT_RULE), undefined);
      // assumeInTransaction comes from the editor: the fix is no longer "preferred" inside a transaction.
      const status = await client.request<{ postgresVersion: string; configPath: string }>('safeshift/status', { uri });
      assert.equal(status.postgresVersion, '15');
      assert.equal(status.configPath, workspace.path('proj/safeshift.json'));
    } finally {
      await client.stop();
    }
  });

  it('honours exclude globs from safeshift.json', async () => {
    workspace.write('excl/safeshift.json', JSON.stringify({ exclude: ['legacy/**'] }));
    const client = await TestClient.start({});
    try {
      const skipped = workspace.uri('excl/legacy/001.sql');
      const checked = workspace.uri('excl/migrations/001.sql');
      const a = await client.diagnostics(skipped, () => true, client.open(skipped, RISKY_INDEX));
      assert.deepEqual(a.diagnostics, []);
      const b = await client.diagnostics(checked, () => true, client.open(checked, RISKY_INDEX));
      assert.ok(b.diagnostics.length > 0);
      const status = await client.request<{ findings: number }>('safeshift/status', { uri: skipped });
      assert.equal(status.findings, 0);
    } finally {
      await client.stop();
    }
  });

  it('re-checks open documents when the editor settings change', async () => {
    const settings: Record<string, unknown> = { rules: {} };
    const client = await TestClient.start({ settings });
    try {
      const uri = workspace.uri('plain/002.sql');
      const first = await client.diagnostics(uri, () => true, client.open(uri, RISKY_INDEX));
      assert.ok(codes(first.diagnostics).includes('require-lock-timeout'));
      settings.rules = { 'require-lock-timeout': 'off' };
      const mark = client.published.length;
      client.send('workspace/didChangeConfiguration', { settings: null });
      const second = await client.diagnostics(uri, () => true, mark);
      assert.ok(!codes(second.diagnostics).includes('require-lock-timeout'), `got ${codes(second.diagnostics)}`);
    } finally {
      await client.stop();
    }
  });
});
