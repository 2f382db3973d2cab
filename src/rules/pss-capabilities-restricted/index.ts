import { pssRule } from '../../pss/index.js';

export const pssCapabilitiesRestricted = pssRule('capabilities_restricted', {
  id: 'pss-capabilities-restricted',
  title: 'Containers drop ALL capabilities',
  description:
    'Flags containers that do not drop ALL capabilities or that add any capability but NET_BIND_SERVICE (PSS restricted: Capabilities, from v1.22; Windows pods are exempt from v1.25). At the restricted level it replaces the baseline capabilities check.',
  rationale:
    "Even the runtime's default capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID and others) widen what an attacker can do after taking over the process; with all of them dropped there is nothing left to abuse.",
  remediation:
    'On every container set `securityContext: {capabilities: {drop: ["ALL"]}}`; if the process binds a port below 1024, add back only that right: `capabilities: {drop: ["ALL"], add: ["NET_BIND_SERVICE"]}`.',
  stage: 'deploy',
  severity: 'medium',
  baselineSeverity: 'high',
  owner: 'developer',
  frameworks: { nsa: ['Pod security: privileged containers'], cis: ['5.2.8', '5.2.9', '5.2.10'], mitre: ['T1611'] },
});
