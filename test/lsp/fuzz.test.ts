/**
 * A seeded protocol fuzz: random edits (ranges out of bounds included), random SQL fragments and
 * odd characters, and random hover / code action / status / pull requests, interleaved without
 * waiting. The server must answer everything, stay alive, log no uncaught exception, and end with
 * diagnostics that match the final text.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TextEdit } from 'vscode-languageserver-protocol';
import { codes, pullCapabilities, pushCapabilities, RISKY_INDEX, TestClient, Workspace } from './harness';

const FRAGMENTS = [
  'CREATE INDEX i ON t (a);', 'ALTER TABLE t ADD COLUMN c int NOT NULL;', 'DROP TABLE t;', 'BEGIN;', 'COMMIT;', ';', '(', ')', "'", '$$', '$x$',
  '/*', '*/', '--', '-- safeshift-ignore require-lock-timeout', '\n', '\r\n', '\r', '\t', '\u0000', '\ud83d\ude00', '\ud800', 'é', '\u2028',
  'SET lock_timeout = 1;', 'CREATE INDEX CONCURRENTLY j ON t (b);', '\\set x 1', '${placeholder}', '{{ .Env }}', 'SELECT',
];

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

for (const mode of ['push', 'pull'] as const) {
  describe(`protocol fuzz (${mode})`, () => {
    it('survives 300 random operations and ends consistent', async () => {
      const workspace = new Workspace();
      const client = await TestClient.start({ capabilities: mode === 'pull' ? pullCapabilities() : pushCapabilities({ documentChanges: true }) });
      const random = prng(mode === 'pull' ? 7 : 42);
      const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
      const position = () => ({ line: Math.floor(random() * 12) - 1, character: Math.floor(random() * 60) - 2 });
      try {
        const uri = workspace.uri('fuzz.sql');
        client.open(uri, RISKY_INDEX);
        const pending: Array<Promise<unknown>> = [];
        for (let step = 0; step < 300; step++) {
          const roll = random();
          if (roll < 0.55) {
            const start = position();
            const end = random() < 0.7 ? start : position();
            const edit: TextEdit = { range: { start, end }, newText: pick(FRAGMENTS) };
            // Out-of-range positions are sent raw, as a buggy client would.
            client.sendChanges(uri, [{ range: edit.range, text: edit.newText }]);
          } else if (roll < 0.7) {
            pending.push(client.request('textDocument/hover', { textDocument: { uri }, position: position() }));
          } else if (roll < 0.85) {
            pending.push(client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: position(), end: position() }, context: { diagnostics: [] } }));
          } else if (roll < 0.93) {
            pending.push(client.request('safeshift/status', { uri }));
          } else if (mode === 'pull') {
            pending.push(client.request('textDocument/diagnostic', { textDocument: { uri } }).catch((error: { code?: number }) => {
              // A pull overtaken by an edit may be cancelled with a retrigger; nothing else.
              assert.equal(error.code, -32802);
            }));
          }
        }
        const answers = await Promise.all(pending);
        assert.equal(answers.length, pending.length);
        assert.ok(client.alive);
        const uncaught = client.errorLogs().filter((line) => /uncaught|unhandled/i.test(line));
        assert.deepEqual(uncaught, []);

        // Settle on a known text: the diagnostics follow it.
        const final = client.change(uri, RISKY_INDEX);
        if (mode === 'push') {
          const published = await client.diagnostics(uri, (p) => p.version === final, 0, 15000);
          assert.ok(codes(published.diagnostics).includes('require-concurrent-index-creation'));
        } else {
          const report = await client.request<{ items: Array<{ code?: unknown }> }>('textDocument/diagnostic', { textDocument: { uri } });
          assert.ok(report.items.some((d) => d.code === 'require-concurrent-index-creation'));
        }
      } finally {
        await client.stop();
        workspace.dispose();
      }
    });
  });
}
