import { resourceRule } from '../workload-resources.js';

export const containerCpuRequest = resourceRule(
  'requests',
  'cpu',
  {
    id: 'container-cpu-request',
    title: 'Containers have a CPU request',
    description:
      'Flags init and regular containers (sidecars included) without a CPU request. A CPU limit counts (the request defaults to it), as do pod-level resources (`spec.resources`) and a LimitRange default of the namespace in the scanned input.',
    rationale:
      'CPU requests decide both where a pod is scheduled and how much CPU time it is guaranteed when the node is busy (its cgroup weight). A container without one gets the minimum share: a noisy neighbour or a CPU-burning compromised pod on the same node starves it, and the scheduler keeps packing pods onto a node it believes is idle.',
    remediation:
      'Request the CPU the container needs in steady state:\n\n```yaml\ncontainers:\n- name: web\n  resources:\n    requests:\n      cpu: 250m\n```\n\nA LimitRange with `defaultRequest.cpu` gives every container of a namespace a default.\n\n`rampart fix` sets `requests.cpu: 100m`, a tenth of a core: enough for a small service to be scheduled honestly, and a starting point to replace with what the container uses (`kubectl top pod --containers`). Set `rules.container-cpu-request.options.fixValue` in rampart.yaml to use another value.',
    stage: 'deploy',
    severity: 'low',
    owner: 'developer',
    frameworks: { nsa: ['Network separation and hardening: resource policies'] },
    references: [
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
      'https://kubernetes.io/docs/concepts/policy/limit-range/',
    ],
  },
  '100m',
);
