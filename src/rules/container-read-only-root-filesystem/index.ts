import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import {
  containerField,
  containerLabel,
  containersIn,
  fieldsOf,
  isWindows,
  NO_FINDINGS,
  podOrSkip,
  WINDOWS_SKIP,
} from '../workload-support.js';

type MessageId = 'missing' | 'disabled';

/**
 * Init and regular containers (sidecars included). Ephemeral debug containers are left out: they
 * exist to install and run tools by hand. Windows pods are skipped: the API rejects the field there.
 */
export const containerReadOnlyRootFilesystem = defineRule<MessageId>({
  meta: {
    id: 'container-read-only-root-filesystem',
    title: 'Containers have a read-only root filesystem',
    description:
      'Flags init and regular containers (sidecars included) whose `securityContext.readOnlyRootFilesystem` is not `true`. Ephemeral debug containers and Windows pods are not judged.',
    rationale:
      "An attacker who gets code execution in a container usually wants to write: drop a binary or web shell, change the application's code or configuration, or plant a cron entry that survives a restart of the process. A read-only root filesystem makes the image immutable at run time, so tampering fails and a compromise has to live in memory or in the few volumes the pod declares writable.",
    remediation:
      'Set the flag on each container and give the application explicit writable volumes for the paths it really writes (temp files, caches, sockets):\n\n```yaml\ncontainers:\n- name: web\n  securityContext:\n    readOnlyRootFilesystem: true\n  volumeMounts:\n  - name: tmp\n    mountPath: /tmp\nvolumes:\n- name: tmp\n  emptyDir:\n    sizeLimit: 64Mi\n```\n\n`rampart fix` sets the flag; run the application once afterwards to find the paths it writes.',
    stage: 'deploy',
    severity: 'medium',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: immutable container file systems'], cis: ['5.7.3'], mitre: ['T1525'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      missing:
        '{{container}} does not set securityContext.readOnlyRootFilesystem: true, so its root filesystem is writable',
      disabled: '{{container}} sets securityContext.readOnlyRootFilesystem: false, so its root filesystem is writable',
    },
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context-1',
    ],
    fixable: true,
  },
  check({ object }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    if (isWindows(pod)) return WINDOWS_SKIP;
    let reports: Report<MessageId>[] | undefined;
    for (const ref of containersIn(pod, 'scheduled')) {
      const value = fieldsOf(ref.container.securityContext)?.readOnlyRootFilesystem;
      if (value === true) continue;
      const path = containerField(ref, 'securityContext', 'readOnlyRootFilesystem');
      reports ??= [];
      reports.push({
        path,
        messageId: value === false ? 'disabled' : 'missing',
        data: { container: containerLabel(ref) },
        fix: {
          description: 'set securityContext.readOnlyRootFilesystem: true',
          operations: [{ op: 'set', path, value: true }],
        },
      });
    }
    return reports ?? NO_FINDINGS;
  },
});
