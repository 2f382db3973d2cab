import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CIS_KUBERNETES } from '../src/core/cis-kubernetes.js';
import { compliance, controlsOf, judgesWholeFramework } from '../src/core/compliance.js';
import { PSS_CHECKS } from '../src/pss/index.js';
import { RULES } from '../src/rules/index.js';

describe('framework mappings of the built-in rules', () => {
  const known = new Map(CIS_KUBERNETES.sections.flatMap((s) => s.controls.map((c) => [c.id, c] as const)));

  test('every CIS control a rule maps to exists in the benchmark, and is one manifests can judge', () => {
    for (const rule of RULES) {
      for (const id of rule.meta.frameworks.cis ?? []) {
        const control = known.get(id);
        assert.ok(control, `${rule.meta.id} maps to CIS ${id}, which CIS Kubernetes ${CIS_KUBERNETES.version} lacks`);
        assert.equal(control.outOfReach, undefined, `${rule.meta.id} maps to ${id}, marked out of reach`);
      }
    }
  });

  test('control ids are unique', () => {
    const ids = CIS_KUBERNETES.sections.flatMap((s) => s.controls.map((c) => c.id));
    assert.equal(new Set(ids).size, ids.length);
  });

  test('with the whole catalogue, every automated check of sections 1 to 4 has a rule, and most of section 5', () => {
    const cis = compliance(
      [],
      RULES.map((r) => r.meta),
      'cis',
    );
    const judged = new Map(cis.sections?.map((s) => [s.id, s.judgeable]));
    // Only the benchmark's manual checks (1.2.20, 3.1.1–3.1.3, 3.2.2) have no rule; `rampart node` judges the rest.
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => judged.get(String(n))),
      [58, 7, 1, 24],
    );
    assert.deepEqual(
      cis.notJudged?.filter((c) => !c.id.startsWith('5.')).map((c) => c.id),
      ['1.2.20', '3.1.1', '3.1.2', '3.1.3', '3.2.2'],
    );
    assert.ok((judged.get('5') ?? 0) > 20, 'most of section 5 has rules');
    assert.equal(cis.evaluated, 0, 'no input, nothing judged');
    assert.equal(cis.percent, 0);
  });
});

describe('Pod Security Standards are judged whole', () => {
  test('every upstream check has a rule mapped to it, at its level', () => {
    const mapped = new Set(RULES.flatMap((r) => controlsOf(r.meta, 'pss-restricted')));
    for (const check of PSS_CHECKS) assert.ok(mapped.has(check.id), `no rule maps PSS check ${check.id}`);
    const baseline = new Set(RULES.flatMap((r) => controlsOf(r.meta, 'pss-baseline')));
    for (const check of PSS_CHECKS.filter((c) => c.level === 'baseline')) assert.ok(baseline.has(check.id), check.id);
    assert.ok(judgesWholeFramework('pss-baseline') && judgesWholeFramework('pss-restricted'));
    assert.ok(!judgesWholeFramework('nsa') && !judgesWholeFramework('mitre') && !judgesWholeFramework('cis'));
  });
});
