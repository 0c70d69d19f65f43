/**
 * SARIF 2.1.0, the format GitHub code scanning and other dashboards import. One run; every rule
 * Safeshift knows is listed in tool.driver.rules so results can point at them by index. Artifact
 * URIs are relative to %SRCROOT%, the working directory the check ran in.
 */
import { pathToFileURL } from 'node:url';
import type { Log, ReportingConfiguration, Result, ReportingDescriptor, Notification } from 'sarif';
import type { Severity } from '../../analysis/config/settings';
import { RULES } from '../../analysis/rules/registry';
import type { CheckReport } from '../check';
import { HOMEPAGE, ruleDocsUrl, TOOL_VERSION } from '../meta';

type Level = 'error' | 'warning' | 'note' | 'none';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

const SRCROOT = '%SRCROOT%';

export function toSarif(report: CheckReport, cwd: string, exitCode: number): Log {
  const rules: ReportingDescriptor[] = RULES.map((rule) => {
    const configuration: ReportingConfiguration =
      rule.meta.defaultSeverity === 'off' ? { enabled: false, level: 'warning' } : { level: LEVEL[rule.meta.defaultSeverity] };
    return {
      id: rule.meta.id,
      shortDescription: { text: rule.meta.summary },
      fullDescription: { text: rule.meta.docs.why },
      help: { text: rule.meta.docs.safeAlternative },
      helpUri: ruleDocsUrl(rule.meta.id),
      defaultConfiguration: configuration,
      properties: { category: rule.meta.category, tags: [rule.meta.category] },
    };
  });
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));

  const results: Result[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      const index = ruleIndex.get(d.rule);
      results.push({
        ruleId: d.rule,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifact(file.path),
              region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
            },
          },
        ],
      });
    }
  }

  const notifications: Notification[] = report.problems.map((problem) => ({
    level: problem.severity,
    message: { text: problem.message },
    descriptor: { id: `safeshift/${problem.kind}` },
    ...(problem.path
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifact(problem.path),
                ...(problem.line !== undefined ? { region: { startLine: problem.line, startColumn: problem.column ?? 1 } } : {}),
              },
            },
          ],
        }
      : {}),
  }));

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'safeshift', version: TOOL_VERSION, semanticVersion: TOOL_VERSION, informationUri: HOMEPAGE, rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
        invocations: [{ executionSuccessful: exitCode !== 2, exitCode, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(report: CheckReport, cwd: string, exitCode: number): string {
  return `${JSON.stringify(toSarif(report, cwd, exitCode), null, 2)}\n`;
}

/** A relative path becomes a relative URI under %SRCROOT%; anything else an absolute file URI. */
function artifact(path: string): { uri: string; uriBaseId?: string } {
  if (path === '<stdin>') return { uri: 'stdin' };
  if (path.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(path)) return { uri: pathToFileURL(path).href };
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
