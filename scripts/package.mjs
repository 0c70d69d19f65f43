// `npm run package`: a production build staged in .cache/vsix/, then safeshift-<version>.vsix at the
// top of the repository, made by @vscode/vsce with no network and no node_modules in it (the
// bundles carry every runtime dependency). dist/ is left alone, so the development build and its
// source maps stay usable for the other tests.
//
//   node scripts/package.mjs [--quiet] [--out <file.vsix>]
//
// What goes into the .vsix is decided by .vscodeignore (a whitelist); test/package checks it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quiet = args.includes('--quiet');
const outIndex = args.indexOf('--out');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = resolve(root, outIndex >= 0 ? args[outIndex + 1] : `${manifest.name}-${manifest.version}.vsix`);
const stage = join(root, '.cache', 'vsix');

function run(command, commandArgs, cwd) {
  const result = spawnSync(command, commandArgs, { cwd, encoding: 'utf8', stdio: quiet ? 'pipe' : 'inherit' });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    console.error(`package: ${command} ${commandArgs.join(' ')} failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
  return result;
}

// 1. The stage: a fresh production build, then the files the manifest and .vscodeignore name.
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production', `--outdir=${join(stage, 'dist')}`], root);
for (const entry of ['package.json', 'README.md', 'LICENSE', '.vscodeignore', 'syntaxes', 'schemas']) {
  if (existsSync(join(root, entry))) cpSync(join(root, entry), join(stage, entry), { recursive: true });
}
const icon = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).icon;
if (icon) cpSync(join(root, icon), join(stage, icon));

// 2. The package. --no-dependencies: nothing from node_modules (the bundles hold it all);
// `vsce package` needs no network. Relative links in the README stay as written.
const require = createRequire(import.meta.url);
const vsce = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
mkdirSync(dirname(out), { recursive: true });
rmSync(out, { force: true });
run(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], stage);

const size = statSync(out).size;
console.log(`package: ${relative(process.cwd(), out) || out} (${(size / 1024).toFixed(0)} KiB)`);
