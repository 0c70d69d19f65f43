import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readConfig } from '../../server/src/analysis/config/settings';
import { readFlywayConfig } from '../../server/src/analysis/project/detect';
import { readMiniToml, readProperties } from '../../server/src/analysis/project/miniToml';
import { explicitRootsFromSettings } from '../../server/src/analysis/project/project';
import { dirnameOf, joinPath, normalizePath, relativeInside } from '../../server/src/analysis/project/paths';

test('safeshift.json `migrations` is read, resolved, and checked', () => {
  const text = '{ "migrations": [ { "dir": "db/migrations", "tool": "goose" }, { "dir": "sql", "tool": "knex" }, { "tool": "dbmate" }, { "dir": "x", "tool": "sqlx", "extra": 1 } ] }';
  const { settings, problems } = readConfig(text, new Set());
  assert.deepEqual(settings.migrations, [
    { dir: 'db/migrations', tool: 'goose' },
    { dir: 'x', tool: 'sqlx' },
  ]);
  assert.equal(problems.length, 3);
  assert.match(problems[0].message, /"tool" must be one of/);
  assert.equal(text.slice(problems[0].range.start, problems[0].range.end), '"knex"');
  assert.match(problems[1].message, /needs "dir"/);
  assert.match(problems[2].message, /Unknown migrations key "extra"/);
  assert.equal(problems[2].severity, 'warning');
  assert.deepEqual(readConfig('{ "migrations": {} }', new Set()).problems.map((p) => p.message), ['migrations must be an array of { "dir": ..., "tool": ... } objects.']);
  assert.deepEqual(readConfig('{}', new Set()).settings.migrations, []);
  assert.deepEqual(explicitRootsFromSettings(settings.migrations, '/repo'), [
    { dir: '/repo/db/migrations', tool: 'goose' },
    { dir: '/repo/x', tool: 'sqlx' },
  ]);
});

test('the mini TOML reader handles the keys the tools use', () => {
  const table = readMiniToml(`
# comment
databaseType = "PostgreSql"
[flyway]
locations = [
  "filesystem:migrations", # main
  'filesystem:more'
]
mixed = true
[flyway.placeholders]
app_schema = "shop" # trailing
"quoted.key" = 'x#y'
[migrations_directory]
dir = "db/migrations"
run_in_transaction = false
count = 1_000
`);
  assert.deepEqual(table['flyway.locations'], ['filesystem:migrations', 'filesystem:more']);
  assert.equal(table['flyway.mixed'], true);
  assert.equal(table['flyway.placeholders.app_schema'], 'shop');
  assert.equal(table['flyway.placeholders.quoted.key'], 'x#y');
  assert.equal(table['migrations_directory.dir'], 'db/migrations');
  assert.equal(table['migrations_directory.run_in_transaction'], false);
  assert.equal(table['migrations_directory.count'], 1000);
  assert.deepEqual(readProperties('# c\nflyway.url = jdbc:x\nexecuteInTransaction=false\n'), { 'flyway.url': 'jdbc:x', executeInTransaction: 'false' });
});

test('Flyway configuration: locations, transaction settings and placeholders from .conf and .toml', () => {
  const conf = readFlywayConfig('/p/flyway.conf', 'flyway.locations=filesystem:db/sql,classpath:db/migration\nflyway.executeInTransaction=false\nflyway.placeholders.owner=app\n');
  assert.deepEqual(conf.locations, ['db/sql', 'src/main/resources/db/migration']);
  assert.equal(conf.settings.executeInTransaction, false);
  assert.deepEqual(conf.settings.placeholders, { owner: 'app' });
  const toml = readFlywayConfig('/p/flyway.toml', '[flyway]\nmixed = true\n');
  assert.deepEqual(toml.locations, ['migrations', 'src/main/resources/db/migration']);
  assert.equal(toml.settings.mixed, true);
  assert.deepEqual(readFlywayConfig('/p/conf/flyway.conf', '').locations, ['sql', 'src/main/resources/db/migration']);
});

test('path helpers stay in / form', () => {
  assert.equal(joinPath('/a/b', '../c', './d'), '/a/c/d');
  assert.equal(joinPath('/a', '/abs'), '/abs');
  assert.equal(normalizePath('C:/x//y/'), 'C:/x/y');
  assert.equal(dirnameOf('/a'), '/');
  assert.equal(relativeInside('/a/b', '/a/b/c/d.sql'), 'c/d.sql');
  assert.equal(relativeInside('/a/b', '/a/bc/d.sql'), undefined);
});
