/**
 * Runs the built CLI (`node dist/cli.js`) as a child process, the way CI runs it, and builds
 * throwaway migration projects in a temp directory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
export const CLI = join(ROOT, 'dist', 'cli.js');
/** Every run must finish well inside this. */
export const TIME_LIMIT_MS = 10_000;

let built = false;
/** Builds dist/ once when it is missing (npm test builds it before the suites run). */
export function ensureBuilt(): void {
  if (built || existsSync(CLI)) {
    built = true;
    return;
  }
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
  built = true;
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  input?: string | Uint8Array;
  env?: Record<string, string | undefined>;
}

export function run(args: readonly string[], options: RunOptions = {}): RunResult {
  ensureBuilt();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env })) {
    if (value !== undefined) env[key] = value;
  }
  const started = Date.now();
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    env,
    encoding: 'utf8',
    timeout: TIME_LIMIT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Date.now() - started;
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms };
}

/** Writes files (path → content) under a fresh temp directory and returns its path. */
export function project(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'safeshift-cli-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

export function removeProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface JsonDiagnostic {
  rule: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonOutput {
  version: number;
  files: Array<{ path: string; diagnostics: JsonDiagnostic[] }>;
}

export function parseJson(stdout: string): JsonOutput {
  return JSON.parse(stdout) as JsonOutput;
}

export function rulesOf(output: JsonOutput, path?: string): string[] {
  return output.files.filter((f) => path === undefined || f.path === path).flatMap((f) => f.diagnostics.map((d) => d.rule));
}

/** Statements with stable, well-known findings at their default severities. */
export const SQL = {
  /** require-concurrent-index-creation (warning), plus lock findings. */
  risky: 'CREATE INDEX idx_users_email ON users (email);\n',
  /** Nothing to report, whatever rules are added: a statement that changes nothing. */
  safe: '-- nothing to change\nSELECT 1;\n',
  /** syntax-error (error). */
  broken: 'ALTER TABLE warehouses ADD COLUMN city text NOT NUL;\n',
};
