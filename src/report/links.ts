import { DOCS_URL, REPOSITORY_URL } from '../core/project.js';

export { REPOSITORY_URL };

/** Base of the generated rule pages (docs/rules/<id>.md); change here if the docs move or get a site. */
export const RULE_DOCS_BASE_URL = `${DOCS_URL}/rules`;

export const EXCEPTIONS_DOCS_URL = `${DOCS_URL}/exceptions.md`;

export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE_URL}/${encodeURIComponent(ruleId)}.md`;
}
