/**
 * The noise budget of the RBAC rules on manifests nobody wrote for Rampart (../shared/corpus/real-world,
 * each file scanned on its own): every concern reported once, few findings per object, and the
 * findings a reviewer of those projects agreed with all present. docs/precision.md has the counts.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { CORPUS, corpusFiles, measure, type Precision } from '../../scripts/precision-lib.js';

/** At most this many RBAC findings on one object (Istio's kiali ClusterRole: five rules, five concerns). */
const MOST_PER_OBJECT = 5;
/** On average at most this many per object that has any. */
const MEAN_PER_OBJECT = 1.5;

describe('RBAC noise budget on the real-world corpus', () => {
  let precision: Precision;
  before(async () => {
    const files = corpusFiles(CORPUS);
    assert.ok(files.length >= 8, `the corpus is missing: ${CORPUS}`);
    precision = await measure(files, (id) => id.startsWith('rbac-'));
  });

  test('no concern is reported twice', () => {
    assert.deepEqual(precision.repeated, []);
  });

  test(`at most ${MOST_PER_OBJECT} findings on one object, ${MEAN_PER_OBJECT} on average`, () => {
    const total = precision.byRule.reduce((sum, [, n]) => sum + n, 0);
    assert.ok((precision.busiest[0]?.findings ?? 0) <= MOST_PER_OBJECT, JSON.stringify(precision.busiest));
    assert.ok(total / precision.objects <= MEAN_PER_OBJECT, `${total} findings on ${precision.objects} objects`);
  });

  test('the cluster-admin and Secrets paths a reviewer finds are all reported', () => {
    const has = (line: string) => assert.ok(precision.findings.includes(line), `missing: ${line}`);
    const workload = 'rbac-workload-powerful-service-account';
    const sa = 'spec.template.spec.serviceAccountName';
    // Argo CD's manifests name no namespace: the ClusterRoleBindings put them in argocd
    has(`argo-cd/install.yaml ${workload} critical StatefulSet/argocd-application-controller ${sa}`);
    has(`argo-cd/install.yaml ${workload} critical Deployment/argocd-server ${sa}`);
    has(`argo-cd/install.yaml ${workload} high Deployment/argocd-applicationset-controller ${sa}`);
    has('argo-cd/install.yaml rbac-wildcard-permissions critical ClusterRole/argocd-application-controller rules[0]');
    has('argo-cd/install.yaml rbac-wildcard-permissions critical ClusterRole/argocd-server rules[0].resources');
    // ingress-nginx reads every Secret, from a LoadBalancer-exposed pod
    has(`ingress-nginx/deploy.yaml ${workload} critical Deployment/ingress-nginx/ingress-nginx-controller ${sa}`);
    has(
      'ingress-nginx/deploy.yaml rbac-secrets-access-path high RoleBinding/ingress-nginx/ingress-nginx-admission subjects[0]',
    );
    // kiali patches workloads everywhere, kube-system's included
    has('istio/kiali.yaml rbac-escalation-to-cluster-admin critical ClusterRoleBinding/kiali subjects[0]');
    has(`istio/kiali.yaml ${workload} critical Deployment/istio-system/kiali ${sa}`);
  });
});
