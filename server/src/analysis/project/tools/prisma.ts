/**
 * Prisma Migrate: `<timestamp>_<name>/migration.sql` folders next to `migration_lock.toml`,
 * ordered by folder name. Up only. The schema engine sends the whole file through one
 * `simple_query`: no transaction, but one implicit transaction for several statements (T3).
 */
import { envelope, script, wholeFile } from '../envelopes';
import { joinPath } from '../paths';
import type { ToolAdapter, UnsortedMigration } from './adapter';
import { describe, migration, migrationId } from './common';

const FOLDER = /^(\d+)_(.+)$/;

export const PRISMA_ENVELOPE = envelope(
  'implicit',
  'Prisma sends the whole migration.sql as one string without a transaction, so PostgreSQL runs several statements in it as one implicit transaction (put CREATE INDEX CONCURRENTLY alone in its own migration).',
);

export const prisma: ToolAdapter = {
  id: 'prisma',
  name: 'Prisma Migrate',
  ordering: 'lexicographic',
  historyKey: (m) => m.id,
  collect(context) {
    const migrations: UnsortedMigration[] = [];
    for (const entry of context.fs.list(context.dir)) {
      const match = FOLDER.exec(entry.name);
      if (!entry.isDirectory || !match) continue;
      const file = joinPath(context.dir, entry.name, 'migration.sql');
      const text = context.fs.read(file);
      if (text === undefined) continue;
      migrations.push(
        migration('prisma', {
          id: migrationId(context, file),
          version: match[1],
          description: describe(match[2]),
          orderKey: entry.name,
          sections: [script('up', file, wholeFile(text), PRISMA_ENVELOPE, 'one-string')],
          files: [file],
        }),
      );
    }
    return { migrations, findings: [], ignoredFiles: [] };
  },
};
