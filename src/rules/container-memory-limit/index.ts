import { resourceRule } from '../workload-resources.js';

export const containerMemoryLimit = resourceRule('limits', 'memory', {
  id: 'container-memory-limit',
  title: 'Containers have a memory limit',
  description:
    'Flags init and regular containers (sidecars included) without `resources.limits.memory`. A pod-level memory limit (`spec.resources.limits.memory`) or a default from a LimitRange of the namespace in the scanned input counts as set.',
  rationale:
    "Memory cannot be throttled, only reclaimed by killing. A container without a limit can grow until the node runs out: the kernel's OOM killer and the kubelet's evictions then take down other tenants' pods, and a leak or a memory-exhaustion attack in one application becomes an outage of the node. A limit confines the damage to the container that misbehaves.",
  remediation:
    'Measure the working set under load and set a limit with headroom (and a request, which the limit defaults when omitted):\n\n```yaml\ncontainers:\n- name: web\n  resources:\n    requests:\n      memory: 256Mi\n    limits:\n      memory: 512Mi\n```\n\nPlatform teams can give a namespace defaults with a LimitRange (`spec.limits[].default.memory`, type Container).',
  stage: 'deploy',
  severity: 'medium',
  owner: 'developer',
  frameworks: { nsa: ['Network separation and hardening: resource policies'], mitre: ['T1499', 'T1496'] },
  references: [
    'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
    'https://kubernetes.io/docs/concepts/policy/limit-range/',
  ],
});
