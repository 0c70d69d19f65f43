// Keeps the lists in schemas/safeshift.schema.json and in package.json's `safeshift.rules` setting
// equal to the code: rule ids and default severities from the rule registry, migration tool ids
// from the project model. Everything else in the schema is written by hand.
//
//   node scripts/schema.mjs           rewrite the lists (only files whose content changes)
//   node scripts/schema.mjs --check   exit 1 when a list is out of date
//
// `npm run generate` runs it with the other generators; the schema test
// (test/package/schema.test.ts) fails when the committed lists and the registry disagree.
import { build } from 'esbuild';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const quiet = process.argv.includes('--quiet');

const LEVELS = ['error', 'warning', 'info', 'hint', 'off'];
const LEVEL_DESCRIPTIONS = [
  'Report as an error; the CLI exits with 1.',
  'Report as a warning.',
  'Report as information.',
  'Report as a hint (shown faintly in the editor).',
  'Do not run the rule.',
];

/** Loads the rule registry (and tool ids, when the project model exists) from the TypeScript sources. */
async function loadCode() {
  const toolsModule = 'server/src/analysis/project/types.ts';
  const hasTools = existsSync(join(root, toolsModule));
  const contents = [
    "export { RULES } from './server/src/analysis/rules/registry';",
    hasTools ? "export { TOOL_IDS } from './server/src/analysis/project/types';" : 'export const TOOL_IDS = undefined;',
  ].join('\n');
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'schema-entry.ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    // Loaded from node_modules as is, so it finds its WASM beside itself.
    external: ['libpg-query'],
    logLevel: 'error',
    logOverride: { 'unsupported-require-call': 'silent' },
  });
  const module = { exports: {} };
  const require = createRequire(join(root, 'schema-entry.cjs'));
  new Function('module', 'exports', 'require', '__filename', '__dirname', result.outputFiles[0].text)(
    module, module.exports, require, join(root, 'schema-entry.cjs'), root,
  );
  return module.exports;
}

function ruleProperties(rules) {
  const properties = {};
  for (const rule of [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    properties[rule.meta.id] = {
      description: `${rule.meta.summary} Default: ${rule.meta.defaultSeverity}.`,
      enum: LEVELS,
      enumDescriptions: LEVEL_DESCRIPTIONS,
    };
  }
  return properties;
}

function update(path, transform) {
  const file = join(root, path);
  const before = readFileSync(file, 'utf8');
  const after = JSON.stringify(transform(JSON.parse(before)), null, 2) + '\n';
  if (after === before) return false;
  if (!check) writeFileSync(file, after);
  return true;
}

const { RULES, TOOL_IDS } = await loadCode();
const rules = ruleProperties(RULES);
const changed = [];

if (update('schemas/safeshift.schema.json', (schema) => {
  schema.properties.rules.properties = rules;
  const tool = schema.properties.migrations.items.properties.tool;
  for (const key of Object.keys(tool)) if (key !== 'description') delete tool[key];
  if (TOOL_IDS) tool.enum = [...TOOL_IDS];
  else tool.type = 'string';
  return schema;
})) changed.push('schemas/safeshift.schema.json');

if (update('package.json', (manifest) => {
  manifest.contributes.configuration.properties['safeshift.rules'].properties = rules;
  return manifest;
})) changed.push('package.json (safeshift.rules)');

if (check && changed.length > 0) {
  console.error(`Out of date with the rule registry: ${changed.join(', ')}. Run: node scripts/schema.mjs`);
  process.exit(1);
}
if (!quiet && changed.length > 0) console.log(`schema: updated ${changed.join(', ')} from the rule registry`);
