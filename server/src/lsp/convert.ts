/**
 * Analysis results (UTF-16 offsets) → LSP shapes (line/character positions).
 */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { ConfigProblem, Severity } from '../analysis/config/settings';
import { RULES_BY_ID } from '../analysis/rules/registry';
import type { Finding, Fix } from '../analysis/rules/types';
import { LineIndex, type OffsetRange } from '../analysis/text/lineIndex';
export { rangesTouch } from '../analysis/text/lineIndex';
import { ruleDocsUrl } from './protocol';

export const SOURCE = 'safeshift';
export const CONFIG_DIAGNOSTIC_CODE = 'config';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(lineIndex: LineIndex, range: OffsetRange): Range {
  return { start: lineIndex.positionAt(range.start), end: lineIndex.positionAt(Math.max(range.start, range.end)) };
}

export function findingToDiagnostic(lineIndex: LineIndex, finding: Finding): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(lineIndex, finding.range),
    severity: SEVERITY[finding.severity] ?? DiagnosticSeverity.Warning,
    code: finding.ruleId,
    source: SOURCE,
    message: finding.message,
  };
  const description = codeDescriptionOf(finding.ruleId);
  if (description) diagnostic.codeDescription = description;
  if (finding.ruleId === 'unused-ignore') diagnostic.tags = [DiagnosticTag.Unnecessary];
  return diagnostic;
}

/** One link per rule, shared by its diagnostics (a long file publishes hundreds on every edit). */
const codeDescriptions = new Map<string, { href: string } | undefined>();

function codeDescriptionOf(ruleId: string): { href: string } | undefined {
  if (!codeDescriptions.has(ruleId)) codeDescriptions.set(ruleId, RULES_BY_ID.has(ruleId) ? { href: ruleDocsUrl(ruleId) } : undefined);
  return codeDescriptions.get(ruleId);
}

export function configProblemToDiagnostic(lineIndex: LineIndex, problem: ConfigProblem): Diagnostic {
  return {
    range: toRange(lineIndex, problem.range),
    severity: SEVERITY[problem.severity],
    code: CONFIG_DIAGNOSTIC_CODE,
    source: SOURCE,
    message: problem.message,
  };
}

export function fixToTextEdits(lineIndex: LineIndex, fix: Fix): TextEdit[] {
  return fix.edits.map((edit) => ({ range: toRange(lineIndex, edit.range), newText: edit.newText }));
}

/** `documentChanges` (versioned, so a stale edit is refused) when the client supports it, else `changes`. */
export function workspaceEdit(uri: string, version: number, edits: TextEdit[], documentChanges: boolean): WorkspaceEdit {
  return documentChanges ? { documentChanges: [{ textDocument: { uri, version }, edits }] } : { changes: { [uri]: edits } };
}
