/**
 * The schema at a cursor, for hover, go to definition and completion: the catalog before the
 * document's migration (replayed from the project's history by node/projectFs.ts), plus the
 * document's own statements before the cursor, applied to a copy. Also where an object's origin
 * is, as a file location, so hovers can link to it and definition can jump there.
 *
 * This runs in the lint worker (editorQuery.ts), against the catalog its ProjectModelCache
 * replayed for linting: the history is replayed once, and an edit re-applies only the edited
 * file's statements.
 */
import type { Location } from 'vscode-languageserver/node';
import { statementTokensAt, type Token } from '../analysis/editor/tokens';
import { initParser } from '../analysis/parse/pgParser';
import { parseDocument, type ParsedDocument, type ParsedStatement } from '../analysis/parse/parseDocument';
import type { Script } from '../analysis/project/types';
import { applyStatement } from '../analysis/schema/apply';
import { cloneCatalog, createCatalog, type Catalog, type Origin } from '../analysis/schema/model';
import { LineIndex } from '../analysis/text/lineIndex';
import type { FileCatalog } from '../node/projectFs';
import { nodeProjectFs } from '../node/projectFs';
import { toRange } from './convert';
import { pathToUri } from './settings';

export interface SchemaAtCursor {
  /** The catalog before the statement under the cursor (read-only). */
  before: Catalog;
  /** The catalog after it: names the statement itself defines resolve here. */
  after: Catalog;
  /** Tokens of the statement under the cursor (from the text: it may not parse). */
  tokens: Token[];
  /** The file's migration, when it is one: "migration 3 of 6" in hovers. */
  place?: { position: number; count: number; id: string };
  /** Where an object's origin is, or undefined when it is not known. */
  locate(origin: Origin | undefined): { location: Location; label: string } | undefined;
}

export interface CursorDocument {
  uri: string;
  version: number;
  text: string;
}

interface ParsedEntry {
  key: string;
  document: ParsedDocument;
}

const MAX_PARSES = 8;

export class SchemaCursor {
  private readonly parses: ParsedEntry[] = [];

  /** `fileCatalog` is the catalog before the document (undefined outside a migration project). */
  async at(document: CursorDocument, offset: number, fileCatalog: FileCatalog | undefined, scripts: Script[]): Promise<SchemaAtCursor> {
    await initParser();
    const placeholders = fileCatalog?.migration.placeholders;
    const parsed = this.parse(document, placeholders);
    const base = fileCatalog?.schema.catalog ?? createCatalog();
    const cursorStatement = parsed.statements.find((s) => s.range.start <= offset && offset <= s.range.end);
    const sectionOf = (at: number) => scripts.find((s) => (s.pieces ?? [s.range]).some((r) => at >= r.start && at < r.end));
    const cursorSection = sectionOf(offset);
    const before = cloneCatalog(base);
    // The file's own earlier statements: its up sections, and earlier statements of the cursor's section.
    for (const statement of parsed.statements) {
      if (statement.range.start >= (cursorStatement?.range.start ?? offset)) break;
      const section = sectionOf(statement.range.start);
      if (scripts.length > 0 && section?.direction !== 'up' && section !== cursorSection) continue;
      applyStatement(before, statement);
    }
    let after = before;
    if (cursorStatement) {
      after = cloneCatalog(before);
      applyStatement(after, cursorStatement);
    }
    const lineIndex = parsed.lineIndex;
    return {
      before,
      after,
      tokens: statementTokensAt(document.text, offset).tokens,
      ...(fileCatalog ? { place: { position: fileCatalog.schema.position, count: fileCatalog.schema.count, id: fileCatalog.migration.id } } : {}),
      locate: (origin) => locateOrigin(origin, document, parsed.statements, lineIndex, fileCatalog),
    };
  }

  forget(uri: string): void {
    for (let i = this.parses.length - 1; i >= 0; i--) if (this.parses[i].key.startsWith(`${uri}\0`)) this.parses.splice(i, 1);
  }

  private parse(document: CursorDocument, placeholders: Record<string, string> | undefined): ParsedDocument {
    const key = `${document.uri}\0${document.version}\0${JSON.stringify(placeholders ?? {})}`;
    const cached = this.parses.find((p) => p.key === key);
    if (cached) return cached.document;
    const previous = this.parses.find((p) => p.key.startsWith(`${document.uri}\0`))?.document;
    const parsed = parseDocument(document.text, placeholders ? { placeholders } : {}, previous);
    this.forget(document.uri);
    this.parses.push({ key, document: parsed });
    while (this.parses.length > MAX_PARSES) this.parses.shift();
    return parsed;
  }
}

function locateOrigin(
  origin: Origin | undefined,
  document: CursorDocument,
  statements: ParsedStatement[],
  lineIndex: LineIndex,
  fileCatalog: FileCatalog | undefined,
): { location: Location; label: string } | undefined {
  if (!origin) return undefined;
  if (origin.migration === undefined) {
    const statement = statements[origin.statement];
    if (!statement) return undefined;
    const range = toRange(lineIndex, statement.range);
    return { location: { uri: document.uri, range }, label: `this file, line ${range.start.line + 1}` };
  }
  const found = fileCatalog?.locate(origin);
  if (!found) return undefined;
  const text = nodeProjectFs.read(found.file);
  if (text === undefined) return undefined;
  const range = toRange(new LineIndex(text), found.range);
  const name = found.file.slice(found.file.lastIndexOf('/') + 1);
  return { location: { uri: pathToUri(found.file), range }, label: `${name}, line ${range.start.line + 1}` };
}
