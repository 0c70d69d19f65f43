/**
 * Entry point of the language server (bundled to dist/server.js). The transport comes from the
 * command line, as vscode-languageserver reads it: `--stdio`, `--node-ipc` or `--socket=<port>`.
 * The same file runs as the lint worker thread (see linter.ts), which opens no connection.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { isLintWorker } from './linter';
import { installProcessGuards, startServer } from './server';

if (!isLintWorker()) {
  const connection = createConnection(ProposedFeatures.all);
  installProcessGuards(connection);
  startServer(connection);
}
