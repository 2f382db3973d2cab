import { resourceRule } from '../workload-resources.js';

export const containerCpuLimit = resourceRule('limits', 'cpu', {
  id: 'container-cpu-limit',
  title: 'Containers have a CPU limit',
  description:
    'Opt-in. Flags init and regular containers (sidecars included) without `resources.limits.cpu`. A pod-level CPU limit or a LimitRange default of the namespace in the scanned input counts as set. Off by default: CPU limits throttle a container even when the node has idle CPU, and many teams rely on requests alone.',
  rationale:
    'Without a CPU limit a container may use every idle core of its node. That is efficient, but in a shared or multi-tenant cluster it also lets a compromised pod mine cryptocurrency on all of them, and lets one runaway process make latency unpredictable for its neighbours. Where tenants do not trust each other, a limit caps what any one of them can take.',
  remediation:
    'Enable the rule where CPU must be capped (`rules: {container-cpu-limit: on}` in rampart.yaml) and set a limit:\n\n```yaml\ncontainers:\n- name: worker\n  resources:\n    requests:\n      cpu: 500m\n    limits:\n      cpu: "1"\n```\n\nWatch the throttling metrics (`container_cpu_cfs_throttled_periods_total`) after setting one.',
  stage: 'deploy',
  severity: 'low',
  owner: 'developer',
  frameworks: { nsa: ['Network separation and hardening: resource policies'], mitre: ['T1496'] },
  references: [
    'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
    'https://kubernetes.io/docs/tasks/configure-pod-container/assign-cpu-resource/',
  ],
  optIn: true,
});
