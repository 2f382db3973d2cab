import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { CORPUS, manifestFiles, type Noise, noiseOf } from '../scripts/precision-workloads-lib.js';
import { evaluate } from '../src/core/engine.js';
import { Inventory } from '../src/core/inventory.js';
import type { Result } from '../src/core/result.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
import { loadInputs } from '../src/load/index.js';
import { RULES } from '../src/rules/index.js';

/**
 * The noise budget on the real-world corpus (docs/precision.md has the numbers and the command):
 * no concern reported twice, and no object buried under findings. Each file is scanned alone, as
 * a new user would. The budgets sit just above what was measured, so a rule that starts
 * repeating another or piling findings onto one object fails here.
 */
const BUDGET = { repeated: 0, perObject: 25, meanPerObject: 6.5 };

async function scan(file: string): Promise<Result[]> {
  const loaded = await loadInputs([file]);
  return evaluate(new Inventory(loaded.resources), { rules: RULES, settings: DEFAULT_SETTINGS, keepPasses: false })
    .results;
}

describe('noise budget on the real-world corpus', { skip: !existsSync(CORPUS) && 'no ../shared corpus' }, () => {
  let noise: Noise;
  test('scan every file', async () => {
    const files = manifestFiles();
    assert.ok(files.length >= 8);
    const scans = [];
    for (const file of files) {
      scans.push({ file: path.relative(CORPUS, file), findings: await scan(file) });
    }
    noise = noiseOf(scans);
    assert.ok(noise.findings > 0, 'the corpus has real findings');
  });
  test('no concern is reported twice', () => {
    assert.deepEqual(noise.repeated, []);
    assert.equal(noise.repeated.length, BUDGET.repeated);
  });
  test('findings per object stay within the budget', () => {
    const top = noise.busiest[0];
    assert.ok(top && top.findings <= BUDGET.perObject, `${top?.object}: ${top?.findings} findings`);
    assert.ok(noise.findings / noise.objects <= BUDGET.meanPerObject);
  });
});

describe('findings a reviewer agrees with, on the corpus', {
  skip: !existsSync(CORPUS) && 'no ../shared corpus',
}, () => {
  const byFile = new Map<string, Result[]>();
  const findings = (file: string, ruleId: string, name?: string) =>
    (byFile.get(file) ?? []).filter(
      (r) => r.ruleId === ruleId && r.verdict === 'fail' && (name === undefined || r.resource?.name === name),
    );
  test('scan', async () => {
    for (const file of manifestFiles()) byFile.set(path.relative(CORPUS, file), await scan(file));
  });
  test('a hostPath volume is one PSS finding that says what the path exposes, rated by it', () => {
    const volumes = findings('kubernetes-examples/sysdig-daemonset.yaml', 'pss-restricted-volumes');
    assert.equal(volumes.length, 6);
    const socket = volumes.find((r) => r.path?.endsWith('volumes[0].hostPath'));
    assert.equal(socket?.severity, 'critical');
    assert.match(
      socket?.message ?? '',
      /restricted volume type "hostPath": host path "\/var\/run\/docker.sock" writable, the container runtime socket/,
    );
    assert.deepEqual(findings('kubernetes-examples/sysdig-daemonset.yaml', 'pod-sensitive-host-path'), []);
  });
  test('added capabilities and a missing drop of ALL are one PSS finding each, with the dangerous ones rated', () => {
    const file = 'linkerd2/install_helm_control_plane_output_ha.yaml';
    const capabilities = findings(file, 'pss-capabilities-restricted', 'linkerd-identity');
    const add = capabilities.find((r) => r.path?.endsWith('capabilities.add'));
    assert.equal(add?.severity, 'high');
    assert.match(add?.message ?? '', /NET_ADMIN rewrites interfaces.*; NET_RAW opens raw sockets/);
    const drop = capabilities.find((r) => r.path?.endsWith('capabilities.drop'));
    assert.ok(drop, 'drop ALL is still asked for');
    assert.deepEqual(findings(file, 'container-dangerous-capabilities'), []);
    assert.deepEqual(findings(file, 'container-net-raw-not-dropped'), []);
  });
  test('the LoadBalancer of an ingress controller is info and says why', () => {
    const [lb] = findings('ingress-nginx/deploy.yaml', 'service-exposed-externally');
    assert.equal(lb?.severity, 'info');
    assert.match(lb?.message ?? '', /as expected: it selects an ingress controller/);
    const [shop] = findings('microservices-demo/kubernetes-manifests.yaml', 'service-exposed-externally');
    assert.equal(shop?.severity, 'medium', 'an application behind a LoadBalancer stays a finding');
  });
  test("Istio's proxies keep UID 1337; the UID and GID of one place are one finding", () => {
    const file = 'network-config-analyzer/istio-system_pods_list_full.yaml';
    const low = findings(file, 'container-low-uid-gid');
    assert.deepEqual(
      low.map((r) => r.resource?.name),
      ['istiod-555d47cb65-hk7mc'],
      'only istiod, whose UID is its own choice',
    );
    assert.match(low[0]?.message ?? '', /sets runAsUser 1337 and runAsGroup 1337, below 10000/);
  });
  test('an unset UID under runAsNonRoot: true is not said to be root', () => {
    const [argocd] = findings('argo-cd/install.yaml', 'container-low-uid-gid', 'argocd-server');
    assert.match(argocd?.message ?? '', /runAsNonRoot: true rules out UID 0/);
    assert.doesNotMatch(argocd?.message ?? '', /root unless/);
  });
  test('quota and limit-range findings only for namespaces the input defines', () => {
    for (const rule of ['namespace-without-resource-quota', 'namespace-without-limit-range']) {
      assert.deepEqual(findings('istio/kiali.yaml', rule), []);
      assert.equal(findings('ingress-nginx/deploy.yaml', rule).length, 1, 'the Namespace object the input defines');
    }
  });
  test('a container with no port and no Service needs no readiness probe', () => {
    assert.deepEqual(
      findings('microservices-demo/kubernetes-manifests.yaml', 'container-readiness-probe', 'loadgenerator'),
      [],
    );
    // A metrics Service selects this one, so traffic does reach it.
    const controller = findings('argo-cd/install.yaml', 'container-readiness-probe', 'argocd-notifications-controller');
    assert.equal(controller.length, 1);
  });
  test('latest with IfNotPresent is one finding that names the pull policy', () => {
    const [latest] = findings('argo-cd/install.yaml', 'image-latest-tag', 'argocd-redis');
    assert.match(latest?.message ?? '', /imagePullPolicy IfNotPresent keeps each node on the build it pulled first/);
    assert.deepEqual(findings('argo-cd/install.yaml', 'image-pull-policy'), []);
  });
  test('rules for concerns that had none stay quiet on what is not one', () => {
    // The live pod list: ReplicaSets run these pods, and the token at the token path is the projected one.
    const pods = 'network-config-analyzer/istio-system_pods_list_full.yaml';
    assert.deepEqual(findings(pods, 'pod-without-controller'), []);
    assert.deepEqual(findings(pods, 'legacy-token-secret-mounted'), []);
    assert.deepEqual(findings('linkerd2/install_helm_control_plane_output_ha.yaml', 'legacy-token-secret-mounted'), []);
    // The longer list of credential names finds nothing new here (JWT_POLICY, ARGOCD_REDIS_KEY_PREFIX, …).
    const credentials = [...byFile].flatMap(([file, results]) =>
      results
        .filter((r) => r.ruleId === 'hardcoded-credentials' && r.verdict === 'fail')
        .map((r) => `${file} ${r.resource?.kind}/${r.resource?.name}`),
    );
    assert.deepEqual(credentials.sort(), [
      'istio/kiali.yaml ConfigMap/kiali',
      'kubernetes-examples/sysdig-daemonset.yaml DaemonSet/sysdig-agent',
    ]);
  });
});
