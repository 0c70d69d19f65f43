/**
 * The sandbox through standard LSP: `workspace/executeCommand` with these command ids, progress
 * through `$/progress`, and the JSON report as the result. The VS Code client imports these
 * names; any other client sends the same JSON.
 */
import type { RunReport } from '../sandbox/types';

export const SANDBOX_COMMANDS = {
  /** Run one migration file (argument: `{ uri }`) after the migrations before it. */
  run: 'safeshift.sandbox.run',
  /** Run a migration up, down and up again, comparing the schema after down with the baseline. */
  checkDown: 'safeshift.sandbox.checkDown',
  /** Run every migration of a root in order, each down-checked (argument: `{ uri }` of the root or any file in it). */
  runAll: 'safeshift.sandbox.runAll',
  /** Forget cached baselines, stop the engine, and clear sandbox diagnostics. */
  reset: 'safeshift.sandbox.reset',
} as const;

/** Client-side only (VS Code): a quick pick that writes `safeshift.sandbox.engine`. */
export const CHOOSE_ENGINE_COMMAND = 'safeshift.sandbox.chooseEngine';

export const SERVER_SANDBOX_COMMANDS: readonly string[] = Object.values(SANDBOX_COMMANDS);

/** The one argument of every sandbox command. Positional strings (a bare URI) are accepted too. */
export interface SandboxCommandArgs {
  /** A migration file, or for `runAll` a root folder or a file in it. Defaults to nothing: the command fails clearly. */
  uri: string;
}

/** The command's result: the run report (the CLI's `--format json`) plus its Markdown rendering. */
export type SandboxCommandResult = RunReport & {
  /** The same report as the CLI's `--format markdown`, for a pull request. */
  markdown?: string;
};

export interface SandboxResetResult {
  reset: true;
  /** Files whose sandbox diagnostics were cleared. */
  cleared: string[];
}

/** Source of the diagnostics a failed run publishes. */
export const SANDBOX_DIAGNOSTIC_SOURCE = 'safeshift sandbox';
