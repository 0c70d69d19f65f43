/**
 * The project model's file access on a real disk. Paths cross the boundary '/'-separated, so the
 * analysis behaves the same on Windows (`C:\a\b` becomes `C:/a/b`; Node accepts either).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { Settings } from '../analysis/config/settings';
import type { DirEntry, ProjectFs } from '../analysis/project/fs';
import { dirnameOf, isInside } from '../analysis/project/paths';
import { explicitRootsFromSettings, findRootForFile, migrationLintContext, migrationLintContextForText } from '../analysis/project/project';
import { SchemaHistory, schemaBeforeFile, type SchemaBefore, type StatementLocation } from '../analysis/project/schemaHistory';
import type { Migration, MigrationLintContext, MigrationRoot } from '../analysis/project/types';
import type { Origin } from '../analysis/schema/model';

/** Larger files are not migrations worth reading for the model; the linter reports them itself. */
const MAX_READ_BYTES = 8 * 1024 * 1024;

export function toModelPath(path: string): string {
  return path.replace(/\\/g, '/');
}

export const nodeProjectFs: ProjectFs = {
  list(dir: string): DirEntry[] {
    try {
      return readdirSync(dir, { withFileTypes: true }).map((entry) => ({
        name: entry.name,
        isDirectory: entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(`${dir}/${entry.name}`)),
      }));
    } catch {
      return [];
    }
  },
  read(path: string): string | undefined {
    try {
      // Only regular files: reading a FIFO or a device named *.sql would block forever.
      const stat = statSync(path);
      if (!stat.isFile() || stat.size > MAX_READ_BYTES) return undefined;
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  exists(path: string): boolean {
    return existsSync(path);
  },
};

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * File texts read from disk, re-read only when a file's size or modification time changed, and
 * stat-ed at most every `recheckMs`: replaying 700 migrations per keystroke must not read 700 files.
 */
export class DiskTexts {
  private readonly known = new Map<string, { text: string | undefined; mtimeMs: number; size: number; checked: number }>();

  constructor(private readonly fs: ProjectFs = nodeProjectFs, private readonly recheckMs = 500) {}

  read(path: string): string | undefined {
    // Only the real disk has modification times; any other file access is asked every time.
    if (this.fs !== nodeProjectFs) return this.fs.read(path);
    const now = Date.now();
    const cached = this.known.get(path);
    if (cached && now - cached.checked < this.recheckMs) return cached.text;
    let stamp: { mtimeMs: number; size: number } | undefined;
    try {
      const stat = statSync(path);
      stamp = { mtimeMs: stat.mtimeMs, size: stat.size };
    } catch {
      stamp = undefined;
    }
    if (cached && stamp && cached.mtimeMs === stamp.mtimeMs && cached.size === stamp.size) {
      cached.checked = now;
      return cached.text;
    }
    const text = stamp ? this.fs.read(path) : undefined;
    this.known.set(path, { text, mtimeMs: stamp?.mtimeMs ?? -1, size: stamp?.size ?? -1, checked: now });
    return text;
  }

  forget(path: string): void {
    this.known.delete(path);
  }

  clear(): void {
    this.known.clear();
  }
}

/** The schema before a file, with what editor features need to point at where objects came from. */
export interface FileCatalog {
  root: MigrationRoot;
  /** The file's (first) migration. */
  migration: Migration;
  schema: SchemaBefore;
  /** The earlier statement an object's `origin` names (origins from the file itself are statement indexes in it). */
  locate(origin: Origin): StatementLocation | undefined;
}

/**
 * Finds each file's migration root once and keeps it, so linting on every keystroke only
 * re-derives the edited file's sections (see migrationLintContextForText), and keeps the replayed
 * schema of each root (see SchemaHistory), so the catalog before the edited file is replayed once.
 * The language server calls `forget` for files created, deleted or saved on disk; the CLI uses it
 * as is. One instance per thread: the lint worker holds the one that lints.
 */
export class ProjectModelCache {
  private readonly roots = new Map<string, MigrationRoot | undefined>();
  private readonly histories = new Map<string, SchemaHistory>();
  private readonly texts: DiskTexts;
  private readonly recheckMs: number;
  /** Folder listings kept between keystrokes: re-deriving the edited file's sections lists the root's folders. */
  private listings: ProjectFs;
  /** The schema before each recently checked file, trusted for `recheckMs` (files on disk are not stat-ed more often). */
  private readonly recentSchemas = new Map<string, { root: MigrationRoot; settingsKey: string; at: number; schema: SchemaBefore | undefined }>();

  /** `recheckMs`: how long a file's text is trusted before its modification time is checked again. */
  constructor(private readonly fs: ProjectFs = nodeProjectFs, options: { recheckMs?: number } = {}) {
    this.recheckMs = options.recheckMs ?? 500;
    this.texts = new DiskTexts(fs, this.recheckMs);
    this.listings = listingCache(fs);
  }

  /** The root that runs `filePath`, honouring `migrations` in the given safeshift.json settings. */
  rootFor(filePath: string, settings: Settings, configPath?: string, workspaceDir?: string): MigrationRoot | undefined {
    const file = toModelPath(filePath);
    if (this.roots.has(file)) return this.roots.get(file);
    const explicitRoots = configPath ? explicitRootsFromSettings(settings.migrations, dirnameOf(toModelPath(configPath))) : [];
    const root = findRootForFile(file, this.fs, { explicitRoots, boundary: workspaceDir ? toModelPath(workspaceDir) : undefined });
    // A file the cache has not seen (a new migration, perhaps): folders may have changed since they were listed.
    this.listings = listingCache(this.fs);
    this.roots.set(file, root);
    if (root) for (const m of root.migrations) for (const f of m.files) if (!this.roots.has(f)) this.roots.set(f, root);
    return root;
  }

  /**
   * The lint context of `filePath` with its current text (an editor buffer or the file on disk),
   * with the schema before the file unless `withSchema` is false.
   */
  contextFor(filePath: string, text: string, settings: Settings, configPath?: string, workspaceDir?: string, withSchema = true): MigrationLintContext | undefined {
    const root = this.rootFor(filePath, settings, configPath, workspaceDir);
    if (!root) return undefined;
    const file = toModelPath(filePath);
    const context = migrationLintContextForText(root, file, text, this.listings);
    return context && withSchema ? this.withSchema(context, root, file, text, settings) : context;
  }

  /** The context of a file whose text is the one on disk that `root` was read with (the CLI's fast path). */
  contextFromRoot(root: MigrationRoot, filePath: string, settings: Settings): MigrationLintContext | undefined {
    const file = toModelPath(filePath);
    const context = migrationLintContext(root, file, this.fs);
    return context ? this.withSchema(context, root, file, undefined, settings) : undefined;
  }

  /**
   * The schema before `filePath` as of the earlier migrations of its root, or undefined when the
   * file is not a migration. `text` is the file's current text (it matters when the file holds
   * several migrations or pairs with another). Replays only what changed since the last call.
   */
  catalogFor(filePath: string, text: string, settings: Settings, configPath?: string, workspaceDir?: string): FileCatalog | undefined {
    const root = this.rootFor(filePath, settings, configPath, workspaceDir);
    if (!root) return undefined;
    const file = toModelPath(filePath);
    const history = this.historyFor(root, settings);
    const schema = schemaBeforeFile(history, root, file, this.reader(file, text));
    if (!schema) return undefined;
    return { root, migration: root.migrations[schema.position], schema, locate: (origin) => history.locate(origin) };
  }

  /** Migrations replayed by this cache so far (evidence that edits reuse the cached catalog). */
  get replayedMigrations(): number {
    let total = 0;
    for (const history of this.histories.values()) total += history.applied;
    return total;
  }

  /** Drops every cached root that holds `path` or lies in its folder (a file was added, removed or changed). */
  forget(path: string): void {
    const changed = toModelPath(path);
    const folder = dirnameOf(changed);
    this.texts.forget(changed);
    this.listings = listingCache(this.fs);
    this.recentSchemas.clear();
    for (const [file, root] of this.roots) {
      if (file === changed || (root && (isInside(root.dir, changed) || root.dir === folder || isInside(root.dir, folder)))) this.roots.delete(file);
    }
  }

  /** Forgets the roots. Replayed schemas are kept: they are checked against the files' texts on every use. */
  clear(): void {
    this.roots.clear();
    this.listings = listingCache(this.fs);
    this.recentSchemas.clear();
  }

  /**
   * The schema before a file depends on the other files of its root, never on the file's own text
   * (it is the catalog before the file's first migration, and the up files of that migration
   * other than this one), so while the root and the files' stamps stand, a keystroke reuses it.
   */
  private withSchema(context: MigrationLintContext, root: MigrationRoot, file: string, text: string | undefined, settings: Settings): MigrationLintContext {
    const settingsKey = this.historyKey(root, settings);
    const recent = this.recentSchemas.get(file);
    const now = Date.now();
    let schema: SchemaBefore | undefined;
    if (recent && recent.root === root && recent.settingsKey === settingsKey && now - recent.at < this.recheckMs) schema = recent.schema;
    else {
      schema = schemaBeforeFile(this.historyFor(root, settings), root, file, this.reader(file, text));
      this.recentSchemas.set(file, { root, settingsKey, at: now, schema });
    }
    return schema ? { ...context, schema } : context;
  }

  private reader(file: string, text: string | undefined): (path: string) => string | undefined {
    return (path) => (path === file && text !== undefined ? text : this.texts.read(path));
  }

  /** One history per root directory and tool, and per placeholder values (they change the SQL). */
  private historyKey(root: MigrationRoot, settings: Settings): string {
    return `${root.dir}\0${root.tool}\0${JSON.stringify(settings.placeholders)}\0${settings.maxFileSizeKb}`;
  }

  private historyFor(root: MigrationRoot, settings: Settings): SchemaHistory {
    const key = this.historyKey(root, settings);
    let history = this.histories.get(key);
    if (!history) {
      history = new SchemaHistory({ placeholders: settings.placeholders, maxFileBytes: settings.maxFileSizeKb * 1024 });
      this.histories.set(key, history);
    }
    return history;
  }
}

/** Listings and existence checks remembered until the cache is told that files changed; reads go through. */
function listingCache(fs: ProjectFs): ProjectFs {
  const listings = new Map<string, DirEntry[]>();
  const existing = new Map<string, boolean>();
  return {
    list(dir) {
      let entries = listings.get(dir);
      if (!entries) listings.set(dir, (entries = fs.list(dir)));
      return entries;
    },
    read: (path) => fs.read(path),
    exists(path) {
      let known = existing.get(path);
      if (known === undefined) existing.set(path, (known = fs.exists(path)));
      return known;
    },
  };
}
