/**
 * Goose (pressly/goose): `<version>_<name>.sql`, `-- +goose Up` / `-- +goose Down` sections, one
 * transaction per migration with statements sent one by one, `-- +goose NO TRANSACTION` anywhere
 * turning it off for both directions, StatementBegin/End blocks sent as one statement.
 */
import type { OffsetRange } from '../../text/lineIndex';
import { envelope, script } from '../envelopes';
import { joinPath } from '../paths';
import { padNumber, normalizedInteger, splitLines, lineRange, firstLineRange } from '../text';
import type { Directive, ProjectFinding, Script } from '../types';
import type { ToolAdapter, ToolContext, UnsortedMigration } from './adapter';
import { describe, ignoredFindings, matchSqlFiles, migration, migrationId, readText, structureFinding } from './common';

const FILE = /^(\d+)_(.*)\.sql$/i;
const GO_FILE = /^(\d+)_(.*)\.go$/;
/** Goose reads annotations only on lines that start with `--` (no indentation). */
const ANNOTATION = /^--\s*\+goose\s+(.*?)\s*$/i;
const KNOWN = new Set(['UP', 'DOWN', 'STATEMENTBEGIN', 'STATEMENTEND', 'NO TRANSACTION', 'ENVSUB ON', 'ENVSUB OFF']);

export const goose: ToolAdapter = {
  id: 'goose',
  name: 'goose',
  ordering: 'numeric',
  historyKey: (m) => (m.version === undefined ? undefined : normalizedInteger(m.version)),
  collect(context) {
    const { matched, unmatched } = matchSqlFiles(context, FILE);
    const migrations: UnsortedMigration[] = [];
    const findings: ProjectFinding[] = [];
    for (const file of matched) {
      if (!/[1-9]/.test(file.match[1])) {
        findings.push(structureFinding(file.path, firstLineRange(readText(context, file.path)), 'goose versions must be 1 or greater; goose refuses version 0.'));
        continue;
      }
      const parsed = parseGooseFile(file.path, readText(context, file.path));
      findings.push(...parsed.findings);
      migrations.push(
        migration('goose', {
          id: migrationId(context, file.path),
          version: file.match[1],
          description: describe(file.match[2]),
          orderKey: padNumber(file.match[1]),
          sections: parsed.sections,
          files: [file.path],
          directives: parsed.directives,
        }),
      );
    }
    migrations.push(...goMigrations(context));
    const ignored = unmatched;
    return { migrations, findings: [...findings, ...ignoredFindings('goose', ignored, 'its name does not start with a version and an underscore.', (p) => readText(context, p))], ignoredFiles: ignored };
  },
};

/** Go migrations take part in the order and in duplicate checks, though there is no SQL to lint. */
function goMigrations(context: ToolContext): UnsortedMigration[] {
  return context.fs
    .list(context.dir)
    .filter((e) => !e.isDirectory && GO_FILE.test(e.name) && !e.name.endsWith('_test.go'))
    .map((e) => {
      const match = GO_FILE.exec(e.name)!;
      const path = joinPath(context.dir, e.name);
      return migration('goose', { id: migrationId(context, path), kind: 'code', version: match[1], description: describe(match[2]), orderKey: padNumber(match[1]), sections: [], files: [path] });
    });
}

interface Annotation {
  keyword: string;
  range: OffsetRange;
  next: number;
}

export function parseGooseFile(file: string, text: string): { sections: Script[]; directives: Directive[]; findings: ProjectFinding[] } {
  const findings: ProjectFinding[] = [];
  const annotations: Annotation[] = [];
  for (const line of splitLines(text)) {
    const match = ANNOTATION.exec(line.text);
    if (!match) continue;
    const keyword = match[1].toUpperCase().replace(/\s+/g, ' ');
    if (!KNOWN.has(keyword)) findings.push(structureFinding(file, lineRange(line), `Unknown goose annotation "+goose ${match[1]}"; goose stops with an error.`));
    annotations.push({ keyword, range: lineRange(line), next: line.next });
  }
  const directives: Directive[] = [];
  const noTransaction = annotations.find((a) => a.keyword === 'NO TRANSACTION');
  if (noTransaction) directives.push({ name: 'goose NO TRANSACTION', file, range: noTransaction.range, effect: 'runs both up and down without a transaction, statement by statement' });
  const envsub = annotations.find((a) => a.keyword === 'ENVSUB ON');
  if (envsub) directives.push({ name: 'goose ENVSUB ON', file, range: envsub.range, effect: 'substitutes ${VAR} from the environment before running' });
  const txEnvelope = noTransaction
    ? envelope('none', 'goose runs this migration without a transaction, statement by statement, because of `-- +goose NO TRANSACTION`.', { directive: directives[0] })
    : envelope('per-migration', 'goose runs each migration in its own transaction (add `-- +goose NO TRANSACTION` to opt out).');

  const up = annotations.find((a) => a.keyword === 'UP');
  const down = annotations.find((a) => a.keyword === 'DOWN');
  if (!up) {
    findings.push(structureFinding(file, firstLineRange(text), 'This goose migration has no `-- +goose Up` annotation; goose refuses to run it.'));
    return { sections: [], directives, findings };
  }
  if (down && down.range.start < up.range.start) findings.push(structureFinding(file, down.range, '`-- +goose Down` must come after `-- +goose Up`.'));
  const batches = statementBlocks(annotations, file, findings);
  const sections: Script[] = [];
  const upEnd = down && down.range.start > up.range.start ? down.range.start : text.length;
  sections.push(section('up', file, { start: up.next, end: upEnd }, txEnvelope, batches));
  if (down && down.range.start > up.range.start) sections.push(section('down', file, { start: down.next, end: text.length }, txEnvelope, batches));
  return { sections, directives, findings };
}

function section(direction: 'up' | 'down', file: string, range: OffsetRange, txEnvelope: Script['envelope'], batches: OffsetRange[]): Script {
  const inside = batches.filter((b) => b.start >= range.start && b.end <= range.end);
  return script(direction, file, range, txEnvelope, 'statement-by-statement', inside.length ? { batches: inside } : {});
}

/** StatementBegin … StatementEnd: goose sends the text between them as one statement. */
function statementBlocks(annotations: Annotation[], file: string, findings: ProjectFinding[]): OffsetRange[] {
  const blocks: OffsetRange[] = [];
  let open: Annotation | undefined;
  for (const annotation of annotations) {
    if (annotation.keyword === 'STATEMENTBEGIN') {
      if (open) findings.push(structureFinding(file, annotation.range, '`-- +goose StatementBegin` inside another StatementBegin block.'));
      open = annotation;
    } else if (annotation.keyword === 'STATEMENTEND') {
      if (open) blocks.push({ start: open.next, end: annotation.range.start });
      else findings.push(structureFinding(file, annotation.range, '`-- +goose StatementEnd` without a StatementBegin.'));
      open = undefined;
    } else if ((annotation.keyword === 'UP' || annotation.keyword === 'DOWN') && open) {
      findings.push(structureFinding(file, open.range, '`-- +goose StatementBegin` is not closed before the next section.'));
      open = undefined;
    }
  }
  if (open) findings.push(structureFinding(file, open.range, '`-- +goose StatementBegin` is never closed by `-- +goose StatementEnd`.'));
  return blocks;
}
