/**
 * Declarative admission test suites (`rampart policy test`): policies, objects and cases with the
 * answer each request must get. This file is the folder's only public surface.
 */
export { objectDiff } from './object-diff.js';
export { readSuite } from './read-suite.js';
export { type CaseResult, type RunSuiteOptions, runSuite, type SuiteResult } from './run-suite.js';
export type { Expectation, ObjectSpec, Suite, SuiteCase } from './suite-model.js';
