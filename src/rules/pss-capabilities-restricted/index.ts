import type { PodTemplate } from '../../core/pod-spec.js';
import type { Fix } from '../../core/rule.js';
import { type PssFinding, pssRule } from '../../pss/index.js';
import { annotateCapabilities } from '../capability-risk.js';
import { containerAt } from '../pss-fix-support.js';
import { isWindows } from '../workload-support.js';

/**
 * Dropping ALL is fixed; an added capability is not: the container asked for it, and taking it
 * away is a decision about what the process does. `include` keeps what the list already drops
 * and composes with container-net-raw-not-dropped's NET_RAW in the same run.
 */
function fix(finding: PssFinding, pod: PodTemplate): Fix | undefined {
  if (finding.path[finding.path.length - 1] !== 'drop' || isWindows(pod) || !containerAt(pod, finding.path))
    return undefined;
  return {
    description: 'add ALL to securityContext.capabilities.drop',
    operations: [{ op: 'include', path: finding.path, value: 'ALL' }],
  };
}

export const pssCapabilitiesRestricted = pssRule(
  'capabilities_restricted',
  {
    id: 'pss-capabilities-restricted',
    title: 'Containers drop ALL capabilities',
    description:
      'Flags containers that do not drop ALL capabilities or that add any capability but NET_BIND_SERVICE (PSS restricted: Capabilities, from v1.22; Windows pods are exempt from v1.25). At the restricted level it replaces the baseline capabilities check. It owns the capability concerns of a container: an added dangerous capability takes the rating and words of container-dangerous-capabilities (SYS_ADMIN critical, NET_ADMIN high, …), and a missing `drop: [ALL]` says that NET_RAW stays, so those two rules report nothing more for the same list.',
    rationale:
      "Even the runtime's default capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID and others) widen what an attacker can do after taking over the process; with all of them dropped there is nothing left to abuse.",
    remediation:
      'On every container set `securityContext: {capabilities: {drop: ["ALL"]}}`; if the process binds a port below 1024, add back only that right: `capabilities: {drop: ["ALL"], add: ["NET_BIND_SERVICE"]}`.\n\n`rampart fix` adds ALL to `drop`; it leaves added capabilities for you to remove. A process that starts as root and switches user (stock nginx, images that `chown` at start) needs SETUID, SETGID or CHOWN and stops working with every capability dropped: run it as a non-root user instead.',
    stage: 'deploy',
    severity: 'medium',
    baselineSeverity: 'high',
    owner: 'developer',
    frameworks: {
      nsa: ['Pod security: privileged containers'],
      cis: ['5.2.8', '5.2.9', '5.2.10'],
      mitre: ['T1611', 'T1068'],
    },
  },
  fix,
  annotateCapabilities,
);
