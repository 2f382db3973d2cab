import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  capabilitiesOf,
  identityOf,
  identityProfile,
  PolicyIndex,
  roleCapabilities,
} from '../src/analyze/rbac/index.js';
import { evaluate } from '../src/core/engine.js';
import { Inventory } from '../src/core/inventory.js';
import type { Resource } from '../src/core/resource.js';
import type { Result } from '../src/core/result.js';
import type { Rule } from '../src/core/rule.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
import { DEFAULT_ROLE_CAPABILITIES } from '../src/rules/rbac-aggregation-extends-default-role/index.js';
import { rbacEscalationToClusterAdmin } from '../src/rules/rbac-escalation-to-cluster-admin/index.js';
import { RBAC_RULES } from '../src/rules/rbac-rules.js';
import { rbacSecretsAccessPath } from '../src/rules/rbac-secrets-access-path/index.js';
import { rbacWorkloadPowerfulServiceAccount } from '../src/rules/rbac-workload-powerful-service-account/index.js';
import { bootstrapResources, onBootstrap, resourcesOf } from './rbac/support.js';
import { type Fixture, readFixtures, runFixture, verifyRule } from './support/rule-tester.js';

const RULES_DIR = path.resolve(import.meta.dirname, '../src/rules');
/** The escalation-path rules that predate these: together they are the RBAC part of the catalogue. */
const PATH_RULES: readonly Rule[] = [
  rbacEscalationToClusterAdmin,
  rbacSecretsAccessPath,
  rbacWorkloadPowerfulServiceAccount,
];
const ALL_RBAC = [...RBAC_RULES, ...PATH_RULES];

const byId = (id: string): Rule => {
  const rule = RBAC_RULES.find((r) => r.meta.id === id);
  assert.ok(rule, id);
  return rule;
};
const fixture = (id: string, scenario: string): Fixture => {
  const found = readFixtures(path.join(RULES_DIR, id, 'fixtures')).find((f) => f.scenario === scenario);
  assert.ok(found, `${id}/${scenario}`);
  return found;
};
/** `severity messageId at path` of each finding of a rule on a fixture, in report order. */
const severities = (id: string, scenario: string): string[] =>
  runFixture(byId(id), fixture(id, scenario)).findings.map(
    (f) => `${f.report.severity ?? byId(id).meta.severity} ${f.messageId} at ${f.path}`,
  );
const failures = (results: readonly Result[]) => results.filter((r) => r.verdict === 'fail');
const scan = (inventory: Inventory, rules: readonly Rule[] = ALL_RBAC) =>
  evaluate(inventory, { rules, settings: DEFAULT_SETTINGS, keepPasses: false });

describe('RBAC-as-written rules: fixtures', () => {
  for (const rule of RBAC_RULES) {
    test(rule.meta.id, () => {
      assert.deepEqual(verifyRule(rule, readFixtures(path.join(RULES_DIR, rule.meta.id, 'fixtures'))), []);
    });
  }

  test('every rbac-* rule folder is in RBAC_RULES or is one of the escalation-path rules', () => {
    const folders = readdirSync(RULES_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name.startsWith('rbac-'))
      .map((entry) => entry.name)
      .sort();
    const ids = ALL_RBAC.map((rule) => rule.meta.id).sort();
    assert.deepEqual(ids, folders);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('every rule is complete: CIS or MITRE mapping, an NSA section, references, and YAML in its remediation', () => {
    for (const { meta } of RBAC_RULES) {
      assert.ok((meta.frameworks.cis?.length ?? 0) + (meta.frameworks.mitre?.length ?? 0) > 0, meta.id);
      assert.ok(
        meta.frameworks.nsa?.some((s) => s.startsWith('Authentication and authorization')),
        meta.id,
      );
      assert.ok(
        meta.references.every((r) => r.startsWith('https://kubernetes.io/docs/')),
        meta.id,
      );
      assert.match(meta.remediation, /```yaml\n/, meta.id);
      assert.ok(!meta.kinds.includes('*') && meta.kinds.every((k) => /Role(Binding)?$/.test(k)), meta.id);
    }
  });
});

describe('the bootstrap policy (../shared/fixtures/rbac-bootstrap) is the false-positive check', () => {
  test('alone, it produces no finding at all: no bootstrap finding is intended', async () => {
    const resources = await bootstrapResources();
    const { results, passes } = scan(new Inventory(resources));
    assert.deepEqual(
      failures(results).map((r) => `${r.ruleId} ${r.resource?.kind}/${r.resource?.name} ${r.path}: ${r.message}`),
      [],
    );
    assert.deepEqual(
      results.filter((r) => r.verdict !== 'fail').map((r) => `${r.verdict} ${r.ruleId}`),
      [],
      'no skip or error either',
    );
    // every binding is judged by the six binding rules (and the two path rules); roles by the aggregation rule
    const count = (id: string) => passes.byRule.get(id) ?? 0;
    for (const id of [
      'rbac-anonymous-access',
      'rbac-binding-missing-role',
      'rbac-binding-to-all-authenticated',
      'rbac-cluster-admin-binding',
      'rbac-default-service-account-binding',
    ])
      assert.equal(count(id), 44, id);
    assert.equal(count('rbac-aggregation-extends-default-role'), 69, 'every ClusterRole');
  });

  test('what the platform exemption silences: the findings if a user wrote the same roles (label removed)', async () => {
    const stripped = (await bootstrapResources()).map((resource): Resource => {
      const object = structuredClone(resource.object);
      if (object.metadata?.labels) delete object.metadata.labels['kubernetes.io/bootstrapping'];
      return { ...resource, object };
    });
    const flagged = new Map<string, Set<string>>();
    for (const r of failures(scan(new Inventory(stripped), RBAC_RULES).results)) {
      const set = flagged.get(r.ruleId) ?? new Set<string>();
      set.add((r.resource?.name ?? '').replace(/^system:(controller:)?/, ''));
      flagged.set(r.ruleId, set);
    }
    const seen = Object.fromEntries([...flagged].map(([id, names]) => [id, [...names].sort()]).sort());
    // Intended as a statement, not a wish list: these roles hold exactly these powers by design. The
    // aggregation rule is not in the list because it judges the defaults too, against upstream.
    // One finding per rule of a role: a `*` is reported as the wildcard it is (the garbage collector's
    // nodes/proxy and webhook writes among what it grants), a rule that creates pods also execs.
    assert.deepEqual(seen, {
      'rbac-non-resource-url-wildcard': ['cluster-admin'],
      'rbac-role-approves-certificates': ['certificate-controller'],
      'rbac-role-creates-persistent-volumes': ['persistent-volume-binder', 'persistent-volume-provisioner'],
      'rbac-role-creates-pods': [
        'aggregate-to-edit',
        'cronjob-controller',
        'daemon-set-controller',
        'deployment-controller',
        'job-controller',
        'node',
        'persistent-volume-binder',
        'replicaset-controller',
        'replication-controller',
        'statefulset-controller',
      ],
      'rbac-role-creates-tokens': ['aggregate-to-edit', 'kube-controller-manager', 'node'],
      'rbac-role-deletes-secrets-or-events': ['kube-controller-manager', 'legacy-service-account-token-cleaner'],
      'rbac-role-escalation-verbs': ['aggregate-to-edit', 'clusterrole-aggregation-controller'],
      'rbac-role-patches-pods': ['deployment-controller'],
      'rbac-role-reads-secrets': [
        'aggregate-to-edit',
        'bootstrap-signer',
        'kube-controller-manager',
        'node',
        'token-cleaner',
      ],
      'rbac-role-writes-kube-system-configmaps': ['cloud-provider', 'root-ca-cert-publisher'],
      'rbac-role-writes-network-policies': ['aggregate-to-edit'],
      'rbac-wildcard-permissions': [
        'cluster-admin',
        'disruption-controller',
        'generic-garbage-collector',
        'horizontal-pod-autoscaler',
        'kube-controller-manager',
        'kubelet-api-admin',
        'namespace-controller',
        'resourcequota-controller',
      ],
    });
  });

  test('the aggregation baselines are exactly what upstream view, edit and admin grant', async () => {
    const index = new PolicyIndex(new Inventory(await bootstrapResources()));
    for (const name of ['view', 'edit', 'admin'] as const) {
      const role = index.role('ClusterRole', '', name);
      assert.ok(role, name);
      const upstream = roleCapabilities(role).map((c) => c.capability.id);
      assert.deepEqual([...DEFAULT_ROLE_CAPABILITIES[name]].sort(), [...new Set(upstream)].sort(), name);
    }
  });

  test('a tampered default role is still caught: Secrets added to system:aggregate-to-view', async () => {
    const scenario = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:aggregate-to-view
  labels: {kubernetes.io/bootstrapping: rbac-defaults, rbac.authorization.k8s.io/aggregate-to-view: "true"}
rules:
  - {apiGroups: [""], resources: [configmaps, secrets], verbs: [get, list, watch]}
`;
    const resources = (await bootstrapResources()).filter(
      (r) => r.object.metadata?.name !== 'system:aggregate-to-view',
    );
    const inventory = new Inventory([...resources, ...resourcesOf(scenario, 'tampered.yaml')]);
    const found = failures(scan(inventory).results).map((r) => `${r.ruleId} ${r.resource?.name} ${r.path}`);
    assert.deepEqual(found, ['rbac-aggregation-extends-default-role system:aggregate-to-view rules[0]']);
  });

  test('a chart that aggregates Secret reads into view, and a binding of view: one finding, with who is bound', async () => {
    const scenario = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-view
  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
rules:
  - {apiGroups: [""], resources: [secrets], verbs: [list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: developers, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: developers}]
`;
    const found = failures(scan(await onBootstrap(scenario, 'chart.yaml')).results);
    assert.deepEqual(
      found.map((r) => `${r.ruleId} ${r.severity} ${r.location?.line}`),
      // the Secret read is the aggregation's concern: rbac-role-reads-secrets leaves that rule of the role to it
      ['rbac-aggregation-extends-default-role high 7'],
    );
    for (const r of found) {
      assert.match(
        r.message,
        /RoleBinding shop\/developers \(Group developers\) through ClusterRole (view|edit|admin)/,
      );
    }
    assert.match(found[0]?.message ?? '', /gains "read Secrets", which upstream view does not grant/);
  });
});

describe('severity', () => {
  test('follows the catalogue, lowered where names or scope limit the power', () => {
    assert.deepEqual(severities('rbac-role-approves-certificates', 'approver'), ['critical approve at rules[1]']);
    assert.deepEqual(severities('rbac-role-approves-certificates', 'serving-approver'), ['medium approve at rules[0]']);
    assert.deepEqual(severities('rbac-role-creates-tokens', 'token-request'), ['high createTokens at rules[0]']);
    assert.deepEqual(severities('rbac-role-creates-tokens', 'named-account'), ['medium createTokens at rules[0]']);
    assert.deepEqual(severities('rbac-role-escalation-verbs', 'impersonate-groups'), [
      'critical impersonate at rules[0]',
    ]);
    assert.deepEqual(severities('rbac-role-escalation-verbs', 'lone-verbs'), [
      'medium bindVerb at rules[0]',
      'medium escalateVerb at rules[1]',
    ]);
    assert.deepEqual(severities('rbac-aggregation-extends-default-role', 'within-edit'), []);
    assert.deepEqual(severities('rbac-non-resource-url-wildcard', 'every-url'), [
      'medium everyUrl at rules[0].nonResourceURLs',
    ]);
    assert.deepEqual(severities('rbac-non-resource-url-wildcard', 'prefix-wildcard'), [
      'high everyUrl at rules[0].nonResourceURLs',
    ]);
    assert.deepEqual(severities('rbac-wildcard-permissions', 'cluster-admin-clone'), [
      'critical everything at rules[0]',
    ]);
    assert.deepEqual(severities('rbac-wildcard-permissions', 'namespace-admin'), ['high everything at rules[0]']);
    assert.deepEqual(severities('rbac-cluster-admin-binding', 'namespace-admin'), ['high namespace at subjects[0]']);
    assert.deepEqual(severities('rbac-anonymous-access', 'discovery'), ['low discovery at subjects[0]']);
    assert.deepEqual(severities('rbac-default-service-account-binding', 'user-name'), [
      'high defaultAccount at subjects[1]',
    ]);
  });

  test('impersonating ServiceAccounts only is high, not critical', async () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: sa-impersonator, namespace: shop}
rules: [{apiGroups: [""], resources: [serviceaccounts], verbs: [impersonate]}]
`;
    const inventory = new Inventory(resourcesOf(text));
    const [finding] = failures(scan(inventory, [byId('rbac-role-escalation-verbs')]).results);
    assert.equal(finding?.severity, 'high');
  });

  test('agrees with `rampart rbac access`: a subject bound to a role holds the capabilities the role is flagged for, at the same severity', () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: mixed}
rules:
  - {apiGroups: [""], resources: [secrets], verbs: [list]}
  - {apiGroups: [""], resources: [pods/exec], verbs: [create]}
  - {apiGroups: [""], resources: [nodes/proxy], verbs: [get]}
  - {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}
  - {apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve]}
  - {apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [create]}
  - {apiGroups: [""], resources: [persistentvolumes, serviceaccounts/token], verbs: [create]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: mixed}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: mixed}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}]
`;
    const inventory = new Inventory(resourcesOf(text));
    const access = capabilitiesOf(
      identityProfile(new PolicyIndex(inventory), identityOf({ kind: 'User', name: 'alice' })),
    );
    const expected = access.map((hit) => `${hit.capability.severity} ${hit.capability.title}`).sort();
    const found = failures(scan(inventory, RBAC_RULES).results).filter((r) => r.ruleId.startsWith('rbac-role-'));
    const titles = new Map(access.map((hit) => [hit.capability.title, hit.capability.severity]));
    // one finding per rule of the role: rules[6] creates tokens and PersistentVolumes, one finding names both
    assert.equal(found.length, expected.length - 1, found.map((r) => r.message).join('\n'));
    const covered = new Set<string>();
    for (const r of found) {
      const own = r.message.split('; it also grants: ')[0] ?? '';
      const title = [...titles.keys()].find((t) => own.toLowerCase().includes(keyword(t)));
      assert.ok(title, r.message);
      assert.equal(r.severity, titles.get(title), r.message);
      for (const t of titles.keys())
        if (r.message.toLowerCase().includes(keyword(t)) || r.message.includes(t)) covered.add(t);
    }
    assert.deepEqual([...covered].sort(), [...titles.keys()].sort());
    assert.match(found[0]?.message ?? '', /bound by ClusterRoleBinding mixed \(User alice\)$/);
  });
});

/** A word of a capability title that its rule's message repeats. */
function keyword(title: string): string {
  const words: Record<string, string> = {
    'read Secrets': 'secret',
    'exec into pods': 'pods/exec',
    'reach the kubelet API through nodes/proxy': 'nodes/proxy',
    'approve certificate signing requests': 'approve certificate',
    'write mutating webhook configurations': 'mutating webhook',
    'create PersistentVolumes': 'persistentvolumes',
    'create ServiceAccount tokens': 'serviceaccounts/token',
  };
  return words[title] ?? title.toLowerCase();
}
