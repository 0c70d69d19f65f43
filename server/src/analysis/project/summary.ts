/**
 * Short, user-facing descriptions of a migration's place and envelope, for code lenses, hovers,
 * the migrations tree and the CLI: "goose · 3 of 6" and "up: in a transaction".
 */
import { toolName } from './tools/index';
import type { EnvelopeKind, Migration, MigrationRoot, Script } from './types';

export interface SectionSummary {
  direction: Script['direction'];
  /** A few words: "in a transaction", "no transaction"… */
  label: string;
  /** The envelope's reason, naming the tool's default or the directive. */
  reason: string;
}

export interface MigrationSummary {
  /** "goose · 3 of 6" */
  title: string;
  sections: SectionSummary[];
}

const LABELS: Record<EnvelopeKind, string> = {
  'per-migration': 'in a transaction',
  'all-pending': 'in one transaction with all pending migrations',
  implicit: 'no transaction, sent as one string (implicitly one transaction)',
  none: 'no transaction, statement by statement',
  'script-managed': 'transactions as the script writes them',
  unknown: 'unknown tool: assumeInTransaction decides',
};

export function summarizeMigration(root: MigrationRoot, migration: Migration): MigrationSummary {
  const ordered = root.migrations.filter((m) => m.kind === 'versioned' || m.kind === 'baseline' || m.kind === 'setup');
  const index = ordered.indexOf(migration);
  const place = index >= 0 ? `${index + 1} of ${ordered.length}` : migration.kind;
  return {
    title: `${toolName(root.tool)} · ${place}`,
    sections: migration.sections.map((s) => ({ direction: s.direction, label: LABELS[s.envelope.kind], reason: s.envelope.reason })),
  };
}
