import { pssRule } from '../../pss/index.js';
import { annotateCapabilities } from '../capability-risk.js';

export const pssCapabilitiesBaseline = pssRule(
  'capabilities_baseline',
  {
    id: 'pss-capabilities-baseline',
    title: 'Containers add no capabilities beyond the default set',
    description:
      "Flags containers whose securityContext.capabilities.add names a capability outside the container runtime's default set, NET_RAW and SYS_ADMIN included (PSS baseline: Capabilities). A dangerous one takes the rating and words of container-dangerous-capabilities, which then reports nothing more for the same list.",
    rationale:
      'Capabilities such as SYS_ADMIN, SYS_PTRACE, SYS_MODULE or NET_ADMIN each hand a slice of root to the container: mounting filesystems, tracing other processes, loading kernel modules, rewiring the network. Several are known container-escape primitives.',
    remediation:
      'Remove the other entries from `securityContext.capabilities.add`; only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT may stay (case-sensitive, without the CAP_ prefix). Better, drop everything and add back what you need: `capabilities: {drop: ["ALL"], add: ["NET_BIND_SERVICE"]}`.',
    stage: 'deploy',
    severity: 'high',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: privileged containers'], cis: ['5.2.8', '5.2.9'], mitre: ['T1611', 'T1068'] },
  },
  undefined,
  annotateCapabilities,
);
