/**
 * Where a document's migration project is looked up: in the lint worker, which keeps the one
 * `ProjectModelCache` (node/projectFs.ts) that finds roots and replays their schema, so neither the
 * lookup nor the replay runs on the protocol thread. This side only says which file to look up,
 * under which safeshift.json and workspace folder, and what changed since the worker last heard:
 * every request carries the recent invalidations, so a request that is superseded and never sent
 * loses nothing.
 */
import { resolve } from 'node:path';
import type { LoadedSettings } from '../node/settingsLoader';
import { toModelPath } from '../node/projectFs';

/** What the lint worker needs to find a document's project. Plain data: it crosses threads. */
export interface ProjectRequest {
  path: string;
  configPath?: string;
  workspaceDir?: string;
  /** Bumped by every `clear`: the worker drops its roots when it has not seen this value. */
  clearEpoch: number;
  /** Recent `forget`s, oldest first, numbered; a worker that missed older ones clears instead. */
  forgets: Array<{ seq: number; path: string }>;
}

const KEPT_FORGETS = 256;

export class ProjectModel {
  private workspaceFolders: string[] = [];
  private clearEpoch = 0;
  private forgets: Array<{ seq: number; path: string }> = [];
  private nextSeq = 1;

  setWorkspaceFolders(paths: string[]): void {
    this.workspaceFolders = paths.map((p) => toModelPath(resolve(p)));
    this.clear();
  }

  /** Settings, safeshift.json or files on disk changed. */
  clear(): void {
    this.clearEpoch++;
  }

  forget(filePath: string): void {
    this.forgets.push({ seq: this.nextSeq++, path: toModelPath(resolve(filePath)) });
    if (this.forgets.length > KEPT_FORGETS) this.forgets.splice(0, this.forgets.length - KEPT_FORGETS);
  }

  /** The request the lint worker turns into the document's lint context (tool, sections, schema before it). */
  requestFor(filePath: string, loaded: LoadedSettings): ProjectRequest {
    const file = toModelPath(resolve(filePath));
    const folder = this.workspaceFolders.filter((f) => file.startsWith(`${f}/`)).sort((a, b) => b.length - a.length)[0];
    return {
      path: file,
      ...(loaded.configPath ? { configPath: loaded.configPath } : {}),
      ...(folder ? { workspaceDir: folder } : {}),
      clearEpoch: this.clearEpoch,
      forgets: [...this.forgets],
    };
  }
}
