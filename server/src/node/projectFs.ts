/**
 * The project model's file access on a real disk. Paths cross the boundary '/'-separated, so the
 * analysis behaves the same on Windows (`C:\a\b` becomes `C:/a/b`; Node accepts either).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { DirEntry, ProjectFs } from '../analysis/project/fs';

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
      if (statSync(path).size > MAX_READ_BYTES) return undefined;
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
