// `npm run docs`: writes docs/rules/*.md from the rules' metadata (server/src/docs/ruleDocs.ts).
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bundle = join(tmpdir(), `safeshift-docs-${process.pid}.cjs`);
await build({
  stdin: {
    contents: "export { RULES } from './server/src/analysis/rules/registry'; export { renderAllRuleDocs } from './server/src/docs/ruleDocs';",
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  mainFields: ['module', 'main'],
  outfile: bundle,
  logLevel: 'warning',
});
const { RULES, renderAllRuleDocs } = createRequire(import.meta.url)(bundle);
rmSync(bundle);

const dir = 'docs/rules';
mkdirSync(dir, { recursive: true });
const files = renderAllRuleDocs(RULES);
for (const existing of readdirSync(dir)) if (existing.endsWith('.md') && !files.has(existing)) rmSync(join(dir, existing));
for (const [name, content] of files) writeFileSync(join(dir, name), content);
console.log(`wrote ${files.size} files to ${dir}`);
