import type { Rule } from '../core/rule.js';

/** The built-in catalogue. Every folder under src/rules/ has exactly one entry here (a test checks it). */
export const RULES: readonly Rule[] = [];
