import { pssRule } from '../../pss/index.js';
import { seccompFix } from '../pss-fix-support.js';

export const pssSeccompProfileRestricted = pssRule(
  'seccompProfile_restricted',
  {
    id: 'pss-seccomp-profile-restricted',
    title: 'Seccomp profile is RuntimeDefault or Localhost',
    description:
      "Flags pods where a container has no seccomp profile, neither its own nor the pod's, or one other than RuntimeDefault or Localhost (PSS restricted: Seccomp, from v1.19; Windows pods are exempt from v1.25). At the restricted level it replaces the baseline seccomp check.",
    rationale:
      'Without a profile most runtimes run containers unconfined, leaving open the system calls that kernel exploits and container escapes use.',
    remediation:
      'Set `securityContext: {seccompProfile: {type: RuntimeDefault}}` on the pod, which covers every container, or on each container; use `type: Localhost` with `localhostProfile` for a custom profile installed on the nodes.\n\n`rampart fix` sets `type: RuntimeDefault` where another type is set, and on the pod for containers without a profile. The default profile blocks system calls few applications make (mount, unshare, keyctl, ptrace of other processes); tools that need them need a Localhost profile.',
    stage: 'deploy',
    severity: 'medium',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: hardening container environments'], cis: ['5.7.2'], mitre: ['T1611'] },
  },
  seccompFix(true),
);
