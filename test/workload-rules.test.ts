import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Inventory } from '../src/core/inventory.js';
import type { Rule } from '../src/core/rule.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
import { loadText } from '../src/load/index.js';
import { RULES } from '../src/rules/index.js';
import { parseImage } from '../src/rules/workload-image.js';
import { WORKLOAD_RULES } from '../src/rules/workload-rules.js';
import { type Fixture, readFixtures, runFixture } from './support/rule-tester.js';

const RULES_DIR = path.resolve(import.meta.dirname, '../src/rules');

function ruleById(id: string): Rule {
  const rule = WORKLOAD_RULES.find((candidate) => candidate.meta.id === id);
  assert.ok(rule, `no workload rule ${id}`);
  return rule;
}

function fixture(id: string, name: string): Fixture {
  const found = readFixtures(path.join(RULES_DIR, id, 'fixtures')).find((f) => path.basename(f.file) === name);
  assert.ok(found, `${id} has no fixture ${name}`);
  return found;
}

/** Severity of each finding of a fixture, by path. */
function severities(id: string, name: string): Record<string, string> {
  const rule = ruleById(id);
  const outcome = runFixture(rule, fixture(id, name));
  return Object.fromEntries(outcome.findings.map((f) => [f.path, f.report.severity ?? rule.meta.severity]));
}

describe('workload rules', () => {
  test('every workload rule is in the catalogue', () => {
    const catalogue = new Set(RULES.map((rule) => rule.meta.id));
    assert.deepEqual(
      WORKLOAD_RULES.map((rule) => rule.meta.id).filter((id) => !catalogue.has(id)),
      [],
    );
  });

  test('meta is complete enough to generate useful docs', () => {
    for (const { meta } of WORKLOAD_RULES) {
      assert.ok(meta.references.length > 0, `${meta.id}: no references`);
      for (const reference of meta.references) assert.match(reference, /^https:\/\//, `${meta.id}: ${reference}`);
      assert.match(meta.remediation, /```yaml\n[\s\S]+\n```/, `${meta.id}: remediation has no YAML example`);
      assert.ok(meta.rationale.length > 150, `${meta.id}: rationale too thin to explain the attack or failure`);
      if (meta.optIn) assert.match(meta.description, /^Opt-in\./, `${meta.id}: opt-in rules say so first`);
      for (const cis of meta.frameworks.cis ?? []) assert.match(cis, /^5\.\d+\.\d+$/, `${meta.id}: CIS ${cis}`);
      for (const mitre of meta.frameworks.mitre ?? [])
        assert.match(mitre, /^T\d{4}(\.\d{3})?$/, `${meta.id}: ${mitre}`);
    }
  });

  // Their fixtures run in test/rules.test.ts with the rest of the catalogue.
});

describe('per-finding severities', () => {
  test('dangerous capabilities are rated by the worst of each container', () => {
    assert.deepEqual(severities('container-dangerous-capabilities', 'fail.deployment.yaml'), {
      'spec.template.spec.containers[0].securityContext.capabilities.add': 'critical',
      'spec.template.spec.initContainers[0].securityContext.capabilities.add': 'high',
    });
    assert.deepEqual(Object.values(severities('container-dangerous-capabilities', 'fail.pod.yaml')), [
      'medium',
      'high',
    ]);
  });

  test('host paths: sockets and / are critical even read-only; read-only logs are medium', () => {
    assert.deepEqual(severities('pod-sensitive-host-path', 'fail.deployment.yaml'), {
      'spec.template.spec.volumes[0].hostPath.path': 'critical',
      'spec.template.spec.volumes[1].hostPath.path': 'critical',
      'spec.template.spec.volumes[4].hostPath.path': 'medium',
      'spec.template.spec.volumes[5].hostPath.path': 'critical',
    });
    assert.deepEqual(Object.values(severities('pod-sensitive-host-path', 'fail.cronjob.yaml')), ['critical']);
  });

  test('DaemonSets tolerating the control plane, and StatefulSets killed at once, are rated apart', () => {
    assert.deepEqual(Object.values(severities('pod-control-plane-toleration', 'fail.daemonset.yaml')), ['low']);
    assert.deepEqual(Object.values(severities('pod-control-plane-toleration', 'fail.pod.yaml')), ['medium']);
    assert.deepEqual(Object.values(severities('pod-termination-grace-period-zero', 'fail.statefulset.yaml')), [
      'medium',
    ]);
    assert.deepEqual(Object.values(severities('pod-termination-grace-period-zero', 'fail.pod.yaml')), ['low']);
    assert.deepEqual(Object.values(severities('workload-pod-disruption-budget', 'fail.allows-no-disruption.yaml')), [
      'medium',
    ]);
    assert.deepEqual(Object.values(severities('workload-pod-disruption-budget', 'fail.missing.yaml')), ['low']);
  });
});

describe('options', () => {
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: c
    image: nginx:1.25
`;

  function check(id: string, options: Record<string, unknown>) {
    const rule = ruleById(id);
    const [resource] = loadText({ text: pod }, 'inline.yaml').resources;
    assert.ok(resource);
    return rule.check({
      resource,
      object: resource.object,
      inventory: new Inventory([resource]),
      settings: DEFAULT_SETTINGS,
      options,
      now: new Date(),
    });
  }

  test('mistyped options fail loudly, naming the option', () => {
    assert.throws(() => check('image-allowed-registries', { registries: 'registry.example.com/' }), /registries/);
    assert.throws(() => check('image-pull-policy', { mutableTags: [1] }), /mutableTags/);
    assert.throws(() => check('container-low-uid-gid', { minimumId: '10000' }), /minimumId/);
    assert.throws(() => check('pod-runtime-class-untrusted', { untrustedLabel: 7 }), /untrustedLabel/);
  });

  test('rules that need configuration decline with the option to set', () => {
    assert.match(String((check('image-allowed-registries', {}) as { skip: string }).skip), /options\.registries/);
    assert.match(String((check('pod-runtime-class-untrusted', {}) as { skip: string }).skip), /untrustedNamespaces/);
  });
});

describe('image references', () => {
  test('registry, repository, tag and digest are read as runtimes read them', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const cases: [string, string, string | undefined, string | undefined][] = [
      ['nginx', 'docker.io/library/nginx', undefined, undefined],
      ['nginx:1.25', 'docker.io/library/nginx', '1.25', undefined],
      ['bitnami/redis:7', 'docker.io/bitnami/redis', '7', undefined],
      ['registry:5000/app', 'registry:5000/app', undefined, undefined],
      ['registry:5000/team/app:1.2', 'registry:5000/team/app', '1.2', undefined],
      ['localhost/app:dev', 'localhost/app', 'dev', undefined],
      ['Registry.Example.com/Team/App:V1', 'registry.example.com/team/app', 'V1', undefined],
      ['index.docker.io/library/busybox:1.36', 'docker.io/library/busybox', '1.36', undefined],
      [`app:latest@${digest}`, 'docker.io/library/app', 'latest', digest],
      [`ghcr.io/org/app@${digest}`, 'ghcr.io/org/app', undefined, digest],
      ['app@sha256:abc', 'docker.io/library/app', undefined, undefined],
    ];
    for (const [raw, repository, tag, expectedDigest] of cases) {
      const parsed = parseImage(raw);
      assert.deepEqual([parsed.repository, parsed.tag, parsed.digest], [repository, tag, expectedDigest], raw);
    }
  });
});
