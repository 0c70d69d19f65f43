/**
 * Rule fixtures: `test/rules/<rule-id>/*.sql`. Each file states what it expects in header comments:
 *
 *   -- expect: adding-required-field@3, adding-required-field@5   (rule id at 1-based line)
 *   -- expect: none                                                (the directory's rule stays quiet)
 *   -- settings: {"postgresVersion": 11, "assumeInTransaction": true}
 *   -- before: CREATE TABLE users (id bigint PRIMARY KEY);        (an earlier migration; repeatable)
 *
 * A fixture with `-- before:` lines is linted as the second migration of a plain project whose
 * first migration is those lines' SQL, through the same ProjectModelCache the CLI and the language
 * server use, so schema-aware rules see the replayed catalog.
 *
 * The findings of the directory's rule, and of every rule an expectation names, must be exactly
 * the expected ones. Then, the Squawk way, every fix is applied and the file re-linted: a rule's
 * own fix leaves no syntax error and removes the finding; "Ignore … for this statement / file"
 * removes it without creating an unused-ignore.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initParser } from '../server/src/analysis/parse/pgParser';
import { lintText } from '../server/src/analysis/lint';
import { readConfig, type Settings } from '../server/src/analysis/config/settings';
import { RULES, RULES_BY_ID } from '../server/src/analysis/rules/registry';
import type { Finding, Fix, TextEdit } from '../server/src/analysis/rules/types';
import { memoryFs } from '../server/src/analysis/project/fs';
import { ProjectModelCache } from '../server/src/node/projectFs';

const FIXTURES = resolve(__dirname, '../../test/rules');

interface Fixture {
  rule: string;
  name: string;
  text: string;
  settings: Settings;
  /** Expected 1-based lines per rule id; the directory's rule is always present. */
  expected: Map<string, number[]>;
  /** The SQL of an earlier migration, from `-- before:` lines. */
  before?: string;
}

/** The SQL of `-- before:` lines, one earlier migration, or undefined when there are none. */
export function historyOf(text: string): string | undefined {
  const lines = [...text.matchAll(/^[ \t]*--[ \t]*before:[ \t]?([^\r\n]*)/gm)].map((m) => m[1]);
  return lines.length > 0 ? lines.join('\n') + '\n' : undefined;
}

/** Lints `text`, as the migration after `before` in a plain project when there is a history. */
export function lintWithHistory(text: string, settings: Settings, before: string | undefined): ReturnType<typeof lintText> {
  if (before === undefined) return lintText(text, settings);
  const file = '/fixture/migrations/0002_fixture.sql';
  const fs = memoryFs({ '/fixture/migrations/0001_before.sql': before, [file]: text });
  const context = new ProjectModelCache(fs).contextFor(file, text, settings);
  if (!context?.schema) throw new Error('the fixture project was not recognised as a migration project with a history');
  return lintText(text, settings, context);
}

export function parseHeader(rule: string, name: string, text: string): Fixture {
  const expected = new Map<string, number[]>([[rule, []]]);
  let sawExpect = false;
  for (const match of text.matchAll(/^[ \t]*--[ \t]*expect:[ \t]*([^\r\n]*)/gm)) {
    sawExpect = true;
    for (const item of match[1].split(/[\s,]+/).filter(Boolean)) {
      if (item === 'none') continue;
      const parsed = /^([a-z0-9-]+)@(\d+)$/.exec(item);
      if (!parsed) throw new Error(`${rule}/${name}: cannot read expectation "${item}" (write rule-id@line or none)`);
      if (!RULES_BY_ID.has(parsed[1])) throw new Error(`${rule}/${name}: unknown rule "${parsed[1]}" in an expectation`);
      expected.set(parsed[1], [...(expected.get(parsed[1]) ?? []), Number(parsed[2])]);
    }
  }
  if (!sawExpect) throw new Error(`${rule}/${name}: no "-- expect:" header`);
  const settingsLine = /^[ \t]*--[ \t]*settings:[ \t]*([^\r\n]*)/m.exec(text);
  const config = readConfig(settingsLine ? settingsLine[1] : '{}', new Set(RULES_BY_ID.keys()));
  if (config.problems.length > 0) throw new Error(`${rule}/${name}: bad settings header: ${config.problems.map((p) => p.message).join('; ')}`);
  for (const lines of expected.values()) lines.sort((a, b) => a - b);
  return { rule, name, text, settings: config.settings, expected, before: historyOf(text) };
}

/** Every fixture; one whose header cannot be read carries the error, so only its own test fails. */
export function loadFixtures(): Array<Fixture & { error?: string }> {
  if (!existsSync(FIXTURES)) return [];
  const fixtures: Array<Fixture & { error?: string }> = [];
  for (const rule of readdirSync(FIXTURES).sort()) {
    const dir = join(FIXTURES, rule);
    if (!statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
      const text = readFileSync(join(dir, name), 'utf8');
      try {
        fixtures.push(parseHeader(rule, name, text));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        fixtures.push({ rule, name, text, settings: readConfig('{}', new Set()).settings, expected: new Map([[rule, []]]), error: message });
      }
    }
  }
  return fixtures;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].range.end > sorted[i - 1].range.start) throw new Error('overlapping edits');
  }
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.range.start) + edit.newText + result.slice(edit.range.end);
  return result;
}

const isIgnoreFix = (fix: Fix) => /^Ignore \S+ for this (statement|file)$/.test(fix.title);
const lineOf = (text: string, offset: number) => text.slice(0, offset).split(/\r\n|\r|\n/).length;
const ofRule = (findings: Finding[], rule: string) => findings.filter((f) => f.ruleId === rule);

function describeFindings(text: string, findings: Finding[]): string {
  return findings.map((f) => `  ${f.ruleId}@${lineOf(text, f.range.start)}: ${f.message}`).join('\n') || '  (none)';
}

const fixtures = loadFixtures();

describe('rule fixtures', async () => {
  // Fix and ignore tests are generated from the findings, so the parser must be ready first.
  await initParser();
  for (const fixture of fixtures) {
    const { rule, name, text, settings, expected, before: history } = fixture;
    const lint = (sql: string) => lintWithHistory(sql, settings, history);
    if (fixture.error !== undefined) {
      const error = fixture.error;
      test(`${rule}/${name}`, () => assert.fail(error));
      continue;
    }

    test(`${rule}/${name}`, () => {
      assert.ok(RULES_BY_ID.has(rule), `test/rules/${rule} does not name a registered rule`);
      const { findings } = lint(text);
      const crashes = findings.filter((f) => f.message.startsWith('Internal error in rule'));
      assert.deepEqual(crashes, [], 'a rule threw');
      for (const [id, lines] of expected) {
        const actual = ofRule(findings, id)
          .map((f) => lineOf(text, f.range.start))
          .sort((a, b) => a - b);
        assert.deepEqual(actual, lines, `${id} findings in ${rule}/${name}; all findings:\n${describeFindings(text, findings)}`);
      }
    });

    const before = lint(text).findings;
    const own = ofRule(before, rule);
    const hasSyntaxError = before.some((f) => f.ruleId === 'syntax-error');

    own.forEach((finding, i) => {
      for (const fix of finding.fixes.filter((f) => !isIgnoreFix(f))) {
        test(`${rule}/${name}: fix "${fix.title}" (finding ${i + 1})`, () => {
          const fixed = applyEdits(text, fix.edits);
          const after = lint(fixed).findings;
          if (!hasSyntaxError) assert.deepEqual(ofRule(after, 'syntax-error'), [], `the fix broke the SQL:\n${fixed}`);
          assert.ok(ofRule(after, rule).length < own.length, `${rule} still fires after the fix:\n${fixed}\n${describeFindings(fixed, after)}`);
        });
      }
    });

    const fixable = own.map((f) => f.fixes.find((x) => !isIgnoreFix(x) && x.preferred) ?? f.fixes.find((x) => !isIgnoreFix(x)));
    if (fixable.filter(Boolean).length > 1) {
      test(`${rule}/${name}: all fixes applied together`, () => {
        const fixed = applyEdits(text, fixable.flatMap((f) => f?.edits ?? []));
        const after = lint(fixed).findings;
        if (!hasSyntaxError) assert.deepEqual(ofRule(after, 'syntax-error'), [], `the fixes broke the SQL:\n${fixed}`);
        const unfixed = fixable.filter((f) => f === undefined).length;
        assert.ok(ofRule(after, rule).length <= unfixed, `${rule} still fires after every fix:\n${fixed}\n${describeFindings(fixed, after)}`);
      });
    }

    own.forEach((finding, i) => {
      for (const fix of finding.fixes.filter(isIgnoreFix)) {
        test(`${rule}/${name}: "${fix.title}" (finding ${i + 1})`, () => {
          const fixed = applyEdits(text, fix.edits);
          const after = lint(fixed).findings;
          const fileWide = fix.title.endsWith('for this file');
          const suppressed = fileWide ? own.length : own.filter((f) => f.statementIndex === finding.statementIndex).length;
          assert.equal(ofRule(after, rule).length, own.length - suppressed, `ignore did not suppress ${rule}:\n${fixed}\n${describeFindings(fixed, after)}`);
          assert.equal(ofRule(after, 'unused-ignore').length, ofRule(before, 'unused-ignore').length, `the ignore comment is reported as unused:\n${fixed}`);
          assert.equal(ofRule(after, 'syntax-error').length, ofRule(before, 'syntax-error').length, `the ignore comment broke the SQL:\n${fixed}`);
        });
      }
    });
  }
});

test('every registered rule has fixtures that fire and fixtures that must not', () => {
  const missing: string[] = [];
  for (const rule of RULES) {
    const id = rule.meta.id;
    const mine = fixtures.filter((f) => f.rule === id && f.error === undefined);
    if (!mine.some((f) => f.expected.get(id)!.length > 0)) missing.push(`${id}: no fixture where it fires`);
    if (!mine.some((f) => f.expected.get(id)!.length === 0)) missing.push(`${id}: no fixture where it must not fire`);
  }
  assert.deepEqual(missing, []);
});

test('every fixture directory names a registered rule', () => {
  const unknown = [...new Set(fixtures.map((f) => f.rule))].filter((id) => !RULES_BY_ID.has(id));
  assert.deepEqual(unknown, []);
});

describe('documented examples', async () => {
  await initParser();
  for (const rule of RULES) {
    const { id, docs } = rule.meta;
    // A binary file cannot be written as an example.
    if (id === 'invalid-input') continue;
    test(`${id}: the bad example is flagged`, () => {
      const findings = lintWithHistory(docs.badExample, exampleSettings(rule, docs.badExample), historyOf(docs.badExample)).findings;
      assert.ok(
        ofRule(findings, id).length > 0,
        `${id} does not fire on its bad example (give it a "-- settings: {...}" line if it needs settings):\n${docs.badExample}\n${describeFindings(docs.badExample, findings)}`,
      );
    });
    if (docs.goodExample !== undefined) {
      const good = docs.goodExample;
      test(`${id}: the good example is not`, () => {
        const findings = lintWithHistory(good, exampleSettings(rule, good), historyOf(good)).findings;
        assert.deepEqual(ofRule(findings, id), [], `${id} fires on its good example:\n${good}`);
        assert.deepEqual(ofRule(findings, 'syntax-error'), [], `the good example of ${id} does not parse`);
      });
    }
  }
});

/**
 * Settings an example is read with: the defaults, with the rule on even when it is opt-in, a
 * PostgreSQL version the rule applies to, and whatever a `-- settings: {...}` line in it asks for.
 */
function exampleSettings(rule: (typeof RULES)[number], example: string): Settings {
  const line = /^[ \t]*--[ \t]*settings:[ \t]*([^\r\n]*)/m.exec(example);
  const settings = readConfig(line ? line[1] : '{}', new Set(RULES_BY_ID.keys())).settings;
  const { id, defaultSeverity, pgVersions } = rule.meta;
  if (defaultSeverity === 'off' && settings.rules[id] === undefined) settings.rules[id] = 'warning';
  const min = pgVersions?.min;
  if (!line && min && (settings.postgresVersion.major < min.major || (settings.postgresVersion.major === min.major && settings.postgresVersion.minor < min.minor))) {
    settings.postgresVersion = { ...min };
  }
  return settings;
}
