// The sandbox in real VS Code: code-server 4.100.3 in headless Chromium (playwright-core) with the
// packaged .vsix installed, on a copy of examples/restaurant.
//   1. Trusted workspace: open the newest migration, run "Safeshift: Run Migration in Sandbox" from
//      the command palette, and read the report webview (an iframe inside an iframe): it shows the
//      lock badges of the migration's statements, and Copy as Markdown puts the CLI's Markdown
//      report on the clipboard. Screenshot in .test-artifacts/.
//   2. Restricted Mode (workspace trust on, not granted): the command palette does not offer the
//      sandbox commands, while the lint findings still show.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import {
  artifactsDir, chromiumPath, codeServerBin, delay, ensureArtifactsDir, freePort, gate, keepArtifact, Proc, repoRoot, runSync, vsixPath,
} from './helpers';

const EXAMPLE = join(repoRoot, 'examples', 'restaurant');
const RUN_COMMAND = 'Safeshift: Run Migration in Sandbox';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

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

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await delay(250);
  }
}

/** The newest migration of the example, by its numbered name. */
function newestMigration(): string {
  return readdirSync(join(EXAMPLE, 'migrations')).filter((f) => f.endsWith('.sql')).sort().pop()!;
}

function writeUserSettings(userData: string, trust: boolean): void {
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
    'security.workspace.trust.enabled': trust,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'never',
    'chat.disableAIFeatures': true,
    'files.autoSave': 'off',
  }, null, 2));
}

/** A code-server with the .vsix installed; `trust` turns workspace trust on (nothing is trusted). */
class CodeServer {
  dir = '';
  base = '';
  proc: Proc | undefined;
  userData = '';

  async start(trust: boolean): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'safeshift-vscode-sandbox-'));
    this.userData = join(this.dir, 'user-data');
    const extensions = join(this.dir, 'extensions');
    writeUserSettings(this.userData, trust);
    const common = ['--user-data-dir', this.userData, '--extensions-dir', extensions];
    const install = runSync(codeServerBin, [...common, '--install-extension', vsix!], { timeoutMs: 180_000 });
    if (install.status !== 0 || !/successfully installed/i.test(install.output)) throw new Error(`--install-extension failed:\n${install.output}`);
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    this.proc = new Proc(codeServerBin, [
      '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...common, '--disable-telemetry', '--disable-update-check',
      ...(trust ? [] : ['--disable-workspace-trust']),
    ]);
    await until('code-server to answer /healthz', 90_000, async () => {
      if (!this.proc!.running) throw new Error(`code-server exited:\n${this.proc!.output}`);
      return (await fetch(`${this.base}/healthz`)).ok;
    });
  }

  /** A copy of examples/restaurant, so nothing in the repository is touched. */
  workspace(name: string): string {
    const ws = join(this.dir, name);
    cpSync(EXAMPLE, ws, { recursive: true });
    return ws;
  }

  async stop(failed: boolean, name: string): Promise<void> {
    if (failed && this.proc) keepArtifact(`vscode-sandbox-${name}-code-server.log`, { text: this.proc.output });
    if (failed && this.userData && existsSync(join(this.userData, 'logs'))) {
      try {
        cpSync(join(this.userData, 'logs'), join(artifactsDir, `vscode-sandbox-${name}-logs`), { recursive: true });
      } catch {
        // best effort
      }
    }
    await this.proc?.stop();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

async function openFile(page: Page, file: string): Promise<void> {
  const tab = page.locator(`.tabs-container .tab[aria-label*="${file}"]`);
  await until(`${file} to open via Quick Open`, 60_000, async () => {
    if ((await tab.count()) > 0) return true;
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 5_000 });
    await input.fill(file);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await tab.first().waitFor({ timeout: 10_000 });
    return true;
  });
}

/** The command palette's rows for `query` (the palette stays open). */
async function paletteRows(page: Page, query: string): Promise<string[]> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 5_000 });
  await input.fill(`>${query}`);
  await delay(500);
  return page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
}

/** The webview frame that holds the report (webviews are an iframe in an iframe). */
async function reportFrame(page: Page): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    try {
      if ((await frame.locator('.badge.lock').count()) > 0) return frame;
    } catch {
      // a frame that navigated away meanwhile
    }
  }
  return undefined;
}

async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

async function withPage(browser: Browser, name: string, url: string, body: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  let ok = false;
  try {
    await page.goto(url, { timeout: 90_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    await page.locator('.explorer-folders-view').first().waitFor({ timeout: 90_000 });
    await body(page);
    ok = true;
  } finally {
    if (!ok) {
      ensureArtifactsDir();
      await page.screenshot({ path: join(artifactsDir, `vscode-sandbox-${name}-failure.png`) }).catch(() => undefined);
      keepArtifact(`vscode-sandbox-${name}-browser-console.log`, { text: consoleLines.join('\n') });
    }
    await context.close().catch(() => undefined);
  }
}

describe('VS Code (code-server): the sandbox from the command palette', { ...options, timeout: 900_000 }, () => {
  let browser: Browser | undefined;
  before(async () => {
    if (!missing) browser = await launch();
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
  });

  test(`"${RUN_COMMAND}" on the example's newest migration opens the report with lock badges`, { timeout: 420_000 }, async () => {
    if (missing) throw new Error(missing);
    const server = new CodeServer();
    let failed = true;
    try {
      await server.start(false);
      const workspace = server.workspace('restaurant');
      const file = newestMigration();
      await withPage(browser!, 'run', `${server.base}/?folder=${encodeURIComponent(workspace)}`, async (page) => {
        await openFile(page, file);
        // The server is up once its lint findings reach the Problems panel's count in the status bar;
        // until then the palette command may not be registered yet, so retry it.
        const frame = await until('the sandbox report with lock badges', 240_000, async () => {
          const ready = await reportFrame(page);
          if (ready) return ready;
          const rows = await paletteRows(page, RUN_COMMAND);
          // Fuzzy matching also lists "Run All Migrations in Sandbox": pick the exact command.
          const index = rows.findIndex((r) => r.includes('Run Migration in Sandbox'));
          if (index < 0) return undefined;
          await page.locator('.quick-input-list .monaco-list-row').nth(index).click();
          // A run (PGlite cold start included) takes seconds; give it time before asking again.
          for (let i = 0; i < 120; i++) {
            await delay(500);
            const found = await reportFrame(page);
            if (found) return found;
          }
          return undefined;
        });
        const badges = await frame.locator('.badge.lock').allInnerTexts();
        assert.ok(badges.some((b) => /AccessExclusiveLock/.test(b) && /public\.warehouses/.test(b)), `lock badges: ${JSON.stringify(badges)}`);
        assert.ok(badges.some((b) => /ShareUpdateExclusiveLock/.test(b)), `the CREATE INDEX CONCURRENTLY lock is shown: ${JSON.stringify(badges)}`);
        const heading = await frame.locator('h2').first().innerText();
        assert.match(heading, new RegExp(file.replace('.', '\\.')));
        assert.equal(await frame.locator('#copy-markdown').isEnabled(), true, 'Copy as Markdown is offered');
        // Copy as Markdown: the extension writes the CLI's Markdown report to the clipboard.
        await frame.locator('#copy-markdown').click();
        await until('the copy to be confirmed', 20_000, async () => /Copied/.test(await frame.locator('#copy-status').innerText()));
        // Reading the clipboard needs the focus on the top document, not on the webview's frame.
        await page.locator('.statusbar').first().click();
        const clipboard = String(await page.evaluate('window.focus(), navigator.clipboard.readText()'));
        assert.match(clipboard, /^### Safeshift sandbox/, clipboard);
        assert.match(clipboard, /ACCESS EXCLUSIVE `public\.warehouses`/, clipboard);
        assert.match(clipboard, /`migrations\/005_add_region_safely\.sql`/, "paths relative to the project, for a pull request");
        ensureArtifactsDir();
        await page.screenshot({ path: join(artifactsDir, 'vscode-sandbox-report.png') });
      });
      failed = false;
    } finally {
      await server.stop(failed, 'run');
    }
  });

  test('in Restricted Mode the palette does not offer the sandbox commands, and linting goes on', { timeout: 300_000 }, async () => {
    if (missing) throw new Error(missing);
    const server = new CodeServer();
    let failed = true;
    try {
      await server.start(true);
      const workspace = server.workspace('restricted');
      await withPage(browser!, 'restricted', `${server.base}/?folder=${encodeURIComponent(workspace)}`, async (page) => {
        await openFile(page, '004_add_city_to_warehouses.sql');
        assert.match(await page.locator('.statusbar').first().innerText(), /Restricted Mode/, 'the workspace is in Restricted Mode');
        // Safeshift runs (limited support): its findings reach the Problems panel.
        await page.keyboard.press('Control+Shift+M');
        await until('a Safeshift finding in the Problems panel', 120_000, async () => {
          const panel = page.locator('.markers-panel');
          if ((await panel.count()) === 0) await page.keyboard.press('Control+Shift+M');
          return /safeshift/.test(await panel.first().innerText().catch(() => ''));
        });
        const rows = await paletteRows(page, 'Safeshift:');
        assert.ok(rows.some((r) => /Restart Server/.test(r)), `the Safeshift commands are listed: ${JSON.stringify(rows)}`);
        assert.ok(rows.some((r) => /Choose Sandbox Engine/.test(r)), `Choose Sandbox Engine stays (it only writes a setting): ${JSON.stringify(rows)}`);
        for (const hidden of ['Run Migration in Sandbox', 'Check Down Migration', 'Run All Migrations', 'Reset Sandbox']) {
          assert.ok(!rows.some((r) => r.includes(hidden)), `"${hidden}" is offered in Restricted Mode: ${JSON.stringify(rows)}`);
        }
        await page.keyboard.press('Escape');
      });
      failed = false;
    } finally {
      await server.stop(failed, 'restricted');
    }
  });
});
