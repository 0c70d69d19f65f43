/**
 * golang-migrate: `<version>_<title>.up.sql` / `.down.sql`, ordered by the integer version. The
 * PostgreSQL driver adds no transaction but sends the whole file in one Exec, which PostgreSQL
 * runs as one implicit transaction when it holds several statements (T3).
 */
import { envelope, script, wholeFile } from '../envelopes';
import { normalizedInteger, padNumber } from '../text';
import type { ProjectFinding, Script } from '../types';
import type { ToolAdapter, UnsortedMigration } from './adapter';
import { describe, ignoredFindings, migration, migrationId, readText } from './common';
import { downWithoutUp, missingDown, pairedFiles } from './paired';

export const GOLANG_MIGRATE_ENVELOPE = envelope(
  'implicit',
  "golang-migrate's PostgreSQL driver sends the whole file in one Exec without a transaction, so PostgreSQL runs several statements in it as one implicit transaction (`x-multi-statement=true` in the database URL sends them one by one).",
);

export const golangMigrate: ToolAdapter = {
  id: 'golang-migrate',
  name: 'golang-migrate',
  ordering: 'numeric',
  historyKey: (m) => (m.version === undefined ? undefined : normalizedInteger(m.version)),
  collect(context) {
    const { versions, unmatched } = pairedFiles(context);
    const migrations: UnsortedMigration[] = [];
    const findings: ProjectFinding[] = [];
    for (const entry of versions) {
      if (entry.ups.length === 0) {
        findings.push(...entry.downs.map((d) => downWithoutUp('golang-migrate', d, context)));
        continue;
      }
      entry.ups.forEach((up, i) => {
        const down = i === 0 ? entry.downs[0] : undefined;
        const sections: Script[] = [script('up', up.path, wholeFile(readText(context, up.path)), GOLANG_MIGRATE_ENVELOPE, 'one-string')];
        if (down) sections.push(script('down', down.path, wholeFile(readText(context, down.path)), GOLANG_MIGRATE_ENVELOPE, 'one-string'));
        else if (i === 0) findings.push(missingDown('golang-migrate', up, context, '`migrate down` stops at this version.'));
        migrations.push(
          migration('golang-migrate', {
            id: migrationId(context, up.path),
            version: entry.version,
            description: describe(up.match[2]),
            orderKey: padNumber(entry.version),
            sections,
            files: down ? [up.path, down.path] : [up.path],
          }),
        );
      });
    }
    const why = 'golang-migrate reads only `<version>_<title>.up.sql` and `.down.sql` files.';
    return { migrations, findings: [...findings, ...ignoredFindings('golang-migrate', unmatched, why, (p) => readText(context, p))], ignoredFiles: unmatched };
  },
};
