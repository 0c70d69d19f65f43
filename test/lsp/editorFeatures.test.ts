/**
 * Editor features over the project model, through the real server: document symbols grouped by
 * section, code lenses with the migration's place and transaction, and `safeshift/migrations`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens, DocumentSymbol } from 'vscode-languageserver-protocol';
import type { MigrationsResult } from '../../server/src/lsp/protocol';
import { TestClient, Workspace } from './harness';

const CREATE = '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2) NOT NULL DEFAULT 0);\n-- +goose Down\nDROP TABLE orders;\n';
const ALTER = [
  '-- +goose Up',
  'ALTER TABLE orders ADD COLUMN user_id bigint;',
  'CREATE INDEX orders_user_id_idx ON orders (user_id);',
  '-- +goose Down',
  'DROP INDEX orders_user_id_idx;',
  'ALTER TABLE orders DROP COLUMN user_id;',
  '',
].join('\n');
const CONCURRENT = '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY orders_total_idx ON orders (total);\n-- +goose Down\nDROP INDEX orders_total_idx;\n';

describe('editor features', () => {
  let client: TestClient;
  let workspace: Workspace;
  before(async () => {
    workspace = new Workspace();
    workspace.write('db/migrations/20260101000000_create.sql', CREATE);
    workspace.write('db/migrations/20260102000000_alter.sql', ALTER);
    workspace.write('db/migrations/20260103000000_concurrent.sql', CONCURRENT);
    client = await TestClient.start({ rootPath: workspace.root });
  });
  after(async () => {
    await client.stop();
    workspace.dispose();
  });

  it('advertises symbols and code lenses', () => {
    assert.equal(client.initializeResult.capabilities.documentSymbolProvider, true);
    assert.deepEqual(client.initializeResult.capabilities.codeLensProvider, { resolveProvider: false });
  });

  it('lists the statements of each section as document symbols', async () => {
    const uri = workspace.uri('db/migrations/20260102000000_alter.sql');
    client.open(uri, ALTER);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((s) => [s.name, (s.children ?? []).map((c) => c.name)]),
      [
        ['Up', ['ALTER TABLE orders', 'CREATE INDEX orders_user_id_idx']],
        ['Down', ['DROP INDEX orders_user_id_idx', 'ALTER TABLE orders']],
      ],
    );
    const index = symbols[0].children![1];
    assert.deepEqual(index.range.start, { line: 2, character: 0 });
    assert.deepEqual(index.selectionRange, { start: { line: 2, character: 13 }, end: { line: 2, character: 31 } });
  });

  it('lists a statement that does not parse yet', async () => {
    const uri = workspace.uri('scratch/typing.sql');
    const text = 'CREATE TABLE customers (id bigint;\nALTER TABLE customers ALTER COLUMN\n';
    client.open(uri, text);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => s.name), ['CREATE TABLE customers', 'ALTER TABLE customers']);
  });

  it('shows the place in the order and the transaction on a code lens', async () => {
    const uri = workspace.uri('db/migrations/20260102000000_alter.sql');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const titles = lenses.map((l) => `${l.range.start.line}: ${l.command?.title}`);
    assert.deepEqual(titles, ['1: migration 2 of 3 · goose', '1: up: in a transaction', '4: down: in a transaction']);
    assert.match(lenses[1].command!.tooltip!, /goose/);

    const concurrent = workspace.uri('db/migrations/20260103000000_concurrent.sql');
    client.open(concurrent, CONCURRENT);
    const noTx = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: concurrent } });
    assert.equal(noTx[0].command?.title, 'migration 3 of 3 · goose');
    assert.match(noTx[1].command!.title, /^up: no transaction/);
    assert.match(noTx[1].command!.tooltip!, /NO TRANSACTION/);
  });

  it('follows the unsaved text: a new NO TRANSACTION directive changes the lens', async () => {
    const uri = workspace.uri('db/migrations/20260102000000_alter.sql');
    client.change(uri, `-- +goose NO TRANSACTION\n${ALTER}`);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.match(lenses[1].command!.title, /^up: no transaction/);
  });

  it('has no lenses outside a migration project', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: workspace.uri('scratch/typing.sql') } });
    assert.deepEqual(lenses, []);
  });

  it('answers safeshift/migrations with roots, order, envelopes and finding counts', async () => {
    const uri = workspace.uri('db/migrations/20260103000000_concurrent.sql');
    const published = await client.diagnostics(uri);
    const expected = { errors: 0, warnings: 0, other: 0 };
    for (const d of published.diagnostics) expected[d.severity === 1 ? 'errors' : d.severity === 2 ? 'warnings' : 'other']++;
    const result = await client.request<MigrationsResult>('safeshift/migrations', {});
    assert.equal(result.roots.length, 1);
    const [root] = result.roots;
    assert.equal(root.label, 'db/migrations');
    assert.equal(root.tool, 'goose');
    assert.deepEqual(root.migrations.map((m) => [m.id, m.place]), [
      ['20260101000000_create.sql', 'migration 1 of 3'],
      ['20260102000000_alter.sql', 'migration 2 of 3'],
      ['20260103000000_concurrent.sql', 'migration 3 of 3'],
    ]);
    assert.equal(root.migrations[0].uri, workspace.uri('db/migrations/20260101000000_create.sql'));
    assert.equal(root.migrations[0].line, 1);
    assert.deepEqual(root.migrations[0].envelopes.map((e) => `${e.direction}: ${e.label}`), ['up: in a transaction', 'down: in a transaction']);
    // Not open, so not checked; the open one has counts.
    assert.equal(root.migrations[0].findings, null);
    assert.deepEqual(root.migrations[2].findings, expected);
    assert.ok(published.diagnostics.length > 0, 'the concurrent index migration has findings (no lock_timeout)');
    assert.deepEqual(client.errorLogs(), []);
  });
});
