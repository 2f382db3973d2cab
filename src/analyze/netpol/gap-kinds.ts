import type { RuleMeta } from '../../core/rule.js';

const DOCS = 'https://kubernetes.io/docs/concepts/services-networking/network-policies/';
const NSA = ['Network separation and hardening'];

function gap<Id extends string>(
  meta: Omit<RuleMeta<Id>, 'stage' | 'owner' | 'references'> & { references?: string[] },
): RuleMeta<Id> {
  return { stage: 'runtime', owner: 'platform', references: [DOCS], ...meta };
}

/**
 * What `netpol gaps` reports, described like rules so every report format (SARIF's rule table,
 * JUnit suites, docs) can carry them. Ids are stable: exceptions and annotations name them.
 */
export const GAP_KINDS = {
  namespaceDefaultDeny: gap({
    id: 'netpol-namespace-without-default-deny',
    title: 'Namespace without a default-deny NetworkPolicy',
    description:
      'A namespace that runs workloads has no policy isolating all of its pods, present and future, for ingress or egress.',
    rationale:
      'Without a default deny, every pod that no policy happens to select accepts and sends any traffic; a new workload starts wide open.',
    remediation:
      'Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]` (no rules) to the namespace, then allow what each workload needs.',
    severity: 'medium',
    frameworks: { nsa: NSA, cis: ['5.3.2'] },
    kinds: ['Namespace'],
    messages: {
      both: 'namespace {{namespace}} has no default deny for ingress or egress',
      ingress: 'namespace {{namespace}} has no default deny for ingress (egress: {{egress}})',
      egress: 'namespace {{namespace}} has no default deny for egress (ingress: {{ingress}})',
    },
  }),
  ingressIsolation: gap({
    id: 'netpol-workload-ingress-not-isolated',
    title: 'Workload not isolated for ingress',
    description:
      'No NetworkPolicy selects the workload for ingress, so any pod in the cluster and any address outside may connect to it.',
    rationale: 'An unisolated workload is reachable from every compromised pod: the first hop of lateral movement.',
    remediation:
      'Select the workload with a NetworkPolicy listing Ingress (a namespace default deny does it for all pods), and allow only its clients.',
    severity: 'medium',
    frameworks: { nsa: NSA, mitre: ['T1210'] },
    kinds: ['*'],
    messages: {
      open: 'no NetworkPolicy selects {{workload}} for ingress: anything in the cluster or outside can connect to it',
    },
  }),
  egressIsolation: gap({
    id: 'netpol-workload-egress-not-isolated',
    title: 'Workload not isolated for egress',
    description:
      'No NetworkPolicy selects the workload for egress, so it may connect anywhere, inside the cluster and out.',
    rationale:
      'Unrestricted egress lets a compromised pod exfiltrate data, reach the cloud metadata service and pivot to other workloads.',
    remediation:
      'Select the workload with a NetworkPolicy listing Egress, and allow only the destinations it needs (and DNS).',
    severity: 'low',
    frameworks: { nsa: NSA, mitre: ['T1041'] },
    kinds: ['*'],
    messages: { open: 'no NetworkPolicy selects {{workload}} for egress: it can connect anywhere' },
  }),
  clusterWide: gap({
    id: 'netpol-reachable-from-cluster',
    title: 'Workload reachable from every namespace',
    description:
      'An ingress rule admits every pod of every namespace (an empty namespaceSelector, or a rule without `from`).',
    rationale: 'Admitting all namespaces undoes isolation for this workload: any pod of any tenant can connect.',
    remediation:
      'Replace the empty namespaceSelector with the namespaces (kubernetes.io/metadata.name) and pods that are real clients.',
    severity: 'medium',
    frameworks: { nsa: NSA, mitre: ['T1210'] },
    kinds: ['*'],
    messages: { open: '{{workload}} accepts {{conn}} from every pod in every namespace ({{rules}})' },
  }),
  external: gap({
    id: 'netpol-reachable-from-outside',
    title: 'Workload reachable from outside the cluster',
    description: 'An ingress rule admits addresses outside the cluster: an ipBlock, or a rule without `from`.',
    rationale:
      'Reachability from outside is the attack surface; it should be deliberate, narrow and behind an ingress controller.',
    remediation:
      'Admit the ingress controller pods instead of addresses, or narrow the ipBlock to the networks that must connect.',
    severity: 'high',
    frameworks: { nsa: NSA, mitre: ['T1190'] },
    kinds: ['*'],
    messages: { open: '{{workload}} accepts {{conn}} from outside the cluster: {{ranges}} ({{rules}})' },
  }),
  metadata: gap({
    id: 'netpol-workload-metadata-egress',
    title: 'Workload can reach the cloud metadata service',
    description:
      'The workload may connect to a cloud instance metadata address (169.254.169.254, or fd00:ec2::254 on IPv6) on TCP 80.',
    rationale:
      "The metadata service hands out the node's cloud credentials; from a pod, one SSRF is enough to steal them.",
    remediation:
      'Isolate the workload for egress and add the metadata addresses to the `except` list of any broad ipBlock.',
    severity: 'high',
    frameworks: { nsa: NSA, mitre: ['T1552.005'] },
    kinds: ['*'],
    messages: {
      unisolated: '{{workload}} can reach the cloud metadata service {{addresses}}: it is not isolated for egress',
      allowed: '{{workload}} can reach the cloud metadata service {{addresses}} ({{rules}})',
    },
  }),
  namedPort: gap({
    id: 'netpol-named-port-unresolved',
    title: 'Named port that resolves to nothing',
    description:
      'A policy port names a container port that none of the destination pods declares (with that protocol), or names a port towards ipBlocks only.',
    rationale:
      'A named port that matches nothing allows nothing: the connection the author meant to open stays closed, or a typo hides a wider rule elsewhere.',
    remediation: 'Use the exact `name` of the container port (and its protocol), or a port number.',
    severity: 'low',
    frameworks: {},
    kinds: ['NetworkPolicy'],
    messages: {
      pods: 'port "{{name}}" ({{protocol}}) is declared by none of the {{checked}} destination workload(s)',
      outside: 'port "{{name}}" is named in a rule that reaches only ipBlocks; names resolve only against pods',
    },
  }),
  selectsNothing: gap({
    id: 'netpol-policy-selects-nothing',
    title: 'NetworkPolicy that selects no workload',
    description: 'The podSelector matches no workload of its namespace in the input.',
    rationale: "A policy that selects nothing protects nothing; usually its labels drifted from the workload's.",
    remediation: 'Fix the podSelector to match the labels of the pods it is meant to protect, or delete the policy.',
    severity: 'low',
    frameworks: {},
    kinds: ['NetworkPolicy'],
    messages: { none: '{{policy}} selects none of the {{count}} workload(s) of namespace {{namespace}}' },
  }),
  hostNetwork: gap({
    id: 'netpol-host-network-workload',
    title: 'Workload on the host network',
    description: 'The workload uses hostNetwork; NetworkPolicy does not apply to host-network pods on most CNIs.',
    rationale: "Its connectivity is the node's, whatever the policies say; the analysis cannot vouch for it.",
    remediation: 'Avoid hostNetwork, or protect the node with host firewall rules.',
    severity: 'info',
    frameworks: {},
    kinds: ['*'],
    messages: {
      host: '{{workload}} uses hostNetwork: NetworkPolicy may not apply to it, so its listed connectivity may be wrong',
    },
  }),
  cni: gap({
    id: 'netpol-cni-policy-not-analysed',
    title: 'CNI policy not analysed',
    description:
      'A policy of a CNI (Cilium, Calico, Antrea) or of the AdminNetworkPolicy API; Rampart evaluates Kubernetes NetworkPolicy only.',
    rationale:
      'These policies change the real connectivity; the report must say it is incomplete rather than look exhaustive.',
    remediation: "Check the CNI's own tooling for these policies (cilium policy trace, calicoctl).",
    severity: 'info',
    frameworks: {},
    kinds: ['*'],
    messages: { skipped: '{{kind}} {{name}} was not evaluated; it may {{effect}} traffic' },
  }),
} as const;

export const GAP_METAS: readonly RuleMeta[] = Object.values(GAP_KINDS);
