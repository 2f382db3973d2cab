import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { evaluate } from '../../src/core/engine.js';
import { Inventory } from '../../src/core/inventory.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { rbacEscalationToClusterAdmin as escalation } from '../../src/rules/rbac-escalation-to-cluster-admin/index.js';
import { rbacSecretsAccessPath as secrets } from '../../src/rules/rbac-secrets-access-path/index.js';
import { rbacWorkloadPowerfulServiceAccount as workloads } from '../../src/rules/rbac-workload-powerful-service-account/index.js';
import { readFixtures, verifyRule } from '../support/rule-tester.js';
import { bootstrapResources, onBootstrap } from './support.js';

const RULES = [escalation, secrets, workloads];
const RULES_DIR = path.resolve(import.meta.dirname, '../../src/rules');

describe('RBAC scan rules', () => {
  for (const rule of RULES) {
    test(`${rule.meta.id}: fixtures`, () => {
      assert.deepEqual(verifyRule(rule, readFixtures(path.join(RULES_DIR, rule.meta.id, 'fixtures'))), []);
    });
  }

  test('the bootstrap policy alone produces no escalation finding', async () => {
    const inventory = new Inventory(await bootstrapResources());
    const { results } = evaluate(inventory, { rules: RULES, settings: DEFAULT_SETTINGS });
    const failures = results.filter((r) => r.verdict !== 'pass');
    assert.deepEqual(
      failures.map((r) => `${r.ruleId} ${r.resource?.name}: ${r.message}`),
      [],
    );
    assert.equal(results.length, 2 * 44, 'every bootstrap binding was judged by both binding rules');
  });

  test('a change that opens a path is caught, on the binding that opens it, with the path as evidence', async () => {
    const scenario = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ci-can-deploy, namespace: kube-system}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: ServiceAccount, name: ci, namespace: build}]
`;
    const { results } = evaluate(await onBootstrap(scenario, 'change.yaml'), {
      rules: RULES,
      settings: DEFAULT_SETTINGS,
    });
    const failures = results.filter((r) => r.verdict === 'fail');
    assert.equal(failures.length, 1, failures.map((r) => r.message).join('\n'));
    const [finding] = failures;
    assert.equal(finding?.ruleId, 'rbac-escalation-to-cluster-admin');
    assert.equal(finding?.severity, 'critical');
    assert.deepEqual(finding?.location, { file: 'change.yaml', line: 5, column: 12 });
    assert.equal(finding?.path, 'subjects[0]');
    assert.match(finding?.message ?? '', /^ServiceAccount build\/ci can reach cluster-admin in \d steps: /);
    assert.match(finding?.message ?? '', /kube-system/);
    assert.match(finding?.message ?? '', /RoleBinding kube-system\/ci-can-deploy → ClusterRole edit/);
  });
});
