/**
 * The language server's settings layers as plain function calls: the editor's "safeshift" section
 * as VS Code and other clients send it, and safeshift.json winning key by key.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings } from '../../server/src/analysis/config/settings';
import { readConfigText } from '../../server/src/node/settingsLoader';
import { effectiveSettings, emptyEditorSettings, isConfigPath, parseEditorSettings, uriToPath } from '../../server/src/lsp/settings';

describe('editor settings', () => {
  it('reads VS Code\'s section with its defaults (empty version, trace object)', () => {
    const parsed = parseEditorSettings({ enable: true, postgresVersion: '', assumeInTransaction: false, rules: {}, trace: { server: 'verbose' } });
    assert.deepEqual(parsed, { assumeInTransaction: false, rules: {}, trace: 'verbose', sandbox: {} });
  });

  it('keeps valid values and drops malformed ones', () => {
    const parsed = parseEditorSettings({ postgresVersion: 14.2, assumeInTransaction: 'yes', rules: { a: 'error', b: 'loud', c: 3 }, trace: 'messages' });
    assert.deepEqual(parsed.postgresVersion, { major: 14, minor: 2 });
    assert.equal(parsed.assumeInTransaction, undefined);
    assert.deepEqual(parsed.rules, { a: 'error' });
    assert.equal(parsed.trace, 'messages');
    for (const junk of [null, undefined, 'x', 42, [], { rules: [] }, { postgresVersion: '99' }]) {
      assert.deepEqual(parseEditorSettings(junk), emptyEditorSettings());
    }
  });
});

describe('merging safeshift.json over the editor over the defaults', () => {
  const editor = parseEditorSettings({ postgresVersion: '12', assumeInTransaction: true, rules: { 'require-lock-timeout': 'off', 'ban-drop-table': 'error' } });

  it('uses the editor where there is no config file', () => {
    const merged = effectiveSettings({ settings: defaultSettings(), problems: [] }, editor);
    assert.deepEqual(merged.postgresVersion, { major: 12, minor: 0 });
    assert.equal(merged.assumeInTransaction, true);
    assert.deepEqual(merged.rules, { 'require-lock-timeout': 'off', 'ban-drop-table': 'error' });
  });

  it('lets each valid key of safeshift.json win, and merges rules per rule', () => {
    const loaded = readConfigText('/p/safeshift.json', '{ "postgresVersion": "15", "assumeInTransaction": false, "rules": { "ban-drop-table": "info" } }');
    const merged = effectiveSettings(loaded, editor);
    assert.deepEqual(merged.postgresVersion, { major: 15, minor: 0 });
    assert.equal(merged.assumeInTransaction, false);
    assert.deepEqual(merged.rules, { 'require-lock-timeout': 'off', 'ban-drop-table': 'info' });
  });

  it('lets the editor fill in what a broken or partial config file leaves out', () => {
    const invalid = readConfigText('/p/safeshift.json', '{ "postgresVersion": "sixteen" }');
    assert.ok(invalid.problems.length > 0);
    assert.deepEqual(effectiveSettings(invalid, editor).postgresVersion, { major: 12, minor: 0 });
    const broken = readConfigText('/p/safeshift.json', '{ "postgresVersion": 15, ');
    assert.deepEqual(effectiveSettings(broken, editor).postgresVersion, { major: 12, minor: 0 });
    assert.deepEqual(effectiveSettings(broken, emptyEditorSettings()), defaultSettings());
  });
});

describe('paths', () => {
  it('maps file URIs to paths and recognises config files', () => {
    assert.equal(uriToPath('untitled:Untitled-1'), undefined);
    assert.equal(uriToPath('file:///tmp/a%20b/x.sql'), '/tmp/a b/x.sql');
    assert.ok(isConfigPath('/tmp/safeshift.json'));
    assert.ok(!isConfigPath('/tmp/safeshift.json.bak'));
    assert.ok(!isConfigPath(undefined));
  });
});
