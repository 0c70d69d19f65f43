/**
 * The schema replayed from a project's history reaches the rules: through ProjectModelCache (as the
 * language server's lint worker uses it) and through the CLI's `check`. The cache replays each
 * migration once; editing the newest migration replays nothing, editing an earlier one replays
 * from it on.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSettings } from '../../server/src/analysis/config/settings';
import { lintText } from '../../server/src/analysis/lint';
import { initParser } from '../../server/src/analysis/parse/pgParser';
import { memoryFs } from '../../server/src/analysis/project/fs';
import { ProjectModelCache, toModelPath } from '../../server/src/node/projectFs';
import { SchemaHistory } from '../../server/src/analysis/project/schemaHistory';
import { parseJson, project, removeProject, run } from '../cli/helpers';

before(() => initParser());

const settings = defaultSettings();

function plainProject(count: number, last: string): Record<string, string> {
  const files: Record<string, string> = { 'migrations/0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n' };
  for (let i = 2; i < count; i++) files[`migrations/${String(i).padStart(4, '0')}_step.sql`] = `ALTER TABLE users ADD COLUMN c${i} int;\n`;
  files[`migrations/${String(count).padStart(4, '0')}_last.sql`] = last;
  return files;
}

describe('the CLI check is project-aware', () => {
  let dir: string;
  before(() => {
    dir = project({
      ...plainProject(4, 'ALTER TABLE users ALTER COLUMN emial SET NOT NULL;\nALTER TABLE users DROP COLUMN c2;\n'),
      'scratch/alone.sql': 'ALTER TABLE users ALTER COLUMN emial SET NOT NULL;\n',
    });
  });
  after(() => removeProject(dir));

  test('reports unknown-column with a did-you-mean in a migration, and nothing in a lone file', () => {
    const result = run(['check', '.', '--format', 'json'], { cwd: dir });
    const output = parseJson(result.stdout);
    const last = output.files.find((f) => f.path === 'migrations/0004_last.sql');
    assert.ok(last, `no report for the last migration: ${result.stdout}`);
    const unknown = last.diagnostics.filter((d) => d.rule === 'unknown-column');
    assert.equal(unknown.length, 1, JSON.stringify(last.diagnostics, null, 1));
    assert.equal(unknown[0].severity, 'error');
    assert.equal(unknown[0].line, 1);
    assert.match(unknown[0].message, /column "emial" of relation "users" does not exist as of this migration; did you mean "email"\?/);
    // c2 was added by an earlier migration: dropping it is known to be fine for this rule.
    assert.ok(!last.diagnostics.some((d) => d.rule === 'unknown-column' && d.line === 2));
    assert.equal(result.status, 1, 'an error finding makes the check fail');
    const alone = output.files.find((f) => f.path === 'scratch/alone.sql');
    assert.ok(alone && !alone.diagnostics.some((d) => d.rule === 'unknown-column'), 'a file outside the project has no history to check against');
  });
});

describe('ProjectModelCache keeps the replayed schema', () => {
  let dir: string;
  let newest: string;
  before(() => {
    dir = project(plainProject(30, 'ALTER TABLE users ADD COLUMN name text;\n'));
    newest = join(dir, 'migrations/0030_last.sql');
  });
  after(() => removeProject(dir));

  test('the first check replays the history once; edits of the newest migration replay nothing', () => {
    const cache = new ProjectModelCache();
    const first = cache.contextFor(newest, 'ALTER TABLE users ADD COLUMN name text;\n', settings);
    assert.equal(first?.schema?.position, 29);
    assert.equal(cache.replayedMigrations, 29);
    const columns = first!.schema!.catalog.tables.get('public.users')!.columns.map((c) => c.name);
    assert.deepEqual(columns.slice(0, 3), ['id', 'email', 'c2']);
    assert.equal(columns.length, 2 + 28);
    for (const typed of ['ALTER TABLE users ADD COLUMN name text', 'ALTER TABLE users ADD COLUMN nme text;', 'ALTER TABLE users ALTER COLUMN c29 TYPE bigint;']) {
      const context = cache.contextFor(newest, typed, settings);
      assert.ok(context?.schema);
    }
    assert.equal(cache.replayedMigrations, 29, 'edits of the newest migration reuse the cached catalog');
    const findings = lintText('ALTER TABLE users ALTER COLUMN c29 TYPE bigint;\n', settings, cache.contextFor(newest, 'ALTER TABLE users ALTER COLUMN c29 TYPE bigint;\n', settings)).findings;
    const change = findings.find((f) => f.ruleId === 'changing-column-type');
    assert.match(change?.message ?? '', /\(from integer\)/);
  });

  test('a changed earlier migration is replayed from there on, not from the start', () => {
    const cache = new ProjectModelCache(undefined, { recheckMs: 0 });
    cache.contextFor(newest, 'SELECT 1;\n', settings);
    const before = cache.replayedMigrations;
    const changed = join(dir, 'migrations/0025_step.sql');
    writeFileSync(changed, 'ALTER TABLE users ADD COLUMN renamed int;\n');
    // A new modification time even on file systems with coarse timestamps.
    const later = new Date(Date.now() + 5000);
    utimesSync(changed, later, later);
    const context = cache.contextFor(newest, 'SELECT 1;\n', settings);
    assert.ok(context?.schema?.catalog.tables.get('public.users')!.columns.some((c) => c.name === 'renamed'));
    const replayed = cache.replayedMigrations - before;
    assert.ok(replayed >= 5 && replayed <= 29 - 20 + 5, `replayed ${replayed} migrations after a change to the 25th of 29`);
  });

  test('catalogFor points an object at the statement that created it', () => {
    const cache = new ProjectModelCache();
    const found = cache.catalogFor(newest, 'SELECT 1;\n', settings);
    assert.ok(found);
    assert.equal(found.migration.id, '0030_last.sql');
    const users = found.schema.catalog.tables.get('public.users')!;
    const location = found.locate(users.origin!);
    assert.equal(location?.file, toModelPath(join(dir, 'migrations/0001_users.sql')));
    assert.equal(location?.range.start, 0);
    const c5 = users.columns.find((c) => c.name === 'c5')!;
    assert.equal(found.locate(c5.origin!)?.file, toModelPath(join(dir, 'migrations/0005_step.sql')));
  });
});

describe('a migration spans its files', () => {
  const up = '/p/migrations/2024-01-01-000000_create_widgets/up.sql';
  const down = '/p/migrations/2024-01-01-000000_create_widgets/down.sql';
  const files = {
    '/p/diesel.toml': '[print_schema]\nfile = "src/schema.rs"\n',
    '/p/migrations/00000000000000_diesel_initial_setup/up.sql': 'SELECT 1;\n',
    '/p/migrations/00000000000000_diesel_initial_setup/down.sql': 'SELECT 1;\n',
    [up]: 'CREATE TABLE widgets (id bigint PRIMARY KEY, name text);\n',
    [down]: 'ALTER TABLE widgets DROP COLUMN name;\nDROP TABLE widgets;\n',
  };

  test('a down.sql sees the schema after its up.sql, and the tables it created count as new', () => {
    const cache = new ProjectModelCache(memoryFs(files));
    const context = cache.contextFor(down, files[down], settings);
    assert.ok(context?.schema, 'the down file has a replayed schema');
    assert.ok(context.schema.catalog.tables.has('public.widgets'), 'the catalog before down.sql includes what up.sql created');
    assert.deepEqual(context.schema.siblingTables, [{ name: 'widgets' }]);
    const ids = lintText(files[down], settings, context).findings.map((f) => f.ruleId);
    for (const exempt of ['ban-drop-table', 'ban-drop-column', 'unknown-relation', 'unknown-column']) assert.ok(!ids.includes(exempt), `${exempt} fired: ${ids.join(', ')}`);
    // Without the project, the same text is a drop of an existing table.
    assert.ok(lintText(files[down], settings).findings.some((f) => f.ruleId === 'ban-drop-table'));
  });
});

describe('new files', () => {
  test('a migration created after the cache listed its folder still gets its context and schema', () => {
    const dir = project(plainProject(3, 'ALTER TABLE users ADD COLUMN name text;\n'));
    try {
      const cache = new ProjectModelCache();
      assert.ok(cache.contextFor(join(dir, 'migrations/0003_last.sql'), 'SELECT 1;\n', settings)?.schema);
      const added = join(dir, 'migrations/0004_new.sql');
      writeFileSync(added, '');
      const context = cache.contextFor(added, 'ALTER TABLE users ALTER COLUMN emial SET NOT NULL;\n', settings);
      assert.equal(context?.schema?.position, 3);
      const ids = lintText('ALTER TABLE users ALTER COLUMN emial SET NOT NULL;\n', settings, context).findings.map((f) => f.ruleId);
      assert.ok(ids.includes('unknown-column'), ids.join(', '));
    } finally {
      removeProject(dir);
    }
  });
});

describe('robustness', () => {
  test('every rule fixture, replayed as one long history and linted as the newest migration, breaks no rule', () => {
    const root = join(__dirname, '../../../test/rules');
    const texts: string[] = [];
    for (const rule of readdirSync(root).sort()) {
      const dir = join(root, rule);
      if (!statSync(dir).isDirectory()) continue;
      for (const name of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) texts.push(readFileSync(join(dir, name), 'utf8'));
    }
    const files: Record<string, string> = {};
    texts.forEach((text, i) => (files[`/r/migrations/${String(i + 1).padStart(5, '0')}_fixture.sql`] = text));
    const newest = `/r/migrations/${String(texts.length + 1).padStart(5, '0')}_newest.sql`;
    files[newest] = '';
    const cache = new ProjectModelCache(memoryFs(files));
    const crashes: string[] = [];
    for (const text of texts) {
      const context = cache.contextFor(newest, text, settings);
      assert.equal(context?.schema?.position, texts.length);
      for (const finding of lintText(text, settings, context).findings) {
        if (finding.message.startsWith('Internal error')) crashes.push(`${finding.ruleId}: ${finding.message}\n${text.slice(0, 200)}`);
      }
    }
    assert.equal(cache.replayedMigrations, texts.length, 'the history is replayed once for all the edits');
    assert.deepEqual(crashes, []);
  });
});

describe('sections of one file', () => {
  test('a goose down section sees the tables its up section created; statements before the markers change nothing', () => {
    const file = '/g/db/migrations/00002_orders.sql';
    const text = [
      'ALTER TABLE userz ADD COLUMN stray int;',
      '-- +goose Up',
      'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);',
      'CREATE INDEX orders_user_id_idx ON orders (user_id);',
      '-- +goose Down',
      'DROP INDEX orders_user_id_idx;',
      'ALTER TABLE ordrs DROP COLUMN user_id;',
      'DROP TABLE orders;',
      '',
    ].join('\n');
    const files = {
      '/g/go.mod': 'module example.com/app\n\nrequire github.com/pressly/goose/v3 v3.20.0\n',
      '/g/db/migrations/00001_users.sql': '-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- +goose Down\nDROP TABLE users;\n',
      [file]: text,
    };
    const context = new ProjectModelCache(memoryFs(files)).contextFor(file, text, settings);
    assert.equal(context?.tool, 'goose');
    assert.ok(context.schema);
    const findings = lintText(text, settings, context).findings.filter((f) => f.ruleId === 'unknown-relation');
    const lines = findings.map((f) => text.slice(0, f.range.start).split('\n').length);
    // Line 1 is outside every section: goose never runs it, so it cannot fail.
    assert.deepEqual(lines, [7], findings.map((f) => f.message).join('\n'));
    assert.match(findings[0].message, /did you mean "orders"\?/);
  });
});

describe('the replay parse', () => {
  test('the one-call parse of plain sections builds the same catalog as the editor parse, with the same statement starts', () => {
    const root = join(__dirname, '../../../test/rules');
    const files: Record<string, string> = {};
    let i = 0;
    for (const rule of readdirSync(root).sort()) {
      const dir = join(root, rule);
      if (!statSync(dir).isDirectory()) continue;
      for (const name of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) files[`/r/migrations/${String(++i).padStart(5, '0')}_fixture.sql`] = readFileSync(join(dir, name), 'utf8');
    }
    files[`/r/migrations/${String(++i).padStart(5, '0')}_newest.sql`] = '';
    const fs = memoryFs(files);
    const rootModel = new ProjectModelCache(fs).rootFor(`/r/migrations/${String(i).padStart(5, '0')}_newest.sql`, settings)!;
    const read = (path: string) => fs.read(path);
    const fast = new SchemaHistory({ fastParse: true });
    const full = new SchemaHistory({ fastParse: false });
    const a = fast.catalogBefore(rootModel, i - 1, read);
    const b = full.catalogBefore(rootModel, i - 1, read);
    const shape = (c: typeof a) =>
      JSON.stringify({
        tables: [...c.tables.values()].map((t) => ({ ...t, columns: t.columns.map(({ default: d, generated, ...rest }) => ({ ...rest, d: d?.text, g: generated?.expr.text })), constraints: t.constraints.map((k) => ({ ...k, check: k.check?.text })), triggers: t.triggers.map((tr) => ({ ...tr, when: tr.when?.text })) })),
        indexes: [...c.indexes.values()].map((x) => ({ ...x, keys: x.keys.map((k) => ({ ...k, expression: k.expression?.text })), predicate: x.predicate?.text })),
        views: [...c.views.values()],
        sequences: [...c.sequences.values()],
        types: [...c.types.keys()],
        functions: [...c.functions.keys()],
        failures: c.failures.map((f) => [f.kind, f.message, f.origin]),
        opaque: c.opaque.map((o) => [o.kind, o.origin]),
      });
    assert.equal(shape(a), shape(b));
    for (const table of a.tables.values()) {
      const place = (h: SchemaHistory) => h.locate(table.origin!)?.range.start;
      assert.equal(place(fast), place(full), `where ${table.name} was created`);
    }
  });
});
