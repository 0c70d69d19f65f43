/**
 * The packaged extension, as a user gets it: the .vsix made by scripts/package.mjs is unzipped
 * into a temporary folder with no node_modules above it, and its bundles must run from there.
 */
import { strict as assert } from 'node:assert';
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { extractZip } from './unzip';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsixPath = join(root, `${manifest.name}-${manifest.version}.vsix`);

/** What may be in the .vsix: the whitelist of .vscodeignore, under vsce's names. */
const ALLOWED: RegExp[] = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/,
  /^extension\/LICENSE\.txt$/,
  /^extension\/dist\/[^/]+\.(js|wasm)$/,
  /^extension\/dist\/pglite\.data$/,
  /^extension\/syntaxes\/[^/]+\.tmLanguage\.json$/,
  /^extension\/schemas\/[^/]+\.schema\.json$/,
  /^extension\/images\/icon\.png$/,
];

/** What must be in it: the bundles, the parser's WASM, and every file the manifest points at. */
function requiredFiles(): string[] {
  const files = [
    'extension/package.json',
    'extension/readme.md',
    'extension/LICENSE.txt',
    'extension/dist/client.js',
    'extension/dist/server.js',
    'extension/dist/lintWorker.js',
    'extension/dist/cli.js',
    'extension/dist/libpg-query.wasm',
    // The embedded sandbox: PGlite's worker bundle, PostgreSQL and initdb in WASM, its file bundle.
    'extension/dist/pgliteWorker.js',
    'extension/dist/pglite.wasm',
    'extension/dist/initdb.wasm',
    'extension/dist/pglite.data',
  ];
  const inExtension = (path: string) => `extension/${path.replace(/^\.\//, '')}`;
  files.push(inExtension(manifest.main));
  for (const bin of Object.values(manifest.bin as Record<string, string>)) files.push(inExtension(bin));
  for (const grammar of manifest.contributes.grammars) files.push(inExtension(grammar.path));
  for (const validation of manifest.contributes.jsonValidation) files.push(inExtension(validation.url));
  if (manifest.icon) files.push(inExtension(manifest.icon));
  return [...new Set(files)].sort();
}

/** The environment of a user's machine: no NODE_PATH or NODE_OPTIONS pointing into this repository. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_PATH;
  delete env.NODE_OPTIONS;
  return env;
}

describe('the .vsix', () => {
  let dir = '';
  let files: string[] = [];

  before(() => {
    assert.ok(existsSync(vsixPath), `${vsixPath} is missing; run: node scripts/package.mjs`);
    dir = mkdtempSync(join(tmpdir(), 'safeshift-vsix-'));
    files = extractZip(readFileSync(vsixPath), dir);
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is unpacked where no node_modules folder is above it', () => {
    for (let current = dir; ; current = dirname(current)) {
      assert.ok(!existsSync(join(current, 'node_modules')), `${current}/node_modules exists; the test would not prove the bundles are self-contained`);
      if (current === parse(current).root) break;
    }
  });

  it('holds only whitelisted files', () => {
    const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
    assert.deepEqual(unexpected, [], 'files outside the .vscodeignore whitelist');
  });

  it('holds every file the manifest needs', () => {
    const missing = requiredFiles().filter((file) => !files.includes(file));
    assert.deepEqual(missing, []);
  });

  it('leaks no source maps, sources, tests or dependencies', () => {
    const leaks = files.filter((file) => /\.map$|\.ts$|(^|\/)(node_modules|test|out|server|client|scripts|examples|bench)\//.test(file));
    assert.deepEqual(leaks, []);
    for (const bundle of files.filter((file) => file.endsWith('.js'))) {
      const text = readFileSync(join(dir, bundle), 'utf8');
      assert.ok(!/\/\/# sourceMappingURL=/.test(text), `${bundle} points at a source map`);
    }
  });

  it('stays small (the bundles and the parser, nothing else), and its VSIX manifest names the icon and licence', () => {
    // About 0.7 MiB today; the embedded sandbox engine (PGlite's WASM and data) will add some 10 MiB.
    // A leaked node_modules would add far more.
    const size = readFileSync(vsixPath).length;
    assert.ok(size < 20 * 1024 * 1024, `the .vsix is ${(size / 1024 / 1024).toFixed(1)} MiB; something unexpected got in`);
    const vsixManifest = readFileSync(join(dir, 'extension.vsixmanifest'), 'utf8');
    assert.match(vsixManifest, /<License>extension\/LICENSE\.txt<\/License>/);
    if (manifest.icon) assert.match(vsixManifest, new RegExp(`<Icon>extension/${manifest.icon.replace(/\./g, '\\.')}</Icon>`));
    assert.match(vsixManifest, new RegExp(`Version="${manifest.version.replace(/\./g, '\\.')}"`));
  });

  it('ships the manifest, grammar and schema exactly as in the repository', () => {
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'extension/package.json'), 'utf8')).contributes, manifest.contributes);
    for (const path of ['syntaxes/safeshift-injection.tmLanguage.json', 'schemas/safeshift.schema.json']) {
      assert.equal(readFileSync(join(dir, 'extension', path), 'utf8'), readFileSync(join(root, path), 'utf8'), path);
    }
  });

  it('has bundles that require nothing but Node built-ins (and vscode, in the client)', () => {
    const builtins = new Set(require('node:module').builtinModules as string[]);
    for (const bundle of ['client.js', 'server.js', 'lintWorker.js', 'cli.js', 'pgliteWorker.js']) {
      const text = readFileSync(join(dir, 'extension/dist', bundle), 'utf8');
      const required = [...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]);
      // PGlite's emscripten glue names `ws` for WebSocket sockets, a path the sandbox never takes.
      const allowed = (name: string) => (bundle === 'client.js' && name === 'vscode') || (bundle === 'pgliteWorker.js' && name === 'ws');
      const foreign = required.filter((name) => !builtins.has(name.replace(/^node:/, '')) && !allowed(name));
      assert.deepEqual([...new Set(foreign)], [], `${bundle} requires modules that are not bundled`);
    }
  });

  it('runs the CLI from the unpacked folder', () => {
    const work = mkdtempSync(join(tmpdir(), 'safeshift-vsix-cli-'));
    try {
      writeFileSync(join(work, 'risky.sql'), 'CREATE INDEX warehouses_city ON warehouses (city);\n');
      writeFileSync(join(work, 'broken.sql'), 'ALTER TABLE warehouses ADD COLUMN city text NOT NUL;\n');
      const cli = join(dir, 'extension/dist/cli.js');
      const risky = spawnSync(process.execPath, [cli, 'check', 'risky.sql', '--format', 'json'], { cwd: work, env: cleanEnv(), encoding: 'utf8', timeout: 20_000 });
      assert.equal(risky.status, 0, risky.stderr);
      const report = JSON.parse(risky.stdout);
      assert.equal(report.version, 1);
      assert.equal(report.files[0].path, 'risky.sql');
      assert.ok(report.files[0].diagnostics.some((d: { rule: string }) => d.rule === 'require-concurrent-index-creation'), risky.stdout);

      const broken = spawnSync(process.execPath, [cli, 'check', 'broken.sql'], { cwd: work, env: cleanEnv(), encoding: 'utf8', timeout: 20_000 });
      assert.equal(broken.status, 1, `${broken.stdout}${broken.stderr}`);
      assert.match(broken.stdout, /syntax-error/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('runs a migration in the embedded sandbox from the unpacked folder', () => {
    const work = mkdtempSync(join(tmpdir(), 'safeshift-vsix-run-'));
    try {
      mkdirSync(join(work, 'migrations'));
      writeFileSync(join(work, 'migrations', '001_menu.sql'), 'CREATE TABLE menu (id int PRIMARY KEY, price int);\n');
      writeFileSync(join(work, 'migrations', '002_index.sql'), 'CREATE INDEX menu_price_idx ON menu (price);\n');
      const cli = join(dir, 'extension/dist/cli.js');
      const env = { ...cleanEnv(), SAFESHIFT_CACHE_DIR: join(work, 'cache') };
      const run = spawnSync(process.execPath, [cli, 'run', 'migrations/002_index.sql', '--format', 'json'], { cwd: work, env, encoding: 'utf8', timeout: 300_000 });
      assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
      const report = JSON.parse(run.stdout);
      assert.equal(report.engine, 'embedded');
      assert.deepEqual(report.migrations[0].statements[0].locks, [{ relation: 'public.menu', mode: 'ShareLock', source: 'observed' }]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  const initialize = (id: number) => ({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { processId: process.pid, rootUri: null, capabilities: {}, clientInfo: { name: 'safeshift-package-test' } },
  });

  it('starts the language server over stdio and answers initialize', async () => {
    const server = spawn(process.execPath, [join(dir, 'extension/dist/server.js'), '--stdio'], { cwd: dir, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      const result = await stdioRequest(server, initialize(1));
      assert.ok(result.capabilities, JSON.stringify(result));
      assert.ok(result.capabilities.textDocumentSync !== undefined, 'the server syncs documents');
      await stdioRequest(server, { jsonrpc: '2.0', id: 2, method: 'shutdown' });
      writeMessage(server, { jsonrpc: '2.0', method: 'exit' });
      const code = await new Promise<number | null>((resolve) => server.once('exit', (exitCode) => resolve(exitCode)));
      assert.equal(code, 0);
    } finally {
      server.kill();
    }
  });

  it('lints and hovers in its lint worker (dist/lintWorker.js) from the unpacked folder', async () => {
    const server = spawn(process.execPath, [join(dir, 'extension/dist/server.js'), '--stdio'], { cwd: dir, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      await stdioRequest(server, initialize(1));
      writeMessage(server, { jsonrpc: '2.0', method: 'initialized', params: {} });
      const uri = pathToFileURL(join(dir, 'add_index.sql')).href;
      const published = nextMessage(server, (m) => m.method === 'textDocument/publishDiagnostics' && m.params?.uri === uri);
      writeMessage(server, { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'sql', version: 1, text: 'CREATE INDEX i ON t (c);\n' } } });
      const codes = ((await published).params.diagnostics as Array<{ code?: string }>).map((d) => d.code);
      assert.ok(codes.includes('require-concurrent-index-creation'), `diagnostics: ${JSON.stringify(codes)}`);
      const hover = await stdioRequest(server, { jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 0, character: 2 } } });
      assert.equal(hover?.contents?.kind, 'markdown', JSON.stringify(hover));
    } finally {
      server.kill();
    }
  });

  it('starts the language server over node IPC, the way the VS Code client starts it', async () => {
    const server = fork(join(dir, 'extension/dist/server.js'), ['--node-ipc'], { cwd: dir, env: cleanEnv(), execArgv: [], stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
    try {
      const response = await new Promise<{ id: number; result?: { capabilities?: unknown } }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no answer to initialize over IPC within 20 s')), 20_000);
        server.on('message', (message: { id?: number }) => {
          if (message.id === 1) {
            clearTimeout(timer);
            resolve(message as { id: number; result?: { capabilities?: unknown } });
          }
        });
        server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
        server.send(initialize(1));
      });
      assert.ok(response.result?.capabilities, JSON.stringify(response));
    } finally {
      server.kill();
    }
  });
});

function writeMessage(child: ChildProcess, message: unknown): void {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  child.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
  child.stdin!.write(body);
}

/** Resolves with the first message from the server that `matches`; rejects if the server exits or 20 s pass. */
function nextMessage(child: ChildProcess, matches: (message: any) => boolean, what = 'matching message'): Promise<any> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    let stderr = '';
    const timer = setTimeout(() => finish(new Error(`no ${what} within 20 s; stderr: ${stderr}`)), 20_000);
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
        if (buffer.length < headerEnd + 4 + length) return;
        const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
        buffer = buffer.subarray(headerEnd + 4 + length);
        if (matches(message)) return finish(undefined, message);
      }
    };
    const onStderr = (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    };
    const onExit = (code: number | null) => finish(new Error(`server exited with ${code}; stderr: ${stderr}`));
    function finish(error?: Error, message?: unknown) {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onStderr);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message);
    }
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onStderr);
    child.once('exit', onExit);
  });
}

/** Sends one request with LSP framing and resolves with its result. */
async function stdioRequest(child: ChildProcess, message: { id: number; [key: string]: unknown }): Promise<any> {
  const reply = nextMessage(child, (m) => m.id === message.id, `answer to request ${message.id}`);
  writeMessage(child, message);
  const response = await reply;
  if (response.error) throw new Error(JSON.stringify(response.error));
  return response.result;
}
