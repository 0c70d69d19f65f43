/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the pull request diff.
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=rule-id::message`
 */
import type { Severity } from '../../analysis/config/settings';
import type { CheckReport } from '../check';
import { oneLine } from './text';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** The message part: %, CR and LF are escaped. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: also : and , which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, properties: Array<[string, string | number | undefined]>, message: string): string {
  const props = properties
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

export function formatGithub(report: CheckReport): string {
  const lines: string[] = [];
  for (const problem of report.problems) {
    lines.push(
      command(
        problem.severity,
        [
          ['file', problem.path],
          ['line', problem.line],
          ['col', problem.column],
          ['title', problem.kind === 'config' ? 'safeshift config' : 'safeshift'],
        ],
        problem.message,
      ),
    );
  }
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      // GitHub rejects an annotation whose columns span lines, so columns go only with one line.
      const sameLine = d.endLine === d.line;
      lines.push(
        command(
          COMMAND[d.severity],
          [
            ['file', file.path],
            ['line', d.line],
            ['col', sameLine ? d.column : undefined],
            ['endLine', d.endLine],
            ['endColumn', sameLine ? d.endColumn : undefined],
            ['title', d.rule],
          ],
          oneLine(d.message),
        ),
      );
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
