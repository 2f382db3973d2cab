import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import {
  containerField,
  containerLabel,
  containersIn,
  NO_FINDINGS,
  podOrSkip,
  RUN_TO_COMPLETION_SKIP,
  runsToCompletion,
} from '../workload-support.js';

type MessageId = 'missing' | 'sameAsReadiness';

/** Structural equality of two parsed YAML values. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  for (const key of keysA) {
    if (!sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * A probe as the API server stores it (SetDefaults_Probe, SetDefaults_HTTPGetAction, the gRPC
 * service): a manifest that leaves `periodSeconds` out on one probe and writes the default 10 on
 * the other has two identical probes in the cluster, and the verdict must not depend on which of
 * the two was read.
 */
function defaulted(probe: unknown): unknown {
  if (probe === null || typeof probe !== 'object' || Array.isArray(probe)) return probe;
  const out: Record<string, unknown> = { ...(probe as Record<string, unknown>) };
  const orDefault = (key: string, value: number) => {
    if (out[key] === undefined || out[key] === 0) out[key] = value;
  };
  orDefault('timeoutSeconds', 1);
  orDefault('periodSeconds', 10);
  orDefault('successThreshold', 1);
  orDefault('failureThreshold', 3);
  if (out.initialDelaySeconds === undefined) out.initialDelaySeconds = 0;
  const http = out.httpGet;
  if (http !== null && typeof http === 'object' && !Array.isArray(http)) {
    const action = { ...(http as Record<string, unknown>) };
    if (action.path === undefined || action.path === '') action.path = '/';
    if (action.scheme === undefined || action.scheme === '') action.scheme = 'HTTP';
    out.httpGet = action;
  }
  const grpc = out.grpc;
  if (grpc !== null && typeof grpc === 'object' && !Array.isArray(grpc)) {
    const action = grpc as Record<string, unknown>;
    if (action.service === undefined) out.grpc = { ...action, service: '' };
  }
  return out;
}

export const containerLivenessProbe = defineRule<MessageId>({
  meta: {
    id: 'container-liveness-probe',
    title: 'Long-running containers have a liveness probe distinct from their readiness probe',
    description:
      'Flags regular containers and sidecars (init containers with `restartPolicy: Always`) that have no `livenessProbe`, or whose liveness probe is identical to their readiness probe. Jobs, CronJobs and pods with `restartPolicy` Never or OnFailure run to completion and are not judged; init containers that run to completion and ephemeral containers cannot have probes.',
    rationale:
      'A process can stay up while doing nothing useful: deadlocked, stuck on a lost connection, wedged in a retry loop. Without a liveness probe the kubelet only restarts a container that exits, so such a replica stays broken until someone notices. The opposite mistake is as costly: a liveness probe that is the same check as readiness fails exactly when the container is overloaded, so the kubelet restarts busy replicas one after the other and turns a slowdown into an outage.',
    remediation:
      'Give each long-running container a cheap liveness check that fails only when a restart would help, more tolerant than readiness:\n\n```yaml\ncontainers:\n- name: web\n  livenessProbe:\n    httpGet:\n      path: /livez\n      port: 8080\n    periodSeconds: 10\n    failureThreshold: 6\n  readinessProbe:\n    httpGet:\n      path: /readyz\n      port: 8080\n    periodSeconds: 5\n```\n\nFor slow starters add a `startupProbe` rather than a long `initialDelaySeconds`.',
    stage: 'deploy',
    severity: 'low',
    owner: 'developer',
    frameworks: {},
    kinds: POD_SPEC_KINDS,
    messages: {
      missing: '{{container}} has no liveness probe, so the kubelet restarts it only when it exits',
      sameAsReadiness:
        '{{container}} uses the same probe for liveness and readiness, so the kubelet restarts it when it is only overloaded',
    },
    references: [
      'https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/',
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
    ],
  },
  check({ object }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    if (runsToCompletion(object, pod)) return RUN_TO_COMPLETION_SKIP;
    let reports: Report<MessageId>[] | undefined;
    for (const ref of containersIn(pod, 'long-running')) {
      const liveness = ref.container.livenessProbe;
      const missing = liveness === undefined || liveness === null;
      if (!missing && !sameValue(defaulted(liveness), defaulted(ref.container.readinessProbe))) continue;
      reports ??= [];
      reports.push({
        path: containerField(ref, 'livenessProbe'),
        messageId: missing ? 'missing' : 'sameAsReadiness',
        data: { container: containerLabel(ref) },
      });
    }
    return reports ?? NO_FINDINGS;
  },
});
