/**
 * Plain numbered files (`001_create_users.sql`) with no recognised tool: ordered by the leading
 * number, then the name. How they are run is unknown, so the `assumeInTransaction` setting decides.
 */
import { envelope, script, wholeFile } from '../envelopes';
import { basenameOf } from '../paths';
import { padNumber } from '../text';
import type { ToolAdapter, UnsortedMigration } from './adapter';
import { describe, matchSqlFiles, migration, migrationId, readText } from './common';

const FILE = /^(\d+)[_\-.]?(.*)\.sql$/;

export const PLAIN_ENVELOPE = envelope('unknown', 'No migration tool was recognised for this folder, so the `assumeInTransaction` setting decides whether it runs in a transaction (name the tool under `migrations` in safeshift.json).');

export const plain: ToolAdapter = {
  id: 'plain',
  name: 'numbered SQL files',
  ordering: 'numeric',
  collect(context) {
    const { matched, unmatched } = matchSqlFiles(context, FILE);
    const migrations: UnsortedMigration[] = matched.map((file) =>
      migration('plain', {
        id: migrationId(context, file.path),
        version: file.match[1],
        description: describe(file.match[2]),
        orderKey: `${padNumber(file.match[1])}:${basenameOf(file.path)}`,
        sections: [script('up', file.path, wholeFile(readText(context, file.path)), PLAIN_ENVELOPE, 'statement-by-statement')],
        files: [file.path],
      }),
    );
    return { migrations, findings: [], ignoredFiles: unmatched };
  },
};
