import { pssRule } from '../../pss/index.js';

export const pssProcMountRestricted = pssRule('procMount_restricted', {
  id: 'pss-proc-mount-restricted',
  title: '/proc keeps its default masks, even in a user namespace',
  description:
    'Flags containers that set securityContext.procMount to anything but Default, pods with hostUsers: false included (PSS restricted: /proc Mount Type, from v1.35). At the restricted level it replaces the baseline /proc check, which relaxes for user namespaces from v1.35.',
  rationale:
    'An unmasked /proc exposes kernel interfaces the runtime hides from containers. A user namespace limits what they can change, but restricted keeps the masks as defense in depth against kernel flaws reachable through them.',
  remediation:
    'Remove `securityContext.procMount` or set `procMount: Default` on every container; workloads that need an unmasked /proc run at the baseline level with `hostUsers: false`.',
  stage: 'deploy',
  severity: 'medium',
  owner: 'developer',
  frameworks: { nsa: ['Pod security: pod security enforcement'], cis: ['5.7.3'], mitre: ['T1611'] },
});
