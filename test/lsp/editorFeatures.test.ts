/**
 * Editor features over the project model, through the real server: document symbols grouped by
 * section, code lenses with the migration's place and transaction, and `safeshift/migrations`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens, CompletionList, DocumentSymbol, Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
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
    // Other features (the sandbox) add their own lenses; these are the project model's.
    const lenses = (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })).filter((l) => l.command?.command === '');
    const titles = lenses.map((l) => `${l.range.start.line}: ${l.command?.title}`);
    assert.deepEqual(titles, ['1: migration 2 of 3 · goose', '1: up: in a transaction', '4: down: in a transaction']);
    assert.match(lenses[1].command!.tooltip!, /goose/);

    const concurrent = workspace.uri('db/migrations/20260103000000_concurrent.sql');
    client.open(concurrent, CONCURRENT);
    const noTx = (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: concurrent } })).filter((l) => l.command?.command === '');
    assert.equal(noTx[0].command?.title, 'migration 3 of 3 · goose');
    assert.match(noTx[1].command!.title, /^up: no transaction/);
    assert.match(noTx[1].command!.tooltip!, /NO TRANSACTION/);
  });

  it('follows the unsaved text: a new NO TRANSACTION directive changes the lens', async () => {
    const uri = workspace.uri('db/migrations/20260102000000_alter.sql');
    client.change(uri, `-- +goose NO TRANSACTION\n${ALTER}`);
    const lenses = (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })).filter((l) => l.command?.command === '');
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
    // A migration created on disk appears once the client asks the server to look again.
    workspace.write('db/migrations/20260104000000_more.sql', '-- +goose Up\nSELECT 1;\n');
    const again = await client.request<MigrationsResult>('safeshift/migrations', { refresh: true });
    assert.deepEqual(again.roots[0].migrations.map((m) => m.place).slice(-1), ['migration 4 of 4']);
    assert.deepEqual(client.errorLogs(), []);
  });
});

describe('schema-aware hover, definition and completion', () => {
  let client: TestClient;
  let workspace: Workspace;
  const CREATE_TABLES = [
    '-- +goose Up',
    "CREATE TYPE order_state AS ENUM ('new', 'paid');",
    'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);',
    'CREATE TABLE orders (',
    '  id bigint PRIMARY KEY,',
    '  total numeric(10,2) NOT NULL DEFAULT 0',
    ');',
    'CREATE TABLE scratch (id int);',
    '-- +goose Down',
    'DROP TABLE orders; DROP TABLE users;',
    '',
  ].join('\n');
  const CHANGE_TYPE = '-- +goose Up\nALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);\nDROP TABLE scratch;\n';
  const LATER = '-- +goose Up\nCREATE TABLE invoices (id bigint);\n';
  const CURRENT = [
    '-- +goose Up',
    'ALTER TABLE orders ADD COLUMN user_id bigint REFERENCES users (id);',
    'CREATE INDEX orders_user_id_idx ON orders (user_id);',
    '',
  ].join('\n');

  before(async () => {
    workspace = new Workspace();
    workspace.write('db/migrations/20260101000000_tables.sql', CREATE_TABLES);
    workspace.write('db/migrations/20260102000000_change_type.sql', CHANGE_TYPE);
    workspace.write('db/migrations/20260103000000_current.sql', CURRENT);
    workspace.write('db/migrations/20260104000000_later.sql', LATER);
    client = await TestClient.start({ rootPath: workspace.root });
  });
  after(async () => {
    await client.stop();
    workspace.dispose();
  });

  const current = () => workspace.uri('db/migrations/20260103000000_current.sql');
  const hoverText = async (uri: string, line: number, character: number) => {
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    return hover ? (hover.contents as MarkupContent).value : '';
  };

  it('advertises definition and completion', () => {
    assert.equal(client.initializeResult.capabilities.definitionProvider, true);
    assert.deepEqual(client.initializeResult.capabilities.completionProvider?.triggerCharacters, ['.', '(', ',']);
  });

  it('hovers a table with its definition as of this migration, linked to where it changed, with the lock', async () => {
    client.open(current(), CURRENT);
    const text = await hoverText(current(), 1, 14); // "orders" in ALTER TABLE orders
    assert.match(text, /table `public\.orders`\*\* as of migration 3 of 4/);
    assert.match(text, /CREATE TABLE public\.orders \(\n  id bigint NOT NULL,\n  total numeric\(12,2\) NOT NULL DEFAULT 0,\n  CONSTRAINT orders_pkey PRIMARY KEY \(id\)\n\);/);
    assert.match(text, new RegExp(`\\[20260101000000_tables\\.sql, line 4\\]\\(${escape(workspace.uri('db/migrations/20260101000000_tables.sql'))}#L4\\)`));
    // The lock part is still there.
    assert.match(text, /locks? taken by this statement/);
  });

  it('hovers a column: the type after the earlier ALTER ... TYPE, linked to that migration', async () => {
    const text = await hoverText(current(), 2, 45); // "user_id" in CREATE INDEX ... (user_id): defined in this file
    assert.match(text, /column `public\.orders\.user_id`/);
    assert.match(text, /orders\.user_id bigint/);
    assert.match(text, /this file, line 2/);
    const uri = workspace.uri('db/migrations/20260104000000_later.sql');
    client.open(uri, `${LATER}UPDATE orders SET total = 1;\n`);
    const total = await hoverText(uri, 2, 19); // "total"
    assert.match(total, /orders\.total numeric\(12,2\) NOT NULL DEFAULT 0/);
    assert.match(total, /20260102000000_change_type\.sql, line 2/);
  });

  it('hovers a user type and goes to its CREATE TYPE', async () => {
    const uri = workspace.uri('db/migrations/20260104000000_later.sql');
    const text = `${LATER}ALTER TABLE orders ADD COLUMN state order_state;\n`;
    client.change(uri, text);
    const character = text.split('\n')[2].indexOf('order_state') + 2;
    const hover = await hoverText(uri, 2, character);
    assert.match(hover, /type `public\.order_state`/);
    assert.match(hover, /CREATE TYPE public\.order_state AS ENUM \('new', 'paid'\);/);
    const target = await client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position: { line: 2, character } });
    assert.equal(target?.uri, workspace.uri('db/migrations/20260101000000_tables.sql'));
    assert.equal(target?.range.start.line, 1);
  });

  it('hovers an index in DROP INDEX with its definition and where it was created', async () => {
    const uri = workspace.uri('db/migrations/20260104000000_later.sql');
    const text = `${LATER}DROP INDEX CONCURRENTLY orders_user_id_idx;\n`;
    client.change(uri, text);
    const hover = await hoverText(uri, 2, 28);
    assert.match(hover, /index `public\.orders_user_id_idx`/);
    assert.match(hover, /CREATE INDEX orders_user_id_idx ON public\.orders \(user_id\);/);
    assert.match(hover, /20260103000000_current\.sql, line 3/);
  });

  it('goes to the definition: the CREATE TABLE of a table, the statement that last changed a column', async () => {
    const table = await client.request<Location | null>('textDocument/definition', { textDocument: { uri: current() }, position: { line: 1, character: 14 } });
    assert.equal(table?.uri, workspace.uri('db/migrations/20260101000000_tables.sql'));
    assert.equal(table?.range.start.line, 3);
    const idInReferences = CURRENT.split('\n')[1].indexOf('(id)') + 1;
    const column = await client.request<Location | null>('textDocument/definition', { textDocument: { uri: current() }, position: { line: 1, character: idInReferences } });
    assert.equal(column?.uri, workspace.uri('db/migrations/20260101000000_tables.sql'), 'users(id)');
    assert.equal(column?.range.start.line, 2);
    const own = await client.request<Location | null>('textDocument/definition', { textDocument: { uri: current() }, position: { line: 2, character: 45 } });
    assert.equal(own?.uri, current());
    assert.equal(own?.range.start.line, 1);
    const nothing = await client.request<Location | null>('textDocument/definition', { textDocument: { uri: current() }, position: { line: 0, character: 3 } });
    assert.equal(nothing, null);
  });

  it('completes columns of the table in scope in a statement that does not parse yet', async () => {
    const text = `${CURRENT}ALTER TABLE orders ALTER COLUMN `;
    client.change(current(), text);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: current() }, position: { line: 3, character: 32 } });
    assert.deepEqual(list.items.map((i) => i.label), ['id', 'total', 'user_id']);
    assert.match(list.items[1].detail ?? '', /numeric\(12,2\) NOT NULL/);
  });

  it('completes the referenced table’s columns in REFERENCES t(, and a partly typed name', async () => {
    const text = `${CURRENT}ALTER TABLE orders ADD COLUMN buyer bigint REFERENCES users(em`;
    client.change(current(), text);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: current() }, position: { line: 3, character: text.split('\n')[3].length } });
    assert.deepEqual(list.items.map((i) => i.label), ['id', 'email']);
    const edit = list.items[1].textEdit as { range: { start: { character: number } } };
    assert.equal(edit.range.start.character, text.split('\n')[3].length - 2, 'replaces the typed "em"');
  });

  it('completes tables and types valid as of this migration', async () => {
    client.change(current(), `${CURRENT}ALTER TABLE `);
    const tables = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: current() }, position: { line: 3, character: 12 } });
    // scratch was dropped by migration 2; invoices comes only in migration 4.
    assert.deepEqual(tables.items.map((i) => i.label).sort(), ['orders', 'users']);
    const typing = `${CURRENT}ALTER TABLE orders ADD COLUMN state `;
    client.change(current(), typing);
    const types = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: current() }, position: { line: 3, character: typing.split('\n')[3].length } });
    const labels = types.items.map((i) => i.label);
    assert.equal(labels[0], 'order_state');
    assert.ok(labels.includes('bigint') && labels.includes('timestamptz'));
    assert.deepEqual(client.errorLogs(), []);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('editor features on hostile input', () => {
  let client: TestClient;
  let workspace: Workspace;
  before(async () => {
    workspace = new Workspace();
    workspace.write('db/migrations/20260101000000_a.sql', '-- +goose Up\nCREATE TABLE a (id int);\n');
    client = await TestClient.start({ rootPath: workspace.root });
  });
  after(async () => {
    await client.stop();
    workspace.dispose();
  });

  it('answers every request at every kind of position without an error or a crash', async () => {
    const texts = [
      '',
      '\u0000\u0000ALTER TABLE a ALTER COLUMN \u0000',
      "-- +goose Up\nSELECT $x$ unterminated ; ALTER TABLE a (\n'open string",
      `-- +goose Up\n${'ALTER TABLE a ADD COLUMN c int; '.repeat(400)}`,
      '-- +goose Up\n"a"."b"."c".... ( ( ( ) ) ) ;;; REFERENCES a(REFERENCES a(',
      '\u{1F600}\u{1F600} CREATE TABLE "\u{1F600}" (x int); SELECT "\u{1F600}".x FROM "\u{1F600}";',
    ];
    const uri = workspace.uri('db/migrations/20260102000000_b.sql');
    client.open(uri, texts[0]);
    let seed = 7;
    const random = (n: number) => (seed = (seed * 16807) % 2147483647) % n;
    for (const text of texts) {
      client.change(uri, text);
      const lines = text.split('\n');
      for (let i = 0; i < 15; i++) {
        const line = random(lines.length + 2);
        const position = { line, character: random((lines[line]?.length ?? 3) + 3) };
        for (const method of ['textDocument/hover', 'textDocument/definition', 'textDocument/completion']) {
          await client.request(method, { textDocument: { uri }, position });
        }
      }
      await client.request('textDocument/documentSymbol', { textDocument: { uri } });
      await client.request('textDocument/codeLens', { textDocument: { uri } });
    }
    // Documents the server does not have.
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: 'file:///nowhere.sql' }, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: 'untitled:x' } }), []);
    assert.deepEqual(await client.request('safeshift/migrations', null), (await client.request('safeshift/migrations', {})));
    assert.ok(client.alive);
    assert.deepEqual(client.errorLogs(), []);
  });
});
