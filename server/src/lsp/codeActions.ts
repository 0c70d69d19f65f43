/**
 * Quick fixes from the findings under the cursor: each rule's own fixes first (the preferred one
 * marked so), then "Ignore … for this statement" and "Ignore … for this file". A fix that creates
 * migration files becomes a WorkspaceEdit with CreateFile operations, offered only to clients that
 * support them; with change annotations the editor asks before creating files (VS Code's refactor
 * preview).
 */
import {
  CodeActionKind,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type CreateFile,
  type Range,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { LineIndex } from '../analysis/text/lineIndex';
import type { Finding, Fix } from '../analysis/rules/types';
import { findingToDiagnostic, fixToTextEdits, rangesTouch, SOURCE, toRange, workspaceEdit } from './convert';
import { pathToUri } from './settings';

export interface FileOperationSupport {
  /** `workspace.workspaceEdit.resourceOperations` includes `create` (and documentChanges is on). */
  create: boolean;
  /** `workspace.workspaceEdit.changeAnnotationSupport`: file creation can ask for confirmation. */
  annotations: boolean;
}

export function fileOperationSupport(capabilities: ClientCapabilities): FileOperationSupport {
  const edit = capabilities.workspace?.workspaceEdit;
  return {
    create: edit?.documentChanges === true && (edit.resourceOperations ?? []).includes('create'),
    annotations: edit?.changeAnnotationSupport !== undefined,
  };
}

export interface CodeActionInput {
  uri: string;
  version: number;
  findings: readonly Finding[];
  lineIndex: LineIndex;
  params: CodeActionParams;
  documentChanges: boolean;
  /** Absent: the client cannot create files, so fixes that create migrations are left out. */
  fileOperations?: FileOperationSupport;
}

export function wantsQuickFixes(only: string[] | undefined): boolean {
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
    const edit = fix.fileChanges?.length ? multiFileEdit(input, fix) : workspaceEdit(input.uri, input.version, edits, input.documentChanges);
    if (!edit) continue;
    const action: CodeAction = {
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [findingToDiagnostic(lineIndex, finding)],
      edit,
    };
    if (fix.preferred) action.isPreferred = true;
    actions.push(action);
  }
  return actions;
}

const CREATES_FILES = 'safeshift.createsMigrations';

/**
 * The linted file's edits plus the fix's other files: CreateFile then an insert for each new
 * file, a TextDocumentEdit for each other existing file. Undefined when the client cannot apply it.
 */
function multiFileEdit(input: CodeActionInput, fix: Fix): WorkspaceEdit | undefined {
  const changes = fix.fileChanges ?? [];
  const creates = changes.some((c) => c.kind === 'create');
  if (creates && !input.fileOperations?.create) return undefined;
  if (!input.documentChanges) {
    // Edits to existing files only: the plain `changes` map carries them.
    const map: Record<string, ReturnType<typeof fixToTextEdits>> = { [input.uri]: fixToTextEdits(input.lineIndex, fix) };
    for (const change of changes) {
      if (change.kind === 'edit') map[pathToUri(change.path)] = otherFileEdits(change.original, change.edits);
    }
    return { changes: map };
  }
  const annotated = creates && input.fileOperations?.annotations === true;
  const documentChanges: Array<TextDocumentEdit | CreateFile> = [];
  const ownEdits = fixToTextEdits(input.lineIndex, fix);
  if (ownEdits.length) documentChanges.push({ textDocument: { uri: input.uri, version: input.version }, edits: ownEdits });
  for (const change of changes) {
    const uri = pathToUri(change.path);
    if (change.kind === 'create') {
      documentChanges.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false }, ...(annotated ? { annotationId: CREATES_FILES } : {}) });
      documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: change.text }] });
    } else {
      documentChanges.push({ textDocument: { uri, version: null }, edits: otherFileEdits(change.original, change.edits) });
    }
  }
  const edit: WorkspaceEdit = { documentChanges };
  if (annotated) edit.changeAnnotations = { [CREATES_FILES]: { label: 'Create migration files', needsConfirmation: true, description: 'Safeshift moves part of this change into new migrations' } };
  return edit;
}

function otherFileEdits(original: string, edits: ReadonlyArray<{ range: { start: number; end: number }; newText: string }>) {
  const index = new LineIndex(original);
  return edits.map((e) => ({ range: toRange(index, e.range), newText: e.newText }));
}
