import { evaluate } from '../../src/core/engine.js';
import { Inventory } from '../../src/core/inventory.js';
import type { Result } from '../../src/core/result.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { loadObject } from '../../src/load/index.js';
import { RULES } from '../../src/rules/index.js';

/**
 * The fuzz target for the admission path, kept small so it can later be pointed at the webhook
 * handler: an AdmissionReview (or anything sent in its place) in, the verdicts on its object out.
 */
export function scanAdmission(review: unknown): Result[] {
  const request = isRecord(review) && isRecord(review.request) ? review.request : undefined;
  const object = request && 'object' in request ? request.object : review;
  const loaded = loadObject(object, '<admission>');
  const evaluation = evaluate(new Inventory(loaded.resources), {
    rules: RULES,
    settings: DEFAULT_SETTINGS,
    keepPasses: false,
    now: new Date('2026-01-01T00:00:00Z'),
  });
  return [...loaded.problems, ...evaluation.results];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
