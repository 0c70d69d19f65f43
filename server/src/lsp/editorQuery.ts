/**
 * Hover, go to definition and completion answered where the schema lives: in the lint worker,
 * against the catalog its ProjectModelCache already replayed for linting (see linter.ts). The
 * protocol thread sends the document's text and the cursor offset and gets back a small plain
 * answer (an LSP Hover, Location or CompletionList), so the history is replayed once per server,
 * never on the protocol thread.
 */
import type { CompletionList, Hover, Location } from 'vscode-languageserver/node';
import type { Settings } from '../analysis/config/settings';
import { LineIndex } from '../analysis/text/lineIndex';
import type { ProjectModelCache } from '../node/projectFs';
import { completionList } from './completion';
import { definitionAt } from './definition';
import { schemaHover } from './hover';
import type { ProjectRequest } from './project';
import { SchemaCursor } from './schemaAtCursor';

export type EditorQueryKind = 'hover' | 'definition' | 'completion';

/** Plain data: it crosses threads. */
export interface EditorQuery {
  kind: EditorQueryKind;
  uri: string;
  version: number;
  text: string;
  offset: number;
  settings: Settings;
  /** Where the document's migration project is looked up (absent for a file outside any folder). */
  project?: ProjectRequest;
}

export type EditorAnswer = Hover | Location | CompletionList | null;

/** Parses of the documents asked about, per thread (one per worker, or the server's when inline). */
const cursor = new SchemaCursor();

/** The document closed. */
export function forgetEditorDocument(uri: string): void {
  cursor.forget(uri);
}

/** The answer to `query`, using `cache` (the thread's lint cache, brought up to date by the caller). */
export async function answerEditorQuery(query: EditorQuery, cache: ProjectModelCache | undefined): Promise<EditorAnswer> {
  const { project, text, settings, offset } = query;
  let fileCatalog;
  let scripts;
  if (project && cache) {
    try {
      fileCatalog = cache.catalogFor(project.path, text, settings, project.configPath, project.workspaceDir);
      scripts = cache.contextFor(project.path, text, settings, project.configPath, project.workspaceDir, false)?.scripts;
    } catch {
      // The project model is an aid: without it names still resolve against the file itself.
    }
  }
  const schema = await cursor.at({ uri: query.uri, version: query.version, text }, offset, fileCatalog, scripts ?? []);
  const lineIndex = new LineIndex(text);
  if (query.kind === 'hover') return schemaHover(schema, offset, lineIndex);
  if (query.kind === 'definition') return definitionAt(schema, offset);
  return completionList(schema, text, offset, lineIndex);
}
