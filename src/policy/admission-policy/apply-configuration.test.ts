import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redactValues } from '../cel/index.js';
import { applyConfiguration } from './apply-configuration.js';
import { BUILTIN_SHAPES } from './shapes.js';

const DEPLOYMENT = BUILTIN_SHAPES['apps/Deployment']!;
const deployment = (spec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec,
});
const template = (podSpec: Record<string, unknown>) => ({ template: { spec: podSpec } });

describe('apply configuration merge (server-side apply without ownership)', () => {
  test('an associative list keeps existing items in place and appends new ones (upstream: volumes x, y)', () => {
    const result = applyConfiguration(
      deployment(template({ volumes: [{ name: 'x' }] })),
      { spec: template({ volumes: [{ name: 'y' }] }) },
      DEPLOYMENT,
    );
    assert.deepEqual(result, { ok: true, value: deployment(template({ volumes: [{ name: 'x' }, { name: 'y' }] })) });
  });

  test('an item named by the configuration is merged into the existing one', () => {
    const result = applyConfiguration(
      deployment(template({ volumes: [{ name: 'x' }, { name: 'y' }] })),
      { spec: template({ volumes: [{ name: 'y', hostPath: { path: 'a' } }] }) },
      DEPLOYMENT,
    );
    assert.ok(result.ok);
    assert.deepEqual(result.value.spec, template({ volumes: [{ name: 'x' }, { name: 'y', hostPath: { path: 'a' } }] }));
  });

  test("merged lists take structured-merge-diff's order: the configuration's, with the object's other items where the walk meets them", () => {
    const volumes = (names: string) => names.split('').map((name) => ({ name }));
    const merged = (live: string, patch: string) => {
      const result = applyConfiguration(
        deployment(template({ volumes: volumes(live) })),
        { spec: template({ volumes: volumes(patch) }) },
        DEPLOYMENT,
      );
      assert.ok(result.ok, JSON.stringify(result));
      const spec = result.value.spec as { template: { spec: { volumes: { name: string }[] } } };
      return spec.template.spec.volumes.map((v) => v.name).join('');
    };
    // [live, configuration, merged]; the cases kube-apiserver v1.37.2 was asked are in
    // test/policy/suites/mutating-apply-configuration (npm run test:cluster replays them).
    const cases: [string, string, string][] = [
      ['x', 'y', 'xy'],
      ['xy', 'yx', 'yx'],
      ['abc', 'ca', 'bca'],
      ['abc', 'xca', 'bxca'],
      ['ab', 'xa', 'xab'],
      ['abcd', 'db', 'acdb'],
      ['', 'ba', 'ba'],
      ['ab', '', 'ab'],
    ];
    for (const [live, patch, expected] of cases) assert.equal(merged(live, patch), expected, `${live} + ${patch}`);
    const finalizers = applyConfiguration(
      { metadata: { name: 'c', finalizers: ['a', 'b'] } },
      { metadata: { finalizers: ['c', 'a'] } },
      BUILTIN_SHAPES['/ConfigMap']!,
    );
    assert.deepEqual(finalizers, { ok: true, value: { metadata: { name: 'c', finalizers: ['c', 'a', 'b'] } } });
  });

  test("a key the object holds twice, named by the configuration, becomes the configuration's item alone", () => {
    const env = [
      { name: 'test', value: 'a' },
      { name: 'test', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'foo', value: 'bar' },
    ];
    const result = applyConfiguration(
      deployment(template({ containers: [{ name: 'nginx', env }] })),
      { spec: template({ containers: [{ name: 'nginx', env: [{ name: 'test' }] }] }) },
      DEPLOYMENT,
    );
    assert.ok(result.ok);
    assert.deepEqual(result.value.spec, template({ containers: [{ name: 'nginx', env: [{ name: 'test' }, env[2]] }] }));
  });

  test('duplicate keys in the object survive unless the configuration names that key (upstream: env test/test/foo)', () => {
    const env = [
      { name: 'test', value: 'a' },
      { name: 'test', value: 'b' },
      { name: 'foo', value: 'bar' },
    ];
    const untouched = applyConfiguration(
      deployment({ replicas: 1, ...template({ containers: [{ name: 'nginx', env }] }) }),
      { spec: { replicas: 3 } },
      DEPLOYMENT,
    );
    assert.ok(untouched.ok);
    assert.deepEqual(
      (untouched.value.spec as { template: unknown }).template,
      template({ containers: [{ name: 'nginx', env }] }).template,
    );
    const touched = applyConfiguration(
      deployment(template({ containers: [{ name: 'nginx', env }] })),
      { spec: template({ containers: [{ name: 'nginx', env: [{ name: 'test', value: 'c' }] }] }) },
      DEPLOYMENT,
    );
    assert.ok(touched.ok);
    assert.deepEqual(
      touched.value.spec,
      template({
        containers: [
          {
            name: 'nginx',
            env: [
              { name: 'test', value: 'c' },
              { name: 'foo', value: 'bar' },
            ],
          },
        ],
      }),
    );
  });

  test('ports are keyed by containerPort and protocol, protocol defaulting to TCP', () => {
    const result = applyConfiguration(
      deployment(
        template({
          containers: [{ name: 'c', ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }] }],
        }),
      ),
      {
        spec: template({
          containers: [
            {
              name: 'c',
              ports: [
                { containerPort: 80, protocol: 'TCP', name: 'http' },
                { containerPort: 53, protocol: 'TCP' },
              ],
            },
          ],
        }),
      },
      DEPLOYMENT,
    );
    assert.ok(result.ok);
    assert.deepEqual(
      result.value.spec,
      template({
        containers: [
          {
            name: 'c',
            ports: [
              { containerPort: 80, name: 'http', protocol: 'TCP' },
              { containerPort: 53, protocol: 'UDP' },
              { containerPort: 53, protocol: 'TCP' },
            ],
          },
        ],
      }),
    );
  });

  test('atomic fields may not be set: a label selector, an atomic list, an atomic map', () => {
    const cases: [unknown, string][] = [
      [{ spec: { selector: { matchLabels: { l: 'v' } } } }, '.spec.selector'],
      [{ spec: template({ containers: [{ name: 'c', args: ['x'] }] }) }, '.spec.template.spec.containers[0].args'],
      [{ spec: template({ nodeSelector: { zone: 'a' } }) }, '.spec.template.spec.nodeSelector'],
      [{ spec: template({ tolerations: [] }) }, '.spec.template.spec.tolerations'],
    ];
    for (const [patch, path] of cases) {
      assert.deepEqual(applyConfiguration(deployment({}), patch, DEPLOYMENT), {
        ok: false,
        error: `may not mutate atomic arrays, maps or structs: ${path}`,
      });
    }
  });

  test('a configuration that names a key twice, or an item without its key, is an error', () => {
    const twice = applyConfiguration(
      deployment({}),
      { spec: template({ volumes: [{ name: 'a' }, { name: 'a' }] }) },
      DEPLOYMENT,
    );
    // The key is the data's, so the message marks it for redaction (patch.ts redacts it).
    assert.deepEqual(twice.ok ? twice : { ...twice, error: redactValues(twice.error) }, {
      ok: false,
      error: '.spec.template.spec.volumes: the apply configuration lists the key [redacted] twice',
    });
    const keyless = applyConfiguration(deployment({}), { spec: template({ volumes: [{ emptyDir: {} }] }) }, DEPLOYMENT);
    assert.deepEqual(keyless, {
      ok: false,
      error: '.spec.template.spec.volumes[0]: the item has no value for its key field "name"',
    });
  });

  test("null removes a field; apiVersion and kind stay the object's; the input is not changed", () => {
    const object = Object.freeze(deployment(Object.freeze({ replicas: 2, paused: true })));
    const result = applyConfiguration(object, { apiVersion: 'v9', kind: 'Other', spec: { paused: null } }, DEPLOYMENT);
    assert.deepEqual(result, { ok: true, value: deployment({ replicas: 2 }) });
  });

  test('the configuration must be an object', () => {
    assert.deepEqual(applyConfiguration(deployment({}), 'teapot', DEPLOYMENT), {
      ok: false,
      error: 'the apply configuration must be an object (Object{…})',
    });
  });
});
