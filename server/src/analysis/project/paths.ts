/**
 * Path arithmetic on '/'-separated paths, so the analysis never needs `node:path` and behaves
 * the same on every platform (the Node file access converts Windows separators).
 */
export function joinPath(base: string, ...parts: string[]): string {
  let path = base;
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part.startsWith('/')) path = part;
    else path = path.endsWith('/') ? path + part : `${path}/${part}`;
  }
  return normalizePath(path);
}

/** Resolves `.` and `..` segments and drops duplicate or trailing slashes. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (segment !== '..' || !absolute) out.push(segment);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

export function dirnameOf(path: string): string {
  const index = path.lastIndexOf('/');
  if (index < 0) return '.';
  return index === 0 ? '/' : path.slice(0, index);
}

export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `path` relative to `dir` when it lies inside it, else undefined. */
export function relativeInside(dir: string, path: string): string | undefined {
  if (path === dir) return '';
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
}

export function isInside(dir: string, path: string): boolean {
  return relativeInside(dir, path) !== undefined;
}
