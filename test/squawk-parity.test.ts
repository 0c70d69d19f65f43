/**
 * Parity with Squawk, measured: for every rule whose metadata says `squawkCompatible`, Squawk (the
 * squawk-cli devDependency) and Safeshift lint that rule's fixtures (test/rules/<id>/*.sql) with the
 * same PostgreSQL version and transaction assumption, and the lines at which that rule id fires
 * must be the same.
 *
 * Where they differ on purpose (fewer false positives, a version gate, a Squawk bug), the
 * difference is recorded in test/squawk-parity.expected.json with a one-line reason, and the rule's
 * `squawkDifference` doc text explains it. The test fails on a difference that is not recorded, on
 * a recorded difference that no longer occurs (so the file cannot rot), and on a fixture Squawk
 * cannot parse unless that too is recorded with a reason.
 *
 * Set SAFESHIFT_SKIP_SQUAWK=1 to skip it where Squawk's platform binary is not available. Set
 * SAFESHIFT_PARITY_WRITE=<path> to write what was observed, in the expected file's format (keeping
 * recorded reasons, "TODO" for new ones), as a starting point for updating the record.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initParser } from '../server/src/analysis/parse/pgParser';
import { lintText, levelOf } from '../server/src/analysis/lint';
import { readConfig, type Settings } from '../server/src/analysis/config/settings';
import { RULES, RULES_BY_ID } from '../server/src/analysis/rules/registry';

const ROOT = resolve(__dirname, '../..');
const FIXTURES = join(ROOT, 'test/rules');
const EXPECTED = join(ROOT, 'test/squawk-parity.expected.json');
const SQUAWK = join(ROOT, 'node_modules/squawk-cli/js/bin/squawk');

/** One recorded, intended difference: the lines each tool reports for `rule` in `file`. */
interface RecordedDifference {
  /** `<rule-dir>/<file>.sql`, relative to test/rules. */
  file: string;
  rule: string;
  squawk: number[];
  safeshift: number[];
  reason: string;
}

/** A fixture Squawk's own parser rejects, so its findings there cannot be compared. */
interface RecordedParseError {
  file: string;
  reason: string;
}

interface Expected {
  differences: RecordedDifference[];
  squawkParseErrors: RecordedParseError[];
}

interface SquawkViolation {
  line: number;
  rule_name: string;
  message: string;
}

/** Squawk's output names for rules whose Squawk name differs from ours. */
const SQUAWK_NAMES: Record<string, string[]> = {
  'prefer-timestamp-tz': ['prefer-timestamp-tz', 'prefer-timestamptz'],
};

const squawkRules = RULES.filter((rule) => rule.meta.squawkCompatible);

function settingsOf(text: string): Settings {
  const line = /^[ \t]*--[ \t]*settings:[ \t]*([^\r\n]*)/m.exec(text);
  return readConfig(line ? line[1] : '{}', new Set(RULES_BY_ID.keys())).settings;
}

/** The Squawk command: its native binary when the platform package resolves, else the Node wrapper. */
function squawkCommand(): { command: string; prefix: string[] } {
  try {
    const wrapper = require(join(ROOT, 'node_modules/squawk-cli/js/index.js')) as { getBinaryPath(): string };
    return { command: wrapper.getBinaryPath(), prefix: [] };
  } catch {
    return { command: process.execPath, prefix: [SQUAWK] };
  }
}

/** Squawk's arguments for a fixture's settings: PostgreSQL version, transaction assumption, opt-in rules that are on, rules turned off. */
function squawkArgs(settings: Settings, config: string): string[] {
  const { major, minor } = settings.postgresVersion;
  const args = ['--reporter', 'json', '--config', config, '--pg-version', `${major}.${minor}`];
  if (settings.assumeInTransaction) args.push('--assume-in-transaction');
  const include = squawkRules.filter((r) => r.meta.defaultSeverity === 'off' && levelOf(r.meta.id, settings) !== 'off').map((r) => r.meta.id);
  const exclude = squawkRules.filter((r) => r.meta.defaultSeverity !== 'off' && levelOf(r.meta.id, settings) === 'off').map((r) => r.meta.id);
  if (include.length > 0) args.push('--include', include.join(','));
  if (exclude.length > 0) args.push('--exclude', exclude.join(','));
  return args;
}

interface SquawkResult {
  violations: SquawkViolation[];
  error?: string;
}

/**
 * Runs Squawk once per distinct set of arguments over all fixtures that share it, and returns
 * each fixture's violations by its path. Squawk reads copies in which `safeshift-ignore` comments
 * are spelt `squawk-ignore`, so both tools are given the same ignores (a comment on the line
 * before a one-line statement ignores the same thing in both).
 */
function runSquawk(fixtures: Array<{ path: string; text: string; settings: Settings }>, scratch: string, config: string): Map<string, SquawkResult> {
  const { command, prefix } = squawkCommand();
  const groups = new Map<string, Array<{ path: string; copy: string }>>();
  fixtures.forEach(({ path, text, settings }, i) => {
    const copy = join(scratch, `${i}--${path.split(/[\\/]/).slice(-2).join('--')}`);
    writeFileSync(copy, text.replace(/(--|\/\*)([ \t]*)safeshift-ignore/g, '$1$2squawk-ignore'));
    const args = JSON.stringify(squawkArgs(settings, config));
    groups.set(args, [...(groups.get(args) ?? []), { path, copy }]);
  });
  const results = new Map<string, SquawkResult>();
  for (const [args, members] of groups) {
    const result = spawnSync(command, [...prefix, ...(JSON.parse(args) as string[]), ...members.map((m) => m.copy)], { encoding: 'utf8', cwd: scratch, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    let violations: Array<SquawkViolation & { file: string }> | undefined;
    try {
      violations = JSON.parse(result.stdout) as Array<SquawkViolation & { file: string }>;
    } catch {
      violations = undefined;
    }
    for (const { path, copy } of members) {
      results.set(
        path,
        violations
          ? { violations: violations.filter((v) => resolve(scratch, v.file) === copy) }
          : { violations: [], error: `squawk exited ${result.status}: ${result.stderr || result.stdout || String(result.error)}` },
      );
    }
  }
  return results;
}

function sorted(lines: number[]): number[] {
  return [...lines].sort((a, b) => a - b);
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split(/\r\n|\r|\n/).length;

function readExpected(): Expected {
  const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as Partial<Expected>;
  return { differences: expected.differences ?? [], squawkParseErrors: expected.squawkParseErrors ?? [] };
}

const key = (file: string, rule: string) => `${file} ${rule}`;

describe('parity with Squawk', { skip: process.env.SAFESHIFT_SKIP_SQUAWK === '1' ? 'SAFESHIFT_SKIP_SQUAWK=1' : false }, async () => {
  await initParser();
  const expected = readExpected();
  const recorded = new Map(expected.differences.map((d) => [key(d.file, d.rule), d]));
  const recordedParseErrors = new Map(expected.squawkParseErrors.map((p) => [p.file, p]));
  const seenDifferences = new Set<string>();
  const seenParseErrors = new Set<string>();
  const observed: RecordedDifference[] = [];
  const observedParseErrors: string[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'safeshift-squawk-'));
  // An empty configuration, so no .squawk.toml above the working directory changes Squawk's rules.
  const config = join(scratch, '.squawk.toml');
  writeFileSync(config, '');

  test('squawk-cli runs', () => {
    assert.ok(existsSync(SQUAWK), `squawk-cli is not installed at ${SQUAWK} (a devDependency); set SAFESHIFT_SKIP_SQUAWK=1 where it cannot run`);
    const version = spawnSync(process.execPath, [SQUAWK, '--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0, `squawk --version failed: ${version.stderr}`);
  });

  const fixtures = squawkRules.flatMap((rule) => {
    const dir = join(FIXTURES, rule.meta.id);
    const names = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sql')).sort() : [];
    return names.map((name) => {
      const path = join(dir, name);
      const text = readFileSync(path, 'utf8');
      return { id: rule.meta.id, file: `${rule.meta.id}/${name}`, path, text, settings: settingsOf(text) };
    });
  });
  const squawkResults = existsSync(SQUAWK) ? runSquawk(fixtures, scratch, config) : new Map<string, SquawkResult>();

  for (const { id, file, path, text, settings } of fixtures) {
    test(`${file}: ${id} fires on the same lines in Squawk and Safeshift`, () => {
      const squawk = squawkResults.get(path) ?? { violations: [], error: 'Squawk did not run' };
      assert.equal(squawk.error, undefined, `Squawk did not produce JSON for ${file}: ${squawk.error}`);
      const parseErrors = squawk.violations.filter((v) => v.rule_name === 'syntax-error');
      const parseRecord = recordedParseErrors.get(file);
      if (parseErrors.length > 0) {
        seenParseErrors.add(file);
        observedParseErrors.push(file);
        assert.ok(
          parseRecord,
          `Squawk cannot parse ${file} (${parseErrors.map((e) => `line ${e.line + 1}: ${e.message}`).join('; ')}); record it under "squawkParseErrors" in test/squawk-parity.expected.json with the reason`,
        );
        return;
      }
      assert.equal(parseRecord, undefined, `${file} is recorded as a Squawk parse error, but Squawk parses it now: remove the record`);
      const names = SQUAWK_NAMES[id] ?? [id];
      const squawkLines = sorted(squawk.violations.filter((v) => names.includes(v.rule_name)).map((v) => v.line + 1));
      const ours = lintText(text, settings).findings.filter((f) => f.ruleId === id);
      const safeshiftLines = sorted(ours.map((f) => lineOf(text, f.range.start)));
      const record = recorded.get(key(file, id));
      if (JSON.stringify(squawkLines) === JSON.stringify(safeshiftLines)) {
        assert.equal(record, undefined, `${file}: the recorded difference for ${id} no longer occurs (both report lines [${squawkLines.join(', ')}]): remove it from test/squawk-parity.expected.json`);
        return;
      }
      seenDifferences.add(key(file, id));
      const actual = { squawk: squawkLines, safeshift: safeshiftLines };
      observed.push({ file, rule: id, ...actual, reason: '' });
      assert.ok(
        record,
        `${file}: ${id} differs from Squawk and the difference is not recorded: ${JSON.stringify(actual)}. Fix the rule, or record it in test/squawk-parity.expected.json with a reason (and say so in the rule's squawkDifference).\nSquawk said: ${squawk.violations.filter((v) => names.includes(v.rule_name)).map((v) => `line ${v.line + 1}: ${v.message}`).join(' | ') || '(nothing)'}`,
      );
      assert.deepEqual(actual, { squawk: sorted(record.squawk), safeshift: sorted(record.safeshift) }, `${file}: ${id} differs from Squawk, but not as recorded (actual: what the tools report now; expected: the record)`);
      assert.ok(record.reason.trim().length > 0 && !record.reason.includes('\n'), `${file}: the recorded difference needs a one-line reason`);
    });
  }

  test('every recorded difference names a Squawk-compatible rule, its own fixture, and still occurs', () => {
    const stale: string[] = [];
    for (const difference of expected.differences) {
      const rule = RULES_BY_ID.get(difference.rule);
      if (!rule?.meta.squawkCompatible) stale.push(`${difference.file}: ${difference.rule} is not a Squawk-compatible rule`);
      else if (!existsSync(join(FIXTURES, difference.file))) stale.push(`${difference.file}: no such fixture`);
      else if (!difference.file.startsWith(`${difference.rule}/`)) stale.push(`${difference.file}: compared only for the rule of its directory, not ${difference.rule}`);
      else if (!seenDifferences.has(key(difference.file, difference.rule))) stale.push(`${difference.file}: ${difference.rule} no longer differs`);
    }
    for (const parseError of expected.squawkParseErrors) {
      if (!seenParseErrors.has(parseError.file)) stale.push(`${parseError.file}: Squawk parses it now, or it is gone`);
      if (!parseError.reason?.trim()) stale.push(`${parseError.file}: the parse error needs a reason`);
    }
    assert.deepEqual(stale, [], 'test/squawk-parity.expected.json has records that no longer apply');
  });

  test('every rule with a recorded difference explains it in its docs (squawkDifference)', () => {
    const rules = new Set(expected.differences.map((d) => d.rule));
    const undocumented = [...rules].filter((id) => !RULES_BY_ID.get(id)?.meta.docs.squawkDifference?.trim());
    assert.deepEqual(undocumented, [], 'these rules differ from Squawk on purpose but their docs do not say how (meta.docs.squawkDifference)');
  });

  after(() => {
    rmSync(scratch, { recursive: true, force: true });
    if (process.env.SAFESHIFT_PARITY_WRITE) writeObserved(process.env.SAFESHIFT_PARITY_WRITE, recorded, observed, observedParseErrors, recordedParseErrors);
  });
});

function writeObserved(
  path: string,
  recorded: Map<string, RecordedDifference>,
  observed: RecordedDifference[],
  parseErrors: string[],
  recordedParseErrors: Map<string, RecordedParseError>,
): void {
  const result: Expected = {
    differences: observed.map((d) => ({ ...d, reason: recorded.get(key(d.file, d.rule))?.reason ?? 'TODO' })),
    squawkParseErrors: parseErrors.map((file) => ({ file, reason: recordedParseErrors.get(file)?.reason ?? 'TODO' })),
  };
  writeFileSync(path, JSON.stringify(result, null, 2) + '\n');
}
