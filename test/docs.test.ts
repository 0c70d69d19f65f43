import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { RULES } from '../server/src/analysis/rules/registry';
import { renderAllRuleDocs } from '../server/src/docs/ruleDocs';

const docsDir = resolve(__dirname, '../../docs/rules');

test('docs/rules matches the rules metadata (run `npm run docs` when this fails)', () => {
  const expected = renderAllRuleDocs(RULES);
  for (const [name, content] of expected) {
    const path = join(docsDir, name);
    assert.ok(existsSync(path), `${path} is missing`);
    assert.equal(readFileSync(path, 'utf8'), content, `${path} is stale`);
  }
  const extra = readdirSync(docsDir).filter((f) => f.endsWith('.md') && !expected.has(f));
  assert.deepEqual(extra, [], 'docs pages for rules that no longer exist');
});

test('every rule has complete documentation metadata', () => {
  for (const rule of RULES) {
    const { id, summary, docs } = rule.meta;
    assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${id}: ids are kebab-case`);
    assert.ok(summary.length > 20, `${id}: summary`);
    assert.ok(docs.badExample.trim(), `${id}: bad example`);
    assert.ok(docs.why.length > 30, `${id}: why`);
    assert.ok(docs.safeAlternative.length > 10, `${id}: safe alternative`);
  }
});

test('the README links the rule index', () => {
  const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
  assert.match(readme, /docs\/rules\/README\.md/);
});

test('the rule index lists every rule file (run `npm run generate` when this fails) and ids are unique', () => {
  const root = resolve(__dirname, '../..');
  const check = spawnSync(process.execPath, ['scripts/rule-index.mjs', '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  const ids = RULES.map((rule) => rule.meta.id);
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
});
