/**
 * The human format: one line per finding, `path:line:col: severity rule-id message` (so editors
 * and terminals can jump to it), files separated by a blank line, then a summary line.
 */
import type { Severity } from '../../analysis/config/settings';
import type { CheckReport, ToolProblem } from '../check';

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: Severity, text: string): string;
}

export const PLAIN: Style = { bold: (t) => t, dim: (t) => t, severity: (_s, t) => t };

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const SEVERITY_COLOUR: Record<Severity, (text: string) => string> = {
  error: wrap(31, 39),
  warning: wrap(33, 39),
  info: wrap(36, 39),
  hint: wrap(90, 39),
};

export const ANSI: Style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  severity: (severity, text) => SEVERITY_COLOUR[severity](text),
};

/** Colour when asked, else only on a terminal and never with NO_COLOR set (https://no-color.org). */
export function useColour(forced: boolean | undefined, isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (forced !== undefined) return forced;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return isTTY && env.TERM !== 'dumb';
}

export function formatText(report: CheckReport, style: Style): string {
  const blocks: string[] = [];
  for (const file of report.files) {
    if (file.diagnostics.length === 0) continue;
    const lines = file.diagnostics.map(
      (d) =>
        `${style.bold(`${file.path}:${d.line}:${d.column}:`)} ${style.severity(d.severity, d.severity)} ${style.dim(d.rule)} ${oneLine(d.message)}`,
    );
    blocks.push(lines.join('\n'));
  }
  const out = blocks.length ? `${blocks.join('\n\n')}\n\n` : '';
  return `${out}${summary(report, style)}\n`;
}

function summary(report: CheckReport, style: Style): string {
  const checked = report.files.length;
  const withFindings = report.files.filter((f) => f.diagnostics.length > 0).length;
  const total = report.counts.error + report.counts.warning + report.counts.info + report.counts.hint;
  const excluded = report.excluded ? `, ${report.excluded} excluded` : '';
  const files = `${plural(checked, 'file')} checked${excluded}`;
  if (total === 0) return `${style.bold('No problems found')} (${files}).`;
  const parts = (['error', 'warning', 'info', 'hint'] as const)
    .filter((s) => report.counts[s] > 0)
    .map((s) => style.severity(s, plural(report.counts[s], s, s === 'info' ? 'info' : undefined)));
  const head = report.counts.error > 0 ? style.severity('error', `✖ ${plural(total, 'problem')}`) : `${plural(total, 'problem')}`;
  return `${style.bold(head)} (${parts.join(', ')}) in ${withFindings} of ${files}.`;
}

/** The run's own problems (unreadable files, unmatched paths, config errors), for standard error. */
export function formatProblems(problems: readonly ToolProblem[], style: Style): string {
  return problems
    .map((p) => {
      const where = p.path ? `${p.path}${p.line !== undefined ? `:${p.line}:${p.column}` : ''}: ` : 'safeshift: ';
      const label = p.kind === 'config' ? `${p.severity} config` : p.severity;
      return `${style.bold(where)}${style.severity(p.severity, label)} ${oneLine(p.message)}\n`;
    })
    .join('');
}

function plural(n: number, word: string, pluralWord?: string): string {
  return `${n} ${n === 1 ? word : (pluralWord ?? `${word}s`)}`;
}

/** One line, and not a whole file: a parser message can quote everything after an unterminated literal. */
export function oneLine(text: string, max = 1000): string {
  const flat = text.replace(/\s*\r?\n\s*/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}… (${flat.length - max} more characters)` : flat;
}
