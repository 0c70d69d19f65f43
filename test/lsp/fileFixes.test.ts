/**
 * Quick fixes that create migrations, over the protocol: a client that supports resource
 * operations gets a WorkspaceEdit with CreateFile (annotated for confirmation when it supports
 * change annotations) and the text of the new file; a client that does not is offered only the
 * fixes that edit the open file.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClientCapabilities, CodeAction, CreateFile, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { INDEX_RULE, pushCapabilities, TestClient, Workspace } from './harness';

const CREATE = '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n-- +goose Down\nDROP TABLE orders;\n';
const MIXED = '-- +goose Up\nALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\n-- +goose Down\nSELECT 1;\n';

function capabilities(resourceOperations: boolean): ClientCapabilities {
  const caps = pushCapabilities({ documentChanges: true });
  if (resourceOperations) caps.workspace!.workspaceEdit = { documentChanges: true, resourceOperations: ['create'], changeAnnotationSupport: { groupsOnLabel: true } };
  return caps;
}

async function indexActions(client: TestClient, workspace: Workspace): Promise<{ uri: string; actions: CodeAction[] }> {
  workspace.write('migrations/00001_create_orders.sql', CREATE);
  const uri = workspace.write('migrations/00002_index_orders.sql', MIXED);
  const published = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === INDEX_RULE), client.open(uri, MIXED));
  const diagnostic = published.diagnostics.find((d) => d.code === INDEX_RULE) as Diagnostic;
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  return { uri, actions };
}

for (const resourceOperations of [true, false]) {
  describe(`fixes that create migrations (${resourceOperations ? 'client creates files' : 'client cannot create files'})`, () => {
    let client: TestClient;
    let workspace: Workspace;
    before(async () => {
      workspace = new Workspace();
      client = await TestClient.start({ capabilities: capabilities(resourceOperations), rootPath: workspace.root });
    });
    after(async () => {
      await client.stop();
      workspace.dispose();
    });

    it(resourceOperations ? 'the preferred fix creates the new migration, asking for confirmation' : 'only fixes that edit the open file are offered', async () => {
      const { uri, actions } = await indexActions(client, workspace);
      const moving = actions.find((a) => /in a migration of its own/.test(a.title));
      if (!resourceOperations) {
        assert.equal(moving, undefined, actions.map((a) => a.title).join(' | '));
        assert.ok(actions.some((a) => a.title.startsWith('Add CONCURRENTLY')), 'the same-file fix is still offered');
        return;
      }
      assert.ok(moving, actions.map((a) => a.title).join(' | '));
      assert.equal(moving.isPreferred, true);
      assert.equal(actions[0], moving, 'the preferred fix comes first');
      const changes = moving.edit?.documentChanges ?? [];
      const own = changes.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri);
      assert.ok(own, 'edits the open file');
      assert.equal(own.textDocument.version, 1);
      const create = changes.find((c): c is CreateFile => 'kind' in c && c.kind === 'create');
      assert.ok(create);
      assert.match(create.uri, /\/migrations\/00003_index_orders_customer_id_idx_concurrently\.sql$/);
      assert.equal(create.options?.overwrite, false);
      assert.ok(create.annotationId);
      assert.equal(moving.edit?.changeAnnotations?.[create.annotationId].needsConfirmation, true);
      const content = changes.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === create.uri);
      assert.ok(content);
      assert.match((content.edits[0] as { newText: string }).newText, /^-- \+goose NO TRANSACTION\n-- \+goose Up\n[\s\S]*CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders \(customer_id\);/);
      // The CreateFile comes before the edit that fills the new file.
      assert.ok(changes.indexOf(create) < changes.indexOf(content));
    });
  });
}
