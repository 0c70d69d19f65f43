// Bundles the extension client, the language server, the CLI and the PGlite worker with esbuild.
// libpg-query's WASM file and PGlite's files are copied beside the bundles, where their loaders
// look for them (__dirname).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
// `--outdir=<dir>` builds elsewhere than dist/ (scripts/package.mjs stages the .vsix that way).
const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) || 'dist';
mkdirSync(outdir, { recursive: true });

// Optional modules that bundled code only reaches on paths Safeshift never takes: pg's native
// binding (pg.native) and the WebSocket server of PGlite's emscripten sockets. They become modules
// that throw when loaded, so the bundles require nothing outside Node.
const unreachable = {
  name: 'unreachable-optional-modules',
  setup(build) {
    build.onResolve({ filter: /^(pg-native|ws)$/ }, (args) => ({ path: args.path, namespace: 'unreachable' }));
    build.onLoad({ filter: /.*/, namespace: 'unreachable' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not part of the Safeshift bundle`)});`,
      loader: 'js',
    }));
  },
};

// The language server's lint worker uses only constants of vscode-languageserver (MarkupKind,
// CompletionItemKind), defined in vscode-languageserver-types: its bundle takes them from there
// instead of carrying the whole protocol library. An import of anything that package does not
// export fails the build.
const lspConstantsOnly = {
  name: 'lsp-constants-only',
  setup(build) {
    build.onResolve({ filter: /^vscode-languageserver\/node$/ }, (args) =>
      build.resolve('vscode-languageserver-types', { kind: args.kind, resolveDir: args.resolveDir }),
    );
  },
};

const common = {
  plugins: [unreachable],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // esbuild warns on libpg-query's emscripten glue probing for optional modules; that glue is
  // never reached on Node, so treat only real errors as failures.
  logOverride: { 'unsupported-require-call': 'silent' },
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: `${outdir}/client.js`, external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: `${outdir}/server.js` }),
  // The lint worker thread (linter.ts) on its own: analysis and project model without the protocol,
  // sandbox and pg code of server.js, so a worker starts in about 100 ms instead of 180 ms.
  build({ ...common, plugins: [unreachable, lspConstantsOnly], entryPoints: ['server/src/lsp/linter.ts'], outfile: `${outdir}/lintWorker.js` }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: `${outdir}/cli.js`, banner: { js: '#!/usr/bin/env node' } }),
  // The embedded sandbox engine runs PGlite in a worker thread, loaded from beside the bundles.
  // PGlite's ES module reads import.meta.url, which a CommonJS bundle must provide.
  build({
    ...common,
    entryPoints: ['server/src/sandbox/engines/pgliteWorker.ts'],
    outfile: `${outdir}/pgliteWorker.js`,
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  }),
]);
chmodSync(`${outdir}/cli.js`, 0o755);
copyFileSync(join(dirname(require.resolve('libpg-query')), 'libpg-query.wasm'), `${outdir}/libpg-query.wasm`);
// PGlite's PostgreSQL (WASM), its initdb, and its file-system bundle; the engine passes them to
// PGlite explicitly, read from beside the bundles.
const pglite = dirname(require.resolve('@electric-sql/pglite'));
for (const asset of ['pglite.wasm', 'initdb.wasm', 'pglite.data']) copyFileSync(join(pglite, asset), `${outdir}/${asset}`);
console.log(`built ${outdir}/client.js, ${outdir}/server.js, ${outdir}/lintWorker.js, ${outdir}/cli.js${production ? ' (production)' : ''}`);
