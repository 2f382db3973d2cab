import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { identityOf, parseSubject } from './identity.js';
import { BUILT_IN_RESOURCES, resolveResource } from './resources.js';

describe('subjects and identities', () => {
  test('the CLI spellings of a subject', () => {
    assert.deepEqual(parseSubject('user:alice'), { kind: 'User', name: 'alice' });
    assert.deepEqual(parseSubject('group:system:masters'), { kind: 'Group', name: 'system:masters' });
    assert.deepEqual(parseSubject('sa:kube-system/default'), {
      kind: 'ServiceAccount',
      namespace: 'kube-system',
      name: 'default',
    });
    assert.deepEqual(parseSubject('ServiceAccount/ns/x'), { kind: 'ServiceAccount', namespace: 'ns', name: 'x' });
    assert.deepEqual(parseSubject('system:serviceaccount:ci:deployer'), {
      kind: 'ServiceAccount',
      namespace: 'ci',
      name: 'deployer',
    });
    assert.ok('error' in parseSubject('alice'));
    assert.ok('error' in parseSubject('sa:nonamespace'));
    assert.ok('error' in parseSubject('robot:x'));
  });

  test('implicit groups as the API server adds them', () => {
    assert.deepEqual(identityOf({ kind: 'User', name: 'alice' }), { name: 'alice', groups: ['system:authenticated'] });
    assert.deepEqual(identityOf({ kind: 'ServiceAccount', namespace: 'ci', name: 'd' }), {
      name: 'system:serviceaccount:ci:d',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'],
    });
    assert.deepEqual(identityOf({ kind: 'User', name: 'system:anonymous' }), {
      name: 'system:anonymous',
      groups: ['system:unauthenticated'],
    });
    assert.deepEqual(identityOf({ kind: 'Group', name: 'dev' }), { groups: ['dev', 'system:authenticated'] });
    assert.deepEqual(identityOf({ kind: 'User', name: 'bob' }, ['dev']), {
      name: 'bob',
      groups: ['dev', 'system:authenticated'],
    });
  });
});

describe('resource names as kubectl reads them', () => {
  test('plural, singular, short names, kinds, groups and subresources', () => {
    const types = BUILT_IN_RESOURCES;
    assert.deepEqual(resolveResource('pods', types), {
      resource: 'pods',
      subresource: '',
      group: '',
      namespaced: true,
    });
    assert.deepEqual(resolveResource('po/exec', types), {
      resource: 'pods',
      subresource: 'exec',
      group: '',
      namespaced: true,
    });
    assert.deepEqual(resolveResource('deploy', types), {
      resource: 'deployments',
      subresource: '',
      group: 'apps',
      namespaced: true,
    });
    assert.deepEqual(resolveResource('Deployment.apps/scale', types), {
      resource: 'deployments',
      subresource: 'scale',
      group: 'apps',
      namespaced: true,
    });
    assert.deepEqual(resolveResource('nodes/proxy', types), {
      resource: 'nodes',
      subresource: 'proxy',
      group: '',
      namespaced: false,
    });
    assert.deepEqual(resolveResource('csr', types), {
      resource: 'certificatesigningrequests',
      subresource: '',
      group: 'certificates.k8s.io',
      namespaced: false,
    });
    assert.deepEqual(resolveResource('widgets.example.com', types), {
      resource: 'widgets',
      subresource: '',
      group: 'example.com',
    });
  });
});
