// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time and total (inclusive) time per
// function, top N. Usage: node bench/profile-summary.mjs <file.cpuprofile> [N]
import { readFileSync } from 'node:fs';

const [file, limitArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [N]');
  process.exit(2);
}
const limit = Number(limitArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

// Time per sample: the gap to the next sample.
const selfTime = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  selfTime.set(profile.samples[i], (selfTime.get(profile.samples[i]) ?? 0) + dt);
}
const label = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${url.split('/').slice(-1)[0]}:${lineNumber + 1}`;
};
const self = new Map();
const total = new Map();
for (const [id, ms] of selfTime) {
  const node = byId.get(id);
  self.set(label(node), (self.get(label(node)) ?? 0) + ms);
  // Inclusive: count once per distinct label on the stack.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parentOf.get(cur)) {
    const name = label(byId.get(cur));
    if (seen.has(name)) continue;
    seen.add(name);
    total.set(name, (total.get(name) ?? 0) + ms);
  }
}
const all = [...selfTime.values()].reduce((a, b) => a + b, 0);
const show = (title, map) => {
  console.log(`\n${title} (of ${all.toFixed(0)} ms)`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, limit)) console.log(`${ms.toFixed(1).padStart(9)} ms  ${name}`);
};
show('self', self);
show('total', total);
