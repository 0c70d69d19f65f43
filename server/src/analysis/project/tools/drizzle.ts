/**
 * Drizzle Kit. 0.x: `<out>/NNNN_<name>.sql` listed in `<out>/meta/_journal.json`, run in journal
 * order; v1: `<out>/<timestamp>_<name>/migration.sql` folders with `snapshot.json`, run in folder
 * order. Every pending migration runs in one transaction (T2), each file cut at
 * `--> statement-breakpoint` into chunks sent as one string each. The migrator applies only
 * entries whose `when` is later than the last applied one, so an entry with an older `when` is
 * silently skipped on databases that are ahead of it.
 */
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { OffsetRange } from '../../text/lineIndex';
import { envelope, script, wholeFile } from '../envelopes';
import { basenameOf, joinPath } from '../paths';
import { firstLineRange, padNumber } from '../text';
import type { ProjectFinding, Script } from '../types';
import type { ToolAdapter, ToolContext, UnsortedMigration } from './adapter';
import { describe, matchSqlFiles, migration, migrationId, readText } from './common';

const BREAKPOINT = '--> statement-breakpoint';
const V1_FOLDER = /^(\d+)_(.+)$/;

export const DRIZZLE_ENVELOPE = envelope(
  'all-pending',
  "Drizzle runs all pending migrations in one transaction and has no per-migration opt-out; each `--> statement-breakpoint` chunk is sent as one string.",
);

export const drizzle: ToolAdapter = {
  id: 'drizzle',
  name: 'Drizzle Kit',
  ordering: 'manifest',
  historyKey: (m) => m.id,
  collect(context) {
    const journalPath = joinPath(context.dir, 'meta', '_journal.json');
    const journal = context.fs.read(journalPath);
    return journal !== undefined ? collectJournal(context, journalPath, journal) : collectFolders(context);
  },
};

export function drizzleScript(file: string, text: string): Script {
  return script('up', file, wholeFile(text), DRIZZLE_ENVELOPE, 'one-string', { batches: breakpointChunks(text) });
}

function breakpointChunks(text: string): OffsetRange[] {
  const chunks: OffsetRange[] = [];
  let start = 0;
  for (let at = text.indexOf(BREAKPOINT); at >= 0; at = text.indexOf(BREAKPOINT, start)) {
    chunks.push({ start, end: at });
    start = at + BREAKPOINT.length;
  }
  chunks.push({ start, end: text.length });
  return chunks;
}

interface JournalEntry {
  tag: string;
  when?: number;
  idx?: number;
  position: number;
  node: JsonNode;
  tagRange: OffsetRange;
  whenRange?: OffsetRange;
}

function collectJournal(context: ToolContext, journalPath: string, journal: string): { migrations: UnsortedMigration[]; findings: ProjectFinding[]; ignoredFiles: string[] } {
  const findings: ProjectFinding[] = [];
  const entries = readJournal(journal);
  if (!entries) {
    findings.push({ code: 'drizzle-journal-mismatch', severity: 'error', message: 'meta/_journal.json is not a Drizzle journal (no `entries` array); the migrator cannot read it.', file: journalPath, range: firstLineRange(journal) });
    return { migrations: [], findings, ignoredFiles: [] };
  }
  const migrations: UnsortedMigration[] = [];
  const listed = new Set<string>();
  let latest: JournalEntry | undefined;
  for (const entry of entries) {
    const file = joinPath(context.dir, `${entry.tag}.sql`);
    listed.add(file);
    const text = context.fs.read(file);
    if (entry.idx !== undefined && entry.idx !== entry.position) {
      findings.push({ code: 'drizzle-journal-mismatch', severity: 'warning', message: `Journal entry "${entry.tag}" has idx ${entry.idx} but is entry ${entry.position} of the journal.`, file: journalPath, range: entry.tagRange });
    }
    if (text === undefined) {
      findings.push({ code: 'drizzle-journal-mismatch', severity: 'error', message: `The journal lists "${entry.tag}" but ${entry.tag}.sql does not exist; the migrator fails on it.`, file: journalPath, range: entry.tagRange });
      continue;
    }
    if (latest?.when !== undefined && entry.when !== undefined && entry.when <= latest.when) findings.push(olderWhen(journalPath, file, text, entry, latest));
    if (entry.when !== undefined && (latest?.when === undefined || entry.when > latest.when)) latest = entry;
    migrations.push(
      migration('drizzle', {
        id: migrationId(context, file),
        version: entry.tag.split('_')[0],
        description: describe(entry.tag.replace(/^\d+_/, '')),
        orderKey: padNumber(String(entry.position)),
        sections: [drizzleScript(file, text)],
        files: [file, journalPath],
      }),
    );
  }
  const { matched } = matchSqlFiles(context, /^(.*)\.sql$/);
  const unlisted = matched.filter((f) => !listed.has(f.path)).map((f) => f.path);
  for (const file of unlisted) {
    findings.push({
      code: 'drizzle-journal-mismatch',
      severity: 'error',
      message: `${basenameOf(file)} is not listed in meta/_journal.json, so Drizzle's migrator never runs it.`,
      file,
      range: firstLineRange(readText(context, file)),
      related: [{ file: journalPath, range: firstLineRange(journal), message: 'The journal the migrator follows.' }],
    });
  }
  return { migrations, findings, ignoredFiles: unlisted };
}

function olderWhen(journalPath: string, file: string, text: string, entry: JournalEntry, latest: JournalEntry): ProjectFinding {
  const date = (ms: number) => new Date(ms).toISOString();
  return {
    code: 'migration-order',
    severity: 'warning',
    message: `Drizzle applies only migrations whose journal \`when\` is later than the last applied one. "${entry.tag}" has when ${date(entry.when!)}, not later than "${latest.tag}" (${date(latest.when!)}), so a database that already has "${latest.tag}" silently skips it. Regenerate it, or raise its \`when\`.`,
    file,
    range: firstLineRange(text),
    related: [
      { file: journalPath, range: entry.whenRange ?? entry.tagRange, message: `The \`when\` of "${entry.tag}".` },
      { file: journalPath, range: latest.whenRange ?? latest.tagRange, message: `The later \`when\` of "${latest.tag}".` },
    ],
  };
}

function readJournal(text: string): JournalEntry[] | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const list = root ? findNodeAtLocation(root, ['entries']) : undefined;
  if (!list || list.type !== 'array') return undefined;
  const entries: JournalEntry[] = [];
  (list.children ?? []).forEach((node, position) => {
    const tag = findNodeAtLocation(node, ['tag']);
    if (!tag || typeof tag.value !== 'string') return;
    const when = findNodeAtLocation(node, ['when']);
    const idx = findNodeAtLocation(node, ['idx']);
    entries.push({
      tag: tag.value,
      when: typeof when?.value === 'number' ? when.value : undefined,
      idx: typeof idx?.value === 'number' ? idx.value : undefined,
      position,
      node,
      tagRange: { start: tag.offset, end: tag.offset + tag.length },
      whenRange: when ? { start: when.offset, end: when.offset + when.length } : undefined,
    });
  });
  return entries;
}

function collectFolders(context: ToolContext): { migrations: UnsortedMigration[]; findings: ProjectFinding[]; ignoredFiles: string[] } {
  const migrations: UnsortedMigration[] = [];
  for (const entry of context.fs.list(context.dir)) {
    const match = V1_FOLDER.exec(entry.name);
    if (!entry.isDirectory || !match) continue;
    const file = joinPath(context.dir, entry.name, 'migration.sql');
    const text = context.fs.read(file);
    if (text === undefined) continue;
    migrations.push(migration('drizzle', { id: migrationId(context, file), version: match[1], description: describe(match[2]), orderKey: entry.name, sections: [drizzleScript(file, text)], files: [file] }));
  }
  return { migrations, findings: [], ignoredFiles: [] };
}
