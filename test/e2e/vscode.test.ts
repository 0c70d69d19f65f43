// Real editor #2: VS Code itself, as code-server 4.100.3 (VS Code 1.100.3) in headless Debian
// Chromium, driven with playwright-core the way a user works: the packaged .vsix is installed with
// `--install-extension`, a temp workspace with a risky migration is opened, the file is opened via
// Quick Open, the Problems panel must show our finding, and the "Add CONCURRENTLY" quick fix is
// applied from the Quick Fix menu (Ctrl+.) until the finding is gone.
//
// Why Playwright and not a Mocha suite against the `vscode` API inside code-server's extension host:
// see test/e2e/README.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  artifactsDir, chromiumPath, codeServerBin, delay, ensureArtifactsDir, freePort, gate, keepArtifact, Proc, runSync, vsixPath,
} from './helpers';

const RULE = 'require-concurrent-index-creation';
const FIX = 'Add CONCURRENTLY';
const FILE = '20261123_users_email_index.sql';
const SOURCE = 'CREATE INDEX idx_users_email ON users (email);\n';

function playwrightAvailable(): boolean {
  try {
    require.resolve('playwright-core');
    return true;
  } catch {
    return false;
  }
}

const vsix = vsixPath();
const { options, missing } = gate([
  { what: 'code-server', ok: existsSync(codeServerBin), hint: `no ${codeServerBin}` },
  { what: 'chromium', ok: existsSync(chromiumPath), hint: 'apt-get install chromium' },
  { what: 'playwright-core', ok: playwrightAvailable(), hint: 'npm ci' },
  { what: 'the packaged .vsix', ok: vsix !== undefined, hint: 'run `npm run package` (expects safeshift-<version>.vsix in the repo root)' },
]);

/** Text of the editor's visible lines, with Monaco's non-breaking spaces made plain. */
async function editorText(page: Page): Promise<string> {
  const text = await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

async function problemsText(page: Page): Promise<string> {
  const panel = page.locator('.markers-panel');
  if ((await panel.count()) === 0) return '';
  return (await panel.first().innerText()).replace(/\u00a0/g, ' ');
}

/** Polls `probe` until it returns a truthy value, or throws with `what` after `ms`. */
async function until<T>(what: string, ms: number, probe: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await delay(250);
  }
}

test('VS Code (code-server + Chromium): the packaged extension shows the finding in Problems and its quick fix removes it', { ...options, timeout: 420_000 }, async (t) => {
  if (missing) throw new Error(missing);
  // Imported here so that a missing playwright-core fails this test, not the whole file.
  const { chromium } = await import('playwright-core');
  ensureArtifactsDir();

  const dir = mkdtempSync(join(tmpdir(), 'safeshift-vscode-'));
  const userData = join(dir, 'user-data');
  const extensions = join(dir, 'extensions');
  const workspace = join(dir, 'restaurant');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(join(workspace, 'migrations'), { recursive: true });
  writeFileSync(join(workspace, 'migrations', FILE), SOURCE);
  // A quiet workbench: no welcome page, tips, update checks or restored editors in the way.
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'files.autoSave': 'off',
  }, null, 2));
  const common = ['--user-data-dir', userData, '--extensions-dir', extensions];

  let server: Proc | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let ok = false;
  try {
    // 1. Install the packaged extension exactly as a user would (installs, then exits).
    const install = runSync(codeServerBin, [...common, '--install-extension', vsix!], { timeoutMs: 180_000 });
    assert.equal(install.status, 0, `--install-extension failed:\n${install.output}`);
    assert.match(install.output, /successfully installed/i, install.output);

    // 2. Start code-server on a free loopback port.
    const port = await freePort();
    server = new Proc(codeServerBin, [
      '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...common,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace,
    ], { env: { ...process.env, VSCODE_PROXY_URI: '' } });
    const base = `http://127.0.0.1:${port}`;
    await until('code-server to answer /healthz', 90_000, async () => {
      if (!server!.running) throw new Error(`code-server exited:\n${server!.output}`);
      const res = await fetch(`${base}/healthz`);
      return res.ok;
    });

    // 3. The workbench in headless Chromium (Debian's; Playwright never downloads a browser).
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: 60_000,
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    t.after(() => {
      if (!ok) keepArtifact('vscode-browser-console.log', { text: consoleLines.join('\n') });
    });
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`, { timeout: 90_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    // The explorer shows the workspace once the remote file system is connected.
    await page.locator('.explorer-folders-view').first().waitFor({ timeout: 90_000 });

    // 4. Open the migration via Quick Open, as a user does.
    const editorTab = page.locator(`.tabs-container .tab[aria-label*="${FILE}"]`);
    await until('the migration to open via Quick Open', 60_000, async () => {
      if ((await editorTab.count()) > 0) return true;
      await page!.keyboard.press('Escape');
      await page!.keyboard.press('Control+P');
      const input = page!.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(FILE);
      await page!.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor({ timeout: 10_000 });
      await page!.keyboard.press('Enter');
      await editorTab.first().waitFor({ timeout: 10_000 });
      return true;
    });
    await until('the editor to show the migration', 30_000, async () => (await editorText(page!)).includes('CREATE INDEX idx_users_email'));

    // 5. The Problems panel shows our finding once the extension has started the server.
    await page.keyboard.press('Control+Shift+M');
    const problems = await until(`"${RULE}" in the Problems panel`, 120_000, async () => {
      const text = await problemsText(page!);
      if (!text.includes(RULE)) {
        if ((await page!.locator('.markers-panel').count()) === 0) await page!.keyboard.press('Control+Shift+M');
        return '';
      }
      return text;
    });
    assert.match(problems, /safeshift/i, 'the Problems panel names the source');
    assert.match(problems, /users/, 'the message names the table');
    await page.screenshot({ path: join(artifactsDir, 'vscode-problems.png') });

    // 6. Quick Fix on the diagnostic: put the cursor on it, Ctrl+., pick "Add CONCURRENTLY".
    await until(`the "${FIX}" quick fix to apply`, 90_000, async () => {
      if ((await editorText(page!)).includes('CREATE INDEX CONCURRENTLY')) return true;
      await page!.keyboard.press('Escape');
      await page!.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await page!.keyboard.press('Control+Home');
      await page!.keyboard.press('Control+.');
      const item = page!.locator('.action-widget .monaco-list-row', { hasText: FIX }).first();
      await item.waitFor({ state: 'visible', timeout: 10_000 });
      await page!.screenshot({ path: join(artifactsDir, 'vscode-quick-fix-menu.png') });
      // The menu is keyboard-driven (a pointer block lies over it): move the focus to the fix, Enter.
      for (let i = 0; i < 20; i++) {
        const focused = page!.locator('.action-widget .monaco-list-row.focused').first();
        if ((await focused.count()) > 0 && (await focused.innerText()).includes(FIX)) break;
        await page!.keyboard.press('ArrowDown');
      }
      await page!.keyboard.press('Enter');
      await until('the edit', 10_000, async () => (await editorText(page!)).includes('CREATE INDEX CONCURRENTLY'));
      return true;
    });
    const after = await editorText(page);
    assert.match(after, /CREATE INDEX CONCURRENTLY idx_users_email ON users \(email\);/);

    // 7. The finding goes from the Problems panel after the edit.
    await until(`"${RULE}" to leave the Problems panel`, 60_000, async () => !(await problemsText(page!)).includes(RULE));
    await page.screenshot({ path: join(artifactsDir, 'vscode-after-fix.png') });
    ok = true;
  } finally {
    if (!ok) {
      if (page) await page.screenshot({ path: join(artifactsDir, 'vscode-failure.png') }).catch(() => undefined);
      if (server) keepArtifact('vscode-code-server.log', { text: server.output });
      // code-server's own logs: remote agent, extension host, and our output channel.
      const logs = join(userData, 'logs');
      if (existsSync(logs)) {
        try {
          cpSync(logs, join(artifactsDir, 'vscode-logs'), { recursive: true });
        } catch {
          // best effort
        }
      }
    }
    if (browser) await browser.close().catch(() => undefined);
    if (server) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
