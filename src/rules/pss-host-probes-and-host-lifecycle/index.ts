import { pssRule } from '../../pss/index.js';

export const pssHostProbesAndHostLifecycle = pssRule('hostProbesAndHostLifecycle', {
  id: 'pss-host-probes-and-host-lifecycle',
  title: 'Probes and lifecycle hooks target the pod itself',
  description:
    'Flags liveness, readiness and startup probes and postStart and preStop hooks whose httpGet or tcpSocket sets a host (PSS baseline: Host Probes / Lifecycle Hooks, from v1.34).',
  rationale:
    "The kubelet runs probes and HTTP hooks from the node. With a host set, a pod makes the kubelet connect to any address the node can reach (the node's localhost services, cloud metadata endpoints, other tenants): a server-side request forgery.",
  remediation:
    "Remove `host` from `httpGet` and `tcpSocket` in probes and lifecycle hooks so the kubelet targets the pod's own IP; to send a virtual host name, set a header instead: `httpGet: {path: /healthz, port: 8080, httpHeaders: [{name: Host, value: example.com}]}`.",
  stage: 'deploy',
  severity: 'medium',
  owner: 'developer',
  frameworks: { nsa: ['Pod security: pod security enforcement'], cis: ['5.7.3'] },
});
