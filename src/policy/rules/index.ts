/**
 * Policies as scan rules: admission policies from `--policy` files (`vap/<name>`, `map/<name>`)
 * and the CEL rules of rampart.yaml (`customRules`). This file is the folder's only public surface.
 */
export { type CustomRuleOptions, type CustomRulesResult, customRules } from './custom-rules.js';
export { OWNER_ANNOTATION, type PolicyRuleSet, policyRules, SEVERITY_ANNOTATION } from './policy-rules.js';
export { policyRuleId } from './problem-results.js';
