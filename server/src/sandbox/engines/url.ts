/**
 * The `url` engine: an existing PostgreSQL server, from `sandbox.url` or SAFESHIFT_DATABASE_URL.
 * Safeshift creates scratch databases `safeshift_run_<random>` (and `safeshift_base_<random>`
 * templates for cached baselines) next to the database the URL names, never writes to any other
 * database, and drops what it created when a run ends or the engine stops. A host that is not this
 * machine is refused unless `sandbox.allowRemote` is true. The password never appears in messages.
 */
import type { SandboxSettings } from '../../analysis/config/settings';
import type { EngineStartOptions } from '../types';
import { EngineError, isLoopbackHost, parseServerUrl, ScratchDatabases, ServerEngine, type ServerTarget } from './pgClient';

export const DATABASE_URL_VARIABLE = 'SAFESHIFT_DATABASE_URL';
const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

export interface UrlEngineOptions {
  /** The server; SAFESHIFT_DATABASE_URL (in `env`) when unset. */
  url?: string;
  allowRemote?: boolean;
  env?: NodeJS.ProcessEnv;
  connectTimeoutMs?: number;
}

export class UrlEngine extends ServerEngine {
  readonly kind = 'url' as const;
  private target?: ServerTarget;

  constructor(private readonly options: UrlEngineOptions = {}) {
    super();
  }

  static fromSettings(settings: Pick<SandboxSettings, 'url' | 'allowRemote'>, env: NodeJS.ProcessEnv = process.env): UrlEngine {
    return new UrlEngine({ url: settings.url || undefined, allowRemote: settings.allowRemote, env });
  }

  describe(): string {
    const version = this.serverVersion();
    const where = this.target ? `${this.target.host}:${this.target.port}` : 'a server URL';
    return `PostgreSQL${version ? ` ${Math.floor(version / 10000)}.${version % 10000}` : ''} at ${where}`;
  }

  /** Where the engine connects, password redacted (settings first, then the environment). */
  redactedUrl(): string | undefined {
    return this.target?.redacted ?? (this.configuredUrl() ? parseServerUrl(this.configuredUrl() as string).redacted : undefined);
  }

  private configuredUrl(): string | undefined {
    const env = this.options.env ?? process.env;
    return this.options.url?.trim() || env[DATABASE_URL_VARIABLE]?.trim() || undefined;
  }

  protected async startServer(options: EngineStartOptions): Promise<void> {
    if (this.databases) {
      if (await this.databases.ping()) return;
      // The server dropped the maintenance connection (a restart, an idle timeout): start afresh.
      await this.closeDatabases();
    }
    const url = this.configuredUrl();
    if (!url) {
      throw new EngineError(
        'config',
        `The url engine needs a PostgreSQL server: set sandbox.url (safeshift.sandbox.url in VS Code) or ${DATABASE_URL_VARIABLE}, e.g. postgres://postgres:PASSWORD@localhost:5432/postgres. Or use the embedded engine, which needs nothing installed.`,
      );
    }
    const target = parseServerUrl(url);
    this.redactor.add(target.password);
    if (!isLoopbackHost(target.host) && !this.options.allowRemote) {
      throw new EngineError(
        'remote-refused',
        `Refusing to run migrations on ${target.host}, which is not this machine (${target.redacted}). Safeshift only creates and drops its own scratch databases there, but a sandbox belongs on a local or disposable server; set sandbox.allowRemote to true if this server is one.`,
      );
    }
    options.progress?.({ message: `Connecting to PostgreSQL at ${target.host}:${target.port}` });
    const databases = new ScratchDatabases(target, { timeoutMs: this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, redactor: this.redactor });
    await databases.open();
    this.target = target;
    this.databases = databases;
  }

  async stop(): Promise<void> {
    await this.startSettled();
    await this.closeDatabases();
  }

  /** Scratch and template databases this engine has made and not dropped (for tests). */
  createdDatabases(): string[] {
    return this.databases?.names() ?? [];
  }
}
