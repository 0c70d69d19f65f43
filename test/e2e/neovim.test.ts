// Real editor #1: headless Neovim (Debian's 0.7.2) as an independent LSP client. A Lua script
// (neovim-client.lua) starts `node dist/server.js --stdio` with vim.lsp.start_client, opens a risky
// migration, waits for pushed diagnostics, asks for the outline and a hover, asks for code actions
// on the finding, applies the
// "Add CONCURRENTLY" fix and waits for the finding to go. It writes what it saw to a JSON file
// that this test asserts on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtArtifacts, gate, keepArtifact, Proc, repoRoot, serverJs, which } from './helpers';

const RULE = 'require-concurrent-index-creation';
const FIX = 'Add CONCURRENTLY';
const STEP_TIMEOUT_MS = 20_000;

interface NvimDiagnostic {
  code: string | null;
  message: string;
  source: string | null;
  severity: number;
  lnum: number;
  col: number;
}

interface NvimResult {
  error?: string;
  steps: string[];
  nvim_version?: string;
  diagnostics_before?: NvimDiagnostic[];
  diagnostics_after?: NvimDiagnostic[];
  code_actions?: { title: string; kind: string | null; has_edit: boolean; command: string | null }[];
  symbols?: { name: string; kind: number; line: number }[];
  hover?: string | null;
  applied?: string;
  text_before?: string;
  text_after?: string;
}

const nvim = which('nvim');
const { options, missing } = gate([
  { what: 'nvim', ok: nvim !== undefined, hint: 'apt-get install neovim' },
  ...builtArtifacts(),
]);

test('Neovim: diagnostics from the server, then the "Add CONCURRENTLY" quick fix removes the finding', { ...options, timeout: 120_000 }, async () => {
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(join(tmpdir(), 'safeshift-nvim-'));
  const migration = join(dir, 'migrations', '20261123_users_email_index.sql');
  const resultFile = join(dir, 'result.json');
  const xdg = join(dir, 'xdg');
  mkdirSync(join(dir, 'migrations'), { recursive: true });
  writeFileSync(migration, 'CREATE INDEX idx_users_email ON users (email);\n');

  const proc = new Proc(nvim!, ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(repoRoot, 'test', 'e2e', 'neovim-client.lua')}`], {
    cwd: dir,
    env: {
      ...process.env,
      SAFESHIFT_SERVER: serverJs,
      SAFESHIFT_FILE: migration,
      SAFESHIFT_RESULT: resultFile,
      SAFESHIFT_RULE: RULE,
      SAFESHIFT_FIX: FIX,
      SAFESHIFT_TIMEOUT: String(STEP_TIMEOUT_MS),
      // Keep Neovim's state, and its lsp.log, inside the temp dir.
      XDG_CONFIG_HOME: join(xdg, 'config'),
      XDG_CACHE_HOME: join(xdg, 'cache'),
      XDG_DATA_HOME: join(xdg, 'data'),
      XDG_STATE_HOME: join(xdg, 'state'),
    },
  });
  const lspLog = join(xdg, 'cache', 'nvim', 'lsp.log');
  let ok = false;
  try {
    const exit = await proc.wait(5 * STEP_TIMEOUT_MS, 'nvim');
    assert.ok(existsSync(resultFile), `nvim wrote no result (exit ${exit.code}, signal ${exit.signal}); output:\n${proc.output}`);
    const r = JSON.parse(readFileSync(resultFile, 'utf8')) as NvimResult;
    assert.equal(r.error, undefined, `the Neovim client failed after steps [${r.steps.join(', ')}]: ${r.error}\n${JSON.stringify(r, null, 2)}`);
    assert.equal(exit.code, 0, `nvim exited with ${exit.code}; output:\n${proc.output}`);

    // Pushed diagnostics carry the rule id as code and "safeshift" as source.
    const before = r.diagnostics_before ?? [];
    const finding = before.find((d) => d.code === RULE);
    assert.ok(finding, `no ${RULE} among ${JSON.stringify(before)}`);
    assert.equal(finding.source, 'safeshift');
    assert.equal(finding.lnum, 0);
    assert.match(finding.message, /users/, 'the message names the table');
    assert.match(finding.message, /SHARE/, 'the message names the lock');

    // The outline lists the statement, and a hover on the table shows the lock it takes.
    assert.deepEqual(r.symbols, [{ name: 'CREATE INDEX idx_users_email', kind: 20, line: 0 }]);
    assert.match(r.hover ?? '', /SHARE/, `hover: ${r.hover}`);

    // The fix is offered among the code actions, with the ignore actions.
    const titles = (r.code_actions ?? []).map((a) => a.title);
    assert.ok(titles.some((t) => t.includes(FIX)), `no "${FIX}" in ${JSON.stringify(titles)}`);
    assert.ok(titles.some((t) => /ignore/i.test(t)), `no ignore action in ${JSON.stringify(titles)}`);

    // Applying it rewrites the buffer, and the finding is gone from the next diagnostics.
    assert.equal(r.text_before, 'CREATE INDEX idx_users_email ON users (email);');
    assert.match(r.text_after ?? '', /^CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email ON users \(email\);$/m);
    assert.ok(!(r.diagnostics_after ?? []).some((d) => d.code === RULE), `${RULE} still there: ${JSON.stringify(r.diagnostics_after)}`);
    ok = true;
  } finally {
    await proc.stop();
    if (!ok) {
      keepArtifact('neovim-lsp.log', { file: lspLog });
      keepArtifact('neovim-result.json', { file: resultFile });
      keepArtifact('neovim-output.log', { text: proc.output });
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
