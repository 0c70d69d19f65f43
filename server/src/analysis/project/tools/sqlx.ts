/**
 * sqlx: `<version>_<description>.sql` (simple, up only) or `.up.sql` + `.down.sql` (reversible),
 * ordered by the i64 version. Each file is one execute inside a transaction, unless the file starts
 * with the exact bytes `-- no-transaction` (then one string without a transaction: T3).
 */
import { envelope, script, wholeFile } from '../envelopes';
import { normalizedInteger, padNumber } from '../text';
import type { Directive, ProjectFinding, Script } from '../types';
import type { ToolAdapter, ToolContext, UnsortedMigration } from './adapter';
import { describe, ignoredFindings, matchSqlFiles, migration, migrationId, readText } from './common';
import { downWithoutUp, missingDown } from './paired';

const FILE = /^(\d+)_(.+?)(?:\.(up|down))?\.sql$/;
const NO_TRANSACTION = '-- no-transaction';

export const sqlx: ToolAdapter = {
  id: 'sqlx',
  name: 'sqlx',
  ordering: 'numeric',
  historyKey: (m) => (m.version === undefined ? undefined : normalizedInteger(m.version)),
  collect(context) {
    const { matched, unmatched } = matchSqlFiles(context, FILE);
    const migrations: UnsortedMigration[] = [];
    const findings: ProjectFinding[] = [];
    const downs = matched.filter((f) => f.match[3] === 'down');
    for (const file of matched.filter((f) => f.match[3] !== 'down')) {
      const version = file.match[1];
      const upScript = sqlxScript(context, 'up', file.path);
      const sections: Script[] = [upScript.script];
      const directives = upScript.directive ? [upScript.directive] : [];
      const files = [file.path];
      if (file.match[3] === 'up') {
        const down = downs.find((d) => normalizedInteger(d.match[1]) === normalizedInteger(version));
        if (down) {
          const downScript = sqlxScript(context, 'down', down.path);
          sections.push(downScript.script);
          if (downScript.directive) directives.push(downScript.directive);
          files.push(down.path);
        } else findings.push(missingDown('sqlx', file, context, '`sqlx migrate revert` cannot undo it.'));
      }
      migrations.push(migration('sqlx', { id: migrationId(context, file.path), version, description: describe(file.match[2]), orderKey: padNumber(version), sections, files, directives }));
    }
    for (const down of downs) {
      if (!matched.some((f) => f.match[3] === 'up' && normalizedInteger(f.match[1]) === normalizedInteger(down.match[1]))) findings.push(downWithoutUp('sqlx', down, context));
    }
    const why = 'sqlx reads only `<version>_<description>.sql` files.';
    return { migrations, findings: [...findings, ...ignoredFindings('sqlx', unmatched, why, (p) => readText(context, p))], ignoredFiles: unmatched };
  },
};

function sqlxScript(context: ToolContext, direction: 'up' | 'down', path: string): { script: Script; directive?: Directive } {
  const text = readText(context, path);
  if (!text.startsWith(NO_TRANSACTION)) {
    const reason = /^\s*--\s*no-transaction/.test(text)
      ? 'sqlx runs this file in a transaction: `-- no-transaction` counts only as the very first bytes of the file, and something comes before it here.'
      : 'sqlx runs each migration file in its own transaction, as one string (start the file with `-- no-transaction` to opt out).';
    return { script: script(direction, path, wholeFile(text), envelope('per-migration', reason), 'one-string') };
  }
  const directive: Directive = { name: 'sqlx -- no-transaction', file: path, range: { start: 0, end: NO_TRANSACTION.length }, effect: 'runs the file without a transaction, as one string' };
  const reason = 'sqlx sends this file as one string without a transaction (`-- no-transaction`), so PostgreSQL still runs several statements in it as one implicit transaction.';
  return { script: script(direction, path, wholeFile(text), envelope('implicit', reason, { directive }), 'one-string'), directive };
}
