/*
 * Pod Security Standards as the upstream Pod Security Admission library evaluates them: every
 * check, every revision from v1.0, the same reasons and details. Pure: no I/O, core imports only.
 */
export type { PssCheckInfo, PssFinding, PssLevel, PssViolation } from './check.js';
export { seccompType } from './checks/seccomp-profile-baseline.js';
export { checksFor, evaluatePod, PSS_CHECKS, runCheck, strictestLevel, whyNotApplied } from './registry.js';
export { PSS_REFERENCE, type PssAnnotator, type PssFixer, type PssRuleMeta, pssRule } from './rule.js';
export { LATEST_MINOR, parsePssVersion } from './version.js';
