import { pssRule } from '../../pss/index.js';

export const pssPrivileged = pssRule('privileged', {
  id: 'pss-privileged',
  title: 'Containers are not privileged',
  description:
    'Flags containers, init and ephemeral containers included, that set securityContext.privileged to true (PSS baseline: Privileged Containers).',
  rationale:
    "A privileged container gets every capability and every device of the node, without seccomp, AppArmor or SELinux confinement: root in it is root on the node, and mounting the node's disk is one command away.",
  remediation:
    'Delete `securityContext.privileged: true` or set `securityContext: {privileged: false}`. If the process needs one kernel feature, find the single capability it needs and grant only that; workloads that must be privileged (CNI, storage drivers) belong in a namespace labelled `pod-security.kubernetes.io/enforce: privileged`.',
  stage: 'deploy',
  severity: 'critical',
  owner: 'developer',
  frameworks: { nsa: ['Pod security: privileged containers'], cis: ['5.2.2'], mitre: ['T1611'] },
});
