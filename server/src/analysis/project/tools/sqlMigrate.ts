/**
 * sql-migrate (rubenv/sql-migrate): `-- +migrate Up` / `-- +migrate Down` sections, one
 * transaction per direction with statements sent one by one, `notransaction` after the direction
 * turning it off, StatementBegin/End for bodies with semicolons. Files sort by their leading
 * number when they have one (numbered files first), otherwise by name.
 */
import type { OffsetRange } from '../../text/lineIndex';
import { envelope, script } from '../envelopes';
import { basenameOf } from '../paths';
import { firstLineRange, lineRange, padNumber, splitLines } from '../text';
import type { Directive, ProjectFinding, Script } from '../types';
import type { ToolAdapter, UnsortedMigration } from './adapter';
import { describe, matchSqlFiles, migration, migrationId, readText, structureFinding } from './common';

const FILE = /^(?:(\d+)[_-]?)?(.*)\.sql$/;
const ANNOTATION = /^--\s*\+migrate\s+(\S+)(.*)$/;

export const sqlMigrate: ToolAdapter = {
  id: 'sql-migrate',
  name: 'sql-migrate',
  ordering: 'numeric',
  collect(context) {
    const { matched } = matchSqlFiles(context, FILE);
    const migrations: UnsortedMigration[] = [];
    const findings: ProjectFinding[] = [];
    for (const file of matched) {
      const parsed = parseSqlMigrateFile(file.path, readText(context, file.path));
      findings.push(...parsed.findings);
      const number = file.match[1];
      const name = basenameOf(file.path);
      migrations.push(
        migration('sql-migrate', {
          id: migrationId(context, file.path),
          version: name,
          description: describe(file.match[2]),
          // sql-migrate's Less(): numbered ids first, by number, then by id; the rest by id.
          orderKey: number !== undefined ? `0:${padNumber(number)}:${name}` : `1:${name}`,
          sections: parsed.sections,
          files: [file.path],
          directives: parsed.directives,
        }),
      );
    }
    return { migrations, findings, ignoredFiles: [] };
  },
};

interface Annotation {
  command: string;
  options: string;
  range: OffsetRange;
  next: number;
}

export function parseSqlMigrateFile(file: string, text: string): { sections: Script[]; directives: Directive[]; findings: ProjectFinding[] } {
  const annotations: Annotation[] = [];
  const findings: ProjectFinding[] = [];
  for (const line of splitLines(text)) {
    // sql-migrate reads annotations only at the very start of a line.
    const match = ANNOTATION.exec(line.text);
    if (match) annotations.push({ command: match[1], options: match[2].trim(), range: lineRange(line), next: line.next });
  }
  const directions = annotations.filter((a) => a.command === 'Up' || a.command === 'Down');
  if (directions.length === 0) {
    findings.push(structureFinding(file, firstLineRange(text), 'This sql-migrate migration has no `-- +migrate Up` or `-- +migrate Down` annotation; sql-migrate refuses to parse it.'));
    return { sections: [], directives: [], findings };
  }
  for (const a of annotations) {
    if (!['Up', 'Down', 'StatementBegin', 'StatementEnd'].includes(a.command)) findings.push(structureFinding(file, a.range, `Unknown sql-migrate annotation "+migrate ${a.command}".`));
  }
  const blocks = statementBlocks(annotations);
  const directives: Directive[] = [];
  const sections = directions.map((marker, i) => {
    const direction = marker.command === 'Up' ? 'up' : 'down';
    const range = { start: marker.next, end: i + 1 < directions.length ? directions[i + 1].range.start : text.length };
    let txEnvelope = envelope('per-migration', `sql-migrate runs the ${direction} migration in a transaction (add \`notransaction\` after \`-- +migrate ${marker.command}\` to opt out).`);
    if (/(^|\s)notransaction(\s|$)/.test(marker.options)) {
      const directive: Directive = { name: `sql-migrate ${marker.command} notransaction`, file, range: marker.range, effect: `runs the ${direction} migration without a transaction, statement by statement` };
      directives.push(directive);
      txEnvelope = envelope('none', `sql-migrate runs the ${direction} migration without a transaction, statement by statement, because of \`notransaction\`.`, { directive });
    }
    const batches = blocks.filter((b) => b.start >= range.start && b.end <= range.end);
    return script(direction, file, range, txEnvelope, 'statement-by-statement', batches.length ? { batches } : {});
  });
  return { sections, directives, findings };
}

function statementBlocks(annotations: Annotation[]): OffsetRange[] {
  const blocks: OffsetRange[] = [];
  let open: Annotation | undefined;
  for (const a of annotations) {
    if (a.command === 'StatementBegin') open = a;
    else if (a.command === 'StatementEnd' && open) {
      blocks.push({ start: open.next, end: a.range.start });
      open = undefined;
    }
  }
  return blocks;
}
