/**
 * textDocument/completion: tables, the columns of the table in scope, constraint names and type
 * names, valid at the cursor as of this migration (see analysis/editor/completion.ts).
 */
import { CompletionItemKind, type CompletionItem, type CompletionList } from 'vscode-languageserver/node';
import { completionAt, type CompletionKind } from '../analysis/editor/completion';
import type { LineIndex } from '../analysis/text/lineIndex';
import { toRange } from './convert';
import type { SchemaAtCursor } from './schemaAtCursor';

export const COMPLETION_TRIGGERS = ['.', '(', ','];

const ITEM_KIND: Record<CompletionKind, CompletionItemKind> = {
  table: CompletionItemKind.Class,
  view: CompletionItemKind.Interface,
  column: CompletionItemKind.Field,
  type: CompletionItemKind.TypeParameter,
  constraint: CompletionItemKind.Constant,
  schema: CompletionItemKind.Module,
};

export function completionList(schema: SchemaAtCursor, text: string, offset: number, lineIndex: LineIndex): CompletionList {
  const { candidates, replace } = completionAt(schema.before, text, offset);
  const range = toRange(lineIndex, replace);
  const items: CompletionItem[] = candidates.map((candidate, i) => ({
    label: candidate.label,
    kind: ITEM_KIND[candidate.kind],
    ...(candidate.detail ? { detail: candidate.detail } : {}),
    // Keep the analysis' order: the table in scope's columns first, in table order.
    sortText: `${candidate.preferred ? '0' : '1'}${String(i).padStart(5, '0')}`,
    textEdit: { range, newText: candidate.label },
  }));
  return { isIncomplete: false, items };
}
