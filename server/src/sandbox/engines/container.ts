/**
 * The `container` engine: a throwaway PostgreSQL in a container, through the `docker` CLI or
 * `podman` (`sandbox.containerCommand`), image `postgres:<postgresVersion>` unless `sandbox.image`
 * says otherwise. The container gets a random password (passed through the environment, never on a
 * command line), publishes 5432 on 127.0.0.1 only (the runtime picks a free port), and is labelled
 * `safeshift.managed=true` with its session, process and host. One warm container serves every run
 * of an engine; `stop()` removes it, and so does the process's exit. At start, containers that a
 * Safeshift process on this host left behind when it died are removed (by label, only ours).
 * Inside, it behaves like the url engine (scratch and template databases: ./pgClient).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import type { SandboxSettings } from '../../analysis/config/settings';
import type { EngineStartOptions, ProgressReporter } from '../types';
import { connectClient, EngineError, parseServerUrl, ScratchDatabases, ServerEngine, type ServerTarget } from './pgClient';

export const MANAGED_LABEL = 'safeshift.managed';
const DEFAULT_STARTUP_TIMEOUT_MS = 90_000;
const DEFAULT_PULL_TIMEOUT_MS = 15 * 60_000;
const COMMAND_TIMEOUT_MS = 60_000;
/** Settings for a throwaway server: durability buys nothing here. */
const SERVER_ARGS = ['-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off'];

export interface ContainerEngineOptions {
  /** `docker` (default), `podman`, or a path to either. */
  command?: string;
  /** Default `postgres:<postgresVersion>` (docker.io/library/postgres:<v> for podman, which does not guess registries). */
  image?: string;
  postgresVersion?: string;
  /** Extra environment for the runtime (DOCKER_HOST, CONTAINER_HOST …); merged over process.env. */
  env?: NodeJS.ProcessEnv;
  startupTimeoutMs?: number;
  pullTimeoutMs?: number;
  /** More arguments for the server, e.g. ['-c', 'max_connections=50']. */
  serverArgs?: string[];
}

interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface RunningContainer {
  id: string;
  name: string;
  port: number;
  target: ServerTarget;
}

/** Removes the engine's container when the process exits, even without stop(). */
const exitCleanups = new Set<() => void>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const cleanup of exitCleanups) cleanup();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // A signal nobody handles ends the process without 'exit' handlers. When this is the only
    // handler, clean up and let the signal do what it would have done; when the program handles
    // the signal itself (a CLI cancelling its run), it decides, and its exit runs the cleanup.
    const onSignal = (): void => {
      if (process.listenerCount(signal) > 1) return;
      process.off(signal, onSignal);
      for (const cleanup of exitCleanups) cleanup();
      exitCleanups.clear();
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

export class ContainerEngine extends ServerEngine {
  readonly kind = 'container' as const;
  readonly sessionId = randomBytes(6).toString('hex');
  readonly command: string;
  readonly image: string;
  private container?: RunningContainer;
  private readonly cleanupOnExit = (): void => {
    if (this.container) spawnSync(this.command, ['rm', '-f', '-v', this.container.id], { stdio: 'ignore', timeout: 15_000, env: this.env() });
  };

  constructor(private readonly options: ContainerEngineOptions = {}) {
    super();
    this.command = options.command?.trim() || 'docker';
    const version = options.postgresVersion?.trim() || '18';
    const isPodman = basename(this.command).startsWith('podman');
    this.image = options.image?.trim() || (isPodman ? `docker.io/library/postgres:${version}` : `postgres:${version}`);
  }

  static fromSettings(settings: Pick<SandboxSettings, 'containerCommand' | 'image' | 'postgresVersion'>, env?: NodeJS.ProcessEnv): ContainerEngine {
    return new ContainerEngine({ command: settings.containerCommand, image: settings.image || undefined, postgresVersion: settings.postgresVersion, env });
  }

  describe(): string {
    const where = this.container ? ` on 127.0.0.1:${this.container.port}` : '';
    return `${basename(this.command)} ${this.image}${where}`;
  }

  /** The running container's id, when there is one (tests, status). */
  containerId(): string | undefined {
    return this.container?.id;
  }

  private env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return { ...process.env, ...this.options.env, ...extra };
  }

  /** Runs the runtime CLI; a missing program becomes the "not installed" message. */
  private exec(args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; onLine?: (line: string) => void; signal?: AbortSignal } = {}): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.command, args, { env: this.env(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let partial = '';
      const onData = (chunk: Buffer, into: 'out' | 'err'): void => {
        const text = chunk.toString('utf8');
        if (into === 'out') stdout += text;
        else stderr += text;
        if (options.onLine) {
          const lines = (partial + text).split(/\r?\n|\r/);
          partial = lines.pop() ?? '';
          for (const line of lines) if (line.trim()) options.onLine(line.trim());
        }
      };
      child.stdout.on('data', (chunk: Buffer) => onData(chunk, 'out'));
      child.stderr.on('data', (chunk: Buffer) => onData(chunk, 'err'));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? COMMAND_TIMEOUT_MS);
      const onAbort = (): void => {
        child.kill('SIGTERM');
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      child.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (error.code === 'ENOENT') {
          const other = this.otherRuntime();
          const hint = other ? `${other} is installed: set sandbox.containerCommand (safeshift.sandbox.containerCommand) to "${other}"` : 'Install Docker or Podman, set sandbox.containerCommand (safeshift.sandbox.containerCommand) to its path';
          reject(new EngineError('runtime-missing', `The container runtime "${this.command}" is not installed (not found on PATH). ${hint}, or use the embedded engine (sandbox.engine "embedded"), which needs nothing installed.`));
        } else reject(new EngineError('runtime-missing', `Could not run "${this.command}": ${error.message}`));
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
      });
    });
  }

  /** docker when podman was asked for and is missing, or the other way round, if that one is installed. */
  private otherRuntime(): string | undefined {
    const other = basename(this.command).startsWith('podman') ? 'docker' : 'podman';
    const probe = spawnSync(other, ['--version'], { stdio: 'ignore', timeout: 5000, env: this.env() });
    return probe.status === 0 ? other : undefined;
  }

  /** A failed runtime command, as the message a person needs. */
  private failure(action: string, result: CommandResult): EngineError {
    const output = lastLines(this.redactor.text(result.stderr || result.stdout), 6);
    if (/cannot connect to the docker daemon|is the docker daemon running|cannot connect to podman|unable to connect to podman|error during connect|docker daemon socket.*(refused|no such file)/i.test(output)) {
      return new EngineError(
        'daemon',
        `${basename(this.command)} is installed but its daemon (service) is not running or not reachable, so no container can start. Start Docker (or the Podman service/machine) and try again, or use the embedded engine.\n${output}`,
      );
    }
    if (/permission denied.*(docker\.sock|daemon socket)/i.test(output)) {
      return new EngineError('daemon', `${basename(this.command)} may not talk to its daemon: permission denied on its socket (add your user to the docker group, or use podman). Or use the embedded engine.\n${output}`);
    }
    if (/port is already allocated|address already in use|bind: .*in use/i.test(output)) {
      return new EngineError('port', `The container could not publish PostgreSQL's port on 127.0.0.1: the port is already in use.\n${output}`);
    }
    return new EngineError('startup', `${basename(this.command)} ${action} failed (exit ${result.code}).\n${output}`);
  }

  protected async startServer(options: EngineStartOptions): Promise<void> {
    if (this.container && this.databases && (await this.databases.ping())) return;
    if (this.container || this.databases) {
      // The warm container went away (or never became ready): start afresh.
      await this.closeDatabases({ drop: false });
      await this.removeContainer();
    }
    const progress = options.progress ?? (() => undefined);
    progress({ message: `Checking ${basename(this.command)}` });
    await this.removeLeftovers();
    await this.ensureImage(progress, options.signal);
    this.container = await this.runContainer(progress);
    exitCleanups.add(this.cleanupOnExit);
    installExitHook();
    try {
      await this.waitUntilReady(this.container, progress, options.signal);
      const databases = new ScratchDatabases(this.container.target, { timeoutMs: 5000, redactor: this.redactor });
      await databases.open();
      this.databases = databases;
    } catch (error) {
      await this.removeContainer();
      throw error;
    }
    progress({ message: `PostgreSQL is ready in ${this.describe()}` });
  }

  /** Containers labelled by a Safeshift process on this host that is gone. */
  private async removeLeftovers(): Promise<void> {
    const listed = await this.exec(['ps', '-a', '--filter', `label=${MANAGED_LABEL}=true`, '--format', '{{.ID}}']);
    if (listed.code !== 0) throw this.failure('ps', listed);
    const ids = listed.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    if (ids.length === 0) return;
    const inspected = await this.exec(['inspect', '--format', '{{.Id}} {{index .Config.Labels "safeshift.host"}} {{index .Config.Labels "safeshift.pid"}}', ...ids]);
    const here = hostname();
    const stale: string[] = [];
    for (const line of inspected.stdout.split('\n')) {
      const [id, host, pid] = line.trim().split(' ');
      if (id && host === here && pid && Number(pid) !== process.pid && !processAlive(Number(pid))) stale.push(id);
    }
    if (stale.length) await this.exec(['rm', '-f', '-v', ...stale]);
  }

  private async ensureImage(progress: ProgressReporter, signal: AbortSignal | undefined): Promise<void> {
    const present = await this.exec(['image', 'inspect', '--format', '{{.Id}}', this.image]);
    if (present.code === 0) return;
    const daemon = this.failure('image inspect', present);
    if (daemon.kind === 'daemon') throw daemon;
    progress({ message: `Pulling ${this.image} (first use; this can take a minute)` });
    const pulled = await this.exec(['pull', this.image], {
      timeoutMs: this.options.pullTimeoutMs ?? DEFAULT_PULL_TIMEOUT_MS,
      signal,
      onLine: (line) => progress({ message: `Pulling ${this.image}: ${line}` }),
    });
    if (signal?.aborted) throw new EngineError('cancelled', `Pulling ${this.image} was cancelled.`);
    if (pulled.code !== 0) {
      const failed = this.failure('pull', pulled);
      if (failed.kind === 'daemon') throw failed;
      throw new EngineError(
        'image',
        `Could not pull the image ${this.image}. Check the name and the network (or a registry login), set sandbox.image to an image available locally, or use the embedded engine.\n${lastLines(this.redactor.text(pulled.stderr || pulled.stdout), 6)}`,
      );
    }
  }

  private async runContainer(progress: ProgressReporter): Promise<RunningContainer> {
    const password = randomBytes(18).toString('hex');
    this.redactor.add(password);
    const name = `safeshift-${this.sessionId}-${randomBytes(3).toString('hex')}`;
    progress({ message: `Starting ${this.image}` });
    const labels = [`${MANAGED_LABEL}=true`, `safeshift.session=${this.sessionId}`, `safeshift.pid=${process.pid}`, `safeshift.host=${hostname()}`];
    const ran = await this.exec(
      ['run', '-d', '--name', name, ...labels.flatMap((l) => ['--label', l]), '-e', 'POSTGRES_PASSWORD', '-e', 'POSTGRES_USER=postgres', '-e', 'POSTGRES_DB=postgres', '-p', '127.0.0.1::5432', this.image, ...SERVER_ARGS, ...(this.options.serverArgs ?? [])],
      { env: { POSTGRES_PASSWORD: password }, timeoutMs: COMMAND_TIMEOUT_MS },
    );
    const id = ran.stdout.trim().split('\n').pop()?.trim() ?? '';
    if (ran.code !== 0 || !id) {
      await this.exec(['rm', '-f', '-v', name]).catch(() => undefined);
      throw this.failure('run', ran);
    }
    const mapped = await this.exec(['port', id, '5432/tcp']);
    const port = Number(/:(\d+)\s*$/m.exec(mapped.stdout)?.[1]);
    if (mapped.code !== 0 || !port) {
      const logs = await this.logs(id);
      await this.exec(['rm', '-f', '-v', id]).catch(() => undefined);
      throw new EngineError('port', `The container started but its PostgreSQL port was not published on 127.0.0.1.\n${lastLines(this.redactor.text(mapped.stderr), 4)}${logs ? `\nLast log lines:\n${logs}` : ''}`);
    }
    const target = parseServerUrl(`postgres://postgres:${password}@127.0.0.1:${port}/postgres`);
    return { id, name, port, target };
  }

  private async logs(id: string): Promise<string> {
    const result = await this.exec(['logs', '--tail', '15', id]).catch(() => undefined);
    return result ? lastLines(this.redactor.text(`${result.stdout}${result.stderr}`), 15) : '';
  }

  /** Connects until PostgreSQL answers; a container that exits meanwhile is reported with its last log lines. */
  private async waitUntilReady(container: RunningContainer, progress: ProgressReporter, signal: AbortSignal | undefined): Promise<void> {
    progress({ message: 'Waiting for PostgreSQL to accept connections' });
    const deadline = Date.now() + (this.options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS);
    let lastError = '';
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new EngineError('cancelled', 'Starting the container was cancelled.');
      try {
        const client = await connectClient(container.target, 'postgres', { timeoutMs: 2000, redactor: this.redactor });
        await client.query('SELECT 1');
        await client.end();
        return;
      } catch (error) {
        lastError = (error as Error).message;
      }
      if (attempt % 4 === 3 || Date.now() > deadline) {
        const state = await this.exec(['inspect', '--format', '{{.State.Running}} {{.State.ExitCode}}', container.id]);
        const [running, exitCode] = state.stdout.trim().split(' ');
        if (state.code !== 0 || running !== 'true') {
          const logs = await this.logs(container.id);
          throw new EngineError('startup', `The PostgreSQL container exited during startup${exitCode ? ` (exit code ${exitCode})` : ''}. Its last log lines:\n${logs || '(none)'}`);
        }
      }
      if (Date.now() > deadline) {
        const logs = await this.logs(container.id);
        throw new EngineError('startup', `PostgreSQL in the container did not accept connections within ${Math.round((this.options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS) / 1000)} s (${lastError}). Its last log lines:\n${logs || '(none)'}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  private async removeContainer(): Promise<void> {
    const container = this.container;
    if (!container) return;
    this.container = undefined;
    exitCleanups.delete(this.cleanupOnExit);
    await this.exec(['rm', '-f', '-v', container.id]).catch(() => undefined);
  }

  async stop(): Promise<void> {
    await this.startSettled();
    await this.closeDatabases({ drop: false });
    await this.removeContainer();
  }
}
