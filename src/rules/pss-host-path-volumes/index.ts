import { pssRule } from '../../pss/index.js';
import { annotateHostPath } from '../host-path-exposure.js';

export const pssHostPathVolumes = pssRule(
  'hostPathVolumes',
  {
    id: 'pss-host-path-volumes',
    title: 'Pod mounts no hostPath volumes',
    description:
      'Flags pods with a hostPath volume (PSS baseline: HostPath Volumes). A hostPath volume that exposes something sensitive of the node (the runtime socket, the directory of the kubelet, /etc, /proc, …) says what, with the rating of pod-sensitive-host-path, which then reports nothing more for it (one concern, one finding).',
    rationale:
      "A hostPath volume exposes the node's filesystem to the container: mounting /, the container runtime socket, /var/lib/kubelet or /etc lets it read other pods' secrets, start containers of its own or rewrite the node's configuration.",
    remediation:
      'Replace the hostPath volume with one that does not reach the node: `emptyDir: {}` for scratch space, a `persistentVolumeClaim` for data, a `configMap`, `secret` or `projected` volume for configuration. Node agents that need host files belong in a privileged namespace.',
    stage: 'deploy',
    severity: 'high',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: pod security enforcement'], cis: ['5.2.12'], mitre: ['T1611', 'T1609'] },
  },
  undefined,
  annotateHostPath,
);
