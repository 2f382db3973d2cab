import { pssRule } from '../../pss/index.js';

export const pssAllowPrivilegeEscalation = pssRule('allowPrivilegeEscalation', {
  id: 'pss-allow-privilege-escalation',
  title: 'Containers forbid privilege escalation',
  description:
    'Flags containers that do not set securityContext.allowPrivilegeEscalation to false (PSS restricted: Privilege Escalation, from v1.8; Windows pods are exempt from v1.25).',
  rationale:
    'Unless the field is false the kernel does not set no_new_privs, so a process can gain privileges through setuid or setgid binaries and file capabilities: a compromised unprivileged process can become root in the container.',
  remediation:
    'Set `securityContext: {allowPrivilegeEscalation: false}` on every container, init and ephemeral containers included; the field has no pod-level form.',
  stage: 'deploy',
  severity: 'medium',
  owner: 'developer',
  frameworks: { nsa: ['Pod security: non-root containers'], cis: ['5.2.6'], mitre: ['T1068'] },
});
