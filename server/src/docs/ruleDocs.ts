/**
 * Renders the rule documentation pages (docs/rules/<id>.md and the index) from rule metadata, so
 * the docs cannot drift from what the rules do. `npm run docs` writes them; a test fails when the
 * files on disk differ from what this renders.
 */
import { formatPgVersion } from '../analysis/config/settings';
import { describeAllowed, describeBlocking, lockLabel } from '../analysis/locks/locks';
import type { Rule, RuleMeta } from '../analysis/rules/types';

const CATEGORY_TITLES: Record<RuleMeta['category'], string> = {
  'data-loss': 'Data loss',
  breaking: 'Breaks the running application',
  locking: 'Long blocking locks',
  rewrite: 'Table rewrites',
  transaction: 'Transaction misuse',
  correctness: 'Correctness',
  style: 'Style and robustness',
};

export function versionRange(meta: RuleMeta): string {
  const { min, max } = meta.pgVersions ?? {};
  // "14.0 to 14.3", not "14 to 14.3": a range bounded by minor versions names both minors.
  if (min && max) return min.minor || max.minor ? `${min.major}.${min.minor} to ${max.major}.${max.minor}` : `${formatPgVersion(min)} to ${formatPgVersion(max)}`;
  if (min) return `${formatPgVersion(min)} and later`;
  if (max) return `up to ${formatPgVersion(max)}`;
  return 'all';
}

export function renderRuleDoc(rule: Rule): string {
  const { meta } = rule;
  const { docs } = meta;
  const lines = [
    `# ${meta.id}`,
    '',
    `${meta.summary}`,
    '',
    '| | |',
    '|---|---|',
    `| Category | ${CATEGORY_TITLES[meta.category]} (\`${meta.category}\`) |`,
    `| Default severity | ${meta.defaultSeverity} |`,
    `| PostgreSQL versions | ${versionRange(meta)} |`,
    `| Squawk rule of the same name | ${meta.squawkCompatible ? 'yes: `squawk-ignore` comments naming it are honoured' : 'no'} |`,
    '',
    '## Flagged',
    '',
    '```sql',
    docs.badExample.trimEnd(),
    '```',
    '',
    '## Why it is risky',
    '',
    docs.why,
    '',
  ];
  if (docs.lock) {
    lines.push('## Lock', '', `\`${lockLabel(docs.lock)}\`: ${describeBlocking(docs.lock)}; ${describeAllowed(docs.lock)}.`, '');
  }
  lines.push('## Safe alternative', '', docs.safeAlternative, '');
  if (docs.goodExample) lines.push('```sql', docs.goodExample.trimEnd(), '```', '');
  if (docs.squawkDifference) lines.push('## Difference from Squawk', '', docs.squawkDifference, '');
  lines.push(
    '## Configure',
    '',
    'In `safeshift.json`:',
    '',
    '```json',
    `{ "rules": { "${meta.id}": "off" } }`,
    '```',
    '',
    'For one statement, on the line before it:',
    '',
    '```sql',
    `-- safeshift-ignore ${meta.id} -- the reason`,
    '```',
    '',
  );
  return lines.join('\n');
}

export function renderRuleIndex(rules: readonly Rule[]): string {
  const lines = ['# Safeshift rules', '', `${rules.length} rules. Generated from the rules' metadata by \`npm run docs\`.`, ''];
  for (const category of Object.keys(CATEGORY_TITLES) as Array<RuleMeta['category']>) {
    const inCategory = rules.filter((r) => r.meta.category === category).sort((a, b) => a.meta.id.localeCompare(b.meta.id));
    if (inCategory.length === 0) continue;
    lines.push(`## ${CATEGORY_TITLES[category]}`, '', '| Rule | Default | PostgreSQL | Summary |', '|---|---|---|---|');
    for (const rule of inCategory) {
      lines.push(`| [${rule.meta.id}](${rule.meta.id}.md) | ${rule.meta.defaultSeverity} | ${versionRange(rule.meta)} | ${rule.meta.summary.replace(/\|/g, '\\|')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Every docs file as path (relative to docs/rules) → content. */
export function renderAllRuleDocs(rules: readonly Rule[]): Map<string, string> {
  const files = new Map<string, string>([['README.md', renderRuleIndex(rules)]]);
  for (const rule of rules) files.set(`${rule.meta.id}.md`, renderRuleDoc(rule));
  return files;
}
