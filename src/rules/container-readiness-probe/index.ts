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

export const containerReadinessProbe = defineRule<'missing'>({
  meta: {
    id: 'container-readiness-probe',
    title: 'Long-running containers have a readiness probe',
    description:
      'Flags regular containers and sidecars (init containers with `restartPolicy: Always`) that have no `readinessProbe`. Jobs, CronJobs and pods with `restartPolicy` Never or OnFailure run to completion and are not judged; init containers that run to completion and ephemeral containers cannot have probes.',
    rationale:
      'Without a readiness probe a container counts as ready the moment its process starts. Services then send it traffic before it can answer, and keep sending traffic while it is overloaded or has lost its database; a rolling update replaces old replicas with new ones that merely started, so a release that is broken but does not crash rolls out to every replica before anyone can stop it.',
    remediation:
      'Add a probe that succeeds only when the container can serve:\n\n```yaml\ncontainers:\n- name: web\n  readinessProbe:\n    httpGet:\n      path: /readyz\n      port: 8080\n    periodSeconds: 5\n    failureThreshold: 3\n```\n\nWorkers that take no traffic can use an `exec` or `grpc` check of their own health; combine with `minReadySeconds` on the Deployment to slow a bad rollout down.',
    stage: 'deploy',
    severity: 'medium',
    owner: 'developer',
    frameworks: {},
    kinds: POD_SPEC_KINDS,
    messages: {
      missing:
        '{{container}} has no readiness probe, so it receives traffic and counts as rolled out as soon as it starts',
    },
    references: [
      'https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/',
      'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment',
    ],
  },
  check({ object }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    if (runsToCompletion(object, pod)) return RUN_TO_COMPLETION_SKIP;
    let reports: Report<'missing'>[] | undefined;
    for (const ref of containersIn(pod, 'long-running')) {
      const probe = ref.container.readinessProbe;
      if (probe !== undefined && probe !== null) continue;
      reports ??= [];
      reports.push({
        path: containerField(ref, 'readinessProbe'),
        messageId: 'missing',
        data: { container: containerLabel(ref) },
      });
    }
    return reports ?? NO_FINDINGS;
  },
});
