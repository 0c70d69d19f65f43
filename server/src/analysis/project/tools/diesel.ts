/**
 * Diesel: `<version>_<name>/up.sql` + `down.sql` (+ optional `metadata.toml`), ordered by the
 * version (the text before the first `_`, dashes dropped). Each migration runs in a transaction
 * through one `batch_execute`; `run_in_transaction = false` in metadata.toml removes the
 * transaction but not the single string (T3).
 */
import { envelope, script, wholeFile } from '../envelopes';
import { readMiniToml, asBoolean } from '../miniToml';
import { joinPath } from '../paths';
import { firstLineRange, splitLines, lineRange } from '../text';
import type { Directive, ProjectFinding, Script, TransactionEnvelope } from '../types';
import type { ToolAdapter, ToolContext, UnsortedMigration } from './adapter';
import { describe, migration, migrationId, readText, structureFinding } from './common';

const FOLDER = /^([\d-]+)_(.+)$/;

export const diesel: ToolAdapter = {
  id: 'diesel',
  name: 'Diesel',
  ordering: 'lexicographic',
  historyKey: (m) => m.version,
  collect(context) {
    const migrations: UnsortedMigration[] = [];
    const findings: ProjectFinding[] = [];
    const ignoredFiles: string[] = [];
    for (const entry of context.fs.list(context.dir)) {
      const path = joinPath(context.dir, entry.name);
      const match = FOLDER.exec(entry.name);
      if (!entry.isDirectory) {
        if (entry.name.endsWith('.sql')) ignoredFiles.push(path);
        continue;
      }
      if (!match) continue;
      const up = joinPath(path, 'up.sql');
      const down = joinPath(path, 'down.sql');
      const upText = context.fs.read(up);
      if (upText === undefined) continue;
      const txEnvelope = dieselEnvelope(context, path);
      const sections: Script[] = [script('up', up, wholeFile(upText), txEnvelope, 'one-string')];
      if (upText.trim() === '') findings.push(structureFinding(up, { start: 0, end: 0 }, 'Diesel refuses an empty up.sql.'));
      const downText = context.fs.read(down);
      if (downText !== undefined) sections.push(script('down', down, wholeFile(downText), txEnvelope, 'one-string'));
      else findings.push({ code: 'missing-down-migration', severity: 'warning', message: 'Diesel pairs up.sql with down.sql, but this migration has no down.sql; `diesel migration revert` fails on it.', file: up, range: firstLineRange(upText) });
      const version = match[1].replace(/-/g, '');
      migrations.push(
        migration('diesel', {
          id: migrationId(context, up),
          kind: entry.name.startsWith('00000000000000_diesel_initial_setup') ? 'setup' : 'versioned',
          version,
          description: describe(match[2]),
          orderKey: version,
          sections,
          files: [up, ...(downText !== undefined ? [down] : []), ...(context.fs.exists(joinPath(path, 'metadata.toml')) ? [joinPath(path, 'metadata.toml')] : [])],
          directives: txEnvelope.directive ? [txEnvelope.directive] : [],
        }),
      );
    }
    const why = 'Diesel reads only `<version>_<name>/up.sql` and `down.sql` folders.';
    findings.push(...ignoredFiles.map((file) => ({ code: 'ignored-by-tool' as const, severity: 'info' as const, message: `Diesel does not run this file: ${why}`, file, range: firstLineRange(readText(context, file)) })));
    return { migrations, findings, ignoredFiles };
  },
};

function dieselEnvelope(context: ToolContext, folder: string): TransactionEnvelope {
  const metadataPath = joinPath(folder, 'metadata.toml');
  const text = context.fs.read(metadataPath);
  if (text !== undefined && asBoolean(readMiniToml(text)['run_in_transaction']) === false) {
    const line = splitLines(text).find((l) => /^\s*run_in_transaction\s*=/.test(l.text));
    const directive: Directive = { name: 'diesel run_in_transaction = false', file: metadataPath, range: line ? lineRange(line) : { start: 0, end: 0 }, effect: 'runs the migration without a transaction, as one string' };
    return envelope('implicit', 'Diesel runs this migration without a transaction (`run_in_transaction = false` in metadata.toml) but still as one string, so PostgreSQL runs several statements in it as one implicit transaction.', { directive });
  }
  return envelope('per-migration', 'Diesel runs each migration in its own transaction (set `run_in_transaction = false` in the folder\'s metadata.toml to opt out).');
}
