/** Shared helpers for the project-model tests: fixture paths, loading, and section text. */
import { resolve } from 'node:path';
import { findRootForFile, rootAt, type ProjectOptions } from '../../server/src/analysis/project/project';
import type { Migration, MigrationRoot, Script } from '../../server/src/analysis/project/types';
import { nodeProjectFs, toModelPath } from '../../server/src/node/projectFs';

/** test/projects, from out/test/project where the compiled tests run. */
export const PROJECTS = toModelPath(resolve(__dirname, '../../../test/projects'));

export function fixture(...parts: string[]): string {
  return [PROJECTS, ...parts].join('/');
}

export function rootOf(dir: string, options: ProjectOptions = {}): MigrationRoot {
  const root = rootAt(dir, nodeProjectFs, { boundary: PROJECTS, ...options });
  if (!root) throw new Error(`no migration root detected at ${dir}`);
  return root;
}

export function rootForFile(file: string, options: ProjectOptions = {}): MigrationRoot | undefined {
  return findRootForFile(file, nodeProjectFs, { boundary: PROJECTS, ...options });
}

/** Migration ids in the tool's order. */
export function order(root: MigrationRoot): string[] {
  return root.migrations.map((m) => m.id);
}

export function byId(root: MigrationRoot, id: string): Migration {
  const found = root.migrations.find((m) => m.id === id);
  if (!found) throw new Error(`no migration ${id} in ${root.dir}; have ${order(root).join(', ')}`);
  return found;
}

/** The script's own text, trimmed, for readable assertions. */
export function textOf(script: Script | undefined): string {
  if (!script) return '<none>';
  const text = nodeProjectFs.read(script.file) ?? '';
  const pieces = script.pieces ?? [script.range];
  return pieces.map((p) => text.slice(p.start, p.end)).join('\n').trim();
}

export function findingCodes(root: MigrationRoot, file?: string): string[] {
  return root.findings.filter((f) => file === undefined || f.file.endsWith(file)).map((f) => f.code);
}
