/**
 * Flyway: `V<version>__<description>.sql` (versioned), `U…` (undo, paid tiers), `B…` (baseline),
 * `R__<description>.sql` (repeatable) and callbacks, found recursively. Versions compare
 * numerically segment by segment; repeatables run after the versioned ones, by description. Each
 * script runs in its own transaction unless its `<file>.sql.conf` sidecar (or the global config)
 * says `executeInTransaction=false`; statements that cannot run in a transaction are detected.
 */
import type { OffsetRange } from '../../text/lineIndex';
import { envelope, script, wholeFile } from '../envelopes';
import { asBoolean } from '../miniToml';
import { basenameOf, dirnameOf, joinPath } from '../paths';
import { firstLineRange, lineRange, normalizedSegmentedVersion, segmentedVersionKey, splitLines } from '../text';
import type { Directive, ProjectFinding, Script, TransactionEnvelope } from '../types';
import type { FlywaySettings, ToolAdapter, ToolContext, UnsortedMigration } from './adapter';
import { describe, migration, migrationId, readText } from './common';

const VERSIONED = /^([VUB])(\d+(?:[._]\d+)*)__(.+)\.sql$/;
const REPEATABLE = /^R__(.+)\.sql$/;
/** Callback events: beforeMigrate, afterEachMigrateStatementError, afterVersioned, beforeConnect… */
const CALLBACK = /^((?:before|after)(?:Each)?(?:Migrate|Undo|Clean|Validate|Baseline|Repair|Info|Connect|Versioned|Repeatables|Create)[A-Za-z]*?)(?:__(.+))?\.sql$/;
/** Names that look meant for Flyway but that Flyway rejects or skips. */
const MISNAMED = /^([VUBRvubr])(\d+(?:[._]\d+)*)?(_?)([^_].*)?\.sql$/;
const IN_FILE_SETTING = /^\s*--\s*flyway:\s*(\w+)\s*=?\s*(\S*)/;
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'target', 'build']);

export const DEFAULT_FLYWAY_SETTINGS: FlywaySettings = { executeInTransaction: true, mixed: false, placeholders: {} };

export const flyway: ToolAdapter = {
  id: 'flyway',
  name: 'Flyway',
  ordering: 'numeric',
  historyKey(m) {
    if (m.kind === 'versioned' && m.version !== undefined) return `V${normalizedSegmentedVersion(m.version)}`;
    if (m.kind === 'repeatable') return `R${m.description}`;
    return undefined;
  },
  collect(context) {
    const settings = context.config.flyway ?? DEFAULT_FLYWAY_SETTINGS;
    const migrations: UnsortedMigration[] = [];
    const findings: ProjectFinding[] = [];
    const ignoredFiles: string[] = [];
    const files = sqlFilesRecursive(context, context.dir, 0);
    const undo = new Map<string, string>();
    for (const path of files) {
      const match = VERSIONED.exec(basenameOf(path));
      if (match?.[1] === 'U') undo.set(normalizedSegmentedVersion(match[2]), path);
    }
    const usedUndo = new Set<string>();
    for (const path of files) {
      const name = basenameOf(path);
      const text = readText(context, path);
      findings.push(...inFileSettings(path, text));
      const versioned = VERSIONED.exec(name);
      const repeatable = REPEATABLE.exec(name);
      const callback = CALLBACK.exec(name);
      if (versioned && versioned[1] !== 'U') {
        const [, prefix, version, description] = versioned;
        const sections = [flywayScript(context, settings, 'up', path, text)];
        const undoPath = prefix === 'V' ? undo.get(normalizedSegmentedVersion(version)) : undefined;
        if (undoPath && !usedUndo.has(undoPath)) {
          sections.push(flywayScript(context, settings, 'down', undoPath, readText(context, undoPath)));
          usedUndo.add(undoPath);
        }
        migrations.push(flywayMigration(context, settings, path, sections, {
          kind: prefix === 'B' ? 'baseline' : 'versioned',
          version,
          description: describe(description),
          // A space ends the version because it sorts before '.', so 1 comes before 1.1.
          orderKey: `1:${segmentedVersionKey(version)} ${prefix === 'B' ? 0 : 1}`,
        }));
      } else if (repeatable) {
        migrations.push(flywayMigration(context, settings, path, [flywayScript(context, settings, 'up', path, text)], { kind: 'repeatable', description: describe(repeatable[1]), orderKey: `2:${repeatable[1]}` }));
      } else if (callback) {
        const phase = callback[1].startsWith('before') ? 0 : 3;
        migrations.push(flywayMigration(context, settings, path, [flywayScript(context, settings, 'up', path, text)], { kind: 'callback', description: callback[1], orderKey: `${phase}:${callback[1]}:${name}` }));
      } else if (!versioned) {
        ignoredFiles.push(path);
        findings.push(misnamedFinding(path, name, text));
      }
    }
    for (const [, path] of undo) {
      if (!usedUndo.has(path)) findings.push({ code: 'migration-structure', severity: 'warning', message: 'Flyway finds no versioned migration with the version of this undo migration.', file: path, range: firstLineRange(readText(context, path)) });
    }
    return { migrations, findings, ignoredFiles };
  },
};

function sqlFilesRecursive(context: ToolContext, dir: string, depth: number): string[] {
  const files: string[] = [];
  for (const entry of context.fs.list(dir)) {
    const path = joinPath(dir, entry.name);
    if (entry.isDirectory) {
      if (depth < 6 && !SKIPPED_DIRS.has(entry.name)) files.push(...sqlFilesRecursive(context, path, depth + 1));
    } else if (entry.name.toLowerCase().endsWith('.sql')) files.push(path);
  }
  return files.sort();
}

function flywayMigration(
  context: ToolContext,
  settings: FlywaySettings,
  path: string,
  sections: Script[],
  fields: { kind: UnsortedMigration['kind']; version?: string; description: string; orderKey: string },
): UnsortedMigration {
  const sidecars = sections.map((s) => `${s.file}.conf`).filter((p) => context.fs.exists(p));
  const directives = sections.map((s) => s.envelope.directive).filter((d): d is Directive => d !== undefined);
  const replacement = sidecarSettings(context, `${path}.conf`).placeholderReplacement;
  const placeholders = asBoolean(replacement) === false ? {} : { ...builtInPlaceholders(context, path), ...settings.placeholders };
  return migration('flyway', { id: migrationId(context, path), ...fields, sections, files: [...sections.map((s) => s.file), ...sidecars], directives, placeholders });
}

/** Flyway's built-in placeholders, with the values a default PostgreSQL setup gives them. */
function builtInPlaceholders(context: ToolContext, path: string): Record<string, string> {
  return {
    'flyway:defaultSchema': 'public',
    'flyway:user': 'postgres',
    'flyway:database': 'postgres',
    'flyway:timestamp': '2000-01-01 00:00:00',
    'flyway:filename': basenameOf(path),
    'flyway:workingDirectory': context.dir,
    'flyway:table': 'flyway_schema_history',
  };
}

interface SidecarSettings {
  executeInTransaction?: { value: string; range: OffsetRange };
  placeholderReplacement?: string;
}

function sidecarSettings(context: ToolContext, confPath: string): SidecarSettings {
  const text = context.fs.read(confPath);
  if (text === undefined) return {};
  const result: SidecarSettings = {};
  for (const line of splitLines(text)) {
    const match = /^\s*(executeInTransaction|placeholderReplacement)\s*=\s*(\S+)/.exec(line.text);
    if (match?.[1] === 'executeInTransaction') result.executeInTransaction = { value: match[2], range: lineRange(line) };
    else if (match) result.placeholderReplacement = match[2];
  }
  return result;
}

function flywayScript(context: ToolContext, settings: FlywaySettings, direction: 'up' | 'down', path: string, text: string): Script {
  return script(direction, path, wholeFile(text), flywayEnvelope(context, settings, path), 'statement-by-statement');
}

function flywayEnvelope(context: ToolContext, settings: FlywaySettings, path: string): TransactionEnvelope {
  const confPath = `${path}.conf`;
  const sidecar = sidecarSettings(context, confPath).executeInTransaction;
  const sidecarValue = asBoolean(sidecar?.value);
  if (sidecar && sidecarValue === false) {
    const directive: Directive = { name: 'flyway executeInTransaction=false', file: confPath, range: sidecar.range, effect: 'runs the script without a transaction' };
    return envelope('none', `Flyway runs this script without a transaction, statement by statement: ${basenameOf(confPath)} sets executeInTransaction=false.`, { directive });
  }
  if (sidecarValue !== true && !settings.executeInTransaction) {
    return envelope('none', `Flyway runs scripts without a transaction: executeInTransaction=false in ${settings.source ? basenameOf(settings.source) : 'the Flyway configuration'}.`);
  }
  const mixed = settings.mixed;
  const reason = mixed
    ? 'Flyway runs each script in its own transaction; with mixed=true, a script that holds a statement that cannot run in a transaction runs entirely without one.'
    : `Flyway runs each script in its own transaction (opt out with executeInTransaction=false in ${basenameOf(confPath)}); a script made only of statements that cannot run in a transaction runs without one, and a script mixing both fails unless mixed=true.`;
  return envelope('per-migration', reason, { nonTransactional: mixed ? 'whole-script' : 'alone-only' });
}

/** `-- flyway:executeInTransaction=false` in the SQL does nothing in Flyway's open-source core. */
function inFileSettings(path: string, text: string): ProjectFinding[] {
  const findings: ProjectFinding[] = [];
  for (const line of splitLines(text)) {
    const match = IN_FILE_SETTING.exec(line.text);
    if (!match) continue;
    const conf = `${basenameOf(path)}.conf`;
    const setting = match[2] ? `${match[1]}${match[2].startsWith('=') ? '' : '='}${match[2].replace(/^=/, '')}` : match[1];
    findings.push({
      code: 'flyway-in-file-directive',
      severity: 'warning',
      message: `Flyway's open-source core ignores \`flyway:\` comments inside SQL; it reads script settings only from a sidecar file. Put \`${setting}\` in ${conf} next to this file.`,
      file: path,
      range: lineRange(line),
      related: [{ file: joinPath(dirnameOf(path), conf), range: { start: 0, end: 0 }, message: 'The sidecar file Flyway reads for this script.' }],
    });
  }
  return findings;
}

function misnamedFinding(path: string, name: string, text: string): ProjectFinding {
  const range = firstLineRange(text);
  const match = MISNAMED.exec(name);
  let message = `Flyway does not run ${name}: versioned migrations are named V<version>__<description>.sql and repeatable ones R__<description>.sql.`;
  let severity: ProjectFinding['severity'] = 'info';
  if (match && match[2] !== undefined && match[3] === '_' && match[4]) {
    message = `Flyway needs two underscores between the version and the description: rename ${name} to ${match[1].toUpperCase()}${match[2]}__${match[4]}.sql, or Flyway rejects it as a wrongly named migration.`;
    severity = 'error';
  } else if (match && match[1] !== match[1].toUpperCase() && /__/.test(name)) {
    message = `Flyway's prefixes are case-sensitive: ${name} is skipped; rename it to ${match[1].toUpperCase()}${name.slice(1)}.`;
    severity = 'error';
  }
  return { code: severity === 'error' ? 'flyway-migration-name' : 'ignored-by-tool', severity, message, file: path, range };
}
