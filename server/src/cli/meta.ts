/** The CLI's identity: version from the manifest, and where the rule docs live. */
import { version } from '../../../package.json';

export const TOOL_VERSION: string = version;
export const HOMEPAGE = 'https://github.com/safeshift/safeshift';
/** Same base as the language server's diagnostic links (server/src/lsp/protocol.ts). */
const RULE_DOCS_BASE = `${HOMEPAGE}/blob/main/docs/rules/`;

export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE}${encodeURIComponent(ruleId)}.md`;
}
