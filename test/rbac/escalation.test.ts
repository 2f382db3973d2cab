import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseSubject, RbacAnalysis, targetId } from '../../src/analyze/rbac/index.js';
import { onBootstrap, read } from './support.js';

/**
 * Each escalation pattern, as a positive and a negative scenario on the bootstrap base:
 * `pos.<pattern>.yaml` must give the subject a path to the target through a step of kind `via`;
 * `neg.<pattern>.yaml` must give it none. Headers: `# subject:`, `# to:`, `# via:`.
 */
const DIR = path.join(import.meta.dirname, 'escalation');

function header(text: string, key: string): string | undefined {
  return new RegExp(`^#\\s*${key}:\\s*(\\S+)\\s*$`, 'm').exec(text)?.[1];
}

describe('escalation patterns on the bootstrap base', () => {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const patterns = new Set(files.map((f) => f.replace(/^(pos|neg)\./, '')));
  test('every pattern has a positive and a negative case', () => {
    for (const pattern of patterns) {
      assert.ok(files.includes(`pos.${pattern}`) && files.includes(`neg.${pattern}`), pattern);
    }
    assert.ok(patterns.size >= 15, `only ${patterns.size} patterns`);
  });
  for (const file of files) {
    test(file, async () => {
      const text = read(path.join(DIR, file));
      const subject = parseSubject(header(text, 'subject') ?? '');
      assert.ok(!('error' in subject), `${file}: # subject: is missing or unreadable`);
      const target = targetId(header(text, 'to') ?? '');
      assert.ok(target, `${file}: # to: is missing or unknown`);
      const analysis = new RbacAnalysis(await onBootstrap(text, file));
      analysis.ensureSubject(subject);
      const found = analysis.pathFrom(subject, target);
      if (file.startsWith('neg.')) {
        assert.equal(found, undefined, `${file}: unexpected path: ${found?.steps.map((s) => s.text).join(' → ')}`);
        return;
      }
      assert.ok(found, `${file}: no path to ${target}`);
      const via = header(text, 'via');
      assert.ok(via, `${file}: a positive case states # via:`);
      assert.ok(
        found.steps.some((step) => step.kind === via),
        `${file}: path ${found.steps.map((s) => s.kind).join(' → ')} has no ${via} step`,
      );
      for (const step of found.steps) {
        if (step.kind !== 'implies' && step.kind !== 'run-as')
          assert.ok(step.grants.length > 0, `${file}: step ${step.kind} has no evidence`);
      }
    });
  }
});
