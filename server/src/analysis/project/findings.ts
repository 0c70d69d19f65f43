/** Project findings every tool shares: duplicate versions and file-name order pitfalls. */
import { firstLineRange } from './text';
import type { ToolAdapter } from './tools/adapter';
import type { Migration, ProjectFinding } from './types';

export function duplicateVersions(adapter: ToolAdapter, migrations: Migration[], readFile: (path: string) => string): ProjectFinding[] {
  if (!adapter.historyKey) return [];
  const first = new Map<string, Migration>();
  const findings: ProjectFinding[] = [];
  for (const m of migrations) {
    const key = adapter.historyKey(m);
    if (key === undefined) continue;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, m);
      continue;
    }
    // Liquibase reports duplicate changesets within a file itself, with better ranges.
    if (adapter.id === 'liquibase') continue;
    const file = m.files[0];
    findings.push({
      code: 'duplicate-migration-version',
      severity: 'error',
      message: `Version ${m.version ?? key} is used twice: ${earlier.id} has it too. ${adapter.name} records one row per version, so one of them fails or is never run.`,
      file,
      range: firstLineRange(readFile(file)),
      related: [{ file: earlier.files[0], range: firstLineRange(readFile(earlier.files[0])), message: `The other migration with version ${earlier.version ?? key}.` }],
    });
  }
  return findings;
}

/**
 * Tools that order by file name run `9_x.sql` after `10_y.sql`, and a shorter version after a
 * longer one (a sequence number after a timestamp). Flag a migration that runs after one with a
 * larger version: the history is not in version order, and out-of-order merges hide there.
 */
export function lexicographicOrderPitfalls(adapter: ToolAdapter, migrations: Migration[], readFile: (path: string) => string): ProjectFinding[] {
  if (adapter.ordering !== 'lexicographic') return [];
  const findings: ProjectFinding[] = [];
  let highest: { migration: Migration; value: bigint } | undefined;
  for (const m of migrations) {
    if (m.version === undefined || !/^\d+$/.test(m.version) || m.kind === 'setup') continue;
    const value = BigInt(m.version);
    if (highest && value < highest.value) {
      const file = m.files[0];
      findings.push({
        code: 'migration-order',
        severity: 'warning',
        message: `${adapter.name} orders migrations by file name, so ${m.id} (version ${m.version}) runs after ${highest.migration.id} (version ${highest.migration.version}) although its version is lower. Give it a version of the same width as the others.`,
        file,
        range: firstLineRange(readFile(file)),
        related: [{ file: highest.migration.files[0], range: firstLineRange(readFile(highest.migration.files[0])), message: 'The migration with the higher version that runs first.' }],
      });
    }
    if (!highest || value > highest.value) highest = { migration: m, value };
  }
  return findings;
}

/** Down markers of the tools that split files into sections. */
const FOREIGN_DOWN_MARKERS: Array<[RegExp, string]> = [
  [/^--\s*\+goose\s+down\b.*$/im, 'goose'],
  [/^--\s*migrate:down\b.*$/m, 'dbmate'],
  [/^--\s*\+migrate\s+Down\b.*$/m, 'sql-migrate'],
  [/^\s*--[\s-]*down\s+migration\b.*$/im, 'node-pg-migrate'],
];
const SECTIONED_TOOLS = new Set(['goose', 'dbmate', 'sql-migrate', 'node-pg-migrate', 'liquibase']);

/**
 * A file with another tool's down marker, in a root whose tool runs whole files (a dbmate file in
 * supabase/migrations, a goose file under golang-migrate): the down section runs as part of up.
 */
export function foreignDownSections(adapter: ToolAdapter, migrations: Migration[], readFile: (path: string) => string): ProjectFinding[] {
  if (SECTIONED_TOOLS.has(adapter.id)) return [];
  const findings: ProjectFinding[] = [];
  for (const m of migrations) {
    const up = m.up;
    if (!up) continue;
    const text = readFile(up.file);
    for (const [marker, tool] of FOREIGN_DOWN_MARKERS) {
      const match = marker.exec(text);
      if (!match) continue;
      findings.push({
        code: 'migration-structure',
        severity: 'warning',
        message: `${adapter.name} runs this whole file, so the ${tool} down section after "${match[0].trim()}" runs too, right after the up statements. Move the down statements out of this file (or name the tool in safeshift.json if this is a ${tool} project).`,
        file: up.file,
        range: { start: match.index, end: match.index + match[0].length },
      });
      break;
    }
  }
  return findings;
}
