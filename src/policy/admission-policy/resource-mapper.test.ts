import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { guessResource, ResourceMapper } from './resource-mapper.js';

describe('kind to resource', () => {
  const mapper = new ResourceMapper([
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gateways.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Gateway', plural: 'gateways' },
        scope: 'Cluster',
        versions: [{ name: 'v1' }, { name: 'v2' }],
      },
    },
  ]);

  test('built-in kinds map to their resource and scope', () => {
    const pod = mapper.forObject({ apiVersion: 'v1', kind: 'Pod' });
    assert.deepEqual(pod, {
      group: '',
      version: 'v1',
      kind: 'Pod',
      resource: 'pods',
      namespaced: true,
      guessed: false,
    });
    assert.equal(
      mapper.forObject({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' }).resource,
      'clusterrolebindings',
    );
    assert.equal(mapper.isNamespaced('v1', 'Namespace'), false);
  });

  test('CRDs in the inputs give their plural and scope', () => {
    const gateway = mapper.forObject({ apiVersion: 'example.com/v2', kind: 'Gateway', metadata: { namespace: 'x' } });
    assert.deepEqual(gateway, {
      group: 'example.com',
      version: 'v2',
      kind: 'Gateway',
      resource: 'gateways',
      namespaced: false,
      guessed: false,
    });
  });

  test('other kinds get a plural guessed as kubectl guesses, and the scope their object implies', () => {
    assert.deepEqual(['Widget', 'Policy', 'Ingress', 'Gateway', 'Mesh', 'Box'].map(guessResource), [
      'widgets',
      'policies',
      'ingresses',
      'gateways',
      'meshes',
      'boxes',
    ]);
    assert.deepEqual(mapper.forObject({ apiVersion: 'acme.io/v1', kind: 'Policy', metadata: { namespace: 'a' } }), {
      group: 'acme.io',
      version: 'v1',
      kind: 'Policy',
      resource: 'policies',
      namespaced: true,
      guessed: true,
    });
  });

  test('equivalent resources: other versions of the group, and the groups a resource moved between', () => {
    const equivalents = (apiVersion: string, kind: string) =>
      mapper
        .equivalents(mapper.forObject({ apiVersion, kind }))
        .map((r) => `${r.group}/${r.version}/${r.resource}`)
        .sort();
    assert.deepEqual(equivalents('apps/v1', 'Deployment'), [
      'apps/v1beta1/deployments',
      'apps/v1beta2/deployments',
      'extensions/v1beta1/deployments',
    ]);
    assert.deepEqual(equivalents('v1', 'Event'), ['events.k8s.io/v1/events', 'events.k8s.io/v1beta1/events']);
    assert.deepEqual(equivalents('example.com/v1', 'Gateway'), ['example.com/v2/gateways']);
    assert.deepEqual(equivalents('v1', 'Pod'), []);
  });
});
