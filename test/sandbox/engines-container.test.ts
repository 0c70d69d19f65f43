/**
 * The container engine with a real runtime (podman by default) and a locally built PostgreSQL image
 * (scripts/build-pg-image.sh: there is no image registry in CI). Every container a test makes is
 * removed, also when the test fails.
 *
 * Environment: SAFESHIFT_TEST_CONTAINER_COMMAND (default podman), SAFESHIFT_TEST_PG_IMAGE (default
 * localhost/safeshift-postgres:18, built here when missing).
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { ContainerEngine, MANAGED_LABEL } from '../../server/src/sandbox/engines/container';
import { EngineError } from '../../server/src/sandbox/engines/pgClient';
import type { RunProgress } from '../../server/src/sandbox/types';
import { repoRoot } from './pgServer';

const runtime = process.env.SAFESHIFT_TEST_CONTAINER_COMMAND || 'podman';
const image = process.env.SAFESHIFT_TEST_PG_IMAGE || 'localhost/safeshift-postgres:18';
const engines: ContainerEngine[] = [];
const strayContainers: string[] = [];

function podman(args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(runtime, args, { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function engine(options: ConstructorParameters<typeof ContainerEngine>[0] = {}): ContainerEngine {
  const made = new ContainerEngine({ command: runtime, image, ...options });
  engines.push(made);
  return made;
}

function containerExists(id: string): boolean {
  return podman(['container', 'exists', id]).status === 0;
}

async function rejection(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EngineError, `expected an EngineError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the promise to reject');
}

before(() => {
  const built = spawnSync('bash', [join(repoRoot(), 'scripts', 'build-pg-image.sh')], {
    encoding: 'utf8',
    env: { ...process.env, SAFESHIFT_CONTAINER_COMMAND: runtime, SAFESHIFT_PG_IMAGE: image },
  });
  assert.equal(built.status, 0, `scripts/build-pg-image.sh failed: ${built.stderr}${built.stdout}`);
});

after(async () => {
  for (const made of engines) await made.stop().catch(() => undefined);
  // One at a time: `rm` of several stops at the first that is already gone (the engine removed it).
  for (const id of strayContainers) if (containerExists(id)) podman(['rm', '-f', '-v', id]);
  const left = strayContainers.filter(containerExists);
  assert.deepEqual(left, [], 'every container the tests made is removed');
});

describe('container engine', () => {
  test('removes leftovers of crashed sessions, runs statements in a labelled container on a loopback port, measures blocking, reuses the warm container, and removes it on stop', async () => {
    // Leftovers: containers a Safeshift process on this host left when it died are removed at start; nothing else is.
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const create = (labels: string[]): string => {
      const made = podman(['create', ...labels.flatMap((l) => ['--label', l]), image]);
      assert.equal(made.status, 0, made.stderr);
      const id = made.stdout.trim().split('\n').pop() as string;
      strayContainers.push(id);
      return id;
    };
    const crashed = create([`${MANAGED_LABEL}=true`, `safeshift.host=${hostname()}`, `safeshift.pid=${dead}`]);
    const alive = create([`${MANAGED_LABEL}=true`, `safeshift.host=${hostname()}`, `safeshift.pid=${process.ppid}`]);
    const otherHost = create([`${MANAGED_LABEL}=true`, 'safeshift.host=another-machine', `safeshift.pid=${dead}`]);
    const unlabelled = create([]);

    const progress: RunProgress[] = [];
    const containers = engine();
    await containers.start({ progress: (event) => progress.push(event) });
    assert.ok(!containerExists(crashed), 'the crashed process’s container is removed');
    for (const kept of [alive, otherHost, unlabelled]) assert.ok(containerExists(kept), `${kept} is not ours to remove`);

    const id = containers.containerId();
    assert.ok(id);
    assert.ok(progress.some((p) => /Waiting for PostgreSQL/.test(p.message)));
    assert.match(containers.describe(), /^podman localhost\/safeshift-postgres:18 on 127\.0\.0\.1:\d+$/);
    assert.ok((containers.serverVersion() ?? 0) >= 180000);

    const labels = JSON.parse(podman(['inspect', '--format', '{{json .Config.Labels}}', id]).stdout) as Record<string, string>;
    assert.equal(labels[MANAGED_LABEL], 'true');
    assert.equal(labels['safeshift.session'], containers.sessionId);
    assert.equal(labels['safeshift.pid'], String(process.pid));
    const ports = podman(['port', id, '5432/tcp']).stdout.trim();
    assert.match(ports, /^127\.0\.0\.1:\d+$/, 'published on loopback only');
    const cmd = podman(['inspect', '--format', '{{json .Config.Cmd}}', id]).stdout;
    assert.ok(!/POSTGRES_PASSWORD=/.test(cmd), 'the password is not on the command line');

    let session = await containers.openSession(undefined);
    assert.equal((await session.execute('CREATE TABLE menu (id int PRIMARY KEY, price numeric)')).error, null);
    assert.equal((await session.execute('INSERT INTO menu SELECT g, g FROM generate_series(1, 20) g')).rowsAffected, 20);
    session = await containers.saveBaseline(session, 'base');
    assert.equal((await session.execute('BEGIN')).error, null);
    assert.equal((await session.execute('CREATE INDEX menu_price_idx ON menu (price)')).error, null);
    assert.ok(containers.supportsMeasuredBlocking);
    const blocks = await session.probeBlocking?.(['public.menu']);
    assert.deepEqual(blocks, { reads: false, writes: true, source: 'measured', relations: [{ relation: 'public.menu', reads: false, writes: true }] });
    const failed = await session.execute('ALTER TABLE menu ALTER COLUMN price TYPE int USING price::text::int / 0');
    assert.equal(failed.error?.sqlstate, '22012');
    await containers.closeSession(session);

    // The next run reuses the warm container and the cached baseline.
    const started = performance.now();
    await containers.start();
    const warmMs = performance.now() - started;
    assert.equal(containers.containerId(), id, 'the same container');
    assert.ok(warmMs < 1000, `warm start took ${warmMs.toFixed(0)} ms`);
    const again = await containers.openSession('base');
    assert.equal((await again.query<{ n: string }>('SELECT count(*) AS n FROM menu'))[0]?.n, '20');
    await containers.closeSession(again);

    await containers.stop();
    assert.equal(containers.containerId(), undefined);
    assert.ok(!containerExists(id), 'the container is gone after stop');
  });

  test('concurrent starts share one container; one removed behind the engine’s back is replaced on the next start', async () => {
    const containers = engine();
    await Promise.all([containers.start(), containers.start()]);
    const ours = podman(['ps', '-a', '--filter', `label=safeshift.session=${containers.sessionId}`, '--format', '{{.ID}}']).stdout.trim().split('\n');
    assert.equal(ours.length, 1, 'one container for two concurrent starts');
    const first = containers.containerId() as string;
    podman(['rm', '-f', '-v', first]);
    await containers.start();
    const second = containers.containerId();
    assert.ok(second && second !== first);
    const session = await containers.openSession(undefined);
    assert.equal((await session.execute('SELECT 1')).error, null);
    await containers.closeSession(session);
    await containers.stop();
  });

  test('the container goes when its process ends without stop(): on exit and on SIGTERM', async () => {
    const modulePath = join(__dirname, '..', '..', 'server', 'src', 'sandbox', 'engines', 'container.js');
    const child = (mode: 'exit' | 'signal') =>
      new Promise<{ id: string; code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
        const script = `
          const { ContainerEngine } = require(${JSON.stringify(modulePath)});
          const engine = new ContainerEngine({ command: ${JSON.stringify(runtime)}, image: ${JSON.stringify(image)} });
          engine.start().then(() => {
            process.stdout.write(engine.containerId() + '\\n');
            if (${JSON.stringify(mode)} === 'exit') process.exit(0);
            setInterval(() => undefined, 1000);
          }, (error) => { console.error(error); process.exit(3); });`;
        const proc = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
        let id = '';
        let stderr = '';
        proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        proc.stdout.on('data', (chunk: Buffer) => {
          id += chunk.toString();
          if (id.endsWith('\n')) {
            strayContainers.push(id.trim());
            if (mode === 'signal') proc.kill('SIGTERM');
          }
        });
        proc.once('error', reject);
        proc.once('exit', (code, signal) => (id.trim() ? resolve({ id: id.trim(), code, signal }) : reject(new Error(`child failed (${code}): ${stderr}`))));
      });
    const [exited, signalled] = await Promise.all([child('exit'), child('signal')]);
    assert.equal(exited.code, 0);
    assert.ok(!containerExists(exited.id), 'removed when the process exits');
    assert.equal(signalled.signal, 'SIGTERM', 'the signal still ends the process');
    assert.ok(!containerExists(signalled.id), 'removed when the process is terminated');
  });

  test('stop() during start() waits for it and leaves no container', async () => {
    const containers = engine();
    const starting = containers.start();
    await new Promise((r) => setTimeout(r, 1500));
    await containers.stop();
    await starting.catch(() => undefined);
    const ours = podman(['ps', '-a', '--filter', `label=safeshift.session=${containers.sessionId}`, '--format', '{{.ID}}']).stdout.trim();
    assert.equal(ours, '', 'no container of this engine is left');
    assert.equal(containers.containerId(), undefined);
  });

  test('no container runtime: a clear message that offers the embedded engine', async () => {
    const error = await rejection(engine({ command: 'safeshift-no-such-runtime' }).start());
    assert.equal(error.kind, 'runtime-missing');
    assert.match(error.message, /"safeshift-no-such-runtime" is not installed/);
    assert.match(error.message, /embedded engine/);
    // Docker asked for (the default) but only Podman installed: the message says so.
    if (spawnSync('docker', ['--version']).error && runtime === 'podman') {
      const docker = await rejection(engine({ command: 'docker' }).start());
      assert.equal(docker.kind, 'runtime-missing');
      assert.match(docker.message, /podman is installed: set sandbox\.containerCommand .* to "podman"/);
    }
  });

  test('a runtime whose service is not running: a clear message', async () => {
    // podman as a client of a Podman service that is not there (what `podman machine` users see when it is stopped).
    const error = await rejection(engine({ env: { CONTAINER_HOST: 'unix:///nonexistent/safeshift-podman.sock' } }).start());
    assert.equal(error.kind, 'daemon');
    assert.match(error.message, /not running or not reachable/);
  });

  test('an image that cannot be pulled: the pull is shown as progress and its failure explained', async () => {
    const progress: string[] = [];
    const error = await rejection(engine({ image: 'docker.io/library/safeshift-no-such-image:1' }).start({ progress: (event) => progress.push(event.message) }));
    assert.equal(error.kind, 'image');
    assert.match(error.message, /Could not pull the image docker\.io\/library\/safeshift-no-such-image:1/);
    assert.ok(progress.some((m) => m.startsWith('Pulling docker.io/library/safeshift-no-such-image:1')), progress.join('\n'));
  });

  test('a server that exits during startup: the message carries its last log lines, and the container is removed', async () => {
    const before = podman(['ps', '-a', '--filter', `label=${MANAGED_LABEL}=true`, '--format', '{{.ID}}']).stdout;
    const error = await rejection(engine({ serverArgs: ['-c', 'shared_buffers=not-a-size'], startupTimeoutMs: 30_000 }).start());
    assert.equal(error.kind, 'startup');
    assert.match(error.message, /exited during startup/);
    assert.match(error.message, /shared_buffers/);
    const afterIds = podman(['ps', '-a', '--filter', `label=${MANAGED_LABEL}=true`, '--format', '{{.ID}}']).stdout;
    assert.equal(afterIds, before, 'no container left behind');
  });
});
