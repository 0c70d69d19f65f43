/**
 * Liquibase formatted SQL: files whose first non-blank line is `--liquibase formatted sql`, cut
 * into `--changeset author:id [attr:value …]` changesets. Each changeset is one migration: its body
 * is up, its `--rollback <sql>` lines or `/* liquibase rollback … *\/` block are down. One
 * transaction per changeset unless `runInTransaction:false`; `splitStatements:false` sends the
 * body as one string. Files are taken alphabetically (as includeAll does), changesets in file order.
 */
import type { OffsetRange } from '../../text/lineIndex';
import { envelope, script } from '../envelopes';
import { joinPath } from '../paths';
import { firstNonBlankLine, lineRange, padNumber, splitLines, type Line } from '../text';
import type { Directive, ProjectFinding, Script, TransactionEnvelope } from '../types';
import type { ToolAdapter, ToolContext, UnsortedMigration } from './adapter';
import { migration, migrationId, readText } from './common';

export const LIQUIBASE_HEADER = /^\s*--\s*liquibase\s+formatted\b/i;
const CHANGESET = /^\s*--\s*changeset\s+("[^"]+"|[^:\s]+):\s*("[^"]+"|\S+)(.*)$/i;
const ROLLBACK_LINE = /^(\s*--\s*rollback\s)(.*)$/i;
const ROLLBACK_BLOCK_OPEN = /^\s*\/\*\s*liquibase\s+rollback\s*$/i;
const PROPERTY = /^\s*--\s*property\s+(.*)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'target', 'build']);

export const liquibase: ToolAdapter = {
  id: 'liquibase',
  name: 'Liquibase',
  ordering: 'manifest',
  historyKey: (m) => m.id,
  collect(context) {
    const migrations: UnsortedMigration[] = [];
    const findings: ProjectFinding[] = [];
    const ignoredFiles: string[] = [];
    const files = sqlFilesRecursive(context, context.dir, 0);
    files.forEach((path, fileIndex) => {
      const text = readText(context, path);
      if (!LIQUIBASE_HEADER.test(firstNonBlankLine(text) ?? '')) {
        ignoredFiles.push(path);
        return;
      }
      const parsed = parseLiquibaseFile(path, text);
      findings.push(...parsed.findings);
      const seen = new Map<string, number>();
      parsed.changesets.forEach((changeset, i) => {
        const key = `${changeset.author}:${changeset.id}`;
        const count = (seen.get(key) ?? 0) + 1;
        seen.set(key, count);
        migrations.push(
          migration('liquibase', {
            // A repeated id is reported as a duplicate; the suffix keeps migration ids unique.
            id: `${migrationId(context, path)}#${key}${count > 1 ? ` (${count})` : ''}`,
            version: `${changeset.author}:${changeset.id}`,
            description: changeset.comment ?? `${changeset.author}:${changeset.id}`,
            orderKey: `${padNumber(String(fileIndex))}:${padNumber(String(i))}`,
            sections: changeset.sections,
            files: [path],
            directives: changeset.directives,
            placeholders: parsed.properties,
          }),
        );
      });
    });
    return { migrations, findings, ignoredFiles };
  },
};

function sqlFilesRecursive(context: ToolContext, dir: string, depth: number): string[] {
  const files: string[] = [];
  for (const entry of context.fs.list(dir)) {
    const path = joinPath(dir, entry.name);
    if (entry.isDirectory) {
      if (depth < 6 && !SKIPPED_DIRS.has(entry.name)) files.push(...sqlFilesRecursive(context, path, depth + 1));
    } else if (entry.name.toLowerCase().endsWith('.sql')) files.push(path);
  }
  return files.sort();
}

export interface Changeset {
  author: string;
  id: string;
  comment?: string;
  sections: Script[];
  directives: Directive[];
}

export function parseLiquibaseFile(file: string, text: string): { changesets: Changeset[]; properties: Record<string, string>; findings: ProjectFinding[] } {
  const lines = splitLines(text);
  const properties: Record<string, string> = {};
  const starts: Array<{ line: Line; index: number; match: RegExpExecArray }> = [];
  lines.forEach((line, index) => {
    const match = CHANGESET.exec(line.text);
    if (match) starts.push({ line, index, match });
    const property = PROPERTY.exec(line.text);
    if (property) {
      const name = /\bname:\s*(\S+)/.exec(property[1])?.[1];
      const value = /\bvalue:\s*("[^"]*"|\S+)/.exec(property[1])?.[1];
      if (name && value !== undefined) properties[name] = value.replace(/^"|"$/g, '');
    }
  });
  const changesets: Changeset[] = [];
  const seen = new Map<string, OffsetRange>();
  const findings: ProjectFinding[] = [];
  starts.forEach((start, i) => {
    const endIndex = i + 1 < starts.length ? starts[i + 1].index : lines.length;
    const body = lines.slice(start.index + 1, endIndex);
    const author = unquote(start.match[1]);
    const id = unquote(start.match[2]);
    const key = `${author}:${id}`;
    const previous = seen.get(key);
    if (previous) {
      findings.push({
        code: 'duplicate-migration-version',
        severity: 'error',
        message: `Changeset ${key} appears twice in this file; Liquibase stops with a duplicate changeset error.`,
        file,
        range: lineRange(start.line),
        related: [{ file, range: previous, message: 'The first changeset with this id.' }],
      });
    } else seen.set(key, lineRange(start.line));
    changesets.push(changeset(file, start.line, start.match[3], body, author, id, i + 1 < starts.length ? starts[i + 1].line.start : text.length));
  });
  return { changesets, properties, findings };
}

function changeset(file: string, header: Line, attributeText: string, body: Line[], author: string, id: string, end: number): Changeset {
  const attributes = readAttributes(attributeText);
  const directives: Directive[] = [];
  const splitStatements = attributes.get('splitStatements')?.toLowerCase() !== 'false';
  let txEnvelope: TransactionEnvelope = envelope('per-migration', 'Liquibase runs each changeset in its own transaction (add `runInTransaction:false` to the changeset to opt out).');
  if (attributes.get('runInTransaction')?.toLowerCase() === 'false') {
    const directive: Directive = { name: 'liquibase runInTransaction:false', file, range: lineRange(header), effect: 'runs the changeset without a transaction' };
    directives.push(directive);
    txEnvelope = splitStatements
      ? envelope('none', 'Liquibase runs this changeset without a transaction, statement by statement (`runInTransaction:false`).', { directive })
      : envelope('implicit', 'Liquibase sends this changeset as one string without a transaction (`runInTransaction:false` with `splitStatements:false`), so PostgreSQL still runs several statements in it as one implicit transaction.', { directive });
  }
  const execution = splitStatements ? 'statement-by-statement' : 'one-string';
  const sections: Script[] = [script('up', file, { start: header.next, end }, txEnvelope, execution)];
  const rollback = rollbackPieces(body);
  if (rollback.length > 0) {
    const range = { start: rollback[0].start, end: rollback[rollback.length - 1].end };
    const rollbackSplit = attributes.get('rollbackSplitStatements')?.toLowerCase() !== 'false';
    sections.push(script('down', file, range, txEnvelope, rollbackSplit ? 'statement-by-statement' : 'one-string', { pieces: rollback }));
  }
  const comment = body.map((l) => /^\s*--\s*comment:?\s*(.*)$/i.exec(l.text)?.[1]).find((c) => c !== undefined);
  return { author, id, comment, sections, directives };
}

/** The SQL of `--rollback <sql>` lines and of `/* liquibase rollback … *\/` blocks. */
function rollbackPieces(body: Line[]): OffsetRange[] {
  const pieces: OffsetRange[] = [];
  let inBlock = false;
  for (const line of body) {
    if (inBlock) {
      const close = line.text.indexOf('*/');
      if (close >= 0) {
        if (close > 0) pieces.push({ start: line.start, end: line.start + close });
        inBlock = false;
      } else pieces.push({ start: line.start, end: line.end });
      continue;
    }
    if (ROLLBACK_BLOCK_OPEN.test(line.text)) {
      inBlock = true;
      continue;
    }
    const match = ROLLBACK_LINE.exec(line.text);
    // `--rollback empty`, `not required` and references to other changesets carry no SQL.
    if (match && !/^\s*(empty|not required|changesetId:)/i.test(match[2])) pieces.push({ start: line.start + match[1].length, end: line.end });
  }
  return pieces;
}

function readAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(/(\w+):("[^"]*"|\S+)/g)) attributes.set(match[1], unquote(match[2]));
  return attributes;
}

function unquote(value: string): string {
  return value.replace(/^"|"$/g, '');
}
