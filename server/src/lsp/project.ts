/**
 * The migration project a document belongs to (tool, order, up/down sections, the transaction the
 * tool wraps each section in), from the project model in `server/src/analysis/project`. The root
 * of each file is found once and cached until settings or `safeshift.json` change; each check then
 * derives the file's context from its current, possibly unsaved, text.
 */
import { dirname, resolve } from 'node:path';
import type { LoadedSettings } from '../node/settingsLoader';
import { nodeProjectFs, toModelPath } from '../node/projectFs';
import { explicitRootsFromSettings, findRootForFile, migrationLintContextForText, type ProjectOptions } from '../analysis/project/project';
import type { MigrationLintContext, MigrationRoot } from '../analysis/project/types';

export class ProjectModel {
  private readonly roots = new Map<string, MigrationRoot | null>();
  private workspaceFolders: string[] = [];

  constructor(private readonly onError: (where: string, error: unknown) => void) {}

  setWorkspaceFolders(paths: string[]): void {
    this.workspaceFolders = paths.map((p) => toModelPath(resolve(p)));
    this.clear();
  }

  /** Settings, safeshift.json or files on disk changed. */
  clear(): void {
    this.roots.clear();
  }

  forget(filePath: string): void {
    const file = toModelPath(resolve(filePath));
    for (const key of [...this.roots.keys()]) if (key.startsWith(`${file}\0`)) this.roots.delete(key);
  }

  /** The context `lintText` needs, or undefined when the file is not part of a migration root. */
  contextFor(filePath: string, text: string, loaded: LoadedSettings): MigrationLintContext | undefined {
    const file = toModelPath(resolve(filePath));
    try {
      const key = `${file}\0${loaded.configPath ?? ''}`;
      let root = this.roots.get(key);
      if (root === undefined) {
        root = findRootForFile(file, nodeProjectFs, this.options(file, loaded)) ?? null;
        this.roots.set(key, root);
      }
      return root ? migrationLintContextForText(root, file, text, nodeProjectFs) : undefined;
    } catch (error) {
      this.onError(`reading the migration project of ${filePath}`, error);
      return undefined;
    }
  }

  private options(file: string, loaded: LoadedSettings): ProjectOptions {
    const folder = this.workspaceFolders.filter((f) => file.startsWith(`${f}/`)).sort((a, b) => b.length - a.length)[0];
    const explicitRoots = loaded.configPath ? explicitRootsFromSettings(loaded.settings.migrations ?? [], toModelPath(dirname(loaded.configPath))) : [];
    return { explicitRoots, ...(folder ? { boundary: folder } : {}) };
  }
}
