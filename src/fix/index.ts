export { collectFixes, type FileFixes, type FindingFix, type ResourceFixes } from './collect.js';
export { type DocumentRequest, type FixStatus, fixText, type TextFix } from './fix-text.js';
export { unifiedDiff } from './unified-diff.js';
