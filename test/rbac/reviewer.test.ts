/**
 * What a reviewer of a real repository expects from the RBAC findings: the roles every cluster has
 * count, the CLI and the scan tell one story, each concern is reported once, and messages say no
 * more than is true.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { evaluate } from '../../src/core/engine.js';
import { Inventory } from '../../src/core/inventory.js';
import type { Result } from '../../src/core/result.js';
import { DEFAULT_SETTINGS, type ScanSettings } from '../../src/core/settings.js';
import { RULES } from '../../src/rules/index.js';
import { runCli } from '../support/run-cli.js';
import { resourcesOf } from './support.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-reviewer-'));
  dirs.push(dir);
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
}

function rbacFindings(text: string, settings: ScanSettings = DEFAULT_SETTINGS): Result[] {
  const inventory = new Inventory(resourcesOf(text));
  return evaluate(inventory, { rules: RULES, settings, keepPasses: false }).results.filter(
    (r) => r.verdict === 'fail' && r.ruleId.startsWith('rbac-'),
  );
}

const brief = (r: Result) => `${r.ruleId} ${r.severity} ${r.resource?.kind}/${r.resource?.name} ${r.path}`;

/** A chart as charts are written: a controller, its ServiceAccount, and cluster-admin for it. */
const OPERATOR = `apiVersion: v1
kind: ServiceAccount
metadata: {name: operator, namespace: ops}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: operator, namespace: ops}
spec:
  selector: {matchLabels: {app: operator}}
  template:
    metadata: {labels: {app: operator}}
    spec:
      serviceAccountName: operator
      containers: [{name: operator, image: "registry.example/operator@sha256:0123"}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: operator}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: operator, namespace: ops}]
`;

describe('built-in ClusterRoles exist', () => {
  test('a workload bound to cluster-admin: the binding rule, the workload rule, paths and workloads agree', async () => {
    const findings = rbacFindings(OPERATOR);
    assert.deepEqual(findings.map(brief), [
      'rbac-workload-powerful-service-account critical Deployment/operator spec.template.spec.serviceAccountName',
      'rbac-cluster-admin-binding critical ClusterRoleBinding/operator subjects[0]',
    ]);
    const input = file('operator.yaml', OPERATOR);
    const paths = await runCli(['rbac', 'paths', '-f', input]);
    assert.equal(paths.code, 0, paths.stderr);
    assert.match(paths.stdout, /^ServiceAccount ops\/operator → cluster-admin \(1 step\)\n/);
    assert.match(paths.stdout, /granted by ClusterRoleBinding operator → ClusterRole cluster-admin rule 0/);
    assert.doesNotMatch(paths.stderr, /grants nothing/);
    const workloads = JSON.parse((await runCli(['rbac', 'workloads', '-f', input, '-o', 'json'])).stdout);
    assert.deepEqual(
      workloads.workloads[0].reaches.map((r: { target: string }) => r.target),
      ['cluster-admin', 'secrets', 'nodes'],
    );
  });

  test('a cluster-wide edit binding is a finding: edit runs pods as kube-system’s controllers', () => {
    const findings = rbacFindings(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ci-edit}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
`);
    assert.deepEqual(findings.map(brief), [
      'rbac-escalation-to-cluster-admin critical ClusterRoleBinding/ci-edit subjects[0]',
    ]);
    assert.match(findings[0]?.message ?? '', /ServiceAccount ci\/deployer can reach cluster-admin in 2 steps: /);
  });

  test('the target version decides: a binding to a controller role that a release does not have', () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: claims}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:controller:resource-claim-controller"}
subjects: [{kind: ServiceAccount, name: claims, namespace: dra}]
`;
    const at = (kubernetesVersion: string) =>
      rbacFindings(text, { ...DEFAULT_SETTINGS, kubernetesVersion }).map((r) => `${r.ruleId} ${r.message}`);
    assert.deepEqual(at('v1.34'), []);
    assert.deepEqual(at('v1.33'), [
      'rbac-binding-missing-role references ClusterRole system:controller:resource-claim-controller, which Kubernetes creates only from v1.34 (the target is v1.33): until then the binding grants nothing, and whoever creates a ClusterRole of that name grants its subjects its rules',
    ]);
  });
});

describe('one concern, one finding', () => {
  test('`*` on `*` with read and write verbs: one finding that names what the wildcard grants, at its gravest', () => {
    const findings = rbacFindings(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: server}
rules:
  - {apiGroups: ["*"], resources: ["*"], verbs: [get, patch, delete]}
`);
    assert.deepEqual(findings.map(brief), ['rbac-wildcard-permissions critical ClusterRole/server rules[0].resources']);
    const message = findings[0]?.message ?? '';
    for (const grant of [
      'read Secrets',
      'reach the kubelet API through nodes/proxy',
      'write mutating webhook configurations',
    ])
      assert.ok(message.includes(grant), grant);
    assert.match(message, /\[rbac-role-creates-pods, .*rbac-role-nodes-proxy, .*rbac-role-reads-secrets, /);
  });

  test('a rule that creates pods and execs into them: one finding, naming the other', () => {
    const findings = rbacFindings(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: debugger, namespace: shop}
rules:
  - {apiGroups: [""], resources: [pods, pods/exec, pods/portforward], verbs: [create]}
`);
    assert.deepEqual(findings.map(brief), ['rbac-role-creates-pods high Role/debugger rules[0]']);
    assert.match(
      findings[0]?.message ?? '',
      /; it also grants: exec into pods, port-forward to pods \[rbac-role-exec-into-pods, rbac-role-port-forwards-to-pods\]$/,
    );
  });

  test('a one-step path is reported where it is written; the anonymous user gets one finding, critical', () => {
    const findings = rbacFindings(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: readers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: auditors}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: open}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:unauthenticated"}]
`);
    assert.deepEqual(findings.map(brief), [
      'rbac-role-reads-secrets high ClusterRole/reader rules[0]',
      'rbac-escalation-to-cluster-admin critical ClusterRoleBinding/open subjects[0]',
    ]);
    assert.match(
      findings[1]?.message ?? '',
      /^Group system:unauthenticated \(every unauthenticated request\) can reach/,
    );
  });
});

describe('messages that are true', () => {
  test('a wildcard on metrics.k8s.io names the group and no verb that cannot apply there', () => {
    const [finding, ...rest] = rbacFindings(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: metrics}
rules: [{apiGroups: [metrics.k8s.io], resources: [pods, nodes], verbs: ["*"]}]
`);
    assert.deepEqual(rest, []);
    assert.equal(
      finding?.message,
      'grants every verb on pods, nodes in API group metrics.k8s.io, verbs added later included',
    );
  });

  test('a wildcard verb on roles says escalate and bind; on users, impersonate', () => {
    const findings = rbacFindings(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: rbac-admin, namespace: shop}
rules:
  - {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: ["*"]}
  - {apiGroups: [""], resources: [users, configmaps], verbs: ["*"]}
`).filter((r) => r.ruleId === 'rbac-wildcard-permissions');
    assert.match(
      findings[0]?.message ?? '',
      /^grants every verb, escalate and bind included, on roles in API group rbac/,
    );
    assert.match(
      findings[1]?.message ?? '',
      /^grants every verb, impersonate included, on users, configmaps in the core group/,
    );
  });

  test('each step of an escalation story ends at an identity or a target, the shortest in rights taken', () => {
    const [finding] = rbacFindings(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: patcher}
rules: [{apiGroups: [apps], resources: [deployments], verbs: [get, patch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: patcher}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: patcher}
subjects: [{kind: ServiceAccount, name: dashboard, namespace: ui}]
`).filter((r) => r.ruleId === 'rbac-escalation-to-cluster-admin');
    assert.equal(
      finding?.message,
      'ServiceAccount ui/dashboard can reach cluster-admin in 2 steps: creates or changes a workload in every namespace whose pods run as any of its ServiceAccounts ⇒ ServiceAccount kube-system/clusterrole-aggregation-controller, then adds any rule to ClusterRole system:controller:clusterrole-aggregation-controller, which it holds cluster-wide (the escalate verb lifts the escalation check) (first step granted by ClusterRoleBinding patcher → ClusterRole patcher)',
    );
  });

  test('namespace-less manifests are analysed, and named, where their ClusterRoleBindings put them', () => {
    const findings = rbacFindings(`apiVersion: v1
kind: ServiceAccount
metadata: {name: server}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: server}
rules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: server}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: server}
subjects: [{kind: ServiceAccount, name: server}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: server-view}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: ServiceAccount, name: server, namespace: gitops}]
`);
    assert.deepEqual(findings.map(brief), ['rbac-role-reads-secrets high Role/server rules[0]']);
    assert.match(
      findings[0]?.message ?? '',
      /^lets its holders read every Secret in namespace gitops \(the manifests name none; ClusterRoleBinding server-view names it for their ServiceAccounts\): .*; bound by RoleBinding gitops\/server \(ServiceAccount gitops\/server\)$/,
    );
  });
});
