import type { PodTemplate } from '../../core/pod-spec.js';
import type { Fix } from '../../core/rule.js';
import { type PssFinding, pssRule } from '../../pss/index.js';
import { addsCapability, containerAt, securityContextOf } from '../pss-fix-support.js';
import { isWindows } from '../workload-support.js';

/**
 * The API server rejects allowPrivilegeEscalation: false next to privileged: true or an added
 * CAP_SYS_ADMIN (any spelling is left alone here: such a container needs a person, not a patch),
 * and Windows pods may not set the field at all.
 */
function fix(finding: PssFinding, pod: PodTemplate): Fix | undefined {
  const ref = containerAt(pod, finding.path);
  if (!ref || isWindows(pod)) return undefined;
  const context = securityContextOf(ref.container);
  if (context?.privileged === true || addsCapability(context, 'SYS_ADMIN')) return undefined;
  return {
    description: 'set securityContext.allowPrivilegeEscalation: false',
    operations: [{ op: 'set', path: finding.path, value: false }],
  };
}

export const pssAllowPrivilegeEscalation = pssRule(
  'allowPrivilegeEscalation',
  {
    id: 'pss-allow-privilege-escalation',
    title: 'Containers forbid privilege escalation',
    description:
      'Flags containers that do not set securityContext.allowPrivilegeEscalation to false (PSS restricted: Privilege Escalation, from v1.8; Windows pods are exempt from v1.25).',
    rationale:
      'Unless the field is false the kernel does not set no_new_privs, so a process can gain privileges through setuid or setgid binaries and file capabilities: a compromised unprivileged process can become root in the container.',
    remediation:
      'Set `securityContext: {allowPrivilegeEscalation: false}` on every container, init and ephemeral containers included; the field has no pod-level form. Setuid programs (`sudo`, `su`, `ping` on old images) then run without their extra rights.\n\n`rampart fix` sets the field, except on privileged containers and containers that add SYS_ADMIN (the API server rejects the combination: take those privileges away first) and in Windows pods.',
    stage: 'deploy',
    severity: 'medium',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: non-root containers'], cis: ['5.2.6'], mitre: ['T1068'] },
  },
  fix,
);
