import { pssRule } from '../../pss/index.js';

export const pssHostPathVolumes = pssRule('hostPathVolumes', {
  id: 'pss-host-path-volumes',
  title: 'Pod mounts no hostPath volumes',
  description: 'Flags pods with a hostPath volume (PSS baseline: HostPath Volumes).',
  rationale:
    "A hostPath volume exposes the node's filesystem to the container: mounting /, the container runtime socket, /var/lib/kubelet or /etc lets it read other pods' secrets, start containers of its own or rewrite the node's configuration.",
  remediation:
    'Replace the hostPath volume with one that does not reach the node: `emptyDir: {}` for scratch space, a `persistentVolumeClaim` for data, a `configMap`, `secret` or `projected` volume for configuration. Node agents that need host files belong in a privileged namespace.',
  stage: 'deploy',
  severity: 'high',
  owner: 'developer',
  frameworks: { nsa: ['Pod security: pod security enforcement'], cis: ['5.2.12'], mitre: ['T1611'] },
});
