// A minimal LSP client over stdio (Content-Length framing, JSON-RPC 2.0), enough to drive three
// different servers the same way: requests, notifications, answering the server's own requests
// with empty results, and waiting for pushed diagnostics.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export class LspClient {
  constructor(command, args, options = {}) {
    this.child = spawn(command, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    this.nextId = 1;
    this.pending = new Map();
    this.waiters = [];
    this.stderr = '';
    this.buffer = Buffer.alloc(0);
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.child.stdout.on('data', (chunk) => this.receive(chunk));
    this.child.stderr.on('data', (chunk) => (this.stderr = (this.stderr + chunk).slice(-20000)));
    this.child.stdin.on('error', () => undefined);
  }

  get pid() {
    return this.child.pid;
  }

  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body), process.hrtime.bigint());
    }
  }

  dispatch(message, at) {
    if (message.id !== undefined && message.method === undefined) {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!pending) return;
      if (message.error) pending.reject(new Error(`${pending.method}: ${message.error.message}`));
      else pending.resolve(message.result);
      return;
    }
    if (message.id !== undefined) {
      // A request from the server (configuration, registerCapability, workDoneProgress/create...).
      const result = message.method === 'workspace/configuration' ? (message.params?.items ?? []).map(() => null) : null;
      this.write({ jsonrpc: '2.0', id: message.id, result });
      return;
    }
    for (const waiter of [...this.waiters]) {
      if (waiter.method === message.method && waiter.match(message.params)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve({ params: message.params, at });
      }
    }
  }

  write(message) {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  }

  request(method, params, timeoutMs = 60000) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method} timed out after ${timeoutMs} ms\n${this.stderr.slice(-2000)}`)), timeoutMs);
      this.pending.set(id, {
        method,
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** The next notification `method` whose params satisfy `match`; registered before the trigger is sent. */
  waitFor(method, match, timeoutMs = 30000) {
    let waiter;
    const promise = new Promise((resolve, reject) => {
      waiter = { method, match, resolve };
      const timer = setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(new Error(`no ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      const resolveInner = waiter.resolve;
      waiter.resolve = (v) => (clearTimeout(timer), resolveInner(v));
    });
    this.waiters.push(waiter);
    return promise;
  }

  async initialize(rootDir, initializationOptions, pullDiagnostics = false) {
    const rootUri = rootDir ? pathToFileURL(rootDir).href : null;
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootDir ? [{ uri: rootUri, name: 'bench' }] : null,
      initializationOptions,
      capabilities: {
        textDocument: {
          synchronization: { didSave: true },
          publishDiagnostics: { versionSupport: true },
          ...(pullDiagnostics ? { diagnostic: { dynamicRegistration: false } } : {}),
        },
        workspace: { configuration: true, workspaceFolders: true },
      },
    });
    this.notify('initialized', {});
    this.capabilities = result.capabilities;
    return result;
  }

  async shutdown() {
    try {
      await this.request('shutdown', null, 5000);
      this.notify('exit', null);
    } catch {}
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** The text after applying one LSP range edit given as offsets. */
export function applyEdit(text, offset, deleteLength, insert) {
  return text.slice(0, offset) + insert + text.slice(offset + deleteLength);
}

/** 0-based line/character (UTF-16) of an offset. */
export function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}
