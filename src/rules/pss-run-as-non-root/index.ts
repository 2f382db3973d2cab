import { pssRule } from '../../pss/index.js';
import { fixRunAsNonRoot } from './fix.js';

export const pssRunAsNonRoot = pssRule(
  'runAsNonRoot',
  {
    id: 'pss-run-as-non-root',
    title: 'Containers run as non-root',
    description:
      'Flags pods where a container may run as root: runAsNonRoot is neither true on the container nor inherited from the pod, or is set to false (PSS restricted: Running as Non-root). From v1.35 pods with hostUsers: false are exempt.',
    rationale:
      'A container running as UID 0 is root for every kernel flaw and misconfigured mount it meets. With runAsNonRoot: true the kubelet refuses to start a container whose image would run as root.',
    remediation:
      'Set `securityContext: {runAsNonRoot: true}` on the pod (it covers every container), remove container-level `runAsNonRoot: false`, and make the image run as a non-zero user (`USER 10001` in the Dockerfile, or `runAsUser: 10001`).\n\n`rampart fix` sets `runAsNonRoot: true` on the pod, or on each container when one of them is run as UID 0 by the manifest (`runAsUser: 0`): that container keeps its finding, since it could not start, and you choose its user. The fix does not know what user an image runs as: if it is root, the kubelet refuses to start the container (`container has runAsNonRoot and image will run as root`) instead of running it as root, so try the fixed manifest before rolling it out.',
    stage: 'deploy',
    severity: 'medium',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: non-root containers'], cis: ['5.2.7'], mitre: ['T1068'] },
  },
  fixRunAsNonRoot,
);
