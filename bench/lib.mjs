// Shared helpers for the benchmarks: where the three tools live, timing a child process with its
// peak memory, statistics, and a description of the machine.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SAFESHIFT_CLI = join(ROOT, 'dist', 'cli.js');
export const SAFESHIFT_SERVER = join(ROOT, 'dist', 'server.js');
// The peers' native binaries, not their npm launcher scripts: a node launcher would add a Node
// start-up (about 0.1 s) to every peer run and make the comparison unfair to them.
export const SQUAWK = join(ROOT, 'node_modules', '@squawk-cli', 'linux-x64', 'bin', 'squawk');
export const PLS = join(ROOT, 'node_modules', '@postgres-language-server', 'cli-x86_64-linux-gnu', 'postgres-language-server');
const GNU_TIME = '/usr/bin/time';

/** Builds dist/ so the bench measures the current source. */
export function buildSafeshift() {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
}

export function peersAvailable() {
  return { squawk: existsSync(SQUAWK), pls: existsSync(PLS) };
}

export function versions() {
  const first = (cmd, args) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    return (r.stdout || r.stderr || '').trim().split('\n')[0];
  };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  return {
    safeshift: `${pkg.version} (${commit})`,
    node: process.version,
    squawk: existsSync(SQUAWK) ? first(SQUAWK, ['--version']) : 'missing',
    pls: existsSync(PLS) ? first(PLS, ['--version']).replace(/^Version:\s*/, 'postgres-language-server ') : 'missing',
  };
}

export function machine() {
  const cpu = cpus();
  let load = '';
  try {
    load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {}
  return { cpu: `${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`, memory: `${Math.round(totalmem() / 2 ** 30)} GiB`, os: `${process.platform} ${process.arch}`, load };
}

/**
 * Runs a command to completion with its output discarded and returns its wall time and peak RSS.
 * Peak RSS comes from GNU time (%M, the maximum resident set of the process and its waited-for
 * children) when /usr/bin/time exists, else from polling VmHWM in /proc.
 */
export function timeCommand(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const useGnuTime = existsSync(GNU_TIME);
    const [cmd, argv] = useGnuTime ? [GNU_TIME, ['-f', '@@peak %M %U %S', command, ...args]] : [command, args];
    const started = process.hrtime.bigint();
    const child = spawn(cmd, argv, { cwd: options.cwd ?? ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...options.env } });
    let stderr = '';
    let polledPeakKb = 0;
    const poll = useGnuTime ? undefined : setInterval(() => (polledPeakKb = Math.max(polledPeakKb, statusKb(child.pid, 'VmHWM') ?? 0)), 5);
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      clearInterval(poll);
      const match = /@@peak (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
      const peakKb = match ? Number(match[1]) : polledPeakKb;
      // CPU time (user + system, all threads) is far less sensitive than wall time to other load on the machine.
      const cpuMs = match ? (Number(match[2]) + Number(match[3])) * 1000 : NaN;
      // Lint tools exit 1 when they find problems; anything else is a failure of the run.
      const exit = useGnuTime ? exitFromGnuTime(stderr, code) : code;
      if (exit !== 0 && exit !== 1) reject(new Error(`${command} exited ${exit}: ${stderr.slice(0, 1500)}`));
      else resolve({ wallMs, cpuMs, peakMb: peakKb / 1024 });
    });
  });
}

function exitFromGnuTime(stderr, code) {
  const match = /Command exited with non-zero status (\d+)/.exec(stderr);
  return match ? Number(match[1]) : code;
}

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM), or undefined once the process is gone. */
export function statusKb(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a live process has used so far, in ms (10 ms resolution), from /proc/<pid>/stat. */
export function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

export function median(values) {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

/**
 * A dbmate project whose migrations really run, for the sandbox benches: tables with rows, columns,
 * indexes; the newest migration (`target`) adds an index and a default.
 */
export function makeSandboxProject(count, prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const migrations = join(dir, 'db', 'migrations');
  mkdirSync(migrations, { recursive: true });
  const fileOf = (i) => join(migrations, `2024${String(i).padStart(10, '0')}_m${i}.sql`);
  const write = (i, up, down) => writeFileSync(fileOf(i), `-- migrate:up\n${up}\n\n-- migrate:down\n${down}\n`);
  for (let i = 1; i < count; i++) {
    const table = `t${Math.ceil(i / 3)}`;
    if (i % 3 === 1) write(i, `CREATE TABLE ${table} (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());\nINSERT INTO ${table} (name) SELECT 'row ' || g FROM generate_series(1, 100) g;`, `DROP TABLE ${table};`);
    else if (i % 3 === 2) write(i, `ALTER TABLE ${table} ADD COLUMN amount int;`, `ALTER TABLE ${table} DROP COLUMN amount;`);
    else write(i, `CREATE INDEX ${table}_name_idx ON ${table} (name);`, `DROP INDEX ${table}_name_idx;`);
  }
  write(count, 'CREATE INDEX t1_created_idx ON t1 (created_at);\nALTER TABLE t1 ALTER COLUMN amount SET DEFAULT 0;', 'DROP INDEX t1_created_idx;\nALTER TABLE t1 ALTER COLUMN amount DROP DEFAULT;');
  return { dir, target: fileOf(count) };
}
