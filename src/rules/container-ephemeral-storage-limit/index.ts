import { resourceRule } from '../workload-resources.js';

export const containerEphemeralStorageLimit = resourceRule('limits', 'ephemeral-storage', {
  id: 'container-ephemeral-storage-limit',
  title: 'Containers have an ephemeral-storage limit',
  description:
    'Opt-in. Flags init and regular containers (sidecars included) without `resources.limits.ephemeral-storage`. A LimitRange default of the namespace in the scanned input counts as set.',
  rationale:
    "A container's writable layer, its logs and its emptyDir volumes all live on the node's disk. Without a limit, one pod that logs in a loop or fills /tmp fills the kubelet's filesystem, and the node starts evicting every pod and refusing new ones. With a limit the kubelet evicts only the pod that went over.",
  remediation:
    'Enable the rule (`rules: {container-ephemeral-storage-limit: on}` in rampart.yaml) and give each container a limit that covers its scratch files and logs:\n\n```yaml\ncontainers:\n- name: web\n  resources:\n    requests:\n      ephemeral-storage: 256Mi\n    limits:\n      ephemeral-storage: 1Gi\n```',
  stage: 'deploy',
  severity: 'low',
  owner: 'developer',
  frameworks: { nsa: ['Network separation and hardening: resource policies'], mitre: ['T1499'] },
  references: [
    'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage',
  ],
  optIn: true,
});
