// Real editor #2: VS Code itself. code-server 4.100.3 (VS Code 1.100.3) serves the workbench to
// headless Debian Chromium, driven by playwright-core; the packaged .vsix is installed with
// `--install-extension`, so the client and the language server run for real in code-server's Node
// extension host. Three tests share one code-server:
//   1. The workbench as a user sees it: open the migration via Quick Open, the Problems panel shows
//      our finding (screenshot kept in .test-artifacts/), Ctrl+. offers "Add CONCURRENTLY", picking
//      it rewrites the statement and the finding leaves the Problems panel.
//   2. The Migrations view in the explorer lists examples/restaurant's migrations in order, and a
//      click opens one.
//   3. The `vscode`-API suite (vscode-suite/index.ts) run inside code-server's extension host as
//      extension tests: the workbench is opened with a payload naming extensionDevelopmentPath and
//      extensionTestsPath; the host reports the exit code through `window.codeAutomationExit` and
//      the per-test results through a JSON file. Each of its tests is reported here as a subtest.
// The same suite runs in desktop VS Code when VSCODE_EXECUTABLE names one (last test).
import { after, before, describe, test, TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  artifactsDir, chromiumPath, codeServerBin, delay, ensureArtifactsDir, freePort, gate, keepArtifact, Proc, runSync, vsixPath,
} from './helpers';
import type { SuiteResult } from './vscode-suite/index';

const RULE = 'require-concurrent-index-creation';
const FIX = 'Add CONCURRENTLY';
const FILE = '20261123_users_email_index.sql';
const SOURCE = 'CREATE INDEX idx_users_email ON users (email);\n';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SUITE_JS = join(__dirname, 'vscode-suite', 'index.js');

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

/** A folder with one risky migration, as the workspace to open. */
function makeWorkspace(parent: string, name: string): string {
  const ws = join(parent, name);
  mkdirSync(join(ws, 'migrations'), { recursive: true });
  writeFileSync(join(ws, 'migrations', FILE), SOURCE);
  return ws;
}

/** A quiet workbench: no welcome page, tips, update checks, gallery or trust prompt in the way. */
function writeUserSettings(userData: string): void {
  mkdirSync(join(userData, 'User'), { recursive: true });
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
}

/** An extension folder for extensionDevelopmentPath that holds the compiled suite. */
function makeHarness(parent: string): { dir: string; suite: string } {
  const dir = join(parent, 'harness');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'safeshift-e2e-harness', publisher: 'safeshift', version: '0.0.0', private: true, engines: { vscode: '^1.91.0' },
  }, null, 2));
  const suite = join(dir, 'suite.js');
  copyFileSync(SUITE_JS, suite);
  return { dir, suite };
}

/** Reports each extension-host test as a subtest here, so they count one by one. */
async function reportSuite(t: TestContext, result: SuiteResult): Promise<void> {
  assert.ok(result.tests.length > 0, 'the extension-host suite ran no test');
  for (const r of result.tests) {
    await t.test(`[${result.host} ${result.vscodeVersion}] ${r.name}`, () => {
      if (!r.ok) throw new Error(r.error ?? 'failed');
    });
  }
}

describe('VS Code: code-server in headless Chromium with the packaged .vsix', { ...options, timeout: 600_000 }, () => {
  let dir = '';
  let userData = '';
  let extensions = '';
  let suiteResultFile = '';
  let server: Proc | undefined;
  let browser: Browser | undefined;
  let base = '';
  let port = 0;
  let failures = 0;

  before(async () => {
    if (missing) return;
    ensureArtifactsDir();
    dir = mkdtempSync(join(tmpdir(), 'safeshift-vscode-'));
    userData = join(dir, 'user-data');
    extensions = join(dir, 'extensions');
    suiteResultFile = join(dir, 'suite-result.json');
    writeUserSettings(userData);
    const common = ['--user-data-dir', userData, '--extensions-dir', extensions];

    // Install the packaged extension exactly as a user would (installs, then exits).
    const install = runSync(codeServerBin, [...common, '--install-extension', vsix!], { timeoutMs: 180_000 });
    if (install.status !== 0 || !/successfully installed/i.test(install.output)) {
      failures++;
      throw new Error(`code-server --install-extension ${vsix} failed (exit ${install.status}):\n${install.output}`);
    }

    // code-server on a free loopback port. The extension hosts it starts inherit its environment,
    // which is how the extension-host suite learns where to write its results.
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = new Proc(codeServerBin, [
      '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...common,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    ], { env: { ...process.env, SAFESHIFT_SUITE_RESULT: suiteResultFile } });
    await until('code-server to answer /healthz', 90_000, async () => {
      if (!server!.running) throw new Error(`code-server exited:\n${server!.output}`);
      return (await fetch(`${base}/healthz`)).ok;
    }).catch((err) => {
      failures++;
      throw err;
    });

    // Debian's Chromium; Playwright never downloads a browser.
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  }, { timeout: 300_000 });

  after(async () => {
    if (browser) await browser.close().catch(() => undefined);
    if (server) await server.stop();
    if (failures > 0) {
      if (server) keepArtifact('vscode-code-server.log', { text: server.output });
      // code-server's own logs: remote agent, extension hosts, and our "Safeshift" output channel.
      const logs = join(userData, 'logs');
      if (userData && existsSync(logs)) {
        try {
          cpSync(logs, join(artifactsDir, 'vscode-logs'), { recursive: true });
        } catch {
          // best effort
        }
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh browser page on the workbench; failure leaves a screenshot and the console log. */
  async function withPage(name: string, url: string, body: (page: Page) => Promise<void>, setup?: (page: Page) => Promise<void>): Promise<void> {
    if (missing) throw new Error(missing);
    assert.ok(browser && server, 'code-server did not start (see the before hook)');
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    let ok = false;
    try {
      if (setup) await setup(page);
      await page.goto(url, { timeout: 90_000 });
      await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
      await body(page);
      ok = true;
    } finally {
      if (!ok) {
        failures++;
        await page.screenshot({ path: join(artifactsDir, `vscode-${name}-failure.png`) }).catch(() => undefined);
        keepArtifact(`vscode-${name}-browser-console.log`, { text: consoleLines.join('\n') });
      }
      await context.close().catch(() => undefined);
    }
  }

  test('the workbench: Problems panel shows the finding, and the Quick Fix menu removes it', { timeout: 300_000 }, async () => {
    const workspace = missing ? '' : makeWorkspace(dir, 'restaurant');
    await withPage('ui', `${base}/?folder=${encodeURIComponent(workspace)}`, async (page) => {
      const editorLines = page.locator('.editor-instance .monaco-editor .view-lines').first();
      const editorText = async () => (await editorLines.innerText()).replace(/\u00a0/g, ' ');
      const problemsText = async () => {
        const panel = page.locator('.markers-panel');
        return (await panel.count()) ? (await panel.first().innerText()).replace(/\u00a0/g, ' ') : '';
      };
      // The explorer shows the folder once the remote file system is connected.
      await page.locator('.explorer-folders-view').first().waitFor({ timeout: 90_000 });

      // Open the migration via Quick Open, as a user does.
      const tab = page.locator(`.tabs-container .tab[aria-label*="${FILE}"]`);
      await until('the migration to open via Quick Open', 60_000, async () => {
        if ((await tab.count()) > 0) return true;
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+P');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        await input.fill(FILE);
        await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor({ timeout: 10_000 });
        await page.keyboard.press('Enter');
        await tab.first().waitFor({ timeout: 10_000 });
        return true;
      });
      await until('the editor to show the migration', 30_000, async () => (await editorText()).includes('CREATE INDEX idx_users_email'));

      // The Problems panel shows our finding once the extension has started the server.
      await page.keyboard.press('Control+Shift+M');
      const problems = await until(`"${RULE}" in the Problems panel`, 120_000, async () => {
        const text = await problemsText();
        if (text.includes(RULE)) return text;
        if ((await page.locator('.markers-panel').count()) === 0) await page.keyboard.press('Control+Shift+M');
        return '';
      });
      assert.match(problems, /safeshift/, 'the Problems panel names the source');
      assert.match(problems, /users/, 'the message names the table');
      await page.screenshot({ path: join(artifactsDir, 'vscode-problems.png') });

      // Quick Fix on the finding: cursor on it, Ctrl+., move to "Add CONCURRENTLY", Enter.
      await until(`the "${FIX}" quick fix to apply`, 90_000, async () => {
        if ((await editorText()).includes('CREATE INDEX CONCURRENTLY')) return true;
        await page.keyboard.press('Escape');
        await editorLines.click();
        await page.keyboard.press('Control+Home');
        await page.keyboard.press('Control+.');
        const item = page.locator('.action-widget .monaco-list-row', { hasText: FIX }).first();
        await item.waitFor({ state: 'visible', timeout: 10_000 });
        await page.screenshot({ path: join(artifactsDir, 'vscode-quick-fix-menu.png') });
        // The menu is keyboard-driven (a pointer block lies over it while it opens).
        for (let i = 0; i < 20; i++) {
          const focused = page.locator('.action-widget .monaco-list-row.focused').first();
          if ((await focused.count()) > 0 && (await focused.innerText()).includes(FIX)) break;
          await page.keyboard.press('ArrowDown');
        }
        await page.keyboard.press('Enter');
        await until('the edit', 10_000, async () => (await editorText()).includes('CREATE INDEX CONCURRENTLY'));
        return true;
      });
      assert.match(await editorText(), /CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email ON users \(email\);/);

      // The finding leaves the Problems panel after the edit.
      await until(`"${RULE}" to leave the Problems panel`, 60_000, async () => !(await problemsText()).includes(RULE));
      await page.screenshot({ path: join(artifactsDir, 'vscode-after-fix.png') });
    });
  });

  test('the Migrations view lists the example project in order, and a click opens the migration', { timeout: 300_000 }, async () => {
    const workspace = join(dir, 'example');
    if (!missing) cpSync(join(__dirname, '..', '..', '..', 'examples', 'restaurant'), workspace, { recursive: true });
    await withPage('migrations-view', `${base}/?folder=${encodeURIComponent(workspace)}`, async (page) => {
      await page.locator('.explorer-folders-view').first().waitFor({ timeout: 90_000 });
      // The view is a pane of the explorer; open it when it starts collapsed.
      const header = page.locator('.pane-header', { hasText: /^\s*migrations/i }).first();
      await header.waitFor({ timeout: 90_000 });
      if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
      const pane = page.locator('.pane', { has: header });
      const rows = pane.locator('.monaco-list-row');
      const listed = await until('the migrations in the Migrations view', 120_000, async () => {
        const text = (await rows.allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
        return text.includes('005_add_region_safely.sql') ? text : '';
      });
      await page.screenshot({ path: join(artifactsDir, 'vscode-migrations-view.png') });
      assert.match(listed, /migrations[\s\S]*numbered SQL files · 5 migrations/, 'the root with its tool');
      const order = ['001_create_menu.sql', '002_create_inventory.sql', '003_create_warehouses.sql', '004_add_city_to_warehouses.sql', '005_add_region_safely.sql'];
      const positions = order.map((id) => listed.indexOf(id));
      assert.deepEqual([...positions].sort((a, b) => a - b), positions, `in the tool's order:\n${listed}`);
      assert.match(listed, /004_add_city_to_warehouses\.sql\s*migration 4 of 5/, 'each migration with its place');

      // A click opens the file in an editor.
      await rows.filter({ hasText: '004_add_city_to_warehouses.sql' }).first().click();
      await page.locator('.tabs-container .tab[aria-label*="004_add_city_to_warehouses.sql"]').first().waitFor({ timeout: 30_000 });
    });
  });

  test("the vscode-API suite in code-server's extension host", { timeout: 300_000 }, async (t) => {
    const workspace = missing ? '' : makeWorkspace(dir, 'api-suite');
    const harness = missing ? { dir: '', suite: '' } : makeHarness(dir);
    let exitCode: number | undefined;
    const remote = (path: string) => `vscode-remote://127.0.0.1:${port}${path}`;
    const payload = JSON.stringify([['extensionDevelopmentPath', remote(harness.dir)], ['extensionTestsPath', remote(harness.suite)]]);
    await withPage('api-suite', `${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`, async (page) => {
      // The host calls this when the suite's run() settles (0: resolved, else rejected).
      await until('the extension-host suite to finish', 240_000, async () => exitCode !== undefined);
      await page.screenshot({ path: join(artifactsDir, 'vscode-api-suite.png') });
    }, async (page) => {
      await page.exposeFunction('codeAutomationExit', (code: number) => {
        exitCode = code;
      });
    });
    assert.ok(existsSync(suiteResultFile), `the suite exited with ${exitCode} but wrote no results`);
    const result = JSON.parse(readFileSync(suiteResultFile, 'utf8')) as SuiteResult;
    keepArtifact('vscode-api-suite-result.json', { file: suiteResultFile });
    await reportSuite(t, result);
    assert.equal(exitCode, 0, 'the extension-host suite failed');
  });
});

// Desktop VS Code, where one exists (never here: it cannot be downloaded on this project's machines).
// Runs the same suite the way @vscode/test-electron's runTests({ vscodeExecutablePath }) does.
const desktop = process.env.VSCODE_EXECUTABLE;
test('the vscode-API suite in desktop VS Code ($VSCODE_EXECUTABLE)', {
  skip: desktop ? undefined : 'VSCODE_EXECUTABLE is not set (desktop VS Code is optional; code-server covers the extension host above)',
  timeout: 300_000,
}, async (t) => {
  assert.ok(vsix, 'no packaged .vsix');
  const dir = mkdtempSync(join(tmpdir(), 'safeshift-vscode-desktop-'));
  try {
    const userData = join(dir, 'user-data');
    const extensions = join(dir, 'extensions');
    writeUserSettings(userData);
    const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
    const install = runSync(desktop!, [...common, '--install-extension', vsix], { timeoutMs: 180_000 });
    assert.equal(install.status, 0, install.output);
    const workspace = makeWorkspace(dir, 'restaurant');
    const harness = makeHarness(dir);
    const resultFile = join(dir, 'suite-result.json');
    const proc = new Proc(desktop!, [
      ...common, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--disable-gpu',
      `--extensionDevelopmentPath=${harness.dir}`, `--extensionTestsPath=${harness.suite}`, workspace,
    ], { env: { ...process.env, SAFESHIFT_SUITE_RESULT: resultFile } });
    try {
      const exit = await proc.wait(240_000, 'VS Code');
      assert.ok(existsSync(resultFile), `VS Code exited with ${exit.code} and wrote no results:\n${proc.output}`);
      await reportSuite(t, JSON.parse(readFileSync(resultFile, 'utf8')) as SuiteResult);
      assert.equal(exit.code, 0, proc.output);
    } finally {
      await proc.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
