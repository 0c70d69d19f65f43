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
