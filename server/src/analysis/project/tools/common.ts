/** Helpers several adapters share: reading numbered files, building migrations and findings. */
import type { OffsetRange } from '../../text/lineIndex';
import { sqlFilesIn } from '../fs';
import { basenameOf, relativeInside } from '../paths';
import { firstLineRange } from '../text';
import type { Directive, MigrationKind, ProjectFinding, Script, ToolId } from '../types';
import type { ToolContext, UnsortedMigration } from './adapter';

export interface NamedFile {
  path: string;
  name: string;
  match: RegExpExecArray;
}

/** The `.sql` files directly in the root whose names match `pattern`, and the ones that do not. */
export function matchSqlFiles(context: ToolContext, pattern: RegExp): { matched: NamedFile[]; unmatched: string[] } {
  const matched: NamedFile[] = [];
  const unmatched: string[] = [];
  for (const path of sqlFilesIn(context.fs, context.dir)) {
    const name = basenameOf(path);
    const match = pattern.exec(name);
    if (match) matched.push({ path, name, match });
    else unmatched.push(path);
  }
  return { matched, unmatched };
}

export function readText(context: ToolContext, path: string): string {
  return context.fs.read(path) ?? '';
}

export function migrationId(context: ToolContext, path: string): string {
  return relativeInside(context.dir, path) ?? basenameOf(path);
}

export function migration(
  tool: ToolId,
  fields: {
    id: string;
    version?: string;
    description: string;
    orderKey: string;
    sections: Script[];
    files: string[];
    kind?: MigrationKind;
    directives?: Directive[];
    placeholders?: Record<string, string>;
  },
): UnsortedMigration {
  return {
    id: fields.id,
    tool,
    kind: fields.kind ?? 'versioned',
    version: fields.version,
    description: fields.description,
    orderKey: fields.orderKey,
    up: fields.sections.find((s) => s.direction === 'up'),
    down: fields.sections.find((s) => s.direction === 'down'),
    sections: fields.sections,
    files: fields.files,
    directives: fields.directives ?? [],
    placeholders: fields.placeholders ?? {},
  };
}

/** Files in a root that the tool skips: reported once each as information. */
export function ignoredFindings(toolName: string, files: string[], why: string, readFile: (p: string) => string): ProjectFinding[] {
  return files.map((file) => ({
    code: 'ignored-by-tool' as const,
    severity: 'info' as const,
    message: `${toolName} does not run this file: ${why}`,
    file,
    range: firstLineRange(readFile(file)),
  }));
}

export function structureFinding(file: string, range: OffsetRange, message: string, severity: ProjectFinding['severity'] = 'error'): ProjectFinding {
  return { code: 'migration-structure', severity, message, file, range };
}

/** Descriptions from file names: `add_users_email` → `add users email`. */
export function describe(raw: string): string {
  return raw.replace(/[_-]+/g, ' ').trim();
}
