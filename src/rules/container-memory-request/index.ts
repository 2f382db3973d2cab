import { resourceRule } from '../workload-resources.js';

export const containerMemoryRequest = resourceRule(
  'requests',
  'memory',
  {
    id: 'container-memory-request',
    title: 'Containers have a memory request',
    description:
      'Flags init and regular containers (sidecars included) without a memory request. A memory limit counts (the request defaults to it), as do pod-level resources (`spec.resources`) and a LimitRange default of the namespace in the scanned input.',
    rationale:
      'The scheduler places pods by their requests. Without a memory request a container is scheduled as if it needed none, so nodes get overcommitted, and under memory pressure the kubelet evicts pods without requests (BestEffort or Burstable above their request) first. The application then restarts at exactly the moment the node is busiest.',
    remediation:
      'Request the memory the container needs in steady state:\n\n```yaml\ncontainers:\n- name: web\n  resources:\n    requests:\n      memory: 256Mi\n    limits:\n      memory: 512Mi\n```\n\nA LimitRange with `defaultRequest.memory` gives every container of a namespace a default.\n\n`rampart fix` sets `requests.memory: 128Mi` and no limit: a starting point to replace with what the container uses (`kubectl top pod --containers`); a request only reserves memory, it never stops the container from using more. Set `rules.container-memory-request.options.fixValue` in rampart.yaml to use another value.',
    stage: 'deploy',
    severity: 'low',
    owner: 'developer',
    frameworks: { nsa: ['Network separation and hardening: resource policies'] },
    references: [
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
      'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/',
    ],
  },
  '128Mi',
);
