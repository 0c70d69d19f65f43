/**
 * node-pg-migrate SQL migrations: `<number>_<name>.sql` with `-- Up Migration` / `-- Down Migration`
 * sections (the default loader), or `.up.sql` / `.down.sql` pairs (the opt-in "sql" loader),
 * ordered by the numeric prefix. All pending migrations run in one transaction by default, and a
 * SQL migration cannot opt out.
 */
import { envelope, script, wholeFile } from '../envelopes';
import { basenameOf } from '../paths';
import { padNumber, splitLines } from '../text';
import type { Script } from '../types';
import type { ToolAdapter, UnsortedMigration } from './adapter';
import { describe, matchSqlFiles, migration, migrationId, readText } from './common';
import { PAIRED_FILE } from './paired';

const FILE = /^(\d+)[_-]?(.*)\.sql$/;
const UP_MARKER = /^\s*--[\s-]*up\s+migration/i;
const DOWN_MARKER = /^\s*--[\s-]*down\s+migration/i;

export const NODE_PG_MIGRATE_ENVELOPE = envelope(
  'all-pending',
  'node-pg-migrate runs all pending migrations in one transaction (`single-transaction` is on by default), and SQL migrations cannot opt out.',
);

export const nodePgMigrate: ToolAdapter = {
  id: 'node-pg-migrate',
  name: 'node-pg-migrate',
  ordering: 'numeric',
  collect(context) {
    const { matched } = matchSqlFiles(context, FILE);
    const migrations: UnsortedMigration[] = [];
    const pairedDowns = matched.filter((f) => PAIRED_FILE.exec(f.name)?.[3] === 'down');
    for (const file of matched) {
      const paired = PAIRED_FILE.exec(file.name);
      if (paired?.[3] === 'down') continue;
      const text = readText(context, file.path);
      let sections: Script[];
      const files = [file.path];
      if (paired) {
        sections = [script('up', file.path, wholeFile(text), NODE_PG_MIGRATE_ENVELOPE, 'one-string')];
        const down = pairedDowns.find((d) => d.name === file.name.replace(/\.up\.sql$/, '.down.sql'));
        if (down) {
          sections.push(script('down', down.path, wholeFile(readText(context, down.path)), NODE_PG_MIGRATE_ENVELOPE, 'one-string'));
          files.push(down.path);
        }
      } else sections = markerSections(file.path, text);
      const name = basenameOf(file.path).replace(/(\.up)?\.sql$/, '');
      migrations.push(
        migration('node-pg-migrate', {
          id: migrationId(context, file.path),
          version: file.match[1],
          description: describe((paired ? paired[2] : file.match[2]) ?? ''),
          orderKey: `${padNumber(file.match[1])}:${name}`,
          sections,
          files,
        }),
      );
    }
    return { migrations, findings: [], ignoredFiles: [] };
  },
};

/** Without an up marker the whole file is up; without a down marker there is no down. */
export function markerSections(file: string, text: string): Script[] {
  const lines = splitLines(text);
  const up = lines.find((l) => UP_MARKER.test(l.text));
  const down = lines.find((l) => DOWN_MARKER.test(l.text));
  const sections: Script[] = [];
  if (!up) sections.push(script('up', file, { start: 0, end: down ? down.start : text.length }, NODE_PG_MIGRATE_ENVELOPE, 'one-string'));
  else sections.push(script('up', file, { start: up.next, end: down && down.start > up.start ? down.start : text.length }, NODE_PG_MIGRATE_ENVELOPE, 'one-string'));
  if (down) sections.push(script('down', file, { start: down.next, end: up && up.start > down.start ? up.start : text.length }, NODE_PG_MIGRATE_ENVELOPE, 'one-string'));
  return sections;
}
