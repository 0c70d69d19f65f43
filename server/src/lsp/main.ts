/**
 * Entry point of the language server (bundled to dist/server.js). The transport comes from the
 * command line, as vscode-languageserver reads it: `--stdio`, `--node-ipc` or `--socket=<port>`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { installProcessGuards, startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
installProcessGuards(connection);
startServer(connection);
