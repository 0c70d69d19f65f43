/**
 * textDocument/codeLens: above each migration section, its place in the tool's order and how the
 * tool wraps it in a transaction (with the reason as the tooltip).
 *
 * Other features add their own lenses (the sandbox's "Run in sandbox", "Check down") by calling
 * `registerLensProvider` once at startup; every provider gets the same context and a provider
 * that throws loses only its own lenses.
 */
import type { CodeLens } from 'vscode-languageserver/node';
import { summarizeMigration } from '../analysis/project/summary';
import { toolName } from '../analysis/project/tools/index';
import type { Migration, MigrationRoot, Script } from '../analysis/project/types';
import type { LineIndex } from '../analysis/text/lineIndex';

export interface LensContext {
  uri: string;
  /** The document's file system path (undefined for untitled documents). */
  path?: string;
  text: string;
  lineIndex: LineIndex;
  /** The migration root that runs the file, when it is a migration. */
  root?: MigrationRoot;
  /** The (first) migration with a section in this file. */
  migration?: Migration;
  /** The file's up and down sections as its current, possibly unsaved, text has them. */
  scripts: Script[];
}

export type LensProvider = (context: LensContext) => CodeLens[] | Promise<CodeLens[]>;

const providers: Array<{ name: string; provide: LensProvider }> = [{ name: 'migration', provide: migrationLenses }];

/** Adds lenses from another feature; they are shown after the migration lenses on the same line. */
export function registerLensProvider(name: string, provide: LensProvider): void {
  if (!providers.some((p) => p.name === name)) providers.push({ name, provide });
}

export async function codeLenses(context: LensContext, onError: (where: string, error: unknown) => void): Promise<CodeLens[]> {
  const lenses: CodeLens[] = [];
  for (const provider of providers) {
    try {
      lenses.push(...(await provider.provide(context)));
    } catch (error) {
      onError(`code lenses (${provider.name})`, error);
    }
  }
  return lenses;
}

/** "migration 3 of 6" for the tool's versioned order, or the kind ("repeatable", "callback"). */
export function migrationPlace(root: MigrationRoot, migration: Migration): string {
  const ordered = root.migrations.filter((m) => m.kind === 'versioned' || m.kind === 'baseline' || m.kind === 'setup');
  const index = ordered.indexOf(migration);
  return index >= 0 ? `migration ${index + 1} of ${ordered.length}` : `${migration.kind} migration`;
}

/** Where a section's lens goes: the line of its first SQL (markers are outside the range). */
export function sectionLine(script: Script, text: string, lineIndex: LineIndex): number {
  const start = script.pieces?.[0]?.start ?? script.range.start;
  const firstCode = text.slice(start, script.range.end).search(/\S/);
  return lineIndex.positionAt(firstCode < 0 ? start : start + firstCode).line;
}

function migrationLenses(context: LensContext): CodeLens[] {
  const { root, migration, text, lineIndex } = context;
  if (!root || !migration) return [];
  const summary = summarizeMigration(root, { ...migration, sections: context.scripts });
  const lenses: CodeLens[] = [];
  context.scripts.forEach((script, i) => {
    const line = sectionLine(script, text, lineIndex);
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    if (i === 0) {
      lenses.push({ range, command: { title: `${migrationPlace(root, migration)} · ${toolName(root.tool)}`, command: '', tooltip: `${migration.id} in ${root.dir}` } });
    }
    const section = summary.sections[i];
    lenses.push({ range, command: { title: `${section.direction}: ${section.label}`, command: '', tooltip: section.reason } });
  });
  return lenses;
}
