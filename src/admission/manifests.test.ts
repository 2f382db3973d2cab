import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../../test/support/run-cli.js';
import type { KubeObject } from '../core/index.js';
import { atOrAbove } from '../core/severity.js';

async function manifests(...flags: string[]): Promise<{ text: string; objects: KubeObject[] }> {
  const run = await runCli(['webhook', 'manifests', ...flags]);
  assert.equal(run.code, 0, run.stderr);
  return { text: run.stdout, objects: parseAllDocuments(run.stdout).map((d) => d.toJS() as KubeObject) };
}

// biome-ignore lint/suspicious/noExplicitAny: the test reads deep fields of generated manifests
type Loose = Record<string, any>;
const byKind = (objects: readonly KubeObject[], kind: string) => objects.find((o) => o.kind === kind) as Loose;

describe('rampart webhook manifests', () => {
  for (const certificates of ['self-signed', 'cert-manager']) {
    test(`pass rampart scan with no finding at medium or above (${certificates})`, async () => {
      const { text } = await manifests('--certificates', certificates);
      const scan = await runCli(['scan', '-', '-o', 'json', '--fail-on', 'medium'], { stdin: text });
      const report = JSON.parse(scan.stdout);
      const serious = report.results.filter(
        (r: { verdict: string; severity: string }) => r.verdict === 'fail' && atOrAbove(r.severity as 'low', 'medium'),
      );
      assert.deepEqual(serious, []);
      assert.equal(scan.code, 0);
      assert.ok(report.summary.resources >= 13);
    });
  }

  test('three spread replicas with a disruption budget, restricted, least-privilege RBAC', async () => {
    const { objects } = await manifests('-n', 'guard');
    const deployment = byKind(objects, 'Deployment');
    assert.equal(deployment.spec.replicas, 3);
    const pod = deployment.spec.template.spec;
    assert.equal(
      pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey,
      'kubernetes.io/hostname',
    );
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.deepEqual(pod.containers[0].securityContext, {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    assert.equal(byKind(objects, 'PodDisruptionBudget').spec.maxUnavailable, 1);
    assert.deepEqual(byKind(objects, 'ClusterRole').rules, [
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
    ]);
    assert.equal(byKind(objects, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
  });

  test('webhook configurations: failure policy, timeout, match conditions, never kube-system or their own namespace', async () => {
    const { objects } = await manifests('-n', 'guard', '--failure-policy', 'Ignore', '--timeout-seconds', '3');
    for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
      const [webhook] = byKind(objects, kind).webhooks;
      assert.equal(webhook.failurePolicy, 'Ignore');
      assert.equal(webhook.timeoutSeconds, 3);
      assert.equal(webhook.sideEffects, 'None');
      assert.deepEqual(webhook.admissionReviewVersions, ['v1']);
      assert.deepEqual(webhook.namespaceSelector.matchExpressions[0], {
        key: 'kubernetes.io/metadata.name',
        operator: 'NotIn',
        values: ['kube-system', 'guard'],
      });
      assert.ok(webhook.matchConditions.length >= 1);
      assert.equal(webhook.clientConfig.service.namespace, 'guard');
    }
  });

  test('the self-signed CA in the caBundle verifies the serving certificate for the service name', async () => {
    const { objects } = await manifests('-n', 'guard');
    const bundle = byKind(objects, 'ValidatingWebhookConfiguration').webhooks[0].clientConfig.caBundle;
    const ca = new X509Certificate(Buffer.from(bundle, 'base64'));
    const secret = byKind(objects, 'Secret');
    const cert = new X509Certificate(Buffer.from(secret.data['tls.crt'], 'base64'));
    assert.ok(cert.verify(ca.publicKey));
    assert.ok(cert.checkHost('rampart-webhook.guard.svc'));
    assert.equal(secret.type, 'kubernetes.io/tls');
  });

  test('cert-manager: an Issuer and a Certificate, the bundle injected', async () => {
    const { objects } = await manifests('--certificates', 'cert-manager');
    assert.ok(byKind(objects, 'Certificate'));
    assert.equal(byKind(objects, 'Secret'), undefined);
    const config = byKind(objects, 'ValidatingWebhookConfiguration');
    assert.equal(config.metadata.annotations['cert-manager.io/inject-ca-from'], 'rampart/rampart-webhook');
    assert.equal(config.webhooks[0].clientConfig.caBundle, undefined);
  });

  test('bad flags are usage errors', async () => {
    assert.equal((await runCli(['webhook', 'manifests', '--certificates', 'acme'])).code, 2);
    assert.equal((await runCli(['webhook', 'manifests', '--timeout-seconds', '31'])).code, 2);
    assert.equal((await runCli(['webhook', 'manifests', '--failure-policy', 'fail'])).code, 2);
  });
});
