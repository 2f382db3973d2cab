import { pssRule } from '../../pss/index.js';

export const pssHostPorts = pssRule('hostPorts', {
  id: 'pss-host-ports',
  title: 'Containers bind no host ports',
  description: 'Flags containers whose ports[].hostPort is set to anything but 0 (PSS baseline: Host Ports).',
  rationale:
    "A hostPort binds the node's own network interface: it exposes the pod outside the cluster, can bypass network policy enforcement on some network plugins, and ties the pod to the nodes where that port is free.",
  remediation:
    "Remove `hostPort` from the container's `ports` (keep `containerPort`) and expose the pod through a Service (`ClusterIP`, `NodePort` or `LoadBalancer`) or an Ingress.",
  stage: 'deploy',
  severity: 'medium',
  owner: 'developer',
  frameworks: { nsa: ['Pod security: pod security enforcement'], cis: ['5.2.13'] },
});
