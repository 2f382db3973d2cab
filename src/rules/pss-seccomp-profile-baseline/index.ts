import { pssRule } from '../../pss/index.js';
import { seccompFix } from '../pss-fix-support.js';

export const pssSeccompProfileBaseline = pssRule(
  'seccompProfile_baseline',
  {
    id: 'pss-seccomp-profile-baseline',
    title: 'Seccomp is not disabled',
    description:
      'Flags pods and containers that set a seccomp profile other than RuntimeDefault or Localhost: the securityContext.seccompProfile field from v1.19, the seccomp.security.alpha.kubernetes.io annotations before (PSS baseline: Seccomp).',
    rationale:
      "The runtime's default seccomp profile blocks system calls that kernel exploits and container escapes rely on (unshare, keyctl, mount and others); Unconfined removes that filter.",
    remediation:
      'Set `securityContext: {seccompProfile: {type: RuntimeDefault}}` on the pod, which covers every container, or `{type: Localhost, localhostProfile: profiles/<name>.json}` for a profile installed on the nodes; remove Unconfined settings and `unconfined` seccomp annotations.\n\n`rampart fix` sets `type: RuntimeDefault` in place of another type in the field; annotations (and pods that still carry them) are left for you.',
    stage: 'deploy',
    severity: 'medium',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: hardening container environments'], cis: ['5.7.2'], mitre: ['T1611'] },
  },
  seccompFix(false),
);
