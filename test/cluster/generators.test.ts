/*
 * The oracle suites' generators and comparisons, without a server: the same seed gives the same
 * cases, the cases reach every field family they claim to vary, and the mutation comparison
 * tells defaulting inside added content from a real difference.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateExpressions } from './cel-generator.js';
import { Random } from './oracle.js';
import { compareMutation } from './policy-compare.js';
import { generatePods } from './pss-generator.js';
import { generateRbac } from './rbac-generator.js';

describe('oracle generators', () => {
  test('the same seed gives the same pods; another seed, others', () => {
    const a = JSON.stringify(generatePods(new Random(7), 50));
    assert.equal(JSON.stringify(generatePods(new Random(7), 50)), a);
    assert.notEqual(JSON.stringify(generatePods(new Random(8), 50)), a);
  });

  test('2,400 generated pods are distinct and vary every field the 19 checks read', () => {
    const pods = generatePods(new Random(20_370_002), 2400);
    const specs = pods.map((p) => JSON.stringify({ ...p.pod, metadata: { ...(p.pod.metadata as object), name: '' } }));
    assert.ok(new Set(specs).size > 2300, 'nearly all distinct');
    const all = specs.join('\n');
    for (const field of [
      '"hostNetwork":true',
      '"hostPID":true',
      '"hostIPC":true',
      '"hostUsers":false',
      '"privileged":true',
      '"add":[',
      '"drop":[',
      '"hostPath":',
      '"hostPort":',
      '"appArmorProfile":',
      'container.apparmor.security.beta.kubernetes.io/',
      '"seLinuxOptions":',
      '"procMount":"Unmasked"',
      '"seccompProfile":',
      'seccomp.security.alpha.kubernetes.io/pod',
      '"sysctls":',
      '"windowsOptions":',
      '"hostProcess":true',
      '"allowPrivilegeEscalation":true',
      '"runAsNonRoot":false',
      '"runAsUser":0',
      '"host":"',
      '"lifecycle":',
      '"readinessProbe":',
      '"nfs":',
      '"ephemeral":',
      '"name":"windows"',
      '"restartPolicy":"Always"',
    ]) {
      assert.ok(all.includes(field), `some pod sets ${field}`);
    }
    const levels = new Set(pods.map((p) => `${p.level}:${p.version}`));
    assert.ok(levels.size > 50, 'many level and version pairs');
  });

  test('RBAC worlds aggregate, bind missing roles, and use every subject kind', () => {
    const world = JSON.stringify(generateRbac(new Random(3)));
    for (const part of [
      '"aggregationRule"',
      '"rt-missing"',
      '"kind":"ServiceAccount"',
      '"kind":"Group"',
      '"kind":"User"',
      '"nonResourceURLs"',
      '"resourceNames"',
    ]) {
      assert.ok(world.includes(part), part);
    }
  });

  test('CEL expressions: enough distinct ones, every template used', () => {
    const expressions = generateExpressions(new Random(1), 360);
    assert.equal(new Set(expressions).size, 360);
    for (const library of [
      'quantity(',
      '.matches(',
      'url(',
      'ip(',
      'cidr(',
      'semver(',
      'sets.',
      '.format(',
      'math.',
      'optional.',
    ]) {
      assert.ok(
        expressions.some((e) => e.includes(library)),
        library,
      );
    }
  });
});

describe('mutation comparison', () => {
  const written = { metadata: { name: 'p' }, spec: { containers: [{ name: 'app' }] } };
  const added = { metadata: { name: 'p' }, spec: { containers: [{ name: 'app' }, { name: 'proxy' }] } };

  test('defaults the server fills inside a container the policy added are no difference', () => {
    const before = {
      metadata: { name: 'p', uid: '1' },
      spec: { containers: [{ name: 'app', terminationMessagePath: '/dev/t' }] },
    };
    const after = {
      metadata: { name: 'p', uid: '2' },
      spec: {
        containers: [
          { name: 'app', terminationMessagePath: '/dev/t' },
          { name: 'proxy', terminationMessagePath: '/dev/t' },
        ],
      },
    };
    assert.equal(compareMutation(written, added, before, after), undefined);
  });

  test('a field only the server changed, or changed differently, is a difference', () => {
    const before = { metadata: { name: 'p' }, spec: { containers: [{ name: 'app' }] } };
    const other = {
      metadata: { name: 'p', labels: { x: 'y' } },
      spec: { containers: [{ name: 'app' }, { name: 'proxy' }] },
    };
    assert.match(
      compareMutation(written, added, before, other) ?? '',
      /\.metadata\.labels\.x: server "y", rampart left it/,
    );
    const renamed = { metadata: { name: 'p' }, spec: { containers: [{ name: 'app' }, { name: 'sidecar' }] } };
    assert.match(
      compareMutation(written, added, before, renamed) ?? '',
      /containers\[1\]\.name: rampart "proxy", server "sidecar"/,
    );
  });
});
