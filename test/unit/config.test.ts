import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findConfigFile, parsePgVersion, readConfig } from '../../server/src/analysis/config/settings';

const known = new Set(['require-lock-timeout', 'ban-drop-table']);

test('reads every setting', () => {
  const { settings, problems } = readConfig(
    `{
      // comments are allowed
      "postgresVersion": "14.2",
      "rules": { "require-lock-timeout": "off", "ban-drop-table": "error" },
      "assumeInTransaction": true,
      "exclude": ["legacy/**"],
      "placeholders": { "schema": "app" },
      "maxFileSizeKb": 512,
    }`,
    known,
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(settings.postgresVersion, { major: 14, minor: 2 });
  assert.deepEqual(settings.rules, { 'require-lock-timeout': 'off', 'ban-drop-table': 'error' });
  assert.equal(settings.assumeInTransaction, true);
  assert.deepEqual(settings.exclude, ['legacy/**']);
  assert.deepEqual(settings.placeholders, { schema: 'app' });
  assert.equal(settings.maxFileSizeKb, 512);
});

test('broken JSON: one error with a position, and the defaults', () => {
  const text = '{ "postgresVersion": 15,, }';
  const { settings, problems } = readConfig(text, known);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].severity, 'error');
  assert.equal(settings.postgresVersion.major, 16);
});

test('bad values are pointed at precisely and skipped', () => {
  const text = '{ "postgresVersion": "sixteen", "rules": { "no-such-rule": "error", "ban-drop-table": "loud" }, "colour": 1 }';
  const { settings, problems } = readConfig(text, known);
  const at = (p: { range: { start: number; end: number } }) => text.slice(p.range.start, p.range.end);
  assert.deepEqual(problems.map(at).sort(), ['"colour"', '"loud"', '"no-such-rule"', '"sixteen"'].sort());
  assert.equal(settings.postgresVersion.major, 16);
  assert.deepEqual(settings.rules, {});
});

test('PostgreSQL versions', () => {
  assert.deepEqual(parsePgVersion(11), { major: 11, minor: 0 });
  assert.deepEqual(parsePgVersion('14.3'), { major: 14, minor: 3 });
  assert.equal(parsePgVersion('banana'), undefined);
  assert.equal(parsePgVersion(3), undefined);
});

test('finds the nearest config walking up', () => {
  const present = new Set(['/repo/safeshift.json', '/repo/db/safeshift.json']);
  assert.equal(findConfigFile('/repo/db/migrations', (p) => present.has(p)), '/repo/db/safeshift.json');
  assert.equal(findConfigFile('/repo/src', (p) => present.has(p)), '/repo/safeshift.json');
  assert.equal(findConfigFile('/elsewhere', (p) => present.has(p)), undefined);
});
