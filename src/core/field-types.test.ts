import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { wrongType } from './field-types.js';
import type { KubeObject } from './resource.js';

const wrong = (text: string) => wrongType(load(text) as KubeObject);

describe('wrongType', () => {
  test('names the first wrong field with its full path, inside lists and nested shapes', () => {
    const cases: [string, (string | number)[], string][] = [
      ['kind: Pod\nspec: {serviceAccountName: 3}', ['spec', 'serviceAccountName'], 'a string'],
      ['kind: Pod\nspec: {containers: "x"}', ['spec', 'containers'], 'a list'],
      ['kind: Pod\nspec: {containers: [{name: a}, 5]}', ['spec', 'containers', 1], 'a mapping'],
      [
        'kind: Pod\nspec: {containers: [{name: a}, {name: b, securityContext: {privileged: "true"}}]}',
        ['spec', 'containers', 1, 'securityContext', 'privileged'],
        'true or false',
      ],
      [
        'kind: Pod\nspec: {initContainers: [{name: a, ports: [{containerPort: 80}, {containerPort: "80"}]}]}',
        ['spec', 'initContainers', 0, 'ports', 1, 'containerPort'],
        'an integer',
      ],
      [
        'apiVersion: batch/v1\nkind: CronJob\nspec: {jobTemplate: {spec: {template: {spec: {volumes: [{name: v, hostPath: {path: 3}}]}}}}}',
        ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'volumes', 0, 'hostPath', 'path'],
        'a string',
      ],
      [
        'kind: ValidatingWebhookConfiguration\nwebhooks: [{name: a}, {name: b, timeoutSeconds: 1.5}]',
        ['webhooks', 1, 'timeoutSeconds'],
        'an integer',
      ],
      [
        'kind: Pod\nspec: {containers: [{name: a, env: [{name: x, value: 3}]}], hostNetwork: "yes"}',
        ['spec', 'containers', 0, 'env', 0, 'value'],
        'a string',
      ],
    ];
    for (const [text, path, expected] of cases) {
      const version = text.includes('apiVersion:') ? '' : 'apiVersion: v1\n';
      assert.deepEqual(wrong(`${version}metadata: {name: a}\n${text}`), { path, expected }, text);
    }
  });

  test('right types, absent and null fields pass; the same object asked twice gets the same answer', () => {
    assert.equal(wrong('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: a}]}'), undefined);
    assert.equal(
      wrong('apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: null}\nspec: {containers: null}'),
      undefined,
    );
    const object = load('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {hostPID: 1}') as KubeObject;
    assert.deepEqual(wrongType(object), wrongType(object));
  });
});
