import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from '../../src/core/engine.js';
import { Inventory } from '../../src/core/inventory.js';
import { POD_SPEC_KINDS } from '../../src/core/pod-spec.js';
import { loadText } from '../../src/load/index.js';
import { PSS_CHECKS, PSS_REFERENCE } from '../../src/pss/index.js';
import { RULES } from '../../src/rules/index.js';

const PSS_RULES = RULES.filter((rule) => rule.meta.frameworks.pss);
const kebab = (id: string) => id.replace(/_/g, '-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

describe('PSS rules', () => {
  test('one rule per check, named pss-<check id in kebab case>, mapped to its level', () => {
    assert.equal(PSS_RULES.length, PSS_CHECKS.length);
    for (const check of PSS_CHECKS) {
      const rule = PSS_RULES.find((r) => r.meta.frameworks.pss?.check === check.id);
      assert.ok(rule, `no rule for ${check.id}`);
      assert.equal(rule.meta.id, `pss-${kebab(check.id)}`);
      assert.deepEqual(rule.meta.frameworks.pss, { level: check.level, check: check.id });
      assert.deepEqual(rule.meta.kinds, POD_SPEC_KINDS);
      assert.equal(rule.meta.references[0], PSS_REFERENCE);
      assert.equal(rule.meta.stage, 'deploy');
      assert.ok(
        rule.meta.frameworks.cis?.every((control) => /^5\.(2|7)\.\d+$/.test(control)),
        rule.meta.id,
      );
    }
  });

  test('a rule runs only where its check is in effect, and says why not elsewhere', () => {
    const rule = (id: string) => PSS_RULES.find((r) => r.meta.id === id);
    const at = (level: 'baseline' | 'restricted', version: string) => ({ pss: { level, version } });
    assert.equal(rule('pss-run-as-user')?.appliesTo?.(at('restricted', 'v1.23')), true);
    assert.match(String(rule('pss-run-as-user')?.appliesTo?.(at('baseline', 'latest'))), /restricted-level check/);
    assert.match(String(rule('pss-run-as-user')?.appliesTo?.(at('restricted', 'v1.22'))), /starts at PSS v1\.23/);
    assert.match(
      String(rule('pss-capabilities-baseline')?.appliesTo?.(at('restricted', 'latest'))),
      /replaced .* capabilities_restricted/,
    );
    assert.match(
      String(rule('pss-privileged')?.appliesTo?.(at('baseline', 'v2.0'))),
      /pss\.version "v2\.0" is not latest or v1\.N/,
    );
  });

  test('through the engine: one result per finding, located in the file; a look-alike custom resource is skipped', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: a',
      '        securityContext: {privileged: true}',
      '      - name: b',
      '        securityContext:',
      '          privileged: true',
      '---',
      'apiVersion: batch.volcano.sh/v1alpha1',
      'kind: Job',
      'metadata: {name: vc}',
      'spec: {}',
      '',
    ].join('\n');
    const { resources } = loadText({ text }, 'web.yaml');
    const { results } = evaluate(new Inventory(resources), {
      rules: PSS_RULES.filter((r) => r.meta.id === 'pss-privileged'),
      settings: { pss: { level: 'baseline', version: 'v1.30' } },
    });
    assert.deepEqual(
      results.map((r) => [r.verdict, r.path, r.message, r.location?.line]),
      [
        [
          'fail',
          'spec.template.spec.containers[0].securityContext.privileged',
          'container "a" must not set securityContext.privileged=true',
          9,
        ],
        [
          'fail',
          'spec.template.spec.containers[1].securityContext.privileged',
          'container "b" must not set securityContext.privileged=true',
          12,
        ],
        ['skip', undefined, results[2]?.message, undefined],
      ],
    );
    assert.match(String(results[2]?.skipReason), /batch\.volcano\.sh\/v1alpha1 Job has no pod template/);
  });
});
