import { pssRule } from '../../pss/index.js';

export const pssWindowsHostProcess = pssRule('windowsHostProcess', {
  id: 'pss-windows-host-process',
  title: 'No Windows HostProcess containers',
  description:
    'Flags pods and containers that set securityContext.windowsOptions.hostProcess to true (PSS baseline: HostProcess).',
  rationale:
    "A Windows HostProcess container runs directly on the node as a host process, with the node's network and filesystem and usually SYSTEM privileges: it has no container isolation at all.",
  remediation:
    'Remove `securityContext.windowsOptions.hostProcess: true` (and the `hostNetwork: true` it requires). Node management agents that need it belong in a namespace labelled `pod-security.kubernetes.io/enforce: privileged`.',
  stage: 'deploy',
  severity: 'critical',
  owner: 'developer',
  frameworks: { nsa: ['Pod security: pod security enforcement'], cis: ['5.2.11'], mitre: ['T1611'] },
});
