/**
 * Entry point of the language server (bundled to dist/server.js). The transport comes from the
 * command line, as vscode-languageserver reads it: `--stdio`, `--node-ipc` or `--socket=<port>`.
 * The same file runs as the lint worker thread (see linter.ts), which opens no connection.
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
