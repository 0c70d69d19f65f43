/**
 * schemas/safeshift.schema.json against the code: the rule ids are the registry's, the keys are
 * the ones the settings reader knows, and for each sample value the schema and the reader agree
 * on whether it is valid. The editor validates safeshift.json with the schema and the server
 * with the reader, so a disagreement would show the user two different verdicts.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { DEFAULT_PG_VERSION, defaultSettings, readConfig } from '../../server/src/analysis/config/settings';
import { RULES } from '../../server/src/analysis/rules/registry';

const root = join(__dirname, '..', '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'schemas/safeshift.schema.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const ruleIds = RULES.map((rule) => rule.meta.id).sort();
const knownRuleIds = new Set(ruleIds);
const LEVELS = ['error', 'warning', 'info', 'hint', 'off'];

function compile() {
  const ajv = new Ajv({ strict: true, allErrors: true });
  // VS Code's own schema keywords.
  ajv.addVocabulary(['allowComments', 'allowTrailingCommas', 'enumDescriptions', 'markdownDescription']);
  return ajv.compile(schema);
}

/** The reader's list of accepted top-level keys, from its source (it is not exported). */
function readerKeys(): string[] {
  const source = readFileSync(join(root, 'server/src/analysis/config/settings.ts'), 'utf8');
  const match = /const KNOWN_KEYS\s*=\s*\[([^\]]*)\]/.exec(source);
  assert.ok(match, 'KNOWN_KEYS not found in settings.ts; update this test to the reader');
  return [...match[1].matchAll(/'([^']+)'/g)].map((m) => m[1]).sort();
}

describe('safeshift.schema.json', () => {
  const validate = compile();

  it('is a valid draft-07 schema', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(typeof validate, 'function');
  });

  it('lists exactly the rule ids of the registry, each with the five levels', () => {
    const properties = schema.properties.rules.properties as Record<string, { enum: string[]; description: string }>;
    assert.deepEqual(Object.keys(properties).sort(), ruleIds, 'run: node scripts/schema.mjs');
    for (const [id, property] of Object.entries(properties)) {
      assert.deepEqual(property.enum, LEVELS, id);
      assert.ok(property.description.length > 20, `${id} has a description`);
    }
    assert.equal(schema.properties.rules.additionalProperties, false);
  });

  it('and so does the safeshift.rules editor setting', () => {
    const setting = manifest.contributes.configuration.properties['safeshift.rules'];
    assert.deepEqual(Object.keys(setting.properties).sort(), ruleIds, 'run: node scripts/schema.mjs');
  });

  it('has exactly the top-level keys the settings reader accepts', () => {
    assert.deepEqual(Object.keys(schema.properties).sort(), readerKeys());
    assert.equal(schema.additionalProperties, false);
    for (const key of Object.keys(schema.properties)) {
      const { problems } = readConfig(JSON.stringify({ [key]: sampleValid[key]?.[0] ?? {} }), knownRuleIds);
      assert.ok(!problems.some((p) => p.message.startsWith('Unknown setting')), `the reader does not know "${key}"`);
    }
    const { problems } = readConfig('{"postgresVersoin": 16}', knownRuleIds);
    assert.ok(problems.some((p) => p.message.startsWith('Unknown setting')));
    assert.equal(validate({ postgresVersoin: 16 }), false);
  });

  it('covers every field of the settings the analysis uses', () => {
    for (const field of Object.keys(defaultSettings())) assert.ok(field in schema.properties, field);
  });

  it('states the same defaults as the code', () => {
    const defaults = defaultSettings();
    assert.equal(schema.properties.postgresVersion.default, DEFAULT_PG_VERSION.major);
    assert.equal(schema.properties.assumeInTransaction.default, defaults.assumeInTransaction);
    assert.equal(schema.properties.maxFileSizeKb.default, defaults.maxFileSizeKb);
    assert.deepEqual(schema.properties.exclude.default, defaults.exclude);
    assert.deepEqual(schema.properties.placeholders.default, defaults.placeholders);
    assert.deepEqual(schema.properties.rules.default, defaults.rules);
  });

  // A rule both know, so a stale rule list fails only the list test above.
  const anyRule = ruleIds.find((id) => id in schema.properties.rules.properties) ?? ruleIds[0];
  const tools: string[] = schema.properties.migrations.items.properties.tool.enum ?? ['flyway'];
  const sampleValid: Record<string, unknown[]> = {
    $schema: ['./node_modules/safeshift/schemas/safeshift.schema.json'],
    postgresVersion: [16, 9, 13, 30, 14.2, 9.6, '16', '14.2', ' 15 ', '09'],
    rules: [{}, ...LEVELS.map((level) => ({ [anyRule]: level }))],
    assumeInTransaction: [true, false],
    exclude: [[], ['db/schema.sql', '**/seed/**']],
    placeholders: [{}, { schema: 'public', 'flyway:defaultSchema': 'app' }],
    maxFileSizeKb: [1, 0.5, 4096],
    migrations: [[], tools.map((tool) => ({ dir: 'db/migrations', tool }))],
    sandbox: [{}],
  };
  const sampleInvalid: Record<string, unknown[]> = {
    postgresVersion: [8, 31, 100, -1, '16.x', 'sixteen', '1.2.3', '', true, null, [16], { major: 16 }],
    rules: [[], 'off', { [anyRule]: 'fatal' }, { [anyRule]: true }, { 'no-such-rule': 'error' }],
    assumeInTransaction: ['true', 1, null],
    exclude: ['db/**', [1], [null], {}],
    placeholders: [[], 'schema=public', { schema: 1 }, { schema: null }],
    maxFileSizeKb: [0, -5, '100', null],
    migrations: [{}, 'db/migrations', [{}], [{ dir: 'db/migrations' }], [{ dir: 'db', tool: 'no-such-tool' }], [{ dir: '  ', tool: tools[0] }], ['db']],
  };

  for (const [key, values] of Object.entries(sampleValid)) {
    it(`accepts, like the reader, valid ${key} values`, () => {
      for (const value of values) {
        const text = JSON.stringify({ [key]: value });
        assert.equal(validate({ [key]: value }), true, `schema rejects ${text}: ${JSON.stringify(validate.errors)}`);
        assert.deepEqual(readConfig(text, knownRuleIds).problems.map((p) => p.message), [], `reader rejects ${text}`);
      }
    });
  }
  for (const [key, values] of Object.entries(sampleInvalid)) {
    it(`rejects, like the reader, invalid ${key} values`, () => {
      for (const value of values) {
        const text = JSON.stringify({ [key]: value });
        assert.equal(validate({ [key]: value }), false, `schema accepts ${text}`);
        assert.notEqual(readConfig(text, knownRuleIds).problems.length, 0, `reader accepts ${text}`);
      }
    });
  }

  it('validates the example project configuration', () => {
    const example = JSON.parse(readFileSync(join(root, 'examples/restaurant/safeshift.json'), 'utf8'));
    assert.equal(validate(example), true, JSON.stringify(validate.errors));
    assert.equal(example.$schema, '../../schemas/safeshift.schema.json');
  });
});
