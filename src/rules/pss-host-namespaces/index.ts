import { pssRule } from '../../pss/index.js';

export const pssHostNamespaces = pssRule('hostNamespaces', {
  id: 'pss-host-namespaces',
  title: 'Pod does not share host namespaces',
  description: 'Flags pods that set hostNetwork, hostPID or hostIPC to true (PSS baseline: Host Namespaces).',
  rationale:
    "In the node's network namespace a pod can sniff node traffic and reach services bound to the node's localhost; in its PID namespace it can see and signal every process on the node and read their environments; in its IPC namespace it can read other workloads' shared memory. Each is a short step out of the container.",
  remediation:
    "Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec, or set them to `false` (`spec: {hostNetwork: false, hostPID: false, hostIPC: false}`). Expose the pod through a Service rather than the node's network; node agents that truly need host namespaces belong in a namespace labelled `pod-security.kubernetes.io/enforce: privileged`.",
  stage: 'deploy',
  severity: 'high',
  owner: 'developer',
  frameworks: { nsa: ['Pod security: pod security enforcement'], cis: ['5.2.3', '5.2.4', '5.2.5'], mitre: ['T1611'] },
});
