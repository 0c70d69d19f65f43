/**
 * The sandbox's editor-side pure parts: the report page the VS Code webview shows (escaping, CSP,
 * badges, bars, down differences) and the diagnostics a failed run becomes (positions from the
 * report's 1-based lines and columns).
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { escapeHtml, reportHtml } from '../../client/src/sandboxHtml';
import { migrationDiagnostics, sandboxLenses } from '../../server/src/lsp/sandbox';
import { SANDBOX_COMMANDS, SANDBOX_DIAGNOSTIC_SOURCE, type SandboxCommandResult } from '../../server/src/lsp/sandboxProtocol';
import type { MigrationReport, StatementReport } from '../../server/src/sandbox/types';
import { LineIndex } from '../../server/src/analysis/text/lineIndex';
import type { Migration, MigrationRoot, Script } from '../../server/src/analysis/project/types';

function statement(overrides: Partial<StatementReport>): StatementReport {
  return {
    line: 1, endLine: 1, sql: 'SELECT 1', durationMs: 1, locks: [], rewrites: [], rowsAffected: null, notices: [],
    blocks: { reads: false, writes: false, source: 'derived' }, error: null, ...overrides,
  };
}

const HOSTILE = '<img src=x onerror="alert(1)">';

const report: SandboxCommandResult = {
  version: 1,
  engine: 'embedded',
  migrations: [{
    path: `/ws/migrations/002_${HOSTILE}.sql`,
    ok: false,
    statements: [
      statement({ line: 1, endLine: 1, sql: 'CREATE INDEX menu_price_idx ON menu (price);', durationMs: 40, locks: [{ relation: 'public.menu', mode: 'ShareLock', source: 'documented' }], blocks: { reads: false, writes: true, source: 'derived' } }),
      statement({ line: 3, endLine: 4, sql: `ALTER TABLE menu\n  ALTER COLUMN price TYPE bigint; -- ${HOSTILE}`, durationMs: 10, locks: [{ relation: 'public.menu', mode: 'AccessExclusiveLock' }], rewrites: ['public.menu'], rowsAffected: 12, blocks: { reads: true, writes: true, source: 'measured' } }),
      statement({ line: 6, endLine: 6, sql: 'ALTER TABLE nope ADD COLUMN x int;', error: { sqlstate: '42P01', message: `relation "nope" does not exist ${HOSTILE}`, line: 6, column: 13 } }),
    ],
    down: { checked: true, restored: false, differences: ['index public.menu_price_idx still exists after down'] },
  }],
  markdown: '# report',
};

describe('the sandbox report page', () => {
  const html = reportHtml(report, { nonce: 'n0nce', cspSource: 'vscode-webview://x', title: `Sandbox: ${HOSTILE}` });

  it('escapes every value from the report, so SQL or error text cannot inject markup', () => {
    assert.ok(!html.includes('<img'), 'raw markup from the report reached the page');
    assert.ok(html.includes(escapeHtml(HOSTILE)));
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('has a strict CSP: nothing remote, only its own nonce’d script and style, no inline style attributes', () => {
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; [^"]*script-src 'nonce-n0nce';/);
    assert.ok(!/https?:\/\//.test(html), 'the page names a remote URL');
    assert.ok(!/ style="/.test(html), 'an inline style attribute would be blocked by the CSP');
    const scripts = [...html.matchAll(/<script([^>]*)>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0]![1]!, /nonce="n0nce"/);
  });

  it('shows lock badges with mode and table, what they block and how that was found, rewrites and rows', () => {
    assert.match(html, /class="badge lock"[^>]*>ShareLock <b>public\.menu<\/b>/);
    assert.match(html, /class="badge lock"[^>]*>ShareLock <b>public\.menu<\/b> <i>documented<\/i>/);
    assert.match(html, /class="badge lock"[^>]*>AccessExclusiveLock <b>public\.menu<\/b><\/span>/);
    assert.match(html, /class="badge blocks derived"[^>]*>blocks writes <i>derived<\/i>/);
    assert.match(html, /class="badge blocks measured"[^>]*>blocks reads and writes <i>measured<\/i>/);
    assert.match(html, /class="badge rewrite"[^>]*>rewrites <b>public\.menu<\/b>/);
    assert.match(html, /class="badge rows">12 rows</);
  });

  it('draws duration bars relative to the slowest statement', () => {
    const widths = [...html.matchAll(/<rect width="([\d.]+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(widths, [100, 25, 2.5]);
  });

  it('shows the error with its SQLSTATE and position, and the down differences', () => {
    assert.match(html, /<code>42P01<\/code> relation &quot;nope&quot; does not exist/);
    assert.match(html, /\(line 6, column 13\)/);
    assert.match(html, /does <b>not<\/b> restore the schema/);
    assert.match(html, /<li>index public\.menu_price_idx still exists after down<\/li>/);
  });

  it('offers Copy as Markdown only when the server sent the Markdown', () => {
    assert.match(html, /<button id="copy-markdown" type="button">Copy as Markdown<\/button>/);
    const without = reportHtml({ ...report, markdown: undefined }, { nonce: 'n', cspSource: 'x', title: 't' });
    assert.match(without, /<button id="copy-markdown" type="button" disabled>/);
  });
});

describe('sandbox diagnostics', () => {
  const text = 'CREATE INDEX menu_price_idx ON menu (price);\n\nALTER TABLE menu\n  ALTER COLUMN price TYPE bigint;\n\nALTER TABLE nope ADD COLUMN x int;\n';
  const migration = report.migrations[0] as MigrationReport;

  it('puts a failing statement’s error at its line and column, with source "safeshift sandbox" and the SQLSTATE as code', () => {
    const diagnostics = migrationDiagnostics(migration, '/ws/m.sql', false, () => text);
    const error = diagnostics.find(([, d]) => d.code === '42P01');
    assert.ok(error);
    assert.equal(error[0], '/ws/m.sql');
    assert.equal(error[1].source, SANDBOX_DIAGNOSTIC_SOURCE);
    assert.deepEqual(error[1].range, { start: { line: 5, character: 12 }, end: { line: 5, character: 34 } });
    assert.match(String(error[1].message), /relation "nope" does not exist/);
  });

  it('reports a down migration that does not restore the schema, naming each difference', () => {
    const diagnostics = migrationDiagnostics(migration, '/ws/m.sql', false, () => text);
    const down = diagnostics.find(([, d]) => d.code === 'down-not-restored');
    assert.ok(down);
    assert.match(String(down[1].message), /index public\.menu_price_idx still exists after down/);
  });

  it('does not turn a cancel into a diagnostic', () => {
    const cancelled: MigrationReport = { ...migration, down: { checked: false, restored: false, differences: [] }, statements: [statement({ error: { sqlstate: '57014', message: 'canceling statement due to user request', line: 1, column: 1 } })] };
    assert.deepEqual(migrationDiagnostics(cancelled, '/ws/m.sql', true, () => text), []);
  });

  it('puts a broken baseline migration’s error on that file', () => {
    const broken: MigrationReport = { path: '/ws/m/003.sql', ok: false, statements: [], down: { checked: false, restored: false, differences: [] }, error: { message: 'syntax error at or near "TABL"', file: '/ws/m/001.sql', line: 2, column: 8, sqlstate: '42601' } };
    const diagnostics = migrationDiagnostics(broken, '/ws/m/003.sql', false, (p) => (p === '/ws/m/001.sql' ? '-- one\nCREATE TABL x ();\n' : ''));
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]![0], '/ws/m/001.sql');
    assert.deepEqual(diagnostics[0]![1].range.start, { line: 1, character: 7 });
  });
});

describe('sandbox code lenses', () => {
  const text = '-- migrate:up\nCREATE TABLE t (id int);\n\n-- migrate:down\nDROP TABLE t;\n';
  const lineIndex = new LineIndex(text);
  const script = (direction: 'up' | 'down', start: number, end: number): Script => ({
    direction, file: '/ws/db/migrations/1_t.sql', range: { start, end }, execution: 'one-string',
    envelope: { kind: 'per-migration', code: 'T1', reason: 'dbmate wraps each migration in a transaction' },
  });
  const up = script('up', 14, 40);
  const down = script('down', 56, text.length);
  const migration = { id: '1_t.sql', tool: 'dbmate', sections: [up, down], up, down } as unknown as Migration;
  const root = { dir: '/ws/db/migrations', tool: 'dbmate', migrations: [migration] } as unknown as MigrationRoot;

  it('puts "Run in sandbox" on the up section and "Check down" on the down section', () => {
    const lenses = sandboxLenses({ uri: 'file:///ws/db/migrations/1_t.sql', path: '/ws/db/migrations/1_t.sql', text, lineIndex, root, migration, scripts: [up, down] });
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.command, l.command?.arguments]), [
      [1, SANDBOX_COMMANDS.run, [{ uri: 'file:///ws/db/migrations/1_t.sql' }]],
      [4, SANDBOX_COMMANDS.checkDown, [{ uri: 'file:///ws/db/migrations/1_t.sql' }]],
    ]);
  });

  it('offers no "Check down" for a migration without a down script, and nothing outside a migration root', () => {
    const upOnly = sandboxLenses({ uri: 'file:///x.sql', path: '/x.sql', text, lineIndex, root, migration, scripts: [up] });
    assert.deepEqual(upOnly.map((l) => l.command?.command), [SANDBOX_COMMANDS.run]);
    assert.deepEqual(sandboxLenses({ uri: 'file:///x.sql', path: '/x.sql', text, lineIndex, scripts: [] }), []);
  });
});
