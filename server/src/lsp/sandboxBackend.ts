/**
 * Binds the language server's sandbox commands to the runner and the engines in server/src/sandbox.
 * The engines load their drivers (PGlite, pg) only when one is created, on the first sandbox command.
 */
import { createEngine } from '../sandbox/engines/index';
import { formatRunMarkdown } from '../sandbox/format';
import { runMigrations } from '../sandbox/runner';
import type { SandboxBackend } from './sandbox';

export async function loadSandboxBackend(): Promise<SandboxBackend> {
  return { runMigrations, createEngine: (settings) => createEngine(settings), markdown: formatRunMarkdown };
}
