/** The admission webhook: an HTTPS AdmissionReview server over the scan service. */
export { createCertificateAuthority, issueServingCertificate, type KeyPair } from './certificates.js';
export { createJudge, type JudgeOptions } from './decide.js';
export { type FailurePolicy, withFailurePolicy } from './failure-policy.js';
export { IGNORED_POD_SUBRESOURCES, skipReason, withFilter } from './filter.js';
export { jsonPatch, type PatchOperation } from './json-patch.js';
export { WebhookMetrics, withMetrics } from './metrics.js';
export { MODE_LABEL, RULE_MODE_LABEL_PREFIX, ruleMode } from './modes.js';
export { type NamespaceLabels, staticNamespaces, watchNamespaces } from './namespaces.js';
export { podSecurity, policyToEvaluate } from './pod-security.js';
export type { AdmissionRequest, AdmissionResponse, ReviewHandler } from './review.js';
export { startWebhookServer, type WebhookServer } from './server.js';
export { type RunningWebhook, startWebhook, type WebhookOptions } from './webhook.js';
