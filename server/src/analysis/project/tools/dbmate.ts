/**
 * dbmate: `<digits>…sql` files ordered by file name (lexicographically), `-- migrate:up` and
 * `-- migrate:down` markers (both required; several pairs since 2.29), one transaction per block,
 * each block sent as one string, `transaction:false` on a marker turning that block's transaction off.
 */
import type { OffsetRange } from '../../text/lineIndex';
import { envelope, script } from '../envelopes';
import { basenameOf } from '../paths';
import { firstLineRange, lineRange, splitLines } from '../text';
import type { Directive, ProjectFinding, Script } from '../types';
import type { ToolAdapter, UnsortedMigration } from './adapter';
import { describe, ignoredFindings, matchSqlFiles, migration, migrationId, readText, structureFinding } from './common';

const FILE = /^(\d+)(.*)\.sql$/;
const MARKER = /^--\s*migrate:(up|down)(?=\s|$)(.*)$/;

export const dbmate: ToolAdapter = {
  id: 'dbmate',
  name: 'dbmate',
  ordering: 'lexicographic',
  historyKey: (m) => (m.version === undefined ? undefined : m.version),
  collect(context) {
    const { matched, unmatched } = matchSqlFiles(context, FILE);
    const migrations: UnsortedMigration[] = [];
    const findings: ProjectFinding[] = [];
    for (const file of matched) {
      const parsed = parseDbmateFile(file.path, readText(context, file.path));
      findings.push(...parsed.findings);
      migrations.push(
        migration('dbmate', {
          id: migrationId(context, file.path),
          version: file.match[1],
          description: describe(file.match[2]),
          // dbmate sorts by the whole file name, byte by byte.
          orderKey: basenameOf(file.path),
          sections: parsed.sections,
          files: [file.path],
          directives: parsed.directives,
        }),
      );
    }
    return { migrations, findings: [...findings, ...ignoredFindings('dbmate', unmatched, 'its name does not start with a version number.', (p) => readText(context, p))], ignoredFiles: unmatched };
  },
};

interface Marker {
  direction: 'up' | 'down';
  options: string;
  range: OffsetRange;
  next: number;
}

export function parseDbmateFile(file: string, text: string): { sections: Script[]; directives: Directive[]; findings: ProjectFinding[] } {
  const markers: Marker[] = [];
  const findings: ProjectFinding[] = [];
  let sqlBeforeFirstMarker: OffsetRange | undefined;
  for (const line of splitLines(text)) {
    const match = MARKER.exec(line.text);
    if (match) markers.push({ direction: match[1] as 'up' | 'down', options: match[2].trim(), range: lineRange(line), next: line.next });
    else if (markers.length === 0 && !sqlBeforeFirstMarker && line.text.trim() !== '' && !line.text.trim().startsWith('--')) sqlBeforeFirstMarker = lineRange(line);
  }
  if (!markers.some((m) => m.direction === 'up')) {
    findings.push(structureFinding(file, firstLineRange(text), 'This dbmate migration has no `-- migrate:up` marker; dbmate refuses to run it.'));
    return { sections: [], directives: [], findings };
  }
  if (sqlBeforeFirstMarker) findings.push(structureFinding(file, sqlBeforeFirstMarker, 'dbmate allows only comments before the first `-- migrate:up` marker.'));
  if (markers[0].direction !== 'up') findings.push(structureFinding(file, markers[0].range, 'In a dbmate migration `-- migrate:up` must come before `-- migrate:down`.'));
  if (!markers.some((m) => m.direction === 'down')) {
    findings.push({ code: 'missing-down-migration', severity: 'error', message: 'dbmate requires a `-- migrate:down` section (it may be empty); without it the migration fails to parse.', file, range: markers[0].range });
  }
  const directives: Directive[] = [];
  const sections = markers.map((marker, i) => {
    const range = { start: marker.next, end: i + 1 < markers.length ? markers[i + 1].range.start : text.length };
    const optOut = /(^|\s)transaction:false(\s|$)/.test(marker.options);
    let txEnvelope = envelope('per-migration', `dbmate runs each ${marker.direction} block in its own transaction (add \`transaction:false\` to the marker to opt out).`);
    if (optOut) {
      const directive: Directive = { name: 'dbmate transaction:false', file, range: marker.range, effect: `runs this ${marker.direction} block without a transaction, as one string` };
      directives.push(directive);
      txEnvelope = envelope('implicit', `dbmate sends this block as one string without a transaction (\`transaction:false\`), so PostgreSQL still runs several statements in it as one implicit transaction.`, { directive });
    }
    return script(marker.direction, file, range, txEnvelope, 'one-string');
  });
  return { sections, directives, findings };
}
