/**
 * Code actions and hover: fixes come back as quick fixes (rule fix preferred first, then the
 * ignores); applying the returned edit and sending it as didChange makes the finding disappear.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { codes, editsFor, pushCapabilities, RISKY_INDEX, TestClient, Workspace } from './harness';

async function actionsFor(client: TestClient, uri: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], ...(only ? { only } : {}) },
  });
}

for (const documentChanges of [false, true]) {
  describe(`code actions (${documentChanges ? 'documentChanges' : 'changes'})`, () => {
    let client: TestClient;
    let workspace: Workspace;
    before(async () => {
      workspace = new Workspace();
      client = await TestClient.start({ capabilities: pushCapabilities({ documentChanges }) });
    });
    after(async () => {
      await client.stop();
      workspace.dispose();
    });

    it('offers the rule fix first and preferred, then ignore for this statement, then for this file', async () => {
      const uri = workspace.uri('order.sql');
      const published = await client.diagnostics(uri, () => true, client.open(uri, RISKY_INDEX));
      const diagnostic = published.diagnostics.find((d) => d.code === 'require-concurrent-index-creation')!;
      const actions = await actionsFor(client, uri, diagnostic);
      const titles = actions.map((a) => a.title);
      assert.equal(titles[0], 'Add CONCURRENTLY IF NOT EXISTS');
      assert.equal(actions[0].isPreferred, true);
      assert.equal(actions[0].kind, 'quickfix');
      assert.equal(actions[0].diagnostics?.[0].code, 'require-concurrent-index-creation');
      const statementIgnore = titles.indexOf('Ignore require-concurrent-index-creation for this statement');
      const fileIgnore = titles.indexOf('Ignore require-concurrent-index-creation for this file');
      assert.ok(statementIgnore > 0 && fileIgnore > statementIgnore, titles.join(' | '));
      // Every ignore comes after every rule fix.
      const firstIgnore = titles.findIndex((t) => t.startsWith('Ignore '));
      assert.ok(titles.slice(firstIgnore).every((t) => t.startsWith('Ignore ')), titles.join(' | '));
      if (documentChanges) {
        assert.deepEqual(actions[0].edit?.documentChanges?.[0] && 'textDocument' in actions[0].edit.documentChanges[0] ? actions[0].edit.documentChanges[0].textDocument : undefined, { uri, version: 1 });
        assert.equal(actions[0].edit?.changes, undefined);
      } else {
        assert.ok(actions[0].edit?.changes?.[uri]);
        assert.equal(actions[0].edit?.documentChanges, undefined);
      }
    });

    it('applying the rule fix removes the finding', async () => {
      const uri = workspace.uri('fix.sql');
      const published = await client.diagnostics(uri, () => true, client.open(uri, RISKY_INDEX));
      const diagnostic = published.diagnostics.find((d) => d.code === 'require-concurrent-index-creation')!;
      const [fix] = await actionsFor(client, uri, diagnostic);
      const mark = client.published.length;
      const version = client.edit(uri, editsFor(fix.edit, uri));
      assert.match(client.text(uri), /CREATE INDEX CONCURRENTLY IF NOT EXISTS warehouses_city_idx/);
      const after = await client.diagnostics(uri, (p) => p.version === version, mark);
      assert.ok(!codes(after.diagnostics).includes('require-concurrent-index-creation'), `got ${codes(after.diagnostics)}`);
    });

    it('applying "ignore for this statement" and "ignore for this file" removes the finding without leaving an unused ignore', async () => {
      for (const scope of ['statement', 'file']) {
        const uri = workspace.uri(`ignore-${scope}.sql`);
        const published = await client.diagnostics(uri, () => true, client.open(uri, `SELECT 1;\n${RISKY_INDEX}`));
        const diagnostic = published.diagnostics.find((d) => d.code === 'require-lock-timeout');
        assert.ok(diagnostic, `got ${codes(published.diagnostics)}`);
        const actions = await actionsFor(client, uri, diagnostic);
        const ignore = actions.find((a) => a.title === `Ignore require-lock-timeout for this ${scope}`);
        assert.ok(ignore, actions.map((a) => a.title).join(' | '));
        const mark = client.published.length;
        const version = client.edit(uri, editsFor(ignore.edit, uri));
        const after = await client.diagnostics(uri, (p) => p.version === version, mark);
        const left = codes(after.diagnostics);
        assert.ok(!left.includes('require-lock-timeout'), `${scope}: got ${left} for\n${client.text(uri)}`);
        assert.ok(!left.includes('unused-ignore'), `${scope}: got ${left} for\n${client.text(uri)}`);
      }
    });

    it('answers for the diagnostics the client names, and for the whole range when it names none of ours', async () => {
      const uri = workspace.uri('order.sql');
      const diagnostics = client.publishedFor(uri).at(-1)!.diagnostics;
      const index = diagnostics.find((d) => d.code === 'require-concurrent-index-creation')!;
      const named = await actionsFor(client, uri, index);
      assert.ok(named.every((a) => a.diagnostics?.[0].code === 'require-concurrent-index-creation'), named.map((a) => a.title).join(' | '));
      const all = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: index.range,
        context: { diagnostics: [{ ...index, source: 'another-linter', code: 'x' }] },
      });
      const rules = new Set(all.map((a) => a.diagnostics?.[0].code));
      assert.ok(rules.has('require-concurrent-index-creation') && rules.has('require-lock-timeout'), [...rules].join(', '));
    });

    it('returns no quick fixes when only other kinds are asked for, or away from any finding', async () => {
      const uri = workspace.uri('order.sql');
      const diagnostic = client.publishedFor(uri).at(-1)!.diagnostics[0];
      assert.deepEqual(await actionsFor(client, uri, diagnostic, ['refactor.rewrite']), []);
      assert.ok((await actionsFor(client, uri, diagnostic, ['quickfix'])).length > 0);
      const away = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } },
        context: { diagnostics: [] },
      });
      assert.deepEqual(away, []);
    });
  });
}

describe('hover', () => {
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

  it('shows the lock a statement takes, what it blocks and what continues, in Markdown', async () => {
    const uri = workspace.uri('hover.sql');
    const text = `-- comment\n${RISKY_INDEX}ALTER TABLE warehouses ADD COLUMN city text;\nBEGIN;\nALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (w) REFERENCES warehouses (id);\nCOMMIT;\n`;
    await client.diagnostics(uri, () => true, client.open(uri, text));
    const index = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 10 } });
    const value = (index.contents as MarkupContent).value;
    assert.equal((index.contents as MarkupContent).kind, 'markdown');
    assert.match(value, /\*\*SHARE\*\* on `warehouses` \(CREATE INDEX\): blocks INSERT, UPDATE and DELETE; plain SELECTs continue; held until the statement finishes/);
    assert.deepEqual(index.range, { start: { line: 1, character: 0 }, end: { line: 1, character: RISKY_INDEX.trimEnd().length } });

    const add = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 3 } });
    assert.match((add.contents as MarkupContent).value, /\*\*ACCESS EXCLUSIVE\*\* on `warehouses` \(ADD COLUMN\): blocks all reads and writes; nothing else can use the table/);

    const fk = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 5 } });
    const fkText = (fk.contents as MarkupContent).value;
    assert.match(fkText, /locks taken/);
    assert.match(fkText, /`orders`/);
    assert.match(fkText, /`warehouses`/);
    assert.match(fkText, /held until the transaction ends/);
  });

  it('returns null outside statements, on statements without table locks, and for unknown documents', async () => {
    const uri = workspace.uri('hover.sql');
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } }), null);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 2 } }), null);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: workspace.uri('nope.sql') }, position: { line: 0, character: 0 } }), null);
  });
});
