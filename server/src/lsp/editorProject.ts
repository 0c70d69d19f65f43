/**
 * The project facts editor features need (code lens, symbols, the migrations tree, the schema for
 * hover and completion): which root runs a file, which migration it is, its sections as the
 * unsaved text has them, and the schema before it. Roots are found once and kept until settings
 * or files on disk change (`clear`).
 *
 * The schema is replayed on the protocol thread (the lint worker keeps its own copy). So that the
 * first request in a large project does not stall the server for seconds, the history is replayed
 * a slice at a time (`WARM_STEP` migrations), yielding to the event loop between slices.
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

/** Migrations replayed between two yields to the event loop: a few, so one slice stays short. */
const WARM_STEP = 5;

export class EditorProject {
  private readonly cache = new ProjectModelCache();
  private workspaceRoots: MigrationRoot[] | undefined;
  private workspaceFolders: string[] = [];
  /** The last place computed per file, for the text it was computed from. */
  private readonly places = new Map<string, { text: string; configPath?: string; place: FilePlace | undefined }>();
  /** Per root directory: how far its history has been replayed, and the replay under way. */
  private readonly warmed = new Map<string, { upTo: number; running?: Promise<void> }>();

  setWorkspaceFolders(folders: string[]): void {
    this.workspaceFolders = folders.map((f) => resolve(f));
    this.clear();
  }

  clear(): void {
    this.cache.clear();
    this.workspaceRoots = undefined;
    this.places.clear();
    this.warmed.clear();
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

  /**
   * The schema before `path` replayed from its root's history, or undefined outside a project.
   * The earlier migrations are replayed in slices first, so other messages are served meanwhile.
   */
  async catalogFor(path: string, text: string, loaded: LoadedSettings): Promise<FileCatalog | undefined> {
    const file = toModelPath(resolve(path));
    const workspaceDir = this.folderOf(file);
    const root = this.cache.rootFor(file, loaded.settings, loaded.configPath, workspaceDir);
    if (!root) return undefined;
    const position = root.migrations.findIndex((m) => m.sections.some((s) => s.file === file));
    if (position > WARM_STEP) await this.warm(root, position, loaded, workspaceDir);
    return this.cache.catalogFor(file, text, loaded.settings, loaded.configPath, workspaceDir);
  }

  private async warm(root: MigrationRoot, position: number, loaded: LoadedSettings, workspaceDir: string | undefined): Promise<void> {
    const key = `${root.dir}\0${root.tool}`;
    let state = this.warmed.get(key);
    if (!state) this.warmed.set(key, (state = { upTo: 0 }));
    while (state.upTo + WARM_STEP < position) {
      if (state.running) {
        await state.running;
        continue;
      }
      const target = state.upTo + WARM_STEP;
      state.running = new Promise<void>((done) => setImmediate(done)).then(() => {
        // The catalog before migration `target` is what asking for one of its files replays.
        const migration = root.migrations[target];
        const file = migration?.sections[0]?.file ?? migration?.files[0];
        if (file) this.cache.catalogFor(file, nodeProjectFs.read(file) ?? '', loaded.settings, loaded.configPath, workspaceDir);
      });
      try {
        await state.running;
      } finally {
        state.upTo = target;
        state.running = undefined;
      }
    }
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
