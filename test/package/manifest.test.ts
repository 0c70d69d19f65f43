/**
 * package.json as an extension manifest: what it contributes exists, is wired to the client, and
 * agrees with what the server reads.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parsePgVersion, SANDBOX_SETTING_KEYS } from '../../server/src/analysis/config/settings';
import { SERVER_SANDBOX_COMMANDS } from '../../server/src/lsp/sandboxProtocol';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;
const clientSource = readFileSync(join(root, 'client/src/extension.ts'), 'utf8');
const settings = contributes.configuration.properties as Record<string, Record<string, unknown>>;

describe('the extension manifest', () => {
  it('identifies the extension and its entry point', () => {
    assert.equal(manifest.name, 'safeshift');
    assert.equal(manifest.displayName, 'Safeshift');
    assert.equal(manifest.main, './dist/client.js');
    assert.equal(manifest.engines.vscode, '^1.91.0');
    assert.ok(manifest.license && manifest.repository, 'vsce needs a license and a repository');
    assert.ok(existsSync(join(root, 'LICENSE')));
  });

  it('activates on SQL files and on workspaces with a safeshift.json, never on startup', () => {
    assert.ok(manifest.activationEvents.includes('onLanguage:sql'));
    assert.ok(manifest.activationEvents.includes('workspaceContains:**/safeshift.json'));
    assert.ok(!manifest.activationEvents.some((event: string) => event === '*' || event === 'onStartupFinished'));
  });

  it('runs in Restricted Mode (it only reads files) and not in virtual workspaces (it needs the disk)', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
    for (const selector of ['file', 'untitled']) assert.match(clientSource, new RegExp(`scheme: '${selector}'`));
  });

  it('does not redefine the sql language', () => {
    const languages = (contributes.languages ?? []) as Array<{ id: string }>;
    assert.ok(!languages.some((language) => language.id === 'sql'));
    assert.ok(languages.some((language) => language.id === 'jsonc'), 'safeshift.json allows comments, so it is JSON with comments');
  });

  it('registers in the client every command it contributes, and no other', () => {
    const contributed = (contributes.commands as Array<{ command: string; title: string; category: string }>).map((c) => c.command).sort();
    // The server's commands (workspace/executeCommand) are registered by the language client.
    const registered = [...[...clientSource.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]), ...SERVER_SANDBOX_COMMANDS].sort();
    assert.deepEqual(registered, contributed);
    for (const command of contributes.commands) assert.equal(command.category, 'Safeshift');
    const titles = contributes.commands.map((c: { category: string; title: string }) => `${c.category}: ${c.title}`);
    assert.ok(titles.includes('Safeshift: Restart Server'));
    assert.ok(titles.includes('Safeshift: Show Output'));
  });

  it('hides the commands that run migrations in Restricted Mode, and ignores workspace values of the settings that choose where they run', () => {
    const palette = contributes.menus.commandPalette as Array<{ command: string; when?: string }>;
    for (const command of SERVER_SANDBOX_COMMANDS) {
      assert.match(palette.find((entry) => entry.command === command)?.when ?? '', /\bisWorkspaceTrusted\b/, command);
    }
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations as string[];
    for (const key of ['url', 'containerCommand', 'image', 'seed']) assert.ok(restricted.includes(`safeshift.sandbox.${key}`), key);
  });

  it('points at a grammar injected into source.sql, with the scope name the grammar declares', () => {
    assert.equal(contributes.grammars.length, 1);
    const [grammar] = contributes.grammars;
    const file = JSON.parse(readFileSync(join(root, grammar.path), 'utf8'));
    assert.deepEqual(grammar.injectTo, ['source.sql']);
    assert.equal(file.scopeName, grammar.scopeName);
    assert.match(file.injectionSelector, /source\.sql/);
    assert.equal(grammar.language, undefined, 'an injection grammar has no language of its own');
  });

  it('validates safeshift.json with the shipped schema', () => {
    assert.deepEqual(contributes.jsonValidation, [{ fileMatch: 'safeshift.json', url: './schemas/safeshift.schema.json' }]);
    assert.ok(existsSync(join(root, 'schemas/safeshift.schema.json')));
  });

  it('describes every setting, under safeshift.*', () => {
    const keys = Object.keys(settings).sort();
    const sandboxKeys = SANDBOX_SETTING_KEYS.map((k) => `safeshift.sandbox.${k}`);
    assert.deepEqual(keys, ['safeshift.assumeInTransaction', 'safeshift.enable', 'safeshift.postgresVersion', 'safeshift.rules', ...sandboxKeys, 'safeshift.trace.server'].sort());
    for (const [key, setting] of Object.entries(settings)) {
      assert.ok(typeof setting.markdownDescription === 'string' || typeof setting.description === 'string', `${key} has a description`);
      assert.ok('default' in setting, `${key} has a default`);
      assert.ok(setting.scope, `${key} has a scope`);
    }
    assert.deepEqual(settings['safeshift.trace.server'].enum, ['off', 'messages', 'compact', 'verbose']);
    assert.equal((settings['safeshift.trace.server'].enumDescriptions as string[]).length, 4);
  });

  it('accepts the same safeshift.postgresVersion values the server does', () => {
    const pattern = new RegExp(settings['safeshift.postgresVersion'].pattern as string);
    for (const value of ['', '16', '9', '14.2', '30', ' 15 ', '09', '8', '31', '16.x', 'abc', '1.2.3', '16.1234']) {
      const server = value === '' || parsePgVersion(value) !== undefined;
      assert.equal(pattern.test(value), server, `"${value}"`);
    }
  });

  it('uses the client id safeshift, so safeshift.trace.server reaches the language client', () => {
    assert.match(clientSource, /const CLIENT_ID = 'safeshift'/);
    assert.match(clientSource, /configurationSection: 'safeshift'/);
  });
});
