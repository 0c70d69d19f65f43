/**
 * The project model's file access on a real disk. Paths cross the boundary '/'-separated, so the
 * analysis behaves the same on Windows (`C:\a\b` becomes `C:/a/b`; Node accepts either).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { Settings } from '../analysis/config/settings';
import type { DirEntry, ProjectFs } from '../analysis/project/fs';
import { dirnameOf, isInside } from '../analysis/project/paths';
import { explicitRootsFromSettings, findRootForFile, migrationLintContextForText } from '../analysis/project/project';
import type { MigrationLintContext, MigrationRoot } from '../analysis/project/types';

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
 * Finds each file's migration root once and keeps it, so linting on every keystroke only
 * re-derives the edited file's sections (see migrationLintContextForText). The language server
 * calls `forget` for files created, deleted or saved on disk; the CLI can use it as is.
 */
export class ProjectModelCache {
  private readonly roots = new Map<string, MigrationRoot | undefined>();

  constructor(private readonly fs: ProjectFs = nodeProjectFs) {}

  /** The root that runs `filePath`, honouring `migrations` in the given safeshift.json settings. */
  rootFor(filePath: string, settings: Settings, configPath?: string, workspaceDir?: string): MigrationRoot | undefined {
    const file = toModelPath(filePath);
    if (this.roots.has(file)) return this.roots.get(file);
    const explicitRoots = configPath ? explicitRootsFromSettings(settings.migrations, dirnameOf(toModelPath(configPath))) : [];
    const root = findRootForFile(file, this.fs, { explicitRoots, boundary: workspaceDir ? toModelPath(workspaceDir) : undefined });
    this.roots.set(file, root);
    if (root) for (const m of root.migrations) for (const f of m.files) if (!this.roots.has(f)) this.roots.set(f, root);
    return root;
  }

  /** The lint context of `filePath` with its current text (an editor buffer or the file on disk). */
  contextFor(filePath: string, text: string, settings: Settings, configPath?: string, workspaceDir?: string): MigrationLintContext | undefined {
    const root = this.rootFor(filePath, settings, configPath, workspaceDir);
    return root ? migrationLintContextForText(root, toModelPath(filePath), text, this.fs) : undefined;
  }

  /** Drops every cached root that holds `path` or lies in its folder (a file was added, removed or changed). */
  forget(path: string): void {
    const changed = toModelPath(path);
    const folder = dirnameOf(changed);
    for (const [file, root] of this.roots) {
      if (file === changed || (root && (isInside(root.dir, changed) || root.dir === folder || isInside(root.dir, folder)))) this.roots.delete(file);
    }
  }

  clear(): void {
    this.roots.clear();
  }
}
