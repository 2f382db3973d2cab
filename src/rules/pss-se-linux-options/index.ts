import { pssRule } from '../../pss/index.js';

export const pssSeLinuxOptions = pssRule('seLinuxOptions', {
  id: 'pss-se-linux-options',
  title: 'SELinux options keep the container type',
  description:
    'Flags seLinuxOptions on the pod or a container that set a type other than container_t, container_init_t or container_kvm_t (and container_engine_t from v1.31), or that set a user or role (PSS baseline: SELinux).',
  rationale:
    'The SELinux type decides what the container process may touch on the node: a type such as spc_t (super-privileged container) or unconfined_t removes the confinement, and a custom user or role can open files labelled for other domains.',
  remediation:
    'Remove `user` and `role` from `seLinuxOptions`, and remove `type` or set it to `container_t` (`securityContext: {seLinuxOptions: {type: container_t}}`). `level` may stay: MCS categories only separate pods from each other.',
  stage: 'deploy',
  severity: 'medium',
  owner: 'developer',
  frameworks: { nsa: ['Pod security: hardening container environments'], cis: ['5.7.3'], mitre: ['T1611'] },
});
