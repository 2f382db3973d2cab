import type { Inventory, LabelSelector } from '../../core/inventory.js';
import type { Resource } from '../../core/resource.js';
import { extractCniPolicies } from './cni.js';
import {
  type CniPolicy,
  NAMESPACE_NAME_LABEL,
  type NamespaceInfo,
  type Policy,
  type Problem,
  type Workload,
} from './model.js';
import { extractNamespaces } from './namespaces.js';
import { parsePolicies } from './policies.js';
import { extractWorkloads } from './workloads.js';

/** Everything the analysis reads from one input: workloads, namespaces, policies. */
export interface NetpolModel {
  workloads: readonly Workload[];
  namespaces: ReadonlyMap<string, NamespaceInfo>;
  policies: readonly Policy[];
  cniPolicies: readonly CniPolicy[];
  /** What was ignored or doubtful, with where it is. */
  problems: readonly Problem[];
}

export function buildModel(resources: readonly Resource[]): NetpolModel {
  const problems: Problem[] = [];
  const policies = parsePolicies(resources, problems);
  const workloads = extractWorkloads(resources, problems, podSelectorKeys(policies));
  const cniPolicies = extractCniPolicies(resources);
  const named = [
    ...workloads.map((w) => w.namespace),
    ...policies.map((p) => p.namespace),
    ...cniPolicies.flatMap((c) => (c.namespace ? [c.namespace] : [])),
  ];
  const namespaces = extractNamespaces(resources, named);
  const unknown = unknownLabels(policies, namespaces, workloads);
  if (unknown) problems.push(unknown);
  return { workloads, namespaces, policies, cniPolicies, problems };
}

/** The pod label keys any policy's podSelector (or a peer's) reads: pods differing there are told apart. */
function podSelectorKeys(policies: readonly Policy[]): Set<string> {
  const keys = new Set<string>();
  const add = (selector: LabelSelector | undefined) => {
    for (const key of Object.keys(selector?.matchLabels ?? {})) keys.add(key);
    for (const expression of selector?.matchExpressions ?? []) keys.add(expression.key);
  };
  for (const policy of policies) {
    add(policy.podSelector);
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers ?? []) if (peer.kind === 'pods') add(peer.podSelector);
    }
  }
  return keys;
}

/**
 * A namespaceSelector on labels other than the name can only be judged where the Namespace
 * object is in the input; otherwise the namespace's other labels are unknown, and a selector
 * that matches nothing here may match it in the cluster.
 */
function unknownLabels(
  policies: readonly Policy[],
  namespaces: ReadonlyMap<string, NamespaceInfo>,
  workloads: readonly Workload[],
): Problem | undefined {
  const keys = new Set<string>();
  for (const policy of policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers ?? []) {
        if (peer.kind !== 'pods' || !peer.namespaceSelector) continue;
        for (const key of Object.keys(peer.namespaceSelector.matchLabels ?? {})) keys.add(key);
        for (const expression of peer.namespaceSelector.matchExpressions ?? []) keys.add(expression.key);
      }
    }
  }
  keys.delete(NAMESPACE_NAME_LABEL);
  const missing = [...new Set(workloads.map((w) => w.namespace))].filter((ns) => !namespaces.get(ns)?.resource).sort();
  if (keys.size === 0 || missing.length === 0) return undefined;
  return {
    severity: 'warning',
    message: `namespaceSelectors use the label(s) ${[...keys].sort().join(', ')}, but the input has no Namespace object for ${missing.join(', ')}: only their kubernetes.io/metadata.name label is known, so the real connectivity may be wider; add the Namespace objects (kubectl get namespaces -o yaml)`,
  };
}

const cache = new WeakMap<Inventory, NetpolModel>();
const policyCache = new WeakMap<Inventory, NetpolPolicies>();

/** The policies of a model, which is all some questions need (is there a default deny?). */
export type NetpolPolicies = Pick<NetpolModel, 'policies' | 'cniPolicies'>;

/**
 * The policies of an inventory, without its workloads: extracting 10,000 workloads costs ~0.2 s,
 * and a scan whose inputs hold no policy only asks whether namespaces have one. The model's own
 * when it was built.
 */
export function policiesOf(inventory: Inventory): NetpolPolicies {
  const model = cache.get(inventory);
  if (model) return model;
  let policies = policyCache.get(inventory);
  if (!policies) {
    policies = {
      policies: parsePolicies(inventory.resources, []),
      cniPolicies: extractCniPolicies(inventory.resources),
    };
    policyCache.set(inventory, policies);
  }
  return policies;
}

/** The model of an inventory, built once: rules judge many resources of the same inventory. */
export function modelOf(inventory: Inventory): NetpolModel {
  let model = cache.get(inventory);
  if (!model) {
    model = buildModel(inventory.resources);
    cache.set(inventory, model);
  }
  return model;
}
