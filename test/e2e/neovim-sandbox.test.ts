// Neovim as a plain LSP client of the sandbox: `workspace/executeCommand safeshift.sandbox.run`
// returns the JSON report (with the lock of CREATE INDEX), and a failing migration comes back as a
// pushed "safeshift sandbox" diagnostic at its line. See neovim-sandbox.lua.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxCommandResult } from '../../server/src/lsp/sandboxProtocol';
import { builtArtifacts, gate, keepArtifact, Proc, repoRoot, serverJs, which } from './helpers';

const nvim = which('nvim');
const { options, missing } = gate([{ what: 'nvim', ok: nvim !== undefined, hint: 'apt-get install neovim' }, ...builtArtifacts()]);

interface Result {
  error?: string;
  steps: string[];
  commands?: string[];
  report?: SandboxCommandResult;
  diagnostics?: { source: string | null; message: string; lnum: number; col: number }[];
}

test('Neovim: executeCommand safeshift.sandbox.run returns the report, and a failure becomes a diagnostic', { ...options, timeout: 180_000 }, async () => {
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(join(tmpdir(), 'safeshift-nvim-sandbox-'));
  const migrations = join(dir, 'db', 'migrations');
  mkdirSync(migrations, { recursive: true });
  writeFileSync(join(migrations, '20260101000000_create.sql'), '-- +goose Up\nCREATE TABLE items (id bigint PRIMARY KEY, name text);\n-- +goose Down\nDROP TABLE items;\n');
  const index = join(migrations, '20260102000000_index.sql');
  writeFileSync(index, '-- +goose Up\nCREATE INDEX items_name_idx ON items (name);\n-- +goose Down\nDROP INDEX items_name_idx;\n');
  const failing = join(migrations, '20260103000000_broken.sql');
  writeFileSync(failing, '-- +goose Up\nALTER TABLE items ADD COLUMN price int;\nALTER TABLE missing_table ADD COLUMN x int;\n-- +goose Down\nSELECT 1;\n');
  const resultFile = join(dir, 'result.json');
  const xdg = join(dir, 'xdg');
  const proc = new Proc(nvim!, ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(repoRoot, 'test', 'e2e', 'neovim-sandbox.lua')}`], {
    cwd: dir,
    env: {
      ...process.env,
      SAFESHIFT_SERVER: serverJs, SAFESHIFT_FILE: index, SAFESHIFT_FAILING: failing, SAFESHIFT_RESULT: resultFile, SAFESHIFT_TIMEOUT: '60000',
      XDG_CONFIG_HOME: join(xdg, 'config'), XDG_CACHE_HOME: join(xdg, 'cache'), XDG_DATA_HOME: join(xdg, 'data'), XDG_STATE_HOME: join(xdg, 'state'),
    },
  });
  let ok = false;
  try {
    const exit = await proc.wait(170_000, 'nvim');
    assert.ok(existsSync(resultFile), `nvim wrote no result (exit ${exit.code}); output:\n${proc.output}`);
    const r = JSON.parse(readFileSync(resultFile, 'utf8')) as Result;
    assert.equal(r.error, undefined, `the Neovim client failed after [${r.steps.join(', ')}]: ${r.error}`);
    assert.ok(r.commands?.includes('safeshift.sandbox.run'), JSON.stringify(r.commands));
    const statements = r.report?.migrations[0]?.statements ?? [];
    const createIndex = statements.find((s) => /CREATE INDEX/.test(s.sql));
    assert.ok(createIndex?.locks.some((l) => l.relation === 'public.items' && l.mode === 'ShareLock'), JSON.stringify(statements));
    const diagnostic = r.diagnostics?.find((d) => d.source === 'safeshift sandbox');
    assert.ok(diagnostic, JSON.stringify(r.diagnostics));
    assert.equal(diagnostic.lnum, 2, 'line 3 of the file, 0-based');
    assert.match(diagnostic.message, /missing_table/);
    ok = true;
  } finally {
    await proc.stop();
    if (!ok) {
      keepArtifact('neovim-sandbox-lsp.log', { file: join(xdg, 'cache', 'nvim', 'lsp.log') });
      keepArtifact('neovim-sandbox-result.json', { file: resultFile });
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
