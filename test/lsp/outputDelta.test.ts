/**
 * The lint worker answers an edit with the changes since the output the protocol thread holds
 * (outputDelta.ts). The protocol thread must end up with exactly the worker's output: checked
 * through the real LintRunner and worker over random edits (against a lint on this thread), and
 * for the delta functions themselves, which must also keep a one-character edit's delta small.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultSettings } from '../../server/src/analysis/config/settings';
import { parseDocument } from '../../server/src/analysis/parse/parseDocument';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { LintRunner, lintToOutput, type LintOutput } from '../../server/src/lsp/linter';
import { applyArrayDelta, diffArrays, sameFinding, sameLockInfo, shiftFinding, shiftLockInfo, type Shift } from '../../server/src/lsp/outputDelta';

const RULE_FIXTURES = join(resolve(__dirname, '..', '..', '..'), 'test', 'rules');

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A long file of real statements: the rule fixtures, headers dropped. */
function bigText(): string {
  const pieces: string[] = [];
  for (const rule of readdirSync(RULE_FIXTURES).sort()) {
    const dir = join(RULE_FIXTURES, rule);
    if (!statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
      const text = readFileSync(join(dir, name), 'utf8');
      if (/--[ \t]*(before|settings):/.test(text)) continue;
      pieces.push(text.replace(/^[ \t]*--[ \t]*expect:[^\n]*\n/gm, ''));
    }
  }
  return pieces.slice(0, 150).join('\n');
}

const FRAGMENTS = ['x', ';', '\n', ' NOT NULL', 'CREATE INDEX i ON t (a);\n', 'BEGIN;\n', 'COMMIT;\n', "'", '-- safeshift-ignore ban-drop-table\n', ''];

function edit(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const removed = random() < 0.3 ? Math.floor(random() * 30) : 0;
  return text.slice(0, at) + FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] + text.slice(at + removed);
}

/** A letter typed after a random identifier character, as a user types a name. */
function typed(text: string, random: () => number): string {
  for (;;) {
    const at = 1 + Math.floor(random() * text.length);
    if (/[a-z_]/.test(text[at - 1])) return text.slice(0, at) + 'q' + text.slice(at);
  }
}

describe('lint output deltas', () => {
  before(async () => {
    await initParser();
  });

  it('rebuild exactly the next output, and a typed letter sends few findings', () => {
    const random = prng(21);
    const settings = defaultSettings();
    let text = bigText();
    let previous = lintToOutput('delta-a', text, settings);
    let statements = parseDocument(text).statements.length;
    assert.ok(previous.findings.length > 200, `findings: ${previous.findings.length}`);
    let sent = 0;
    let total = 0;
    for (let step = 0; step < 80; step++) {
      const letter = step % 2 === 0;
      const next = letter ? typed(text, random) : edit(text, random);
      const output = lintToOutput('delta-a', next, settings);
      // The shift is only a guess the equality checks confirm: a wrong one costs size, never correctness.
      const count = parseDocument(next).statements.length;
      const shift: Shift = { offset: next.length - text.length, index: count - statements };
      const findings = diffArrays(previous.findings, output.findings, sameFinding, shift);
      const locks = diffArrays(previous.statements, output.statements, sameLockInfo, shift);
      const rebuilt: LintOutput = {
        findings: applyArrayDelta(previous.findings, findings, (f) => shiftFinding(f, shift)),
        statements: applyArrayDelta(previous.statements, locks, (s) => shiftLockInfo(s, shift)),
      };
      assert.deepEqual(rebuilt, { findings: output.findings, statements: output.statements }, `step ${step}`);
      if (letter) {
        sent += findings.middle.length;
        total += output.findings.length;
      }
      text = next;
      statements = count;
      previous = output;
    }
    assert.ok(sent < total / 10, `findings sent after typed letters: ${sent} of ${total}`);
  });

  it('leave the protocol thread with exactly the worker output over random edits (real LintRunner and worker)', async () => {
    const random = prng(22);
    const settings = defaultSettings();
    const runner = new LintRunner({ timeoutMs: 60_000, abandonAfterMs: 60_000, log: () => undefined });
    try {
      let text = bigText();
      for (let step = 0; step < 40; step++) {
        if (step > 0) text = edit(text, random);
        // Now and then a document closes and reopens: the next output is whole again.
        if (step === 20) runner.forget('file:///delta.sql');
        const outcome = await runner.lint('file:///delta.sql', text, settings);
        assert.equal(outcome.kind, 'done', JSON.stringify(outcome));
        const expected = lintToOutput('delta-b', text, settings);
        assert.deepEqual(outcome.kind === 'done' ? outcome.output : undefined, expected, `step ${step}`);
      }
    } finally {
      runner.dispose();
    }
  });
});
