/**
 * The file access the project model needs, injected so the analysis stays pure: the language
 * server and the CLI pass a Node implementation (server/src/node/projectFs.ts), tests may pass
 * an in-memory one. Paths are absolute and '/'-separated.
 */
import { basenameOf, dirnameOf, joinPath, normalizePath } from './paths';

export interface DirEntry {
  name: string;
  isDirectory: boolean;
}

export interface ProjectFs {
  /** The entries of a directory, or [] when it does not exist or cannot be read. */
  list(dir: string): DirEntry[];
  /** The text of a file, or undefined when it does not exist or cannot be read. */
  read(path: string): string | undefined;
  exists(path: string): boolean;
}

/** An in-memory file tree: `files` maps absolute paths to contents; directories are implied. */
export function memoryFs(files: Record<string, string>): ProjectFs {
  const contents = new Map(Object.entries(files).map(([path, text]) => [normalizePath(path), text]));
  const children = new Map<string, Map<string, boolean>>();
  // Every ancestor of every file lists its child; only the file itself is not a directory.
  for (const path of contents.keys()) {
    let child = path;
    let isDirectory = false;
    while (child !== '/' && child !== '.') {
      const parent = dirnameOf(child);
      const entries = children.get(parent) ?? new Map<string, boolean>();
      const name = basenameOf(child);
      entries.set(name, isDirectory || entries.get(name) === true);
      children.set(parent, entries);
      child = parent;
      isDirectory = true;
    }
  }
  return {
    list: (dir) => [...(children.get(normalizePath(dir))?.entries() ?? [])].map(([name, isDirectory]) => ({ name, isDirectory })),
    read: (path) => contents.get(normalizePath(path)),
    exists: (path) => contents.has(normalizePath(path)) || children.has(normalizePath(path)),
  };
}

/** Memoises listings and reads for one analysis pass; a project scan lists the same folders often. */
export function cachedFs(fs: ProjectFs): ProjectFs {
  const listings = new Map<string, DirEntry[]>();
  const texts = new Map<string, string | undefined>();
  return {
    list(dir) {
      let entries = listings.get(dir);
      if (!entries) listings.set(dir, (entries = fs.list(dir)));
      return entries;
    },
    read(path) {
      if (!texts.has(path)) texts.set(path, fs.read(path));
      return texts.get(path);
    },
    exists: (path) => texts.get(path) !== undefined || listings.has(path) || fs.exists(path),
  };
}

/** Lays unsaved editor buffers over another file access. */
export function overlayFs(base: ProjectFs, buffers: ReadonlyMap<string, string>): ProjectFs {
  return {
    list: (dir) => base.list(dir),
    read: (path) => buffers.get(path) ?? base.read(path),
    exists: (path) => buffers.has(path) || base.exists(path),
  };
}

export function sqlFilesIn(fs: ProjectFs, dir: string): string[] {
  return fs
    .list(dir)
    .filter((e) => !e.isDirectory && e.name.toLowerCase().endsWith('.sql'))
    .map((e) => joinPath(dir, e.name))
    .sort();
}

export function subdirectoriesOf(fs: ProjectFs, dir: string): string[] {
  return fs
    .list(dir)
    .filter((e) => e.isDirectory)
    .map((e) => joinPath(dir, e.name))
    .sort();
}
