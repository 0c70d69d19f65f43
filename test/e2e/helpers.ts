// Shared plumbing for the real-editor tests: where things are, whether the editors are installed,
// child processes with bounded lifetimes, free ports, and failure artifacts.
import { spawn, spawnSync, ChildProcess, SpawnOptions } from 'node:child_process';
import { existsSync, mkdirSync, copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The repository root (tests run compiled from out/test/e2e/). */
export const repoRoot = resolve(__dirname, '..', '..', '..');
export const artifactsDir = join(repoRoot, '.test-artifacts');
export const serverJs = process.env.SAFESHIFT_SERVER_JS ?? join(repoRoot, 'dist', 'server.js');
export const codeServerDir = process.env.SAFESHIFT_CODE_SERVER_DIR ?? join(repoRoot, '.cache', 'code-server');
export const codeServerBin = join(codeServerDir, 'node_modules', '.bin', 'code-server');
export const chromiumPath = process.env.SAFESHIFT_CHROMIUM ?? '/usr/bin/chromium';
export const inCI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

/** `which`, without a shell. */
export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = join(dir || '.', name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export interface Requirement {
  what: string;
  ok: boolean;
  hint: string;
}

/**
 * Decides how a real-editor test runs when something it needs is missing. In CI (CI set) a
 * missing tool is a failure, never a skip; locally the test is skipped with the reason.
 * Returns node:test options plus the message to throw with in CI.
 */
export function gate(requirements: Requirement[]): { options: { skip?: string }; missing?: string } {
  const absent = requirements.filter((r) => !r.ok);
  if (absent.length === 0) return { options: {} };
  const missing =
    `missing ${absent.map((r) => r.what).join(', ')}: ` + absent.map((r) => r.hint).join('; ') +
    ' (run `bash scripts/setup-e2e.sh`, then `npm test`)';
  return inCI ? { options: {}, missing } : { options: { skip: missing }, missing };
}

export function builtArtifacts(): Requirement[] {
  return [{ what: 'dist/server.js', ok: existsSync(serverJs), hint: 'run `npm run build`' }];
}

/** The packaged extension: $SAFESHIFT_VSIX, else safeshift-<package.json version>.vsix in the repo root. */
export function vsixPath(): string | undefined {
  const chosen = process.env.SAFESHIFT_VSIX ?? join(repoRoot, `safeshift-${packageVersion()}.vsix`);
  return existsSync(chosen) ? chosen : undefined;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A loopback port that is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A child process in its own process group, with its output kept for failure reports. */
export class Proc {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(command: string, args: string[], options: SpawnOptions = {}) {
    this.child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output += chunk.toString();
      if (this.output.length > 2_000_000) this.output = this.output.slice(-1_000_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolveExit) => {
      this.child.on('exit', (code, signal) => resolveExit({ code, signal }));
      this.child.on('error', (err) => {
        this.output += `\n[spawn error] ${err.message}\n`;
        resolveExit({ code: -1, signal: null });
      });
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits for exit; kills the whole group and throws when it takes longer than `ms`. */
  async wait(ms: number, what: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.kill();
        reject(new Error(`${what} did not finish within ${ms} ms; output:\n${this.output.slice(-4000)}`));
      }, ms);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM to the process group, SIGKILL after a grace period. */
  async stop(graceMs = 3000): Promise<void> {
    if (!this.running || this.child.pid === undefined) return;
    signalGroup(this.child.pid, 'SIGTERM');
    const done = await Promise.race([this.exited.then(() => true), delay(graceMs).then(() => false)]);
    if (!done) this.kill();
    await Promise.race([this.exited, delay(2000)]);
    // Children that outlived the leader (same group) go too.
    signalGroup(this.child.pid, 'SIGKILL');
  }

  kill(): void {
    if (this.child.pid !== undefined) signalGroup(this.child.pid, 'SIGKILL');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Runs a command to completion with a time limit; returns status and output. */
export function runSync(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number }) {
  const r = spawnSync(command, args, { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, encoding: 'utf8', killSignal: 'SIGKILL' });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `\n[error] ${r.error.message}` : ''}` };
}

export function ensureArtifactsDir(): string {
  mkdirSync(artifactsDir, { recursive: true });
  return artifactsDir;
}

/** Keeps a file (or text) under .test-artifacts/ and returns its path. */
export function keepArtifact(name: string, from: { file?: string; text?: string }): string | undefined {
  ensureArtifactsDir();
  const dest = join(artifactsDir, name);
  try {
    if (from.file !== undefined) {
      if (!existsSync(from.file)) return undefined;
      copyFileSync(from.file, dest);
    } else {
      writeFileSync(dest, from.text ?? '');
    }
    return dest;
  } catch {
    return undefined;
  }
}

/** The files under `dir` (recursively) whose name matches. */
export function findFiles(dir: string, match: RegExp): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findFiles(p, match));
    else if (match.test(entry.name)) out.push(p);
  }
  return out;
}
