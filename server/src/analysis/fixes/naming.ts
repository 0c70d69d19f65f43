/**
 * New migrations for a fix: named and numbered the way the detected tool expects, placed right
 * after the linted migration, and laid out in the tool's files (paired down files, Diesel and
 * Prisma folders, up/down markers, the Drizzle journal, the marks that take a migration out of the
 * transaction).
 */
import { basenameOf, dirnameOf, joinPath } from '../project/paths';
import type { FileChange, MigrationFixContext } from './types';

export interface NewMigration {
  /** A few words: `index orders customer id`. */
  description: string;
  /** The up SQL: complete statements with their comments. */
  up: string;
  /** The down SQL; a comment saying there is nothing to undo when absent. */
  down?: string;
  /** False for a migration that must run outside a transaction (CREATE INDEX CONCURRENTLY, a batched backfill). */
  transactional: boolean;
}

export interface PlannedMigrations {
  changes: FileChange[];
  /** The main file of each new migration, relative to the root, for titles and comments. */
  names: string[];
}

/**
 * How the tool runs a migration marked non-transactional: `one-statement` when the whole file (or
 * block) goes to PostgreSQL as one string, which is an implicit transaction unless it holds a
 * single statement; `statements` when statements are sent one by one. Undefined: the tool cannot
 * run a migration outside a transaction.
 */
export function nonTransactionalMode(ctx: MigrationFixContext): 'one-statement' | 'statements' | undefined {
  switch (ctx.tool) {
    case 'flyway':
    case 'goose':
    case 'sql-migrate':
      return 'statements';
    case 'golang-migrate':
    case 'dbmate':
    case 'sqlx':
    case 'diesel':
    case 'prisma':
    case 'supabase':
      return 'one-statement';
    default:
      // Drizzle and node-pg-migrate SQL run every migration in a transaction; Liquibase changesets
      // and plain folders are left to the user.
      return undefined;
  }
}

/** True when the tool can hold a new migration of this kind. */
export function canCreate(ctx: MigrationFixContext, migration: Pick<NewMigration, 'transactional'>): boolean {
  if (ctx.tool === 'liquibase') return false;
  return migration.transactional || nonTransactionalMode(ctx) !== undefined;
}

/**
 * The files of `migrations`, in order, right after the linted migration. Undefined when the tool
 * cannot hold one of them or a name is taken.
 */
export function planMigrations(ctx: MigrationFixContext, migrations: NewMigration[]): PlannedMigrations | undefined {
  if (migrations.length === 0) return { changes: [], names: [] };
  if (!canPlanMigrations(ctx, migrations)) return undefined;
  const versions = nextVersions(ctx, migrations.length)!;
  const changes: FileChange[] = [];
  const names: string[] = [];
  const journal = ctx.tool === 'drizzle' ? journalPath(ctx) : undefined;
  let journalText = journal ? ctx.related[journal] : undefined;
  for (let i = 0; i < migrations.length; i++) {
    const laid = layout(ctx, versions[i], migrations[i]);
    if (!laid) return undefined;
    changes.push(...laid.files.map((f) => ({ kind: 'create' as const, path: f.path, text: f.text })));
    names.push(relative(ctx, laid.files[0].path));
    if (journal && journalText !== undefined) journalText = appendJournalEntry(journalText, `${versions[i]}_${slug(ctx, migrations[i].description)}`);
  }
  if (journal && journalText !== undefined && journalText !== ctx.related[journal]) {
    const original = ctx.related[journal];
    changes.push({ kind: 'edit', path: journal, original, edits: [{ range: { start: 0, end: original.length }, newText: journalText }] });
  }
  return { changes, names };
}

/**
 * Exactly when planMigrations gives files, without laying them out: versions (cached per context)
 * and a tool with a layout. A fix that is never shown needs only this answer. Throws where
 * planMigrations would (an unreadable version).
 */
export function canPlanMigrations(ctx: MigrationFixContext, migrations: Array<Pick<NewMigration, 'transactional'>>): boolean {
  if (migrations.length === 0) return true;
  if (!migrations.every((m) => canCreate(ctx, m))) return false;
  return nextVersions(ctx, migrations.length) !== undefined && LAID_OUT_TOOLS.has(ctx.tool);
}

/** The tools `layout` names files for (every other tool gets no new migrations). */
const LAID_OUT_TOOLS: ReadonlySet<string> = new Set(['flyway', 'golang-migrate', 'goose', 'dbmate', 'sql-migrate', 'sqlx', 'diesel', 'prisma', 'drizzle', 'supabase', 'node-pg-migrate', 'plain']);

export function relative(ctx: MigrationFixContext, path: string): string {
  return path.startsWith(`${ctx.rootDir}/`) ? path.slice(ctx.rootDir.length + 1) : basenameOf(path);
}

/** `index orders customer id` → `index_orders_customer_id`, within a sane length. */
export function slug(ctx: MigrationFixContext, description: string): string {
  const separator = ctx.tool === 'node-pg-migrate' && /-/.test(currentName(ctx)) ? '-' : '_';
  const words = description
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  let name = words.join(separator);
  while (name.length > 60 && name.includes(separator)) name = name.slice(0, name.lastIndexOf(separator));
  return name || 'migration';
}

function currentName(ctx: MigrationFixContext): string {
  return basenameOf(ctx.file);
}

// ---------------------------------------------------------------------------------------------
// Versions

/** The version the tool reads from a migration, as digits (segments for Flyway). */
function versionOf(ctx: MigrationFixContext, index: number): string | undefined {
  const entry = ctx.migrations[index];
  if (!entry) return undefined;
  if (ctx.tool === 'diesel') return /^([\d-]+)_/.exec(basenameOf(dirnameOf(entry.files[0] ?? '')))?.[1];
  if (ctx.tool === 'flyway') return entry.version;
  const fromVersion = entry.version && /^\d+/.exec(entry.version)?.[0];
  return fromVersion || /^\d+/.exec(basenameOf(entry.files[0] ?? ''))?.[0] || /^\d+/.exec(basenameOf(dirnameOf(entry.files[0] ?? '')))?.[0];
}

/** Versions computed once per context: a file with thousands of findings names a migration for each. */
const versionsCache = new WeakMap<MigrationFixContext, Map<number, string[] | undefined>>();

function nextVersions(ctx: MigrationFixContext, count: number): string[] | undefined {
  let byCount = versionsCache.get(ctx);
  if (!byCount) versionsCache.set(ctx, (byCount = new Map()));
  if (!byCount.has(count)) byCount.set(count, computeNextVersions(ctx, count));
  return byCount.get(count);
}

function computeNextVersions(ctx: MigrationFixContext, count: number): string[] | undefined {
  const currentIndex = ctx.current >= 0 ? ctx.current : ctx.migrations.length - 1;
  const current = versionOf(ctx, currentIndex);
  if (ctx.tool === 'drizzle') return drizzleVersions(ctx, count);
  if (!current) return undefined;
  const taken = takenVersions(ctx);
  const next = versionOf(ctx, currentIndex + 1);
  if (ctx.tool === 'flyway') return flywayVersions(current, next, count, taken);
  const fits = (candidates: string[]) => candidates.every((v) => !taken.has(versionKey(ctx, v)!)) && (next === undefined || compareDigits(digitsOf(candidates[candidates.length - 1]), digitsOf(next)) < 0);
  const afterCurrent = increments(current, count);
  if (fits(afterCurrent)) return afterCurrent;
  // No room between this migration and the next: the new ones go last.
  const last = versionOf(ctx, ctx.migrations.length - 1);
  const atEnd = last ? increments(last, count) : undefined;
  return atEnd && atEnd.every((v) => !taken.has(versionKey(ctx, v)!)) ? atEnd : undefined;
}

/**
 * The version keys of the root's migrations. Every file of a root shares its migration list, so
 * the set is built once per list (and tool) rather than once per linted file.
 */
const takenByMigrations = new WeakMap<MigrationFixContext['migrations'], Map<string, ReadonlySet<string>>>();

function takenVersions(ctx: MigrationFixContext): ReadonlySet<string> {
  let byTool = takenByMigrations.get(ctx.migrations);
  if (!byTool) takenByMigrations.set(ctx.migrations, (byTool = new Map()));
  let taken = byTool.get(ctx.tool);
  if (!taken) byTool.set(ctx.tool, (taken = new Set(ctx.migrations.map((_, i) => versionKey(ctx, versionOf(ctx, i))).filter((v): v is string => v !== undefined))));
  return taken;
}

function versionKey(ctx: MigrationFixContext, version: string | undefined): string | undefined {
  if (version === undefined) return undefined;
  return ctx.tool === 'flyway' ? version.split(/[._]/).map((s) => BigInt(s).toString()).join('.') : BigInt(digitsOf(version)).toString();
}

function digitsOf(version: string): string {
  return version.replace(/\D/g, '');
}

function compareDigits(a: string, b: string): number {
  const x = BigInt(a || '0');
  const y = BigInt(b || '0');
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `000004` → `000005`, `000006`; `2024-01-02-000000` → `2024-01-02-000001`: same width and separators. */
function increments(version: string, count: number): string[] {
  const digits = digitsOf(version);
  const result: string[] = [];
  for (let k = 1; k <= count; k++) {
    const bumped = (BigInt(digits) + BigInt(k)).toString().padStart(digits.length, '0');
    // 999 → 1000 outgrows the width: the digits then stand alone.
    if (bumped.length !== digits.length) {
      result.push(bumped);
      continue;
    }
    let at = 0;
    result.push(version.replace(/\d/g, () => bumped[at++]));
  }
  return result;
}

function flywayVersions(current: string, next: string | undefined, count: number, taken: ReadonlySet<string>): string[] | undefined {
  const separator = current.includes('_') ? '_' : '.';
  const segments = current.split(/[._]/);
  const key = (v: string) => v.split(/[._]/).map((s) => BigInt(s).toString()).join('.');
  const below = (v: string) => next === undefined || compareSegments(v, next) < 0;
  const bumpLast = Array.from({ length: count }, (_, k) => [...segments.slice(0, -1), (BigInt(segments[segments.length - 1]) + BigInt(k + 1)).toString()].join(separator));
  if (bumpLast.every((v) => !taken.has(key(v)) && below(v))) return bumpLast;
  const sub = Array.from({ length: count }, (_, k) => `${current}${separator}${k + 1}`);
  return sub.every((v) => !taken.has(key(v)) && below(v)) ? sub : undefined;
}

function compareSegments(a: string, b: string): number {
  const x = a.split(/[._]/).map((s) => BigInt(s));
  const y = b.split(/[._]/).map((s) => BigInt(s));
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i] ?? -1n;
    const q = y[i] ?? -1n;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Drizzle

function journalPath(ctx: MigrationFixContext): string | undefined {
  const path = joinPath(ctx.rootDir, 'meta', '_journal.json');
  return ctx.related[path] !== undefined ? path : undefined;
}

/** Drizzle 0.x numbers files by journal position (`0004_`); new entries go at the end of the journal. */
function drizzleVersions(ctx: MigrationFixContext, count: number): string[] | undefined {
  const numbers = ctx.migrations.map((m) => /^(\d+)_/.exec(basenameOf(m.files[0] ?? ''))?.[1]).filter((n): n is string => n !== undefined);
  const width = numbers[0]?.length ?? 4;
  const highest = numbers.reduce((max, n) => Math.max(max, Number(n)), -1);
  if (!journalPath(ctx)) {
    // Drizzle v1 folders: `<timestamp>_<name>/migration.sql`, ordered by folder name.
    const current = versionOf(ctx, ctx.current >= 0 ? ctx.current : ctx.migrations.length - 1);
    const last = versionOf(ctx, ctx.migrations.length - 1);
    return last ? increments(current === last ? current : last, count) : undefined;
  }
  return Array.from({ length: count }, (_, k) => String(highest + 1 + k).padStart(width, '0'));
}

/** Adds an entry to `_journal.json`, keeping its indentation; `when` one millisecond after the latest, so the migrator applies it. */
function appendJournalEntry(journal: string, tag: string): string {
  let parsed: { entries?: Array<{ idx?: number; when?: number; version?: string; breakpoints?: boolean }> };
  try {
    parsed = JSON.parse(journal);
  } catch {
    return journal;
  }
  const entries = parsed.entries ?? [];
  const latest = entries.reduce((max, e) => Math.max(max, e.when ?? 0), 0);
  const template = entries[entries.length - 1] ?? {};
  entries.push({ idx: entries.length, version: template.version ?? '7', when: Math.max(latest + 1, 0), tag, breakpoints: template.breakpoints ?? true } as never);
  parsed.entries = entries;
  const indent = /\n(\s+)"/.exec(journal)?.[1] ?? '  ';
  return JSON.stringify(parsed, null, indent) + (journal.endsWith('\n') ? '\n' : '');
}

// ---------------------------------------------------------------------------------------------
// Files per tool

interface LaidOut {
  files: Array<{ path: string; text: string }>;
}

const NOTHING_TO_UNDO = '-- Nothing to undo.';

function layout(ctx: MigrationFixContext, version: string, migration: NewMigration): LaidOut | undefined {
  const name = slug(ctx, migration.description);
  const currentFile = ctx.current >= 0 ? (ctx.migrations[ctx.current].files[0] ?? ctx.file) : ctx.file;
  const dir = dirnameOf(currentFile);
  const up = ensureNewline(migration.up);
  const down = ensureNewline(migration.down ?? NOTHING_TO_UNDO);
  const nonTx = !migration.transactional;
  switch (ctx.tool) {
    case 'flyway': {
      const path = joinPath(dir, `V${version}__${name}.sql`);
      const files = [{ path, text: up }];
      // Flyway runs a script of only non-transactional statements without a transaction by itself;
      // the sidecar says so explicitly and also covers a script that sets a timeout first.
      if (nonTx) files.push({ path: `${path}.conf`, text: 'executeInTransaction=false\n' });
      return { files };
    }
    case 'golang-migrate':
      return { files: [{ path: joinPath(dir, `${version}_${name}.up.sql`), text: up }, { path: joinPath(dir, `${version}_${name}.down.sql`), text: down }] };
    case 'goose': {
      const header = nonTx ? '-- +goose NO TRANSACTION\n' : '';
      return { files: [{ path: joinPath(dir, `${version}_${name}.sql`), text: `${header}-- +goose Up\n${gooseBody(up)}\n-- +goose Down\n${gooseBody(down)}` }] };
    }
    case 'dbmate': {
      const option = nonTx ? ' transaction:false' : '';
      return { files: [{ path: joinPath(dir, `${version}_${name}.sql`), text: `-- migrate:up${option}\n${up}\n-- migrate:down${option}\n${down}` }] };
    }
    case 'sql-migrate': {
      const option = nonTx ? ' notransaction' : '';
      return { files: [{ path: joinPath(dir, `${version}_${name}.sql`), text: `-- +migrate Up${option}\n${gooseBody(up, '-- +migrate')}\n-- +migrate Down${option}\n${gooseBody(down, '-- +migrate')}` }] };
    }
    case 'sqlx': {
      const marker = nonTx ? '-- no-transaction\n' : '';
      if (/\.up\.sql$/.test(currentFile)) {
        return { files: [{ path: joinPath(dir, `${version}_${name}.up.sql`), text: marker + up }, { path: joinPath(dir, `${version}_${name}.down.sql`), text: marker + down }] };
      }
      return { files: [{ path: joinPath(dir, `${version}_${name}.sql`), text: marker + up }] };
    }
    case 'diesel': {
      const folder = joinPath(dirnameOf(dir), `${version}_${name}`);
      const files = [{ path: joinPath(folder, 'up.sql'), text: up }, { path: joinPath(folder, 'down.sql'), text: down }];
      if (nonTx) files.push({ path: joinPath(folder, 'metadata.toml'), text: 'run_in_transaction = false\n' });
      return { files };
    }
    case 'prisma':
      return { files: [{ path: joinPath(dirnameOf(dir), `${version}_${name}`, 'migration.sql'), text: up }] };
    case 'drizzle':
      if (!journalPath(ctx)) return { files: [{ path: joinPath(dirnameOf(dir), `${version}_${name}`, 'migration.sql'), text: up }] };
      return { files: [{ path: joinPath(dir, `${version}_${name}.sql`), text: up }] };
    case 'supabase':
      return { files: [{ path: joinPath(dir, `${version}_${name}.sql`), text: up }] };
    case 'node-pg-migrate':
      return { files: [{ path: joinPath(dir, `${version}_${name}.sql`), text: `-- Up Migration\n${up}\n-- Down Migration\n${down}` }] };
    case 'plain': {
      const separator = /^\d+([_-])/.exec(basenameOf(currentFile))?.[1] ?? '_';
      return { files: [{ path: joinPath(dir, `${version}${separator}${name}.sql`), text: up }] };
    }
    default:
      return undefined;
  }
}

/**
 * Goose and sql-migrate split statements at a `;` ending a line; a statement with `;` inside
 * (a DO block, a function body) must be wrapped in StatementBegin / StatementEnd.
 */
function gooseBody(sql: string, prefix = '-- +goose'): string {
  if (!/\$\$/.test(sql)) return sql;
  const lines = sql.split('\n');
  const out: string[] = [];
  let inBlock = false;
  for (const line of lines) {
    const opens = !inBlock && /\$\$/.test(line) && (line.match(/\$\$/g) ?? []).length % 2 === 1;
    if (opens) {
      // The statement starts at the last line that is not a comment before the `$$`.
      let start = out.length;
      while (start > 0 && out[start - 1].trim() !== '' && !out[start - 1].trim().startsWith('--') && !/;\s*$/.test(out[start - 1])) start--;
      out.splice(start, 0, `${prefix} StatementBegin`);
      inBlock = true;
      out.push(line);
      continue;
    }
    out.push(line);
    if (inBlock && /\$\$/.test(line) && /;\s*$/.test(line)) {
      out.push(`${prefix} StatementEnd`);
      inBlock = false;
    }
  }
  return out.join('\n');
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
