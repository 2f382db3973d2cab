import { labelsOf } from '../../core/inventory.js';
import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import { selectedByService } from '../workload-inventory.js';
import {
  containerField,
  containerLabel,
  containersIn,
  NO_FINDINGS,
  namespaceOf,
  podOrSkip,
  RUN_TO_COMPLETION_SKIP,
  runsToCompletion,
} from '../workload-support.js';

export const containerReadinessProbe = defineRule<'missing'>({
  meta: {
    id: 'container-readiness-probe',
    title: 'Long-running containers have a readiness probe',
    description:
      'Flags regular containers and sidecars (init containers with `restartPolicy: Always`) that have no `readinessProbe`. Jobs, CronJobs and pods with `restartPolicy` Never or OnFailure run to completion and are not judged; init containers that run to completion and ephemeral containers cannot have probes. A container that declares no port needs no probe (a controller, an agent, a queue worker receives no traffic to gate), unless a Service of the input selects its pod.',
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
  check({ object, inventory }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    if (runsToCompletion(object, pod)) return RUN_TO_COMPLETION_SKIP;
    let reports: Report<'missing'>[] | undefined;
    let served: boolean | undefined;
    for (const ref of containersIn(pod, 'long-running')) {
      const probe = ref.container.readinessProbe;
      if (probe !== undefined && probe !== null) continue;
      // Readiness gates traffic: a container that declares no port and no Service of the input
      // sends traffic to (a controller, an agent, a worker) needs none.
      if (!Array.isArray(ref.container.ports) || ref.container.ports.length === 0) {
        served ??= selectedByService(
          inventory,
          namespaceOf(object),
          labelsOf({ apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata }),
        );
        if (!served) continue;
      }
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
