// A suite written against the `vscode` API that runs inside a real VS Code extension host, with the
// packaged Safeshift extension installed. It follows the extensionTestsPath contract (`run()`
// resolves when every test passed, rejects otherwise), so the same file runs in two hosts:
//   - code-server's Node extension host (test/e2e/vscode.test.ts opens the workbench with
//     `?payload=[["extensionDevelopmentPath",…],["extensionTestsPath",…]]`), and
//   - desktop VS Code, where one exists: `$VSCODE_EXECUTABLE --extensionDevelopmentPath=<harness>
//     --extensionTestsPath=<this file>` (also in test/e2e/vscode.test.ts).
// Mocha is not a dependency of the project, so a small runner with the same shape (named tests,
// each bounded in time, a summary) stands in for it.
//
// Inputs (environment of the VS Code server or desktop process, inherited by the extension host):
//   SAFESHIFT_SUITE_RESULT  a JSON file to write the per-test results to
// The workspace is expected to hold migrations/20261123_users_email_index.sql with a plain
// CREATE INDEX (see vscode.test.ts).
import type * as vscodeTypes from 'vscode';
import { writeFileSync } from 'node:fs';

const RULE = 'require-concurrent-index-creation';
const FIX = 'Add CONCURRENTLY';
const FILE = ['migrations', '20261123_users_email_index.sql'];
const EXTENSION_ID = 'safeshift.safeshift';
const TEST_TIMEOUT_MS = 60_000;

export interface SuiteResult {
  host: string;
  vscodeVersion: string;
  tests: { name: string; ok: boolean; ms: number; error?: string }[];
}

type Vscode = typeof vscodeTypes;

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function until<T>(what: string, ms: number, probe: () => T | undefined | false | Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await delay(100);
  }
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function tests(vscode: Vscode): { name: string; fn: () => Promise<void> }[] {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const uri = folder ? vscode.Uri.joinPath(folder.uri, ...FILE) : undefined;
  const ruleDiagnostics = () => (uri ? vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === RULE) : []);

  return [
    {
      name: 'the packaged extension is installed, activates, and its API reports ready',
      fn: async () => {
        check(folder && uri, 'no workspace folder is open');
        const ext = vscode.extensions.getExtension<{ ready?: Promise<unknown>; client?: unknown }>(EXTENSION_ID);
        check(ext, `${EXTENSION_ID} is not installed; extensions: ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(doc);
        check(doc.languageId === 'sql', `the migration opened as ${doc.languageId}, not sql`);
        const api = await ext.activate();
        check(ext.isActive, 'the extension did not activate');
        check(api && typeof api === 'object' && api.ready instanceof Promise, 'activate() did not return an API with a ready promise');
        await Promise.race([api.ready, delay(30_000).then(() => { throw new Error('api.ready did not settle within 30 s'); })]);
      },
    },
    {
      name: 'every contributed command is registered',
      fn: async () => {
        const ext = vscode.extensions.getExtension(EXTENSION_ID);
        check(ext, 'not installed');
        const contributed = ((ext.packageJSON?.contributes?.commands ?? []) as { command: string }[]).map((c) => c.command);
        check(contributed.some((c) => /restart/i.test(c)), `no Restart Server command among ${contributed.join(', ')}`);
        check(contributed.some((c) => /output|log/i.test(c)), `no Show Output command among ${contributed.join(', ')}`);
        const registered = new Set(await vscode.commands.getCommands(true));
        const absent = contributed.filter((c) => !registered.has(c));
        check(absent.length === 0, `contributed but not registered: ${absent.join(', ')}`);
      },
    },
    {
      name: `a plain CREATE INDEX gets a ${RULE} warning from safeshift`,
      fn: async () => {
        const [d] = await until(`a ${RULE} diagnostic`, 30_000, () => {
          const found = ruleDiagnostics();
          return found.length ? found : undefined;
        });
        check(d.source === 'safeshift', `source is ${d.source}`);
        check(d.severity === vscode.DiagnosticSeverity.Warning, `severity is ${vscode.DiagnosticSeverity[d.severity]}`);
        check(d.range.start.line === 0, `the finding starts on line ${d.range.start.line + 1}, not 1`);
        check(/users/.test(d.message) && /SHARE/.test(d.message), `the message names neither the table nor the lock: ${d.message}`);
      },
    },
    {
      name: 'hover on the statement shows the lock it takes',
      fn: async () => {
        check(uri, 'no file');
        const text = await until('a hover naming the lock', 20_000, async () => {
          const hovers = (await vscode.commands.executeCommand<vscodeTypes.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 3))) ?? [];
          const all = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
          return /SHARE/.test(all) ? all : undefined;
        });
        check(/users/.test(text), `the hover does not name the table: ${text}`);
      },
    },
    {
      name: `the "${FIX}" quick fix rewrites the statement and the finding goes`,
      fn: async () => {
        check(uri, 'no file');
        const [d] = ruleDiagnostics();
        check(d, `no ${RULE} diagnostic to fix`);
        const actions = (await vscode.commands.executeCommand<vscodeTypes.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
        const titles = actions.map((a) => a.title);
        const fix = actions.find((a) => a.title.includes(FIX));
        check(fix, `no "${FIX}" among ${JSON.stringify(titles)}`);
        check(titles.some((t) => /ignore/i.test(t) && /statement/i.test(t)), `no "ignore for this statement" among ${JSON.stringify(titles)}`);
        check(titles.some((t) => /ignore/i.test(t) && /file/i.test(t)), `no "ignore for this file" among ${JSON.stringify(titles)}`);
        if (fix.edit) check(await vscode.workspace.applyEdit(fix.edit), 'applyEdit refused the edit');
        if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
        const doc = await vscode.workspace.openTextDocument(uri);
        check(/^CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email ON users \(email\);$/m.test(doc.getText()), `unexpected text after the fix: ${doc.getText()}`);
        await until(`${RULE} to go`, 20_000, () => ruleDiagnostics().length === 0);
        // Leave the workspace as it was.
        await vscode.commands.executeCommand('workbench.action.files.revert');
      },
    },
    {
      name: 'in a goose migration the CREATE INDEX fix takes the migration out of its transaction (NO TRANSACTION) and the finding goes',
      fn: async () => {
        check(folder, 'no workspace folder');
        // A goose project of its own: the index is alone in a migration that goose wraps in a transaction.
        const dir = vscode.Uri.joinPath(folder.uri, 'goose');
        const encode = (text: string) => new TextEncoder().encode(text);
        await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, '00001_create_users.sql'), encode('-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n-- +goose Down\nDROP TABLE users;\n'));
        const target = vscode.Uri.joinPath(dir, '00002_index_users_email.sql');
        await vscode.workspace.fs.writeFile(target, encode('-- +goose Up\nCREATE INDEX idx_users_email ON users (email);\n-- +goose Down\nDROP INDEX idx_users_email;\n'));
        const doc = await vscode.workspace.openTextDocument(target);
        await vscode.window.showTextDocument(doc);
        const diagnostics = () => vscode.languages.getDiagnostics(target).filter((d) => codeOf(d) === RULE);
        const d = await until(`${RULE} in the goose migration`, 20_000, () => diagnostics()[0]);
        const actions = (await vscode.commands.executeCommand<vscodeTypes.CodeAction[]>('vscode.executeCodeActionProvider', target, d.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
        const fix = actions.find((a) => a.isPreferred);
        check(fix?.edit, `no preferred fix among ${JSON.stringify(actions.map((a) => a.title))}`);
        check(/goose NO TRANSACTION/.test(fix.title), `unexpected preferred fix: ${fix.title}`);
        check(await vscode.workspace.applyEdit(fix.edit), 'applyEdit refused the edit');
        const text = doc.getText();
        check(/^-- \+goose NO TRANSACTION\n-- \+goose Up\n/.test(text), `NO TRANSACTION not added: ${text}`);
        check(/^CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email ON users \(email\);$/m.test(text), `statement not rewritten: ${text}`);
        await until(`${RULE} to go from the goose migration`, 20_000, () => diagnostics().length === 0);
        await doc.save();
      },
    },
  ];
}

function codeOf(d: vscodeTypes.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
}

export async function run(): Promise<void> {
  // Required here, not at the top: this file is also loaded by `node --test` outside any editor.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vscode = require('vscode') as Vscode;
  const result: SuiteResult = { host: vscode.env.appHost, vscodeVersion: vscode.version, tests: [] };
  for (const t of tests(vscode)) {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        t.fn(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS);
        }),
      ]);
      result.tests.push({ name: t.name, ok: true, ms: Date.now() - started });
      console.log(`  ✔ ${t.name}`);
    } catch (err) {
      const error = err instanceof Error ? err.stack ?? err.message : String(err);
      result.tests.push({ name: t.name, ok: false, ms: Date.now() - started, error });
      console.log(`  ✘ ${t.name}\n${error}`);
    } finally {
      clearTimeout(timer);
    }
  }
  if (process.env.SAFESHIFT_SUITE_RESULT) writeFileSync(process.env.SAFESHIFT_SUITE_RESULT, JSON.stringify(result, null, 2));
  const failed = result.tests.filter((t) => !t.ok).length;
  console.log(`${result.tests.length - failed} passed, ${failed} failed (vscode ${result.vscodeVersion}, ${result.host})`);
  if (failed) throw new Error(`${failed} of ${result.tests.length} extension-host tests failed`);
}
