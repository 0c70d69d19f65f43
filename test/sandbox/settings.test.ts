/**
 * Sandbox settings: `sandbox` in safeshift.json validated key by key, `safeshift.sandbox.*` from
 * the editor, and safeshift.json winning per key.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSandboxSettings, readConfig } from '../../server/src/analysis/config/settings';
import { readConfigText } from '../../server/src/node/settingsLoader';
import { effectiveSettings, parseEditorSettings } from '../../server/src/lsp/settings';

describe('sandbox settings', () => {
  it('defaults to the embedded engine with no data and rollback', () => {
    const { settings, problems } = readConfig('{}', new Set());
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.sandbox, defaultSandboxSettings());
    assert.equal(settings.sandbox.engine, 'embedded');
  });

  it('reads every key and reports each broken value at its place', () => {
    const text = JSON.stringify({
      sandbox: { engine: 'url', seed: 'db/seed.sql', syntheticRows: 100, keep: true, image: 'pg:x', containerCommand: 'podman', url: 'postgres://localhost/x', allowRemote: true, postgresVersion: 17 },
    });
    const { settings, problems } = readConfig(text, new Set());
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.sandbox, {
      engine: 'url', seed: 'db/seed.sql', syntheticRows: 100, keep: true, image: 'pg:x', containerCommand: 'podman', url: 'postgres://localhost/x', allowRemote: true, postgresVersion: '17',
    });
    const broken = '{ "sandbox": { "engine": "docker", "syntheticRows": -3, "keep": "yes", "colour": 1 } }';
    const read = readConfig(broken, new Set());
    assert.deepEqual(read.settings.sandbox, defaultSandboxSettings());
    const messages = read.problems.map((p) => p.message);
    assert.ok(messages.some((m) => m.includes('sandbox.engine must be one of "embedded", "container", "url"')), messages.join('\n'));
    assert.ok(messages.some((m) => m.includes('sandbox.syntheticRows')));
    assert.ok(messages.some((m) => m.includes('sandbox.keep must be true or false')));
    assert.ok(messages.some((m) => m.includes('Unknown sandbox setting "colour"')));
    const engineProblem = read.problems.find((p) => p.message.includes('sandbox.engine'))!;
    assert.equal(broken.slice(engineProblem.range.start, engineProblem.range.end), '"docker"');
  });

  it('takes the editor\'s safeshift.sandbox.* and lets safeshift.json win per key', () => {
    const editor = parseEditorSettings({ sandbox: { engine: 'container', syntheticRows: 5, url: '', image: 'bad'.repeat(0), keep: 'no' } });
    assert.deepEqual(editor.sandbox, { engine: 'container', syntheticRows: 5 });
    const loaded = readConfigText('/p/safeshift.json', '{ "sandbox": { "engine": "embedded" } }');
    const merged = effectiveSettings(loaded, editor);
    assert.equal(merged.sandbox.engine, 'embedded');
    assert.equal(merged.sandbox.syntheticRows, 5);
    assert.equal(merged.sandbox.keep, false);
  });
});
