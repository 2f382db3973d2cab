import { pssRule } from '../../pss/index.js';

export const pssRunAsUser = pssRule('runAsUser', {
  id: 'pss-run-as-user',
  title: 'No container runs as UID 0',
  description:
    'Flags pods and containers that set runAsUser to 0 (PSS restricted: Running as Non-root user, from v1.23). From v1.35 pods with hostUsers: false are exempt.',
  rationale:
    "runAsUser: 0 runs the container as root on purpose, overriding the image's user; unless the pod runs in a user namespace, that is the node's root user.",
  remediation:
    "Set `runAsUser` to a non-zero UID (`securityContext: {runAsUser: 10001, runAsNonRoot: true}`) or remove it so the image's non-root user applies.",
  stage: 'deploy',
  severity: 'medium',
  owner: 'developer',
  frameworks: { nsa: ['Pod security: non-root containers'], cis: ['5.2.7'], mitre: ['T1068'] },
});
