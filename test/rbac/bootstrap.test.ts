import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  authorize,
  identityOf,
  isPlatformSubject,
  PolicyIndex,
  RbacAnalysis,
  type Request,
  TARGETS,
  whoCan,
} from '../../src/analyze/rbac/index.js';
import { Inventory } from '../../src/core/inventory.js';
import { bootstrapResources } from './support.js';

const request = (verb: string, resource: string, namespace = '', apiGroup = '', subresource = ''): Request => ({
  kind: 'resource',
  verb,
  apiGroup,
  resource,
  subresource,
  name: '',
  namespace,
});

async function index(): Promise<PolicyIndex> {
  return new PolicyIndex(new Inventory(await bootstrapResources()));
}

const names = (result: ReturnType<typeof whoCan>) =>
  result.subjects.map(
    (s) => `${s.subject.kind}:${s.subject.namespace ? `${s.subject.namespace}/` : ''}${s.subject.name}`,
  );

describe('who-can on the bootstrap cluster', () => {
  test('the policy loads whole: 76 roles, 44 bindings, every roleRef resolved, admin/edit/view aggregated', async () => {
    const policy = await index();
    assert.equal(policy.inputRoles, 31 + 38 + 7);
    assert.equal(policy.inputBindings, 10 + 27 + 7);
    // the files predate two ClusterRoleBindings and the bindings of 11 controllers: the model adds them
    assert.equal(policy.roles.length, 31 + 38 + 7);
    assert.equal(policy.bindings.length, 10 + 27 + 7 + 2 + 11);
    assert.deepEqual(policy.problems, []);
    assert.ok(policy.bindings.every((b) => b.role));
    for (const name of ['admin', 'edit', 'view'])
      assert.ok((policy.role('ClusterRole', '', name)?.rules.length ?? 0) > 5, name);
    const admin = policy.role('ClusterRole', '', 'admin');
    assert.ok(
      admin?.rules.some((r) => r.aggregatedFrom === 'system:aggregate-to-edit'),
      'admin aggregates edit, which aggregates system:aggregate-to-edit',
    );
  });

  test('escalate on ClusterRoles: only the aggregation controller (and system:masters)', async () => {
    assert.deepEqual(
      names(whoCan(await index(), request('escalate', 'clusterroles', '', 'rbac.authorization.k8s.io'))),
      ['Group:system:masters', 'ServiceAccount:kube-system/clusterrole-aggregation-controller'],
    );
  });

  test('ServiceAccount tokens in any namespace: the controller manager', async () => {
    assert.deepEqual(names(whoCan(await index(), request('create', 'serviceaccounts', 'team', '', 'token'))), [
      'Group:system:masters',
      'User:system:kube-controller-manager',
    ]);
  });

  test('the kubelet API: the two controllers whose roles hold get on */* (garbage collector, namespace controller)', async () => {
    assert.deepEqual(names(whoCan(await index(), request('get', 'nodes', '', '', 'proxy'))), [
      'Group:system:masters',
      'ServiceAccount:kube-system/generic-garbage-collector',
      'ServiceAccount:kube-system/namespace-controller',
    ]);
  });

  test('everyone authenticated may review its own access; anonymous users reach /healthz and /version only', async () => {
    const policy = await index();
    assert.deepEqual(names(whoCan(policy, request('create', 'selfsubjectaccessreviews', '', 'authorization.k8s.io'))), [
      'Group:system:masters',
      'Group:system:authenticated',
    ]);
    const anonymous = identityOf({ kind: 'User', name: 'system:anonymous' });
    for (const [path, allowed] of [
      ['/healthz', true],
      ['/version', true],
      ['/livez', true],
      ['/api', false],
      ['/metrics', false],
    ] as const) {
      assert.equal(authorize(policy, anonymous, { kind: 'nonResource', verb: 'get', path }).allowed, allowed, path);
    }
  });

  test('the controller manager lists every resource, Secrets included; the catch-all groups get discovery only', async () => {
    const policy = await index();
    const kcm = authorize(
      policy,
      identityOf({ kind: 'User', name: 'system:kube-controller-manager' }),
      request('list', 'secrets'),
    );
    assert.equal(kcm.allowed, true);
    assert.deepEqual(kcm.grants[0]?.rule.rule.resources, ['*']);
    const everyone = identityOf({ kind: 'Group', name: 'system:authenticated' });
    for (const [verb, resource] of [
      ['list', 'pods'],
      ['get', 'secrets'],
      ['list', 'namespaces'],
      ['create', 'pods'],
    ] as const) {
      assert.equal(
        authorize(policy, everyone, request(verb, resource, 'default')).allowed,
        false,
        `${verb} ${resource}`,
      );
    }
  });

  test("every bootstrap subject that reaches cluster-admin is the platform's own", async () => {
    const analysis = new RbacAnalysis(new Inventory(await bootstrapResources()));
    const reaching = analysis.escalation.subjects.filter((s) => analysis.pathFrom(s, TARGETS.clusterAdmin));
    assert.ok(reaching.length >= 5, 'controllers that create pods in kube-system do reach it');
    assert.deepEqual(
      reaching.filter((s) => !isPlatformSubject(s)),
      [],
    );
  });
});
