/**
 * The proof harness for quick fixes that rewrite a migration (issue #5): copy a fixture project to
 * a temporary directory, lint a file with its real project context, apply a fix the way an editor
 * would (edits, new files, side-file edits), lint every migration again, and run the whole project
 * on PGlite the way the tool runs it (each migration in a transaction or not, as one string or
 * statement by statement), with rows seeded before a chosen migration.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { defaultSettings, type Settings } from '../../server/src/analysis/config/settings';
import { lintText } from '../../server/src/analysis/lint';
import { parseDocument } from '../../server/src/analysis/parse/parseDocument';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { cannotRunInTransaction } from '../../server/src/analysis/project/nonTransactional';
import { findRootForFile } from '../../server/src/analysis/project/project';
import { scriptText } from '../../server/src/analysis/project/envelopes';
import type { MigrationRoot, Script } from '../../server/src/analysis/project/types';
import type { Finding, Fix, TextEdit } from '../../server/src/analysis/rules/types';
import { nodeProjectFs, ProjectModelCache } from '../../server/src/node/projectFs';

export const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixes', 'projects');

/** Settings for a PostgreSQL major version, everything else default. */
export function settingsFor(major = 16, overrides: Partial<Settings> = {}): Settings {
  return { ...defaultSettings(), postgresVersion: { major, minor: 0 }, ...overrides };
}

/** Copies `test/fixes/projects/<name>` to a fresh temporary directory and returns that directory. */
export function copyFixture(name: string): string {
  const target = mkdtempSync(join(tmpdir(), `safeshift-fix-${name}-`));
  cpSync(join(FIXTURES, name), target, { recursive: true });
  return target;
}

/** Writes a small project from `files` (relative path → text) into a fresh temporary directory. */
export function writeProject(files: Record<string, string>): string {
  const target = mkdtempSync(join(tmpdir(), 'safeshift-fix-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), text);
  }
  return target;
}

export interface LintedFile {
  path: string;
  text: string;
  findings: Finding[];
}

/** Lints `path` as the language server and the CLI do: with its migration project's context. */
export async function lintFile(path: string, settings: Settings): Promise<LintedFile> {
  await initParser();
  const text = readFileSync(path, 'utf8');
  const migration = new ProjectModelCache().contextFor(path, text, settings);
  return { path, text, findings: lintText(text, settings, migration).findings };
}

/** The preferred fix of the first finding of `ruleId` in the file; fails the test when there is none. */
export async function preferredFix(path: string, ruleId: string, settings: Settings): Promise<{ finding: Finding; fix: Fix }> {
  const linted = await lintFile(path, settings);
  const finding = linted.findings.find((f) => f.ruleId === ruleId);
  assert.ok(finding, `${ruleId} should fire in ${path}; found: ${linted.findings.map((f) => f.ruleId).join(', ')}`);
  const fix = finding.fixes.find((f) => f.preferred);
  assert.ok(fix, `${ruleId} should offer a preferred fix; offered: ${finding.fixes.map((f) => f.title).join(' | ')}`);
  return { finding, fix };
}

export function applyEdits(text: string, edits: readonly Pick<TextEdit, 'range' | 'newText'>[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.range.start) + edit.newText + out.slice(edit.range.end);
  return out;
}

/**
 * Applies a fix to disk the way an editor applies the WorkspaceEdit: the linted file's edits, new
 * files (refusing to overwrite one), and edits to other files (refusing when they changed since).
 * Returns the paths created.
 */
export function applyFix(path: string, fix: Fix): string[] {
  writeFileSync(path, applyEdits(readFileSync(path, 'utf8'), fix.edits));
  const created: string[] = [];
  for (const change of fix.fileChanges ?? []) {
    if (change.kind === 'create') {
      assert.ok(!existsSync(change.path), `the fix must not overwrite ${change.path}`);
      mkdirSync(dirname(change.path), { recursive: true });
      writeFileSync(change.path, change.text);
      created.push(change.path);
    } else {
      const current = readFileSync(change.path, 'utf8');
      assert.equal(current, change.original, `${change.path} changed since the fix was computed`);
      writeFileSync(change.path, applyEdits(current, change.edits));
    }
  }
  return created;
}

/** The migration root of a file, read fresh from disk. */
export function rootOf(file: string): MigrationRoot {
  const root = findRootForFile(file, nodeProjectFs);
  assert.ok(root, `no migration root found for ${file}`);
  return root;
}

/** Every file of every migration of the root (SQL only), in the tool's order. */
export function sqlFilesOf(root: MigrationRoot): string[] {
  const files = new Set<string>();
  for (const migration of root.migrations) for (const section of migration.sections) files.add(section.file);
  return [...files];
}

/** Lints every SQL file of the root of `anyFile`: file → findings. */
export async function lintProject(anyFile: string, settings: Settings): Promise<Map<string, Finding[]>> {
  const result = new Map<string, Finding[]>();
  for (const file of sqlFilesOf(rootOf(anyFile))) result.set(file, (await lintFile(file, settings)).findings);
  return result;
}

/** Asserts every SQL file of the project parses without a syntax error. */
export async function assertProjectParses(anyFile: string): Promise<void> {
  await initParser();
  for (const file of sqlFilesOf(rootOf(anyFile))) {
    const document = parseDocument(readFileSync(file, 'utf8'));
    const problems = document.problems.filter((p) => p.code === 'syntax-error' || p.code === 'invalid-input');
    assert.deepEqual(problems.map((p) => p.message), [], `${file} should parse`);
  }
}

/**
 * (b) of the proof: `ruleId` no longer fires anywhere in the project, and no error-severity finding
 * appears that was not there before the fix.
 */
export function assertFixedFindings(before: Map<string, Finding[]>, after: Map<string, Finding[]>, ruleId: string): void {
  for (const [file, findings] of after) {
    assert.deepEqual(findings.filter((f) => f.ruleId === ruleId).map((f) => f.message), [], `${ruleId} still fires in ${file}`);
    const errorsBefore = new Set((before.get(file) ?? []).filter((f) => f.severity === 'error').map((f) => f.ruleId));
    const newErrors = findings.filter((f) => f.severity === 'error' && !errorsBefore.has(f.ruleId));
    assert.deepEqual(newErrors.map((f) => `${f.ruleId}: ${f.message}`), [], `new error findings in ${file}`);
  }
}

// ---------------------------------------------------------------------------------------------
// PGlite

let shared: PGlite | undefined;

/** One PGlite per test process (it takes seconds to start), emptied before each use. */
export async function emptyDatabase(): Promise<PGlite> {
  const db = (shared ??= new PGlite());
  await db.waitReady;
  await db.exec(`
    DO $$ DECLARE s record; BEGIN
      FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%' LOOP
        EXECUTE format('DROP SCHEMA %I CASCADE', s.nspname);
      END LOOP;
    END $$;
    CREATE SCHEMA public;
    RESET ALL;`);
  return db;
}

export async function closeDatabase(): Promise<void> {
  await shared?.close();
  shared = undefined;
}

export interface RunOptions {
  /** SQL to run (outside any migration) right before the migration whose main file name contains the key. */
  seedBefore?: Record<string, string>;
}

/** What ran, for messages: `<file>: <how>`. */
export type RunLog = string[];

/**
 * Runs every up section of the root on `db` the way the tool would: BEGIN … COMMIT around a
 * migration the tool wraps, the whole file as one string where the tool sends one string (an
 * implicit transaction when it holds several statements), statement by statement otherwise.
 */
export async function runProject(db: PGlite, anyFile: string, options: RunOptions = {}): Promise<RunLog> {
  await initParser();
  const root = rootOf(anyFile);
  const log: RunLog = [];
  const allPending = root.migrations.some((m) => m.up?.envelope.kind === 'all-pending');
  if (allPending) await db.exec('BEGIN');
  for (const migration of root.migrations) {
    if (migration.kind !== 'versioned' && migration.kind !== 'setup') continue;
    for (const [key, sql] of Object.entries(options.seedBefore ?? {})) {
      if (migration.files[0]?.includes(key)) {
        if (allPending) await db.exec('COMMIT');
        await db.exec(sql);
        if (allPending) await db.exec('BEGIN');
      }
    }
    for (const section of migration.sections.filter((s) => s.direction === 'up')) {
      log.push(`${section.file.slice(root.dir.length + 1)}: ${await runScript(db, section)}`);
    }
  }
  if (allPending) await db.exec('COMMIT');
  return log;
}

async function runScript(db: PGlite, script: Script): Promise<string> {
  const text = scriptText(script, readFileSync(script.file, 'utf8'));
  const statements = parseDocument(text).statements;
  const wrapped = script.envelope.kind === 'per-migration' && !(script.envelope.nonTransactional === 'alone-only' && statements.every(cannotRunInTransaction));
  const run = async (sql: string) => {
    try {
      await db.exec(sql);
    } catch (error) {
      throw new Error(`${script.file}: ${(error as Error).message}\n--- while running:\n${sql}`);
    }
  };
  if (wrapped) await run('BEGIN');
  if (script.execution === 'one-string') {
    const chunks = script.batches?.length ? script.batches.map((b) => text.slice(b.start, b.end)) : [text];
    for (const chunk of chunks) if (chunk.trim() !== '') await run(chunk);
  } else {
    for (const statement of statements) await run(statement.text);
  }
  if (wrapped) await run('COMMIT');
  return `${wrapped ? 'in a transaction' : 'no transaction'}, ${script.execution}`;
}

/** Rows of a query, for schema facts. */
export async function rows<T = Record<string, unknown>>(db: PGlite, sql: string): Promise<T[]> {
  return (await db.query<T>(sql)).rows;
}

/** `indisvalid` of an index by name, or undefined when it does not exist. */
export async function indexValid(db: PGlite, name: string): Promise<boolean | undefined> {
  const found = await rows<{ valid: boolean }>(db, `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = '${name}'`);
  return found[0]?.valid;
}

/** `convalidated` of a constraint by name, or undefined when it does not exist. */
export async function constraintValidated(db: PGlite, name: string): Promise<boolean | undefined> {
  const found = await rows<{ valid: boolean }>(db, `SELECT convalidated AS valid FROM pg_constraint WHERE conname = '${name}'`);
  return found[0]?.valid;
}

/** `attnotnull` of a column. */
export async function columnNotNull(db: PGlite, table: string, column: string): Promise<boolean | undefined> {
  const found = await rows<{ notnull: boolean }>(db, `SELECT attnotnull AS notnull FROM pg_attribute WHERE attrelid = '${table}'::regclass AND attname = '${column}'`);
  return found[0]?.notnull;
}

export interface Proof {
  /** The project directory (from writeProject or copyFixture). */
  dir: string;
  /** The file holding the risky statement, relative to `dir`. */
  file: string;
  ruleId: string;
  settings: Settings;
  /** The fix title must match, so a test proves the recipe it means to. */
  title?: RegExp;
  seedBefore?: Record<string, string>;
  /** (c) the facts the fixed schema must have. */
  facts(db: PGlite): Promise<void>;
}

export interface ProofResult {
  fix: Fix;
  created: string[];
  log: RunLog;
  /** The linted file after the fix. */
  text: string;
}

/** The whole proof of one recipe: (a) parses, (b) the rule is quiet and no new error appears, (c) it runs on PGlite with the intended facts. */
export async function proveFix(proof: Proof): Promise<ProofResult> {
  const path = join(proof.dir, proof.file);
  const before = await lintProject(path, proof.settings);
  const { fix } = await preferredFix(path, proof.ruleId, proof.settings);
  if (proof.title) assert.match(fix.title, proof.title);
  const created = applyFix(path, fix);
  await assertProjectParses(path);
  assertFixedFindings(before, await lintProject(path, proof.settings), proof.ruleId);
  const db = await emptyDatabase();
  const log = await runProject(db, path, { seedBefore: proof.seedBefore });
  await proof.facts(db);
  return { fix, created, log, text: readFileSync(path, 'utf8') };
}
