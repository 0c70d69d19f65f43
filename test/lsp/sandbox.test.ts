/**
 * The sandbox through the real language server (dist/server.js) and the embedded engine (PGlite):
 * `workspace/executeCommand` with progress, the JSON report, failures as diagnostics, cancel by
 * `window/workDoneProgress/cancel` and by `$/cancelRequest`, Check down, Reset, bad arguments.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkDoneProgress, type CodeLens, type ProgressToken, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageserver-protocol';
import { SANDBOX_COMMANDS, SANDBOX_DIAGNOSTIC_SOURCE, type SandboxCommandResult, type SandboxResetResult } from '../../server/src/lsp/sandboxProtocol';
import { pushCapabilities, TestClient, Workspace } from './harness';

const CREATE = '-- +goose Up\nCREATE TABLE items (id bigint PRIMARY KEY, name text);\nINSERT INTO items SELECT g, \'item \' || g FROM generate_series(1, 50) g;\n-- +goose Down\nDROP TABLE items;\n';
/** Its down forgets the index: Check down must name it. */
const INDEX = '-- +goose Up\nCREATE INDEX items_name_idx ON items (name);\n-- +goose Down\nSELECT 1;\n';
const SLOW = '-- +goose Up\nSELECT pg_sleep(60);\n-- +goose Down\nSELECT 1;\n';
/** Fails on its third line. */
const BROKEN = '-- +goose Up\nALTER TABLE items ADD COLUMN price int;\nALTER TABLE missing_table ADD COLUMN x int;\n-- +goose Down\nSELECT 1;\n';

type Progress = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

/** A client that advertises window.workDoneProgress and records the progress the server creates. */
function progressCapabilities() {
  return { ...pushCapabilities(), window: { workDoneProgress: true } };
}

describe('sandbox commands through the language server (embedded engine)', { timeout: 300_000 }, () => {
  let client: TestClient;
  let workspace: Workspace;
  const created: ProgressToken[] = [];
  const progress = new Map<ProgressToken, Progress[]>();
  const uri = (name: string) => workspace.uri(`db/migrations/${name}`);

  function watch(token: ProgressToken): void {
    if (progress.has(token)) return;
    progress.set(token, []);
    client.connection.onProgress(WorkDoneProgress.type, token, (value) => {
      progress.get(token)!.push(value as Progress);
    });
  }

  before(async () => {
    workspace = new Workspace();
    workspace.write('db/migrations/20260101000000_create.sql', CREATE);
    workspace.write('db/migrations/20260102000000_index.sql', INDEX);
    // In a root of its own, so the other runs do not sleep through it in their baseline.
    workspace.write('slow/db/migrations/20260101000000_create.sql', CREATE);
    workspace.write('slow/db/migrations/20260102000000_slow.sql', SLOW);
    workspace.write('db/migrations/20260104000000_broken.sql', BROKEN);
    client = await TestClient.start({ rootPath: workspace.root, capabilities: progressCapabilities() });
    client.connection.onRequest('window/workDoneProgress/create', (params: { token: ProgressToken }) => {
      created.push(params.token);
      watch(params.token);
      return null;
    });
  });
  after(async () => {
    await client.stop();
    workspace.dispose();
  });

  it('advertises the sandbox commands', () => {
    const commands = client.initializeResult.capabilities.executeCommandProvider?.commands ?? [];
    for (const command of Object.values(SANDBOX_COMMANDS)) assert.ok(commands.includes(command), command);
  });

  it('runs a migration: server-created progress, and the report has the lock of CREATE INDEX and what it blocks', async () => {
    const before = created.length;
    const result = await client.request<SandboxCommandResult>('workspace/executeCommand', { command: SANDBOX_COMMANDS.run, arguments: [{ uri: uri('20260102000000_index.sql') }] });
    assert.equal(result.version, 1);
    assert.equal(result.engine, 'embedded');
    assert.equal(result.migrations.length, 1, JSON.stringify(result.migrations.map((m) => m.path)));
    const [migration] = result.migrations;
    assert.ok(migration!.ok, JSON.stringify(migration));
    assert.match(migration!.path, /20260102000000_index\.sql$/);
    const index = migration!.statements.find((s) => /CREATE INDEX/.test(s.sql));
    assert.ok(index, 'the CREATE INDEX statement is in the report');
    assert.equal(index.line, 2);
    assert.ok(index.locks.some((l) => l.relation === 'public.items' && l.mode === 'ShareLock'), JSON.stringify(index.locks));
    assert.deepEqual({ reads: index.blocks.reads, writes: index.blocks.writes, source: index.blocks.source }, { reads: false, writes: true, source: 'derived' });
    assert.equal(typeof result.markdown, 'string');
    assert.match(result.markdown!, /items_name_idx|ShareLock/);

    assert.equal(created.length, before + 1, 'the server created one progress token for the run');
    const events = progress.get(created[created.length - 1]!)!;
    await client.waitFor('the progress to end', () => (events.some((e) => e.kind === 'end') ? true : undefined));
    assert.equal(events[0]!.kind, 'begin');
    assert.equal((events[0] as WorkDoneProgressBegin).cancellable, true);
    assert.ok(events.some((e) => e.kind === 'report' && e.message), 'progress reports say what is happening');
    assert.equal(events[events.length - 1]!.kind, 'end');
  });

  it('uses the workDoneToken the client sent, instead of creating one', async () => {
    const before = created.length;
    const token = 'client-token-1';
    watch(token);
    const result = await client.request<SandboxCommandResult>('workspace/executeCommand', { command: SANDBOX_COMMANDS.run, arguments: [uri('20260102000000_index.sql')], workDoneToken: token });
    assert.ok(result.migrations[0]!.ok);
    assert.equal(created.length, before, 'no server-created token when the client sent one');
    await client.waitFor('the client-token progress to end', () => (progress.get(token)!.some((e) => e.kind === 'end') ? true : undefined));
    assert.equal(progress.get(token)![0]!.kind, 'begin');
  });

  it('reports a failing statement as a "safeshift sandbox" diagnostic at its line, next to the lint findings, until Reset', async () => {
    const broken = uri('20260104000000_broken.sql');
    client.open(broken, BROKEN);
    const lint = await client.diagnostics(broken);
    assert.ok(!lint.diagnostics.some((d) => d.source === SANDBOX_DIAGNOSTIC_SOURCE));
    const mark = client.published.length;
    const result = await client.request<SandboxCommandResult>('workspace/executeCommand', { command: SANDBOX_COMMANDS.run, arguments: [{ uri: broken }] });
    const [migration] = result.migrations;
    assert.equal(migration!.ok, false);
    const failing = migration!.statements.find((s) => s.error);
    assert.ok(failing, JSON.stringify(migration));
    assert.equal(failing.error!.line, 3);
    assert.equal(failing.error!.sqlstate, '42P01');

    const published = await client.diagnostics(broken, (p) => p.diagnostics.some((d) => d.source === SANDBOX_DIAGNOSTIC_SOURCE), mark);
    const sandboxDiagnostic = published.diagnostics.find((d) => d.source === SANDBOX_DIAGNOSTIC_SOURCE)!;
    assert.equal(sandboxDiagnostic.range.start.line, 2, 'line 3 of the file, 0-based');
    assert.equal(sandboxDiagnostic.code, '42P01');
    assert.match(String(sandboxDiagnostic.message), /missing_table/);
    assert.ok(published.diagnostics.some((d) => d.source === 'safeshift'), 'the lint findings are still there');

    const resetMark = client.published.length;
    const reset = await client.request<SandboxResetResult>('workspace/executeCommand', { command: SANDBOX_COMMANDS.reset, arguments: [] });
    assert.equal(reset.reset, true);
    const cleared = await client.diagnostics(broken, (p) => !p.diagnostics.some((d) => d.source === SANDBOX_DIAGNOSTIC_SOURCE), resetMark);
    assert.ok(cleared.diagnostics.some((d) => d.source === 'safeshift'), 'reset clears only the sandbox diagnostics');
    client.close(broken);
  });

  it('checks a down migration and names what it leaves behind', async () => {
    const result = await client.request<SandboxCommandResult>('workspace/executeCommand', { command: SANDBOX_COMMANDS.checkDown, arguments: [{ uri: uri('20260102000000_index.sql') }] });
    const [migration] = result.migrations;
    assert.ok(migration!.down.checked, JSON.stringify(migration!.down));
    assert.equal(migration!.down.restored, false);
    assert.ok(migration!.down.differences.some((d) => /items_name_idx/.test(d)), JSON.stringify(migration!.down.differences));
  });

  it('window/workDoneProgress/cancel stops a long statement and answers with the partial report', async () => {
    const before = created.length;
    const started = Date.now();
    const pending = client.request<SandboxCommandResult>('workspace/executeCommand', { command: SANDBOX_COMMANDS.run, arguments: [{ uri: workspace.uri('slow/db/migrations/20260102000000_slow.sql') }] });
    const token = await client.waitFor('the run to create its progress', () => (created.length > before ? created[created.length - 1] : undefined), 30_000);
    await untilStatementRuns(progress.get(token)!);
    client.send('window/workDoneProgress/cancel', { token });
    const result = await pending;
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 40_000, `the run took ${elapsed} ms: pg_sleep(60) was not cancelled`);
    assert.equal(result.cancelled, true);
    assert.equal(result.migrations[0]?.ok, false);
  });

  it('$/cancelRequest stops a long statement; the request answers RequestCancelled', async () => {
    const token = 'client-token-cancel';
    watch(token);
    const started = Date.now();
    const source = new (await import('vscode-jsonrpc')).CancellationTokenSource();
    const settled = client.connection
      .sendRequest('workspace/executeCommand', { command: SANDBOX_COMMANDS.run, arguments: [{ uri: workspace.uri('slow/db/migrations/20260102000000_slow.sql') }], workDoneToken: token }, source.token)
      .then((result) => ({ result }), (error: { code?: number; message?: string }) => ({ error }));
    await untilStatementRuns(progress.get(token)!);
    source.cancel();
    const outcome = await settled;
    assert.ok('error' in outcome, `the run answered instead of failing: ${JSON.stringify(outcome)}`);
    assert.equal(outcome.error.code, -32800, outcome.error.message);
    assert.ok(Date.now() - started < 40_000);
    // The engine is usable after a cancel.
    const again = await client.request<SandboxCommandResult>('workspace/executeCommand', { command: SANDBOX_COMMANDS.run, arguments: [{ uri: uri('20260102000000_index.sql') }] });
    assert.ok(again.migrations[0]!.ok, JSON.stringify(again.migrations[0]));
  });

  it('offers "Run in sandbox" and "Check down" lenses on a migration with a down section', async () => {
    const file = uri('20260102000000_index.sql');
    client.open(file, INDEX);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: file } });
    const sandboxLenses = lenses.filter((l) => l.command?.command.startsWith('safeshift.sandbox.'));
    assert.deepEqual(sandboxLenses.map((l) => [l.range.start.line, l.command!.command, l.command!.arguments]), [
      [1, SANDBOX_COMMANDS.run, [{ uri: file }]],
      [3, SANDBOX_COMMANDS.checkDown, [{ uri: file }]],
    ]);
    client.close(file);
  });

  it('runs a whole root from any file in it, in order, each down-checked, and reports the failing file though it is not open', async () => {
    const broken = uri('20260104000000_broken.sql');
    const mark = client.published.length;
    const result = await client.request<SandboxCommandResult>('workspace/executeCommand', { command: SANDBOX_COMMANDS.runAll, arguments: [{ uri: uri('20260101000000_create.sql') }] });
    const names = result.migrations.map((m) => m.path.split('/').pop());
    assert.deepEqual(names, ['20260101000000_create.sql', '20260102000000_index.sql', '20260104000000_broken.sql']);
    // Each is down-checked: the index migration's down leaves its index behind, which fails it too.
    assert.deepEqual(result.migrations.map((m) => m.ok), [true, false, false]);
    assert.deepEqual(result.migrations.map((m) => m.down.restored), [true, false, false]);
    const published = await client.diagnostics(broken, (p) => p.diagnostics.some((d) => d.source === SANDBOX_DIAGNOSTIC_SOURCE), mark);
    assert.equal(published.diagnostics.find((d) => d.source === SANDBOX_DIAGNOSTIC_SOURCE)!.range.start.line, 2);
    const resetMark = client.published.length;
    await client.request('workspace/executeCommand', { command: SANDBOX_COMMANDS.reset, arguments: [] });
    await client.diagnostics(broken, (p) => p.diagnostics.length === 0, resetMark);
  });

  it('answers bad arguments with a clear error and lives on', async () => {
    await assert.rejects(client.request('workspace/executeCommand', { command: SANDBOX_COMMANDS.run, arguments: [] }), /needs the file to run/);
    await assert.rejects(client.request('workspace/executeCommand', { command: SANDBOX_COMMANDS.run, arguments: [{ uri: uri('nope.sql') }] }), /does not exist/);
    await assert.rejects(client.request('workspace/executeCommand', { command: 'safeshift.nope', arguments: [] }), /Unknown command/);
    assert.ok(client.alive);
  });
});

/** Resolves once the run reports its target statement (or after 5 s of progress, whatever the messages say), plus a moment. */
async function untilStatementRuns(events: Progress[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  let begun: number | undefined;
  while (Date.now() < deadline) {
    if (events.length > 0) begun ??= Date.now();
    if (events.some((e) => e.kind === 'report' && /pg_sleep|statement|line \d/i.test(e.message ?? ''))) break;
    if (begun !== undefined && Date.now() - begun > 5000) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 500));
}
