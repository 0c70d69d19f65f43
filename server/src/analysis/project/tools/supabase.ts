/**
 * Supabase CLI: `supabase/migrations/<timestamp>_<name>.sql`, ordered by file name. The CLI
 * splits each file with its own parser and sends the statements as one pipelined batch, which is
 * implicitly transactional (T3); since CLI 2.109 statements that cannot run in a transaction are
 * taken out of the batch and run on their own.
 */
import { envelope, script, wholeFile } from '../envelopes';
import { basenameOf } from '../paths';
import type { TransactionEnvelope } from '../types';
import type { ToolAdapter, ToolContext, UnsortedMigration } from './adapter';
import { describe, ignoredFindings, matchSqlFiles, migration, migrationId, readText } from './common';

const FILE = /^([0-9]+)_(.*)\.sql$/;
/** The CLI skips a legacy first `<14 digits>_init.sql` dated before this version. */
const LEGACY_INIT_BEFORE = '20211209000000';

export const supabase: ToolAdapter = {
  id: 'supabase',
  name: 'Supabase CLI',
  ordering: 'lexicographic',
  historyKey: (m) => m.version,
  collect(context) {
    const { matched, unmatched } = matchSqlFiles(context, FILE);
    const txEnvelope = supabaseEnvelope(context);
    const migrations: UnsortedMigration[] = [];
    const ignored = [...unmatched];
    for (const file of matched) {
      const [, version, name] = file.match;
      if (name === 'init' && version.length === 14 && version < LEGACY_INIT_BEFORE) {
        ignored.push(file.path);
        continue;
      }
      migrations.push(
        migration('supabase', {
          id: migrationId(context, file.path),
          version,
          description: describe(name),
          orderKey: basenameOf(file.path),
          sections: [script('up', file.path, wholeFile(readText(context, file.path)), txEnvelope, 'one-string')],
          files: [file.path],
        }),
      );
    }
    const why = 'the Supabase CLI reads only `<timestamp>_<name>.sql` files (and skips a legacy `_init.sql` before 2021-12-09).';
    return { migrations, findings: ignoredFindings('The Supabase CLI', ignored, why, (p) => readText(context, p)), ignoredFiles: ignored };
  },
};

function supabaseEnvelope(context: ToolContext): TransactionEnvelope {
  const version = context.config.supabaseCliVersion;
  const old = version !== undefined && (version.major < 2 || (version.major === 2 && version.minor < 109));
  if (old) {
    return envelope('implicit', `The Supabase CLI (${version.major}.${version.minor} in package.json) sends each file as one pipelined batch, which PostgreSQL runs as one implicit transaction; CLI 2.109 and later run CREATE INDEX CONCURRENTLY and the like on their own.`);
  }
  return envelope(
    'implicit',
    'The Supabase CLI sends each file as one pipelined batch, which PostgreSQL runs as one implicit transaction; since CLI 2.109 statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM…) are run on their own, outside the batch.',
    { nonTransactional: 'split-out' },
  );
}
