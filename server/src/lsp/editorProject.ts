/**
 * The project facts editor features need (code lens, symbols, the migrations tree): which root
 * runs a file, which migration it is, and its sections as the unsaved text has them. Roots are
 * found once and kept until settings or files on disk change (`clear`).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { explicitRootsFromSettings, discoverRoots, locateFile, migrationLintContextForText } from '../analysis/project/project';
import type { Migration, MigrationRoot, Script } from '../analysis/project/types';
import { loadConfigFile, type LoadedSettings } from '../node/settingsLoader';
import { nodeProjectFs, ProjectModelCache, toModelPath, type FileCatalog } from '../node/projectFs';
import { dirnameOf } from '../analysis/project/paths';

export interface FilePlace {
  root: MigrationRoot;
  migration?: Migration;
  /** Sections of the file as its current text has them. */
  scripts: Script[];
}

export class EditorProject {
  private readonly cache = new ProjectModelCache();
  private workspaceRoots: MigrationRoot[] | undefined;
  private workspaceFolders: string[] = [];

  setWorkspaceFolders(folders: string[]): void {
    this.workspaceFolders = folders.map((f) => resolve(f));
    this.clear();
  }

  clear(): void {
    this.cache.clear();
    this.workspaceRoots = undefined;
  }

  /** Where `path` sits in its migration project, or undefined when it is not a migration. */
  placeOf(path: string, text: string, loaded: LoadedSettings): FilePlace | undefined {
    const file = toModelPath(resolve(path));
    const root = this.cache.rootFor(file, loaded.settings, loaded.configPath, this.folderOf(file));
    if (!root) return undefined;
    const context = migrationLintContextForText(root, file, text, nodeProjectFs);
    const migration = locateFile(root, file).migrations[0];
    return { root, migration, scripts: context?.scripts ?? [] };
  }

  /** The schema before `path` replayed from its root's history, or undefined outside a project. */
  catalogFor(path: string, text: string, loaded: LoadedSettings): FileCatalog | undefined {
    const file = toModelPath(resolve(path));
    return this.cache.catalogFor(file, text, loaded.settings, loaded.configPath, this.folderOf(file));
  }

  /** Every migration root of the workspace folders, outermost first. */
  roots(): MigrationRoot[] {
    if (this.workspaceRoots) return this.workspaceRoots;
    const roots: MigrationRoot[] = [];
    for (const folder of this.workspaceFolders) {
      const configPath = join(folder, 'safeshift.json');
      const loaded = existsSync(configPath) ? loadConfigFile(configPath) : undefined;
      const explicitRoots = loaded ? explicitRootsFromSettings(loaded.settings.migrations ?? [], toModelPath(dirnameOf(toModelPath(configPath)))) : [];
      for (const root of discoverRoots(toModelPath(folder), nodeProjectFs, { explicitRoots })) {
        if (!roots.some((r) => r.dir === root.dir)) roots.push(root);
      }
    }
    this.workspaceRoots = roots;
    return roots;
  }

  private folderOf(file: string): string | undefined {
    return this.workspaceFolders.map(toModelPath).filter((f) => file.startsWith(`${f}/`)).sort((a, b) => b.length - a.length)[0];
  }
}
