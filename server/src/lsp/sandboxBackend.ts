/**
 * Binds the language server's sandbox commands to the runner and the engines in server/src/sandbox.
 * Loaded on the first sandbox command, so a server that never runs one never loads PGlite.
 */
import type { SandboxBackend } from './sandbox';

export async function loadSandboxBackend(): Promise<SandboxBackend> {
  throw new Error('The sandbox runner is not part of this build yet.');
}
