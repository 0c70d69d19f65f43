/**
 * textDocument/documentSymbol: the statements of a migration, grouped under its up and down
 * sections when the migration tool splits the file into sections (goose, dbmate, sql-migrate,
 * Liquibase changesets). Built from tokens, so a statement still being typed is listed too.
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import { entryLabel, outline, type OutlineEntry, type OutlineKind } from '../analysis/editor/outline';
import type { Script } from '../analysis/project/types';
import type { LineIndex, OffsetRange } from '../analysis/text/lineIndex';
import { toRange } from './convert';

const SYMBOL_KIND: Record<OutlineKind, SymbolKind> = {
  table: SymbolKind.Class,
  index: SymbolKind.Key,
  function: SymbolKind.Function,
  type: SymbolKind.Enum,
  sequence: SymbolKind.Number,
  trigger: SymbolKind.Event,
  schema: SymbolKind.Namespace,
  extension: SymbolKind.Package,
  setting: SymbolKind.Variable,
  transaction: SymbolKind.Operator,
  data: SymbolKind.Field,
  column: SymbolKind.Field,
  other: SymbolKind.Object,
};

export function documentSymbols(text: string, lineIndex: LineIndex, scripts: readonly Script[] = []): DocumentSymbol[] {
  if (!hasSections(text, scripts)) return outline(text).map((entry) => statementSymbol(entry, lineIndex));
  const symbols: DocumentSymbol[] = [];
  const covered: OffsetRange[] = [];
  const counts = new Map<string, number>();
  const sameDirection = (direction: string) => scripts.filter((s) => s.direction === direction).length;
  for (const script of [...scripts].sort((a, b) => a.range.start - b.range.start)) {
    const pieces = script.pieces ?? [script.range];
    covered.push(...pieces);
    const children = pieces.flatMap((piece) => outline(text, piece.start, piece.end)).map((entry) => statementSymbol(entry, lineIndex));
    const n = (counts.get(script.direction) ?? 0) + 1;
    counts.set(script.direction, n);
    const title = script.direction === 'up' ? 'Up' : 'Down';
    const range = toRange(lineIndex, script.range);
    symbols.push({
      name: sameDirection(script.direction) > 1 ? `${title} ${n}` : title,
      detail: script.envelope.kind === 'per-migration' || script.envelope.kind === 'all-pending' ? 'in a transaction' : undefined,
      kind: SymbolKind.Module,
      range,
      selectionRange: { start: range.start, end: range.start },
      children,
    });
  }
  // Statements outside every section (the tool does not run them) still belong in the outline.
  const outside = outline(text).filter((entry) => !covered.some((r) => entry.range.start >= r.start && entry.range.start < r.end));
  symbols.push(...outside.map((entry) => statementSymbol(entry, lineIndex)));
  return symbols.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** Sections are worth a level only when the file has more than a plain whole-file up script. */
function hasSections(text: string, scripts: readonly Script[]): boolean {
  if (scripts.length === 0) return false;
  if (scripts.length > 1 || scripts[0].direction === 'down' || scripts[0].pieces) return true;
  const only = scripts[0].range;
  return text.slice(0, only.start).trim() !== '' || text.slice(only.end).trim() !== '';
}

function statementSymbol(entry: OutlineEntry, lineIndex: LineIndex): DocumentSymbol {
  return {
    name: entryLabel(entry),
    kind: SYMBOL_KIND[entry.kind],
    range: toRange(lineIndex, entry.range),
    selectionRange: toRange(lineIndex, entry.nameRange),
  };
}
