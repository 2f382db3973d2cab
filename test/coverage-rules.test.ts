import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from '../src/core/engine.js';
import { Inventory } from '../src/core/inventory.js';
import type { Result } from '../src/core/result.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
import { loadText } from '../src/load/index.js';
import { RULES } from '../src/rules/index.js';

/**
 * The rules added for concerns that had none (empty quotas, Secrets at the token path, …) next to
 * the rules that saw part of the same concern: with the whole catalogue, one concern is one finding.
 */
function failures(text: string, disabled: readonly string[] = []): Result[] {
  const loaded = loadText({ text }, 'input.yaml');
  const ruleSettings = Object.fromEntries(disabled.map((id) => [id, { enabled: false }]));
  return evaluate(new Inventory(loaded.resources), {
    rules: RULES,
    settings: DEFAULT_SETTINGS,
    ruleSettings,
  }).results.filter((r) => r.verdict === 'fail');
}

const QUOTA_RULES = new Set(['resource-quota-limits-nothing', 'namespace-without-resource-quota']);

const EMPTY_QUOTA = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: placeholder, namespace: shop}
spec: {hard: {}}
`;

describe('an empty ResourceQuota is one finding', () => {
  test('on the quota, where the fix goes, and not again on its namespace', () => {
    const quota = failures(EMPTY_QUOTA).filter((r) => QUOTA_RULES.has(r.ruleId));
    assert.deepEqual(
      quota.map((r) => [r.ruleId, r.resource?.kind, r.path, r.severity]),
      [['resource-quota-limits-nothing', 'ResourceQuota', 'spec.hard', 'low']],
    );
    assert.match(
      quota[0]?.message ?? '',
      /limits nothing, and no other ResourceQuota of the input limits namespace shop/,
    );
  });
  test('on the namespace when resource-quota-limits-nothing is turned off', () => {
    const quota = failures(EMPTY_QUOTA, ['resource-quota-limits-nothing']).filter((r) => QUOTA_RULES.has(r.ruleId));
    assert.deepEqual(
      quota.map((r) => [r.ruleId, r.resource?.kind, r.path]),
      [['namespace-without-resource-quota', 'Namespace', 'metadata.name']],
    );
  });
  test('info when another quota limits the namespace', () => {
    const text = `${EMPTY_QUOTA}---
apiVersion: v1
kind: ResourceQuota
metadata: {name: compute, namespace: shop}
spec: {hard: {pods: "10"}}
`;
    const quota = failures(text).filter((r) => QUOTA_RULES.has(r.ruleId));
    assert.deepEqual(
      quota.map((r) => [r.ruleId, r.resource?.name, r.severity]),
      [['resource-quota-limits-nothing', 'placeholder', 'info']],
    );
    assert.match(quota[0]?.message ?? '', /\(ResourceQuota compute does limit namespace shop\)/);
  });
});

describe('a legacy token Secret at the token path is one finding', () => {
  test('the Secret of the input is named as the token it is, once per volume', () => {
    const text = `
apiVersion: v1
kind: Secret
metadata:
  name: deployer-token
  namespace: ci
  annotations: {kubernetes.io/service-account.name: deployer}
type: kubernetes.io/service-account-token
---
apiVersion: v1
kind: Pod
metadata: {name: deployer, namespace: ci}
spec:
  automountServiceAccountToken: false
  containers:
  - name: deployer
    image: registry.example/deployer:1.0
    volumeMounts:
    - {name: token, mountPath: /var/run/secrets/kubernetes.io/serviceaccount}
  volumes:
  - name: token
    secret: {secretName: deployer-token}
`;
    const found = failures(text).filter((r) => r.ruleId === 'legacy-token-secret-mounted');
    assert.deepEqual(
      found.map((r) => [r.path, r.message]),
      [
        [
          'spec.volumes[0].secret.secretName',
          'volume "token" mounts Secret deployer-token, a long-lived token of ServiceAccount deployer',
        ],
      ],
    );
  });
});
