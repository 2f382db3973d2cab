import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRead, minimalRole } from './role.js';

interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

test('the role lists, and only lists, each resource by name', () => {
  const role = minimalRole();
  const rules = role.rules as PolicyRule[];
  assert.equal(role.kind, 'ClusterRole');
  for (const rule of rules) {
    assert.deepEqual(rule.verbs, ['list']);
    assert.ok(!rule.apiGroups.includes('*') && !rule.resources.includes('*'));
  }
  const granted = (group: string, resource: string) =>
    rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource));
  for (const [group, resource] of [
    ['', 'pods'],
    ['', 'secrets'],
    ['', 'nodes'],
    ['apps', 'deployments'],
    ['rbac.authorization.k8s.io', 'clusterrolebindings'],
    ['admissionregistration.k8s.io', 'validatingwebhookconfigurations'],
    ['security.istio.io', 'peerauthentications'],
  ])
    assert.ok(granted(group as string, resource as string), `${group}/${resource}`);
  for (const [group, resource] of [
    ['', 'events'],
    ['coordination.k8s.io', 'leases'],
    ['authorization.k8s.io', 'subjectaccessreviews'],
  ])
    assert.ok(!granted(group as string, resource as string), `${group}/${resource} is not read`);
});

test("--discover adds the cluster's custom resources, and the collector reads exactly what the role grants", () => {
  const served = [
    { group: 'monitoring.coreos.com', version: 'v1', resource: 'prometheuses', kind: 'Prometheus', namespaced: true },
    { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', namespaced: true },
  ];
  const rules = minimalRole(served, 'scanner').rules as PolicyRule[];
  assert.ok(rules.some((r) => r.apiGroups[0] === 'monitoring.coreos.com' && r.resources.includes('prometheuses')));
  assert.deepEqual(
    served.map((s) => isRead(s)),
    [true, false],
  );
});
