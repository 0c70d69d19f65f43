/**
 * The JSON format, version 1. Stable: fields may be added in a later version, never renamed or
 * removed within it.
 *
 *   {"version":1,"files":[{"path":"migrations/001.sql","diagnostics":[{"rule":"...",
 *     "severity":"error|warning|info|hint","message":"...","line":1,"column":1,
 *     "endLine":1,"endColumn":9}]}]}
 *
 * Every checked file is listed, with an empty array when it has no findings. Positions are
 * 1-based; columns count UTF-16 code units; endColumn is exclusive.
 */
import type { CheckReport } from '../check';

export interface JsonOutput {
  version: 1;
  files: Array<{
    path: string;
    diagnostics: Array<{
      rule: string;
      severity: 'error' | 'warning' | 'info' | 'hint';
      message: string;
      line: number;
      column: number;
      endLine: number;
      endColumn: number;
    }>;
  }>;
}

export function toJson(report: CheckReport): JsonOutput {
  return {
    version: 1,
    files: report.files.map((file) => ({
      path: file.path,
      diagnostics: file.diagnostics.map((d) => ({
        rule: d.rule,
        severity: d.severity,
        message: d.message,
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
      })),
    })),
  };
}

export function formatJson(report: CheckReport): string {
  return `${JSON.stringify(toJson(report))}\n`;
}
