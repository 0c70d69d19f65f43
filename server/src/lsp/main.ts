/**
 * Entry point of the language server (bundled to dist/server.js). The transport comes from the
 * command line, as vscode-languageserver reads it: `--stdio`, `--node-ipc` or `--socket=<port>`.
 * The lint worker thread runs its own bundle (dist/lintWorker.js, see linter.ts); a worker that
 * loads this file anyway opens no connection.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { useBaselineWasmCompiler } from '../analysis/parse/pgParser';
import { isLintWorker } from './linter';
import { installProcessGuards, startServer } from './server';

if (!isLintWorker()) {
  // Before the lint worker loads the parser: V8's flags are per process (see pgParser.ts).
  useBaselineWasmCompiler();
  const connection = createConnection(ProposedFeatures.all);
  installProcessGuards(connection);
  startServer(connection);
}
