import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatPath } from '../../src/core/path.js';
import {
  checksFor,
  evaluatePod,
  LATEST_MINOR,
  PSS_CHECKS,
  parsePssVersion,
  runCheck,
  strictestLevel,
  whyNotApplied,
} from '../../src/pss/index.js';
import { container, pod, templateOf } from './support.js';

const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
const RESTRICTED_POD = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  initContainers: [container('init', RESTRICTED_CONTAINER)],
  containers: [container('app', RESTRICTED_CONTAINER)],
};

describe('parsePssVersion', () => {
  test('reads latest, v1.N and 1.N, clamping to the newest version', () => {
    assert.equal(LATEST_MINOR, 37);
    assert.equal(parsePssVersion('latest'), 37);
    assert.equal(parsePssVersion('v1.0'), 0);
    assert.equal(parsePssVersion('v1.24'), 24);
    assert.equal(parsePssVersion('1.30'), 30);
    assert.equal(parsePssVersion('v1.99'), 37);
  });

  test('refuses anything else', () => {
    for (const text of ['', 'v2.0', 'v1', 'v1.', 'v1.x', '1.2.3', 'Latest', ' v1.2', 'v1.-1']) {
      assert.equal(parsePssVersion(text), undefined, text);
    }
  });
});

describe('the check registry', () => {
  test('holds the nineteen checks, baseline then restricted, each sorted by id as upstream orders them', () => {
    assert.deepEqual(
      PSS_CHECKS.map((c) => c.id),
      [
        'appArmorProfile',
        'capabilities_baseline',
        'hostNamespaces',
        'hostPathVolumes',
        'hostPorts',
        'hostProbesAndHostLifecycle',
        'privileged',
        'procMount',
        'seLinuxOptions',
        'seccompProfile_baseline',
        'sysctls',
        'windowsHostProcess',
        'allowPrivilegeEscalation',
        'capabilities_restricted',
        'procMount_restricted',
        'restrictedVolumes',
        'runAsNonRoot',
        'runAsUser',
        'seccompProfile_restricted',
      ],
    );
    const overrides = Object.fromEntries(PSS_CHECKS.filter((c) => c.overrides.length).map((c) => [c.id, c.overrides]));
    assert.deepEqual(overrides, {
      capabilities_restricted: ['capabilities_baseline'],
      procMount_restricted: ['procMount'],
      restrictedVolumes: ['hostPathVolumes'],
      seccompProfile_restricted: ['seccompProfile_baseline'],
    });
  });

  test('the number of checks in effect grows and shrinks exactly at the upstream version boundaries', () => {
    const counts = (level: 'baseline' | 'restricted') =>
      Array.from({ length: LATEST_MINOR + 1 }, (_, minor) => checksFor(level, minor).length);
    const expect = (ranges: [number, number, number][]) =>
      ranges.flatMap(([from, to, count]) => Array.from({ length: to - from + 1 }, () => count));
    assert.deepEqual(
      counts('baseline'),
      expect([
        [0, 33, 11],
        [34, 37, 12],
      ]),
    );
    assert.deepEqual(
      counts('restricted'),
      expect([
        [0, 7, 12],
        [8, 22, 13],
        [23, 33, 14],
        [34, 37, 15],
      ]),
    );
  });

  test('restricted includes baseline, minus the twins its checks replace', () => {
    const at = (minor: number) => checksFor('restricted', minor).map((c) => c.id);
    assert.ok(at(18).includes('seccompProfile_baseline') && !at(18).includes('seccompProfile_restricted'));
    assert.ok(!at(19).includes('seccompProfile_baseline') && at(19).includes('seccompProfile_restricted'));
    assert.ok(at(21).includes('capabilities_baseline') && !at(22).includes('capabilities_baseline'));
    assert.ok(at(34).includes('procMount') && !at(35).includes('procMount') && at(35).includes('procMount_restricted'));
    assert.ok(!at(0).includes('hostPathVolumes') && checksFor('baseline', 0).some((c) => c.id === 'hostPathVolumes'));
  });

  test('says why a check does not run', () => {
    assert.equal(
      whyNotApplied('runAsUser', 'baseline', 37),
      'runAsUser is a restricted-level check; the baseline level does not include it',
    );
    assert.equal(whyNotApplied('runAsUser', 'restricted', 22), 'runAsUser starts at PSS v1.23; v1.22 predates it');
    assert.equal(
      whyNotApplied('hostProbesAndHostLifecycle', 'baseline', 33),
      'hostProbesAndHostLifecycle starts at PSS v1.34; v1.33 predates it',
    );
    assert.equal(
      whyNotApplied('capabilities_baseline', 'restricted', 22),
      'capabilities_baseline is replaced at restricted v1.22 by the stricter capabilities_restricted',
    );
    assert.equal(whyNotApplied('capabilities_baseline', 'restricted', 21), undefined);
    assert.equal(whyNotApplied('capabilities_baseline', 'baseline', 37), undefined);
    assert.equal(
      whyNotApplied('procMount', 'restricted', 99),
      'procMount is replaced at restricted v1.37 by the stricter procMount_restricted',
    );
    assert.equal(whyNotApplied('nope', 'baseline', 1), '"nope" is not a Pod Security Standards check');
  });

  test('runCheck runs the revision in effect whatever the level, and refuses unknown checks and versions', () => {
    const rootPod = pod({ containers: [container('a', { runAsUser: 0 })] });
    assert.equal(runCheck('runAsUser', rootPod, 22), undefined);
    assert.equal(runCheck('runAsUser', rootPod, 23)?.reason, 'runAsUser=0');
    assert.deepEqual(runCheck('runAsUser', rootPod, 99), runCheck('runAsUser', rootPod, 37));
    assert.throws(() => runCheck('nope', rootPod, 1), /"nope" is not a Pod Security Standards check/);
    assert.throws(() => runCheck('runAsUser', rootPod, -1), RangeError);
    assert.throws(() => runCheck('runAsUser', rootPod, 1.5), RangeError);
  });
});

describe('evaluatePod', () => {
  test('a restricted pod is allowed at every version and level', () => {
    const template = pod(RESTRICTED_POD);
    for (let minor = 0; minor <= LATEST_MINOR; minor++) {
      assert.deepEqual(evaluatePod(template, 'restricted', minor), { allowed: true, violations: [] }, `v1.${minor}`);
    }
  });

  test('reports violations in upstream order, restricted replacing the baseline twin', () => {
    const template = pod({
      hostNetwork: true,
      containers: [container('app', { privileged: true, capabilities: { add: ['SYS_ADMIN'] } })],
    });
    const baseline = evaluatePod(template, 'baseline', 37);
    assert.equal(baseline.allowed, false);
    assert.deepEqual(
      baseline.violations.map((v) => v.check),
      ['capabilities_baseline', 'hostNamespaces', 'privileged'],
    );
    const restricted = evaluatePod(template, 'restricted', 37);
    assert.deepEqual(
      restricted.violations.map((v) => [v.check, v.reason]),
      [
        ['hostNamespaces', 'host namespaces'],
        ['privileged', 'privileged'],
        ['allowPrivilegeEscalation', 'allowPrivilegeEscalation != false'],
        ['capabilities_restricted', 'unrestricted capabilities'],
        ['runAsNonRoot', 'runAsNonRoot != true'],
        ['seccompProfile_restricted', 'seccompProfile'],
      ],
    );
  });

  test('findings of wrapped pods point into the workload', () => {
    const spec = { containers: [container('app', { privileged: true })] };
    const deployment = templateOf({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: {
        template: { metadata: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } }, spec },
      },
    });
    const paths = evaluatePod(deployment, 'baseline', 18).violations.flatMap((v) =>
      v.findings.map((f) => formatPath(f.path)),
    );
    assert.deepEqual(paths, [
      'spec.template.spec.containers[0].securityContext.privileged',
      'spec.template.metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]',
    ]);
    const cronJob = templateOf({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec } } } },
    });
    const [violation] = evaluatePod(cronJob, 'baseline', 37).violations;
    assert.deepEqual(
      violation?.findings.map((f) => formatPath(f.path)),
      ['spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged'],
    );
  });
});

describe('strictestLevel', () => {
  test('restricted, baseline or privileged', () => {
    assert.equal(strictestLevel(pod(RESTRICTED_POD), 37), 'restricted');
    assert.equal(strictestLevel(pod({ containers: [container('a')] }), 37), 'baseline');
    assert.equal(strictestLevel(pod({ hostPID: true, containers: [container('a')] }), 37), 'privileged');
  });

  test('a windows pod meets restricted from v1.25, when the Linux-only checks exempt it', () => {
    const windows = pod({
      os: { name: 'windows' },
      securityContext: { runAsNonRoot: true },
      containers: [container('a')],
    });
    assert.equal(strictestLevel(windows, 24), 'baseline');
    assert.equal(strictestLevel(windows, 25), 'restricted');
  });

  test('a user-namespace pod that unmasks /proc meets baseline from v1.35, never restricted', () => {
    const userns = pod({
      ...RESTRICTED_POD,
      hostUsers: false,
      containers: [container('app', { ...RESTRICTED_CONTAINER, procMount: 'Unmasked' })],
    });
    assert.equal(strictestLevel(userns, 34), 'privileged');
    assert.equal(strictestLevel(userns, 35), 'baseline');
  });
});
