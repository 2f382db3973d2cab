import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { privilegedPod, restrictedPod, reviewFor } from '../../test/support/webhook.js';
import type { KubeObject } from '../core/index.js';
import { defaultPolicy, isSignificantPodUpdate, podSecurity, policyToEvaluate } from './pod-security.js';
import type { AdmissionRequest } from './review.js';

const requestOf = (object: KubeObject, options: Parameters<typeof reviewFor>[1] = {}) =>
  (reviewFor(object, options) as { request: AdmissionRequest }).request;
const labels = (entries: Record<string, string>) =>
  Object.fromEntries(Object.entries(entries).map(([k, v]) => [`pod-security.kubernetes.io/${k}`, v]));
const PRIVILEGED = 'privileged (container "app" must not set securityContext.privileged=true)';

describe('Pod Security Admission', () => {
  test('namespace labels over the defaults; a bad level reads restricted for enforce, privileged for audit and warn', () => {
    const { policy, errors } = policyToEvaluate(
      labels({
        enforce: 'baseline',
        'enforce-version': 'v1.30',
        audit: 'strict',
        warn: 'bogus',
        'warn-version': '1.2',
      }),
      defaultPolicy({ defaults: { audit: { level: 'restricted' } } }),
    );
    assert.deepEqual(policy, {
      enforce: { level: 'baseline', version: 'v1.30' },
      audit: { level: 'privileged', version: 'latest' },
      warn: { level: 'privileged', version: 'latest' },
    });
    assert.deepEqual(errors, [
      'metadata.labels[pod-security.kubernetes.io/audit]: Invalid value: "strict": must be one of privileged, baseline, restricted',
      'metadata.labels[pod-security.kubernetes.io/warn]: Invalid value: "bogus": must be one of privileged, baseline, restricted',
      'metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "1.2": must be "latest" or "v1.x"',
    ]);
    assert.deepEqual(policyToEvaluate(labels({ enforce: 'nope' }), defaultPolicy()).policy.enforce.level, 'restricted');
  });

  test('enforce denies a pod with upstream wording; audit and the enforced policy go to audit annotations', () => {
    const outcome = podSecurity(requestOf(privilegedPod()), labels({ enforce: 'baseline', audit: 'baseline' }), {});
    assert.equal(outcome?.allowed, false);
    assert.deepEqual(outcome?.status, {
      code: 403,
      reason: 'Forbidden',
      message: `violates PodSecurity "baseline:latest": ${PRIVILEGED}`,
    });
    assert.deepEqual(outcome?.auditAnnotations, {
      'enforce-policy': 'baseline:latest',
      'audit-violations': `would violate PodSecurity "baseline:latest": ${PRIVILEGED}`,
    });
    assert.deepEqual(outcome?.warnings, [], 'no warnings on a denied request');
  });

  test('warn admits with a warning; a compliant pod gets nothing but the enforced policy', () => {
    const warned = podSecurity(requestOf(privilegedPod()), labels({ warn: 'baseline', 'warn-version': 'v1.29' }), {});
    assert.equal(warned?.allowed, true);
    assert.deepEqual(warned?.warnings, [`would violate PodSecurity "baseline:v1.29": ${PRIVILEGED}`]);
    const clean = podSecurity(requestOf(restrictedPod()), labels({ enforce: 'restricted', warn: 'restricted' }), {});
    assert.deepEqual(clean, {
      allowed: true,
      warnings: [],
      auditAnnotations: { 'enforce-policy': 'restricted:latest' },
    });
  });

  test('privileged everywhere, or a resource PSA does not judge, is no answer at all', () => {
    assert.equal(podSecurity(requestOf(privilegedPod()), undefined, {}), undefined);
    const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'team' } };
    assert.equal(podSecurity(requestOf(config), labels({ enforce: 'restricted' }), {}), undefined);
    assert.equal(
      podSecurity(requestOf(privilegedPod(), { subResource: 'status' }), labels({ enforce: 'restricted' }), {}),
      undefined,
    );
  });

  test('exempt namespaces, users and runtime classes are admitted with the reason in an audit annotation', () => {
    const strict = labels({ enforce: 'restricted' });
    const exemptions = { namespaces: ['team'], usernames: ['ci-bot'], runtimeClasses: ['kata'] };
    assert.deepEqual(podSecurity(requestOf(privilegedPod()), strict, { exemptions })?.auditAnnotations, {
      exempt: 'namespace',
    });
    const other = privilegedPod('web', 'other');
    assert.deepEqual(podSecurity(requestOf(other, { username: 'ci-bot' }), strict, { exemptions })?.auditAnnotations, {
      exempt: 'user',
    });
    const kata = { ...other, spec: { ...(other.spec as object), runtimeClassName: 'kata' } };
    assert.deepEqual(podSecurity(requestOf(kata), strict, { exemptions })?.auditAnnotations, {
      exempt: 'runtimeClass',
    });
    assert.equal(podSecurity(requestOf(other), strict, { exemptions })?.allowed, false);
  });

  test('an UPDATE that changes nothing the checks read is not judged again; an image change is', () => {
    const strict = labels({ enforce: 'restricted' });
    const old = privilegedPod();
    const relabelled = { ...old, metadata: { ...old.metadata, labels: { tier: 'web' } } };
    assert.equal(podSecurity(requestOf(relabelled, { operation: 'UPDATE', oldObject: old }), strict, {}), undefined);
    const spec = old.spec as { containers: Record<string, unknown>[] };
    const newImage = { ...old, spec: { containers: [{ ...spec.containers[0], image: 'registry.example/app:2.0' }] } };
    assert.equal(podSecurity(requestOf(newImage, { operation: 'UPDATE', oldObject: old }), strict, {})?.allowed, false);
  });

  test('isSignificantPodUpdate: images, container counts, seccomp annotations, ephemeral containers', () => {
    const pod = restrictedPod();
    const withSpec = (spec: Record<string, unknown>, annotations?: Record<string, string>): KubeObject => ({
      ...pod,
      metadata: { ...pod.metadata, ...(annotations ? { annotations } : {}) },
      spec: { ...(pod.spec as object), ...spec },
    });
    assert.equal(isSignificantPodUpdate(pod, structuredClone(pod)), false);
    assert.equal(isSignificantPodUpdate(withSpec({ activeDeadlineSeconds: 5 }), pod), false);
    assert.equal(isSignificantPodUpdate(withSpec({ initContainers: [{ name: 'i', image: 'x' }] }), pod), true);
    assert.equal(
      isSignificantPodUpdate(withSpec({}, { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' }), pod),
      true,
    );
    assert.equal(
      isSignificantPodUpdate(withSpec({}, { 'container.seccomp.security.alpha.kubernetes.io/app': 'unconfined' }), pod),
      true,
    );
    const debug = withSpec({ ephemeralContainers: [{ name: 'dbg', image: 'busybox' }] });
    assert.equal(isSignificantPodUpdate(debug, pod), true, 'an ephemeral container added');
    assert.equal(isSignificantPodUpdate(debug, debug), false);
  });

  test('workloads are judged by their pod template for warn and audit, never denied', () => {
    const deployment: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'team' },
      spec: { template: { metadata: {}, spec: privilegedPod().spec } },
    };
    const outcome = podSecurity(requestOf(deployment), labels({ enforce: 'restricted', warn: 'baseline' }), {});
    assert.equal(outcome?.allowed, true);
    assert.deepEqual(outcome?.warnings, [`would violate PodSecurity "baseline:latest": ${PRIVILEGED}`]);
    assert.equal(outcome?.auditAnnotations['enforce-policy'], undefined);
    assert.equal(podSecurity(requestOf(deployment), labels({ enforce: 'restricted' }), {}), undefined);
  });

  test('a namespace with labels that do not parse is refused on create, and on update when they changed', () => {
    const ns = (l: Record<string, string>): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team', labels: l },
    });
    const bad = ns(labels({ enforce: 'strict' }));
    const outcome = podSecurity(requestOf(bad), undefined, {});
    assert.deepEqual(outcome?.status, {
      code: 422,
      reason: 'Invalid',
      message:
        'Namespace "team" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
    });
    assert.equal(podSecurity(requestOf(bad, { operation: 'UPDATE', oldObject: bad }), undefined, {}), undefined);
    assert.equal(
      podSecurity(requestOf(bad, { operation: 'UPDATE', oldObject: ns({}) }), undefined, {})?.allowed,
      false,
    );
    assert.equal(podSecurity(requestOf(ns(labels({ enforce: 'baseline' }))), undefined, {}), undefined);
  });
});
