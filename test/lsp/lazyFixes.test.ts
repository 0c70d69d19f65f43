/**
 * Fixes computed only when asked for: the language server lints for diagnostics without fixes and
 * asks the lint worker for the fixes of the findings in a range when the client asks for code
 * actions (linter.ts lintToOutput / fixesToOutput). These tests compare that path with a plain
 * lint of every fix, through the real code action builder: the same actions (titles, order,
 * preferred, edits, created files) for every rule fixture, every project fixture, random ranges,
 * every finding's own lightbulb, after random edits (stored rule results from lints without fixes
 * must not leak into a lint with fixes), and for the real corpus when SAFESHIFT_CORPUS is set.
 * The diagnostics (findings without their fixes) must be the same too.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CodeAction, CodeActionParams } from 'vscode-languageserver/node';
import { defaultSettings, readConfig, type Settings } from '../../server/src/analysis/config/settings';
import { lintText } from '../../server/src/analysis/lint';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { memoryFs } from '../../server/src/analysis/project/fs';
import type { MigrationLintContext } from '../../server/src/analysis/project/types';
import { RULES_BY_ID } from '../../server/src/analysis/rules/registry';
import type { Finding } from '../../server/src/analysis/rules/types';
import { LineIndex, type OffsetRange } from '../../server/src/analysis/text/lineIndex';
import { quickFixes } from '../../server/src/lsp/codeActions';
import { findingToDiagnostic, toRange } from '../../server/src/lsp/convert';
import { fixesToOutput, lintToOutput } from '../../server/src/lsp/linter';
import { ProjectModelCache } from '../../server/src/node/projectFs';
import { pushCapabilities, TestClient, Workspace } from './harness';

const ROOT = resolve(__dirname, '..', '..', '..');
const RULE_FIXTURES = join(ROOT, 'test', 'rules');
const PROJECT_FIXTURES = join(ROOT, 'test', 'projects');

interface Source {
  name: string;
  text: string;
  settings: Settings;
  migration?: MigrationLintContext;
}

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function ruleFixtures(): Source[] {
  const sources: Source[] = [];
  for (const rule of readdirSync(RULE_FIXTURES).sort()) {
    const dir = join(RULE_FIXTURES, rule);
    if (!statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
      const text = readFileSync(join(dir, name), 'utf8');
      const settingsLine = /^[ \t]*--[ \t]*settings:[ \t]*([^\r\n]*)/m.exec(text);
      const settings = readConfig(settingsLine ? settingsLine[1] : '{}', new Set(RULES_BY_ID.keys())).settings;
      const history = [...text.matchAll(/^[ \t]*--[ \t]*before:[ \t]?([^\r\n]*)/gm)].map((m) => m[1]);
      let migration: MigrationLintContext | undefined;
      if (history.length > 0) {
        // As test/rules.test.ts lints it: the second migration of a plain project.
        const file = '/fixture/migrations/0002_fixture.sql';
        const fs = memoryFs({ '/fixture/migrations/0001_before.sql': history.join('\n') + '\n', [file]: text });
        migration = new ProjectModelCache(fs).contextFor(file, text, settings);
      }
      sources.push({ name: `${rule}/${name}`, text, settings, migration });
    }
  }
  return sources;
}

function sqlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sqlFiles(path));
    else if (entry.name.endsWith('.sql')) out.push(path);
  }
  return out.sort();
}

/** Files of real migration projects, linted with their project context (so fixes create migrations). */
function projectFiles(dir: string, limit = Infinity): Source[] {
  const cache = new ProjectModelCache();
  const settings = defaultSettings();
  return sqlFiles(dir)
    .slice(0, limit)
    .map((path) => {
      const text = readFileSync(path, 'utf8');
      return { name: path, text, settings, migration: cache.contextFor(path, text, settings) };
    });
}

const URI = 'file:///lazy-fixes/test.sql';

function actions(findings: readonly Finding[], lineIndex: LineIndex, range: OffsetRange, diagnostics: CodeActionParams['context']['diagnostics'], documentChanges: boolean) {
  return quickFixes({
    uri: URI,
    version: 3,
    findings,
    lineIndex,
    params: { textDocument: { uri: URI }, range: toRange(lineIndex, range), context: { diagnostics } },
    documentChanges,
    fileOperations: documentChanges ? { create: true, annotations: true } : undefined,
  });
}

/** The findings as diagnostics carry them: everything but the fixes. */
function withoutFixes(findings: readonly Finding[]) {
  return findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, range: { start: f.range.start, end: f.range.end }, statementIndex: f.statementIndex }));
}

interface Tally {
  compared: number;
  withActions: number;
  multiFile: number;
}

/**
 * Lints `source` the way the server does (no fixes, the thread's cached parse) and compares the
 * code actions of each range with those of a plain lint of every fix.
 */
function compareSource(key: string, source: Source, ranges: OffsetRange[], tally: Tally, lightbulbs?: (findings: Finding[]) => Finding[]): void {
  const eager = lintText(source.text, source.settings, source.migration).findings;
  const diagnostics = lintToOutput(key, source.text, source.settings, source.migration);
  assert.deepEqual(withoutFixes(diagnostics.findings), withoutFixes(eager), `${source.name}: diagnostics differ`);
  assert.ok(diagnostics.findings.every((f) => f.fixes.length === 0), `${source.name}: diagnostics carry fixes`);
  const lineIndex = new LineIndex(source.text);
  // Each finding's own lightbulb (the client names its diagnostic), then the given ranges (none named).
  const asks: Array<{ range: OffsetRange; named: Finding[] }> = [
    ...(lightbulbs ? lightbulbs(eager) : eager).map((finding) => ({ range: finding.range, named: [finding] })),
    ...ranges.map((range) => ({ range, named: [] })),
  ];
  for (const { range, named } of asks) {
    const lazy = fixesToOutput(key, source.text, source.settings, range, source.migration).fixes;
    const asked = named.map((f) => findingToDiagnostic(lineIndex, f));
    for (const documentChanges of [true, false]) {
      const expected = actions(eager, lineIndex, range, asked, documentChanges);
      const got = actions(lazy, lineIndex, range, asked, documentChanges);
      assert.deepEqual(got, expected, `${source.name}: code actions at ${range.start}-${range.end} differ`);
      tally.compared++;
      if (expected.length > 0) tally.withActions++;
      if (expected.some((a) => a.edit?.documentChanges?.some((c) => 'kind' in c && c.kind === 'create'))) tally.multiFile++;
    }
  }
}

function randomRanges(text: string, random: () => number, count: number): OffsetRange[] {
  const ranges: OffsetRange[] = [{ start: 0, end: text.length }];
  for (let i = 0; i < count; i++) {
    const start = Math.floor(random() * (text.length + 1));
    const end = random() < 0.5 ? start : Math.min(text.length, start + Math.floor(random() * 200));
    ranges.push({ start, end });
  }
  return ranges;
}

describe('fixes computed only when asked for', () => {
  before(async () => {
    await initParser();
  });

  it('gives the same code actions as a lint of every fix, for every rule fixture and random ranges', () => {
    const random = prng(11);
    const tally: Tally = { compared: 0, withActions: 0, multiFile: 0 };
    const sources = ruleFixtures();
    assert.ok(sources.length > 300, `rule fixtures found: ${sources.length}`);
    sources.forEach((source, i) => compareSource(`rule-fixture-${i}`, source, randomRanges(source.text, random, 4), tally));
    assert.ok(tally.withActions > 500, `comparisons with actions: ${tally.withActions} of ${tally.compared}`);
  });

  it('gives the same code actions for every file of the project fixtures (fixes that create migrations included)', () => {
    const random = prng(12);
    const tally: Tally = { compared: 0, withActions: 0, multiFile: 0 };
    const sources = projectFiles(PROJECT_FIXTURES);
    assert.ok(sources.length > 50, `project fixture files: ${sources.length}`);
    sources.forEach((source, i) => compareSource(`project-fixture-${i}`, source, randomRanges(source.text, random, 4), tally));
    assert.ok(tally.withActions > 50, `comparisons with actions: ${tally.withActions}`);
    assert.ok(tally.multiFile > 0, 'some compared action creates migration files');
  });

  it('gives the same code actions after random edits (results stored without fixes are not reused for fixes)', () => {
    const random = prng(13);
    const tally: Tally = { compared: 0, withActions: 0, multiFile: 0 };
    const pieces = ruleFixtures()
      .filter((s) => !s.migration)
      .slice(0, 120)
      .map((s) => s.text.replace(/^[ \t]*--[ \t]*(settings|expect):[^\n]*\n/gm, ''));
    let text = pieces.join('\n');
    const fragments = ['x', ';', '\n', ' NOT NULL', 'CREATE INDEX i ON t (a);\n', 'ALTER TABLE t ADD COLUMN c int NOT NULL;\n', '-- safeshift-ignore require-concurrent-index-creation\n', 'BEGIN;\n', 'COMMIT;\n', "'"];
    const settings = defaultSettings();
    for (let step = 0; step < 40; step++) {
      const at = Math.floor(random() * (text.length + 1));
      const removed = random() < 0.3 ? Math.floor(random() * 40) : 0;
      text = text.slice(0, at) + fragments[Math.floor(random() * fragments.length)] + text.slice(at + removed);
      // The same key throughout: each lint starts from the previous one's parse and stored results.
      const sample = (findings: Finding[]) => findings.filter(() => random() < 12 / findings.length);
      compareSource('edited', { name: `edit ${step}`, text, settings }, randomRanges(text, random, 3), tally, sample);
    }
    assert.ok(tally.withActions > 200, `comparisons with actions: ${tally.withActions}`);
  });

  for (const inline of [false, true]) {
    it(`answers code actions through the server as an eager lint would (${inline ? 'inline' : 'lint worker'})`, async () => {
      const workspace = new Workspace();
      if (inline) process.env.SAFESHIFT_LINT_INLINE = '1';
      const client = await TestClient.start({ capabilities: pushCapabilities({ documentChanges: true }) }).finally(() => delete process.env.SAFESHIFT_LINT_INLINE);
      try {
        const text = ruleFixtures()
          .filter((s) => !s.migration && /^(adding|ban-drop|require-concurrent|constraint|changing|renaming)/.test(s.name))
          .map((s) => s.text.replace(/^[ \t]*--[ \t]*(settings|expect):[^\n]*\n/gm, ''))
          .join('\n');
        const uri = workspace.uri('lazy.sql');
        const published = await client.diagnostics(uri, () => true, client.open(uri, text));
        const lineIndex = new LineIndex(text);
        const eager = lintText(text, defaultSettings()).findings;
        assert.deepEqual(published.diagnostics, eager.map((f) => findingToDiagnostic(lineIndex, f)));
        const random = prng(15);
        const asks = [
          ...eager.filter(() => random() < 40 / eager.length).map((f) => ({ range: f.range, named: [f] })),
          ...randomRanges(text, random, 10).map((range) => ({ range, named: [] as Finding[] })),
        ];
        // The same range again: answered from the server's memo of the last request.
        asks.push(asks[0], asks[1]);
        let withActions = 0;
        for (const { range, named } of asks) {
          const diagnostics = named.map((f) => findingToDiagnostic(lineIndex, f));
          const got = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: toRange(lineIndex, range), context: { diagnostics } });
          const expected = quickFixes({
            uri,
            version: 1,
            findings: eager,
            lineIndex,
            params: { textDocument: { uri }, range: toRange(lineIndex, range), context: { diagnostics } },
            documentChanges: true,
            fileOperations: { create: false, annotations: false },
          });
          assert.deepEqual(got, expected, `code actions at ${range.start}-${range.end}`);
          if (expected.length > 0) withActions++;
        }
        assert.ok(withActions > 20, `requests with actions: ${withActions}`);
      } finally {
        await client.stop();
        workspace.dispose();
      }
    });
  }

  const corpus = process.env.SAFESHIFT_CORPUS;
  it('gives the same code actions over the real corpus (SAFESHIFT_CORPUS)', { skip: corpus && existsSync(corpus) ? false : 'SAFESHIFT_CORPUS is not set' }, () => {
    const random = prng(14);
    const tally: Tally = { compared: 0, withActions: 0, multiFile: 0 };
    const limit = Number(process.env.SAFESHIFT_CORPUS_LIMIT ?? Infinity);
    const sources = projectFiles(corpus!, limit);
    // A few lightbulbs per file: each is a lint.
    const sample = (findings: Finding[]) => findings.filter(() => random() < 3 / findings.length);
    sources.forEach((source, i) => compareSource(`corpus-${i}`, source, randomRanges(source.text, random, 2), tally, sample));
    assert.ok(tally.withActions > 0);
    console.log(`corpus: ${sources.length} files, ${tally.compared} comparisons, ${tally.withActions} with actions, ${tally.multiFile} creating migrations`);
  });
});
