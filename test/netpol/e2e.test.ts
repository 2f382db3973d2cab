import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { E2E_DIR, loadCase, mismatches, observed, render } from './support/truth-table.js';

const CASES = path.join(E2E_DIR, 'cases');
const files = readdirSync(CASES)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('Kubernetes netpol e2e truth tables', () => {
  test('the suite holds the transcribed cases', () => {
    assert.ok(files.length >= 55, `only ${files.length} cases`);
  });
  for (const file of files) {
    test(file.replace(/\.yaml$/, ''), async () => {
      const c = await loadCase(path.join(CASES, file));
      assert.ok(c.probes.length > 0, 'a case states at least one probe');
      for (const probe of c.probes) {
        const actual = observed(c.resources, probe);
        const wrong = mismatches(probe.from, actual);
        assert.deepEqual(
          wrong,
          [],
          `${probe.protocol} ${probe.port}\nexpected\n${render(probe.from)}\nanalyzer\n${render(actual)}`,
        );
      }
    });
  }
});

describe('the truth-table harness', () => {
  test('catches a wrong expectation (must-fail)', async () => {
    const c = await loadCase(path.join(CASES, 'default-deny-ingress.yaml'));
    const probe = c.probes[0];
    assert.ok(probe);
    const flipped = {
      ...probe.from,
      'y/a': `${(probe.from['y/a'] as string).slice(0, 1) === 'X' ? '.' : 'X'}${(probe.from['y/a'] as string).slice(1)}`,
    };
    const wrong = mismatches(flipped, observed(c.resources, probe));
    assert.deepEqual(wrong, ['y/a -> x/a: expected reachable, analyzer says blocked']);
  });

  test('rejects a malformed row', () => {
    assert.match(mismatches({ 'x/a': '-..' }, {})[0] ?? '', /row x\/a: expected 9/);
  });
});
