import type { NetpolPolicies } from './build-model.js';
import { cniAppliesIn } from './cni.js';
import type { CniPolicy, Direction, Policy } from './model.js';
import { isEmptySelector } from './policies.js';

export type DenySource = 'policy' | 'cni' | 'missing';

export interface DefaultDenyStatus {
  ingress: DenySource;
  egress: DenySource;
  /** The NetworkPolicy or CNI policy that provides it, per direction. */
  by: Partial<Record<Direction, string>>;
  /** CNI policies in the namespace whose effect is not read: they may isolate it. */
  unanalysed: CniPolicy[];
}

/**
 * Whether every pod of a namespace, present and future, is isolated in each direction: a
 * NetworkPolicy with an empty podSelector that lists the direction and does not re-open
 * everything (a rule with neither peers nor ports), or a CNI policy read as a default deny.
 * An empty podSelector selects all pods: such a policy is the default deny, not a gap.
 */
export function defaultDenyStatus(model: NetpolPolicies, namespace: string): DefaultDenyStatus {
  const status: DefaultDenyStatus = { ingress: 'missing', egress: 'missing', by: {}, unanalysed: [] };
  for (const direction of ['ingress', 'egress'] as const) {
    const policy = model.policies.find((p) => p.namespace === namespace && isolatesAll(p, direction));
    if (policy) {
      status[direction] = 'policy';
      status.by[direction] = `NetworkPolicy ${policy.id}`;
      continue;
    }
    const cni = model.cniPolicies.find((c) => cniAppliesIn(c, namespace) && c.defaultDeny[direction]);
    if (cni) {
      status[direction] = 'cni';
      status.by[direction] = `${cni.kind} ${cni.namespace ? `${cni.namespace}/` : ''}${cni.name}`;
    }
  }
  status.unanalysed = model.cniPolicies.filter(
    (c) => cniAppliesIn(c, namespace) && !c.defaultDeny.ingress && !c.defaultDeny.egress,
  );
  return status;
}

function isolatesAll(policy: Policy, direction: Direction): boolean {
  if (!policy.types[direction] || !isEmptySelector(policy.podSelector)) return false;
  return !policy[direction].some((rule) => rule.peers === null && rule.ports === null);
}
