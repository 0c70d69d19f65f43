/**
 * Safeshift's own LSP messages. The VS Code client imports these types; other editors can send
 * the same JSON.
 */

/** `safeshift/status`: what the language status item shows for a document. */
export const STATUS_REQUEST = 'safeshift/status';

export interface StatusParams {
  uri: string;
}

export interface StatusResult {
  /** The PostgreSQL version the document is checked against, e.g. "16" or "14.2". */
  postgresVersion: string;
  /** The `safeshift.json` that applies, as a file system path, or null when none does. */
  configPath: string | null;
  /** Findings currently reported for the document (0 when it is not open or is excluded). */
  findings: number;
}

/** Where a rule's documentation lives; diagnostics link here through `codeDescription`. */
export const RULE_DOCS_BASE = 'https://github.com/safeshift/safeshift/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE}${encodeURIComponent(ruleId)}.md`;
}

/**
 * Test and tuning knobs a client may pass in `initializationOptions`; editors never need them.
 * `settings` is used as the editor settings by clients that cannot answer `workspace/configuration`.
 */
export interface InitializationOptions {
  debounceMs?: number;
  configurationTimeoutMs?: number;
  /** Stop a single lint after this many milliseconds (default 20,000). */
  lintTimeoutMs?: number;
  settings?: unknown;
}
