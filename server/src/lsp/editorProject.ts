/**
 * The project facts editor features need on the protocol thread (code lens, symbols, the
 * migrations tree): which root runs a file, which migration it is, and its sections as the unsaved
 * text has them. Roots are found once and kept until settings or files on disk change (`clear`).
 *
 * No schema is replayed here: hover, definition and completion are answered in the lint worker
 * from the catalog it replayed for linting (editorQuery.ts), so the history is replayed once.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { explicitRootsFromSettings, discoverRoots, locateFile, migrationLintContextForText } from '../analysis/project/project';
import type { Migration, MigrationRoot, Script } from '../analysis/project/types';
import { loadConfigFile, type LoadedSettings } from '../node/settingsLoader';
import { nodeProjectFs, ProjectModelCache, toModelPath } from '../node/projectFs';
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
  /** The last place computed per file, for the text it was computed from. */
  private readonly places = new Map<string, { text: string; configPath?: string; place: FilePlace | undefined }>();

  setWorkspaceFolders(folders: string[]): void {
    this.workspaceFolders = folders.map((f) => resolve(f));
    this.clear();
  }

  clear(): void {
    this.cache.clear();
    this.workspaceRoots = undefined;
    this.places.clear();
  }

  /** Migrations this thread's cache replayed: stays 0, since editor features ask the lint worker. */
  get replayedMigrations(): number {
    return this.cache.replayedMigrations;
  }

  /** Where `path` sits in its migration project, or undefined when it is not a migration. */
  placeOf(path: string, text: string, loaded: LoadedSettings): FilePlace | undefined {
    const file = toModelPath(resolve(path));
    const cached = this.places.get(file);
    // Symbols, lenses and hovers ask for the same version one after the other.
    if (cached && cached.text === text && cached.configPath === loaded.configPath) return cached.place;
    const root = this.cache.rootFor(file, loaded.settings, loaded.configPath, this.folderOf(file));
    let place: FilePlace | undefined;
    if (root) {
      const context = migrationLintContextForText(root, file, text, nodeProjectFs);
      place = { root, migration: locateFile(root, file).migrations[0], scripts: context?.scripts ?? [] };
    }
    this.places.set(file, { text, configPath: loaded.configPath, place });
    return place;
  }

  /** The document closed. */
  forget(path: string): void {
    this.places.delete(toModelPath(resolve(path)));
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
