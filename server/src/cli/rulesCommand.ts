/** `safeshift rules`: every rule Safeshift knows, as a table or as JSON. */
import { RULES } from '../analysis/rules/registry';
import type { RulesFormat } from './args';
import { ruleDocsUrl } from './meta';

export interface RuleListing {
  id: string;
  category: string;
  defaultSeverity: string;
  summary: string;
  squawkCompatible: boolean;
  docs: string;
}

export function listRules(): RuleListing[] {
  return RULES.map((rule) => ({
    id: rule.meta.id,
    category: rule.meta.category,
    defaultSeverity: rule.meta.defaultSeverity,
    summary: rule.meta.summary,
    squawkCompatible: rule.meta.squawkCompatible === true,
    docs: ruleDocsUrl(rule.meta.id),
  }));
}

export function formatRules(format: RulesFormat): string {
  const rules = listRules();
  if (format === 'json') return `${JSON.stringify({ version: 1, rules })}\n`;
  const idWidth = Math.max(2, ...rules.map((r) => r.id.length));
  const categoryWidth = Math.max(8, ...rules.map((r) => r.category.length));
  const severityWidth = 8;
  const row = (id: string, category: string, severity: string, summary: string) =>
    `${id.padEnd(idWidth)}  ${category.padEnd(categoryWidth)}  ${severity.padEnd(severityWidth)}  ${summary}`.trimEnd();
  const lines = [row('ID', 'CATEGORY', 'DEFAULT', 'SUMMARY'), ...rules.map((r) => row(r.id, r.category, r.defaultSeverity, r.summary))];
  return `${lines.join('\n')}\n\n${rules.length} rules. Details: docs/rules/<id>.md\n`;
}
