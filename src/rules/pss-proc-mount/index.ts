import { pssRule } from '../../pss/index.js';

export const pssProcMount = pssRule('procMount', {
  id: 'pss-proc-mount',
  title: '/proc keeps its default masks',
  description:
    'Flags containers that set securityContext.procMount to anything but Default (PSS baseline: /proc Mount Type). From v1.35 baseline lets pods with hostUsers: false unmask /proc.',
  rationale:
    "The runtime masks or makes read-only the parts of /proc (such as /proc/sys, /proc/sysrq-trigger and /proc/kcore) that reveal or change the node's kernel state; Unmasked removes those guards from a container that shares the node's user namespace.",
  remediation:
    'Remove `securityContext.procMount` or set `procMount: Default`. A workload that needs an unmasked /proc (nested containers, for example) should run in a user namespace: set `spec.hostUsers: false`, which baseline accepts from v1.35.',
  stage: 'deploy',
  severity: 'medium',
  owner: 'developer',
  frameworks: { nsa: ['Pod security: pod security enforcement'], cis: ['5.7.3'], mitre: ['T1611'] },
});
