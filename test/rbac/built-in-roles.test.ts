import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bootstrapPolicy,
  bootstrapRoleSince,
  PolicyIndex,
  policyMinor,
  RbacAnalysis,
  TARGETS,
} from '../../src/analyze/rbac/index.js';
import { Inventory } from '../../src/core/inventory.js';
import type { KubeObject } from '../../src/core/resource.js';
import { bootstrapResources, resourcesOf } from './support.js';

const key = (o: KubeObject) =>
  `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;

/** A rule list as the API would compare it: absent and empty lists alike. */
function rules(object: KubeObject): unknown {
  const list = Array.isArray(object.rules) ? (object.rules as Record<string, unknown>[]) : [];
  return list.map((rule) =>
    Object.fromEntries(
      ['apiGroups', 'resources', 'resourceNames', 'nonResourceURLs', 'verbs']
        .filter((field) => Array.isArray(rule[field]) && (rule[field] as unknown[]).length > 0)
        .map((field) => [field, rule[field]]),
    ),
  );
}

const subjects = (object: KubeObject) =>
  ((object.subjects as Record<string, string>[] | null) ?? []).map((s) => `${s.kind}:${s.namespace ?? ''}/${s.name}`);

describe('the built-in bootstrap policy', () => {
  test('at v1.36 its roles are the upstream golden files, rule for rule, label for label', async () => {
    const upstream = new Map((await bootstrapResources()).map((r) => [key(r.object), r.object]));
    const model = bootstrapPolicy(36).filter((r) => r.object.kind === 'Role' || r.object.kind === 'ClusterRole');
    const modelled = new Map(model.map((r) => [key(r.object), r.object]));
    const upstreamRoles = [...upstream.keys()].filter((k) => k.startsWith('Role ') || k.startsWith('ClusterRole '));
    assert.deepEqual([...modelled.keys()].sort(), upstreamRoles.sort());
    for (const [name, object] of modelled) {
      const golden = upstream.get(name) as KubeObject;
      assert.deepEqual(rules(object), rules(golden), name);
      assert.deepEqual(object.metadata?.labels, golden.metadata?.labels, name);
      assert.deepEqual(object.aggregationRule ?? null, golden.aggregationRule ?? null, name);
    }
  });

  test('its bindings include every upstream binding, and those the older golden files lack', async () => {
    const upstream = (await bootstrapResources()).filter((r) => r.object.kind.endsWith('Binding'));
    const model = new Map(bootstrapPolicy(36).map((r) => [key(r.object), r.object]));
    for (const { object } of upstream) {
      const modelled = model.get(key(object));
      assert.ok(modelled, key(object));
      assert.deepEqual(modelled.roleRef, object.roleRef, key(object));
      assert.deepEqual(subjects(modelled), subjects(object), key(object));
    }
    const extra = [...model.keys()].filter((k) => k.includes('Binding') && !upstream.some((r) => key(r.object) === k));
    assert.deepEqual(extra.sort(), [
      'ClusterRoleBinding system:controller:device-taint-eviction-controller',
      'ClusterRoleBinding system:controller:endpointslicemirroring-controller',
      'ClusterRoleBinding system:controller:ephemeral-volume-controller',
      'ClusterRoleBinding system:controller:legacy-service-account-token-cleaner',
      'ClusterRoleBinding system:controller:resource-claim-controller',
      'ClusterRoleBinding system:controller:root-ca-cert-publisher',
      'ClusterRoleBinding system:controller:selinux-warning-controller',
      'ClusterRoleBinding system:controller:service-cidrs-controller',
      'ClusterRoleBinding system:controller:ttl-after-finished-controller',
      'ClusterRoleBinding system:controller:validatingadmissionpolicy-status-controller',
      'ClusterRoleBinding system:controller:volumeattributesclass-protection-controller',
      'ClusterRoleBinding system:monitoring',
      'ClusterRoleBinding system:service-account-issuer-discovery',
    ]);
  });

  test('by version: controllers behind a feature gate exist from the release that turned it on', () => {
    const names = (minor: number) => new Set(bootstrapPolicy(minor).map((r) => key(r.object)));
    const role = (name: string) => `ClusterRole system:controller:${name}`;
    assert.ok(names(37).has(role('device-taint-eviction-controller')));
    assert.ok(!names(35).has(role('device-taint-eviction-controller')));
    assert.ok(names(34).has(role('resource-claim-controller')));
    assert.ok(!names(33).has(role('resource-claim-controller')));
    assert.ok(names(33).has(role('service-cidrs-controller')));
    assert.ok(!names(32).has(role('service-cidrs-controller')));
    assert.ok(!names(28).has(role('legacy-service-account-token-cleaner')));
    assert.ok(names(30).has('ClusterRole cluster-admin') && names(30).has('ClusterRole edit'));
    assert.equal(bootstrapRoleSince('ClusterRole', '', 'system:controller:service-cidrs-controller'), 33);
    assert.equal(bootstrapRoleSince('ClusterRole', '', 'system:auth-delegator'), 0);
    assert.equal(bootstrapRoleSince('ClusterRole', '', 'system:auth-delegater'), undefined);
    assert.equal(policyMinor('v1.34'), 34);
    assert.equal(policyMinor('1.99'), 37);
    assert.equal(policyMinor(undefined), 37);
    assert.equal(policyMinor('1.x'), undefined);
  });
});

describe('built-in roles in the analysis', () => {
  const chart = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: deployer}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: editors}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: ServiceAccount, name: editor, namespace: ci}]
`;

  test('a chart binding cluster-admin and edit: both resolve, and both reach cluster-admin', () => {
    const analysis = new RbacAnalysis(new Inventory(resourcesOf(chart)));
    assert.deepEqual(analysis.index.problems, []);
    assert.ok(analysis.index.bindings.filter((b) => !b.builtIn).every((b) => b.role?.builtIn));
    const deployer = analysis.pathFrom(
      { kind: 'ServiceAccount', namespace: 'ci', name: 'deployer' },
      TARGETS.clusterAdmin,
    );
    assert.equal(deployer?.steps.length, 1);
    // edit runs pods, and mints tokens, as any ServiceAccount: the deployer's, and the controllers' of kube-system
    const editor = analysis.pathFrom({ kind: 'ServiceAccount', namespace: 'ci', name: 'editor' }, TARGETS.clusterAdmin);
    assert.ok(editor, 'edit cluster-wide reaches cluster-admin');
    assert.ok(editor.steps.length > 1);
  });

  test('without built-ins, as written: the same chart grants nothing', () => {
    const index = new PolicyIndex(new Inventory(resourcesOf(chart)), { builtIns: false });
    assert.ok(index.bindings.every((b) => !b.role));
    assert.equal(index.problems.length, 2);
    assert.match(index.problems[0]?.message ?? '', /which the inputs do not define; it grants nothing here$/);
  });

  test('the input wins: its own edit replaces the built-in one, and roles it aggregates into edit count', () => {
    const own = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: view}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-edit
  labels: {rbac.authorization.k8s.io/aggregate-to-edit: "true"}
rules: [{apiGroups: [example.com], resources: [widgets], verbs: [create]}]
`;
    const index = new PolicyIndex(new Inventory(resourcesOf(own)));
    const view = index.role('ClusterRole', '', 'view');
    assert.equal(view?.builtIn, undefined);
    assert.deepEqual(
      view?.rules.map((r) => r.rule.resources),
      [['pods']],
    );
    const edit = index.role('ClusterRole', '', 'edit');
    assert.equal(edit?.builtIn, true);
    assert.ok(edit?.rules.some((r) => r.aggregatedFrom === 'widgets-edit'));
    // the input's view is not labelled aggregate-to-edit, unlike upstream's: edit no longer holds its rules
    assert.ok(!edit?.rules.some((r) => r.aggregatedFrom === 'view'));
    assert.equal(index.inputRoles, 2);
  });

  test('the target version decides which controller roles a binding finds', () => {
    const binding = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: cidrs}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:controller:service-cidrs-controller"}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}]
`;
    const at = (kubernetesVersion: string) =>
      new PolicyIndex(new Inventory(resourcesOf(binding)), { kubernetesVersion }).bindings[0]?.role?.name;
    assert.equal(at('v1.33'), 'system:controller:service-cidrs-controller');
    assert.equal(at('v1.32'), undefined);
  });
});
