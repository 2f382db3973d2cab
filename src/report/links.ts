/** Where the project lives; SARIF's informationUri and every help link derive from it. */
export const REPOSITORY_URL = 'https://github.com/rampart-dev/rampart';

/** Base of the generated rule pages (docs/rules/<id>.md); change here if the docs move or get a site. */
export const RULE_DOCS_BASE_URL = `${REPOSITORY_URL}/blob/main/docs/rules`;

export const EXCEPTIONS_DOCS_URL = `${REPOSITORY_URL}/blob/main/docs/exceptions.md`;

export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE_URL}/${encodeURIComponent(ruleId)}.md`;
}
