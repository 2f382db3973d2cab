import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule } from '../../core/rule.js';
import { containerLabel, containersIn, isSidecar, NO_FINDINGS, podOrSkip } from '../workload-support.js';

/**
 * Only pods where at least two containers run side by side (regular, sidecar or ephemeral) are
 * reported: alone, a container shares its process namespace with nothing but the pause process.
 */
export const podShareProcessNamespace = defineRule<'shared'>({
  meta: {
    id: 'pod-share-process-namespace',
    title: 'Containers of a pod do not share one process namespace',
    description:
      'Flags pods that set `shareProcessNamespace: true` and run at least two containers side by side (regular containers, sidecars, ephemeral containers). Init containers that run to completion never overlap with the others and do not count.',
    rationale:
      "With a shared process namespace every container sees the others' processes. Running as the same user, or with SYS_PTRACE, a compromised sidecar can read another container's environment variables and memory, reach its filesystem through /proc/<pid>/root, and signal or trace its processes — so a log shipper or proxy bug exposes the application's secrets. Separate namespaces keep each container's processes and files its own.",
    remediation:
      "Remove the field (it defaults to false):\n\n```yaml\nspec:\n  shareProcessNamespace: false\n```\n\nFor debugging, attach an ephemeral container to one container instead: `kubectl debug -it pod/web --image=busybox --target=web`. Sidecars that need to signal the application (config reloaders) can use the application's own reload endpoint.",
    stage: 'deploy',
    severity: 'medium',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: hardening container environments'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      shared:
        "the pod sets shareProcessNamespace: true, so {{containers}} can see, signal and read the memory, environment and files of each other's processes",
    },
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/',
      'https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container',
    ],
  },
  check({ object }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    if (pod.spec.shareProcessNamespace !== true) return NO_FINDINGS;
    const together = containersIn(pod, 'all').filter((ref) => ref.field !== 'initContainers' || isSidecar(ref));
    if (together.length < 2) return NO_FINDINGS;
    return [
      {
        path: [...pod.specPath, 'shareProcessNamespace'],
        messageId: 'shared',
        data: { containers: together.map(containerLabel).join(', ') },
      },
    ];
  },
});
