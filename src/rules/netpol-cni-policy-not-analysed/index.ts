import { CNI_POLICY_KINDS, modelOf } from '../../analyze/netpol/index.js';
import { defineRule } from '../../core/rule.js';
import { NETPOL_DOCS } from '../netpol-support.js';

/**
 * Warns about policies of a CNI or of the AdminNetworkPolicy API: the NetworkPolicy analysis
 * does not evaluate them, so the report must say it is incomplete rather than look exhaustive.
 * A warning, which never fails a run. Opt-in for `scan`; `rampart netpol gaps` runs it.
 */
export const netpolCniPolicyNotAnalysed = defineRule({
  meta: {
    id: 'netpol-cni-policy-not-analysed',
    title: 'CNI policy not analysed',
    description:
      'A policy of a CNI (Cilium, Calico, Antrea) or of the AdminNetworkPolicy API; Rampart evaluates Kubernetes NetworkPolicy only.',
    rationale:
      'These policies change the real connectivity; the report must say it is incomplete rather than look exhaustive.',
    remediation: "Check the CNI's own tooling for these policies (cilium policy trace, calicoctl).",
    stage: 'runtime',
    severity: 'info',
    owner: 'platform',
    frameworks: {},
    kinds: CNI_POLICY_KINDS,
    messages: { notEvaluated: '{{kind}} {{name}} was not evaluated; it may {{effect}} traffic' },
    references: [NETPOL_DOCS],
    optIn: true,
  },
  check({ resource, inventory }) {
    const cni = modelOf(inventory).cniPolicies.find((c) => c.resource === resource);
    if (!cni) return [];
    const denies = (['ingress', 'egress'] as const).filter((d) => cni.defaultDeny[d]);
    const effect = cni.kind.includes('AdminNetworkPolicy')
      ? 'further restrict or allow'
      : denies.length
        ? `further restrict (it is read as a default deny for ${denies.join(' and ')})`
        : 'further restrict';
    const name = `${cni.namespace ? `${cni.namespace}/` : ''}${cni.name}`;
    return [
      {
        path: ['metadata', 'name'],
        messageId: 'notEvaluated',
        data: { kind: cni.kind, name, effect },
        verdict: 'warn',
      },
    ];
  },
});
