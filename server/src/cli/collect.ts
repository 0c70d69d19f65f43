/**
 * Turns the paths and globs on the command line into the list of files to check, in a stable
 * order: arguments in the order given, directory entries sorted by name (the order migration
 * tools apply numbered files in), each file once.
 */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';

export interface CollectedFile {
  /** Absolute path. */
  absolute: string;
  /** Whether the user named this file itself (not found through a directory or a glob). */
  explicit: boolean;
}

export interface CollectProblem {
  /** The argument as given. */
  argument: string;
  message: string;
  /** True when the argument matched nothing (as opposed to an error reading it). */
  unmatched: boolean;
}

export interface Collected {
  files: CollectedFile[];
  problems: CollectProblem[];
}

const SKIPPED_DIRECTORY = (name: string) => name === 'node_modules' || name.startsWith('.');

export function collectFiles(args: readonly string[], cwd: string): Collected {
  const files: CollectedFile[] = [];
  const seen = new Set<string>();
  const problems: CollectProblem[] = [];
  const add = (absolute: string, explicit: boolean) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    files.push({ absolute, explicit });
  };

  for (const argument of args) {
    const absolute = resolve(cwd, argument);
    let stat;
    try {
      stat = statSync(absolute);
    } catch (error) {
      if (isGlob(argument)) {
        const before = files.length;
        expandGlob(argument, cwd, (file) => add(file, false), problems);
        if (files.length === before && !problems.some((p) => p.argument === argument)) {
          problems.push({ argument, message: `No files match the glob "${argument}".`, unmatched: true });
        }
      } else if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR') {
        problems.push({ argument, message: `No such file or directory: ${argument}`, unmatched: true });
      } else {
        problems.push({ argument, message: `Cannot read ${argument}: ${describe(error)}`, unmatched: false });
      }
      continue;
    }
    if (stat.isDirectory()) {
      const before = files.length;
      walk(absolute, (name) => /\.sql$/i.test(name), SKIPPED_DIRECTORY, (file) => add(file, false), (dir, error) =>
        problems.push({ argument, message: `Cannot read directory ${relativeOrAbsolute(dir, cwd)}: ${describe(error)}`, unmatched: false }),
      );
      if (files.length === before && !problems.some((p) => p.argument === argument)) {
        problems.push({ argument, message: `No *.sql files in the directory ${argument}.`, unmatched: true });
      }
    } else if (stat.isFile()) {
      add(absolute, true);
    } else {
      problems.push({ argument, message: `Cannot read ${argument}: it is not a regular file.`, unmatched: false });
    }
  }
  return { files, problems };
}

function isGlob(argument: string): boolean {
  return picomatch.scan(toPosix(argument)).isGlob;
}

function expandGlob(argument: string, cwd: string, add: (file: string) => void, problems: CollectProblem[]): void {
  const scan = picomatch.scan(toPosix(argument));
  const root = resolve(cwd, scan.base || '.');
  const glob = scan.glob;
  // A glob that names node_modules or a dot-directory itself may go into them.
  const dot = /(^|\/)\.[^/]/.test(glob);
  const intoNodeModules = glob.includes('node_modules');
  const matches = picomatch(glob, { dot });
  try {
    if (!statSync(root).isDirectory()) return;
  } catch {
    return;
  }
  walk(
    root,
    (_name, path) => matches(toPosix(relative(root, path))),
    (name) => (name === 'node_modules' ? !intoNodeModules : name.startsWith('.') && !dot),
    add,
    (dir, error) => problems.push({ argument, message: `Cannot read directory ${relativeOrAbsolute(dir, cwd)}: ${describe(error)}`, unmatched: false }),
  );
}

/** Depth-first, entries sorted by name; follows symbolic links but never loops. */
function walk(
  root: string,
  wanted: (name: string, path: string) => boolean,
  skipDirectory: (name: string) => boolean,
  add: (file: string) => void,
  onError: (dir: string, error: unknown) => void,
): void {
  const visited = new Set<string>();
  const visit = (dir: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      real = dir;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      onError(dir, error);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(path);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch {
          continue; // a dangling link
        }
      }
      if (isDirectory) {
        if (!skipDirectory(entry.name)) visit(path);
      } else if (isFile && wanted(entry.name, path)) {
        add(path);
      }
    }
  };
  visit(root);
}

export function toPosix(path: string): string {
  return sep === '\\' ? path.split('\\').join('/') : path;
}

/** The path to show: relative to the working directory when it can be, with forward slashes. */
export function displayPath(absolute: string, cwd: string): string {
  return toPosix(relativeOrAbsolute(absolute, cwd));
}

function relativeOrAbsolute(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  if (rel === '') return absolute;
  // On Windows a path on another drive has no relative form.
  return /^[a-zA-Z]:/.test(rel) || rel.startsWith('\\\\') ? absolute : rel;
}

function code(error: unknown): string | undefined {
  return (error as { code?: string } | undefined)?.code;
}

export function describe(error: unknown): string {
  const errorCode = code(error);
  const messages: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'it is a directory',
    ENOENT: 'no such file or directory',
    ELOOP: 'too many symbolic links',
    EMFILE: 'too many open files',
  };
  if (errorCode && messages[errorCode]) return `${messages[errorCode]} (${errorCode})`;
  return error instanceof Error ? error.message : String(error);
}
