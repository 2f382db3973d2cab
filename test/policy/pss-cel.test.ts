import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { podTemplate } from '../../src/core/pod-spec.js';
import type { KubeObject } from '../../src/core/resource.js';
import { loadInputs } from '../../src/load/index.js';
import { AdmissionEvaluator, readPolicySet } from '../../src/policy/admission-policy/index.js';
import { evaluatePod, LATEST_MINOR } from '../../src/pss/index.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const POLICIES = path.join(REPO, 'bench/cel-restricted-policies.yaml');
const CORPUS = process.env.RAMPART_PSS_CORPUS ?? path.resolve(REPO, '../shared/conformance/pss');
const LATEST = path.join(CORPUS, 'restricted', `v1.${LATEST_MINOR}`);

async function evaluator(): Promise<AdmissionEvaluator> {
  const loaded = await loadInputs([POLICIES]);
  const { set, problems } = readPolicySet(loaded.resources);
  assert.deepEqual(problems, []);
  const built = new AdmissionEvaluator(set);
  assert.deepEqual(built.compileProblems, []);
  return built;
}

/** Whether the 16 CEL policies admit a pod exactly when Rampart's restricted PSS check does. */
function compare(admission: AdmissionEvaluator, pod: KubeObject): string | undefined {
  const outcome = admission.admit(admission.attributes(pod));
  const native = evaluatePod(
    podTemplate(pod) as NonNullable<ReturnType<typeof podTemplate>>,
    'restricted',
    LATEST_MINOR,
  );
  if (outcome.allowed === native.allowed) return undefined;
  return `${pod.metadata?.name}: CEL ${outcome.allowed ? 'allows' : `denies (${outcome.status?.failure.policy})`}, PSS ${native.allowed ? 'allows' : `denies (${native.violations.map((v) => v.check).join(', ')})`}`;
}

describe('the restricted Pod Security Standard as 16 CEL policies (bench/cel-restricted-policies.yaml)', () => {
  test('16 policies, each bound, all compiling', async () => {
    const admission = await evaluator();
    assert.equal(admission.validating.length, 16);
  });

  test(`agree with Rampart's restricted check on the upstream corpus (v1.${LATEST_MINOR})`, {
    skip: !existsSync(LATEST) && `no corpus at ${LATEST}`,
  }, async () => {
    const admission = await evaluator();
    const disagreements: string[] = [];
    let pods = 0;
    for (const verdict of ['pass', 'fail']) {
      const dir = path.join(LATEST, verdict);
      const loaded = await loadInputs(
        readdirSync(dir)
          .sort()
          .map((f) => path.join(dir, f)),
      );
      for (const { object } of loaded.resources) {
        pods++;
        const outcome = admission.admit(admission.attributes(object));
        if (outcome.allowed !== (verdict === 'pass'))
          disagreements.push(`${verdict}/${object.metadata?.name}: CEL ${outcome.allowed ? 'allows' : 'denies'}`);
        const native = compare(admission, object);
        if (native) disagreements.push(native);
      }
    }
    assert.ok(pods >= 90, `only ${pods} pods in the corpus`);
    assert.deepEqual(disagreements, []);
  });

  test('agree on pods that touch each exemption and edge', async () => {
    const admission = await evaluator();
    const restricted = {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'c',
          image: 'x',
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        },
      ],
    };
    const pod = (name: string, spec: Record<string, unknown>): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { ...restricted, ...spec },
    });
    const cases = [
      pod('compliant', {}),
      pod('windows', {
        os: { name: 'windows' },
        securityContext: { runAsNonRoot: true },
        containers: [{ name: 'c', image: 'x' }],
      }),
      pod('user-namespace', { hostUsers: false, securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }),
      pod('seccomp-per-container', {
        securityContext: { runAsNonRoot: true },
        containers: [
          {
            name: 'c',
            image: 'x',
            securityContext: {
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
              seccompProfile: { type: 'Localhost', localhostProfile: 'p' },
            },
          },
        ],
      }),
      pod('volumes', {
        volumes: [
          { name: 'a', emptyDir: {} },
          { name: 'b', nfs: { server: 's', path: '/' } },
        ],
      }),
      pod('probe-host', {
        containers: [
          {
            name: 'c',
            image: 'x',
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            livenessProbe: { httpGet: { host: '10.0.0.1', port: 80 } },
          },
        ],
      }),
      pod('unsafe-sysctl', {
        securityContext: {
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
          sysctls: [{ name: 'kernel.msgmax', value: '1' }],
        },
      }),
    ];
    const disagreements = cases.map((p) => compare(admission, p)).filter(Boolean);
    assert.deepEqual(disagreements, []);
  });
});
