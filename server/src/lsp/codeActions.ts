/**
 * Quick fixes from the findings under the cursor: each rule's own fixes first (the preferred one
 * marked so), then "Ignore … for this statement" and "Ignore … for this file".
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Range } from 'vscode-languageserver/node';
import type { LineIndex } from '../analysis/text/lineIndex';
import type { Finding, Fix } from '../analysis/rules/types';
import { findingToDiagnostic, fixToTextEdits, rangesTouch, SOURCE, toRange, workspaceEdit } from './convert';

export interface CodeActionInput {
  uri: string;
  version: number;
  findings: readonly Finding[];
  lineIndex: LineIndex;
  params: CodeActionParams;
  documentChanges: boolean;
}

function wantsQuickFixes(only: string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`) || kind === CodeActionKind.Empty);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function isIgnoreFix(fix: Fix): boolean {
  return /^Ignore .* for this (statement|file)$/.test(fix.title);
}

export function quickFixes(input: CodeActionInput): CodeAction[] {
  const { params, lineIndex } = input;
  if (!wantsQuickFixes(params.context.only)) return [];
  const requested = { start: lineIndex.offsetAt(params.range.start), end: lineIndex.offsetAt(params.range.end) };
  let findings = input.findings.filter((finding) => finding.fixes.length > 0 && rangesTouch(finding.range, requested));
  // When the client names the diagnostics it asks about (the lightbulb of one finding), answer for
  // those; when none of them is ours, or none matches any more, answer for everything in the range.
  const asked = (params.context.diagnostics ?? []).filter((d) => d.source === SOURCE);
  const matching = findings.filter((f) => asked.some((d) => d.code === f.ruleId && sameRange(d.range, toRange(lineIndex, f.range))));
  if (matching.length > 0) findings = matching;
  const ranked: Array<{ rank: number; order: number; finding: Finding; fix: Fix }> = [];
  let order = 0;
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      const rank = isIgnoreFix(fix) ? (fix.title.endsWith('statement') ? 2 : 3) : fix.preferred ? 0 : 1;
      ranked.push({ rank, order: order++, finding, fix });
    }
  }
  ranked.sort((a, b) => a.rank - b.rank || a.order - b.order);
  const seen = new Set<string>();
  const actions: CodeAction[] = [];
  for (const { finding, fix } of ranked) {
    const edits = fixToTextEdits(lineIndex, fix);
    const key = JSON.stringify([fix.title, edits]);
    if (seen.has(key)) continue;
    seen.add(key);
    const action: CodeAction = {
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [findingToDiagnostic(lineIndex, finding)],
      edit: workspaceEdit(input.uri, input.version, edits, input.documentChanges),
    };
    if (fix.preferred) action.isPreferred = true;
    actions.push(action);
  }
  return actions;
}
