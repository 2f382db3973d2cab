import type { NetpolModel } from './build-model.js';
import type { Matching } from './matching.js';
import type { Rule, Workload } from './model.js';
import { hasNamedPorts, namedPortsKey } from './ports.js';

/**
 * Workloads that no policy tells apart: the same policies isolate them, the same rules apply to
 * them, every rule's peers match all of them or none, and their named ports are the same. Such
 * workloads have the same connections to and from everything, so the analysis keeps one row per
 * group instead of one per workload (2,000 Deployments without policies are one group, not four
 * million pairs) and `netpol list` prints one line per pair of groups.
 */
export interface Groups {
  /** Per workload index: its group. */
  groupOf: Int32Array;
  /** Per group: its workload indices, ascending (so by `ns/name[Kind]`). */
  members: number[][];
}

export function groupWorkloads(model: NetpolModel, matching: Matching): Groups {
  const n = model.workloads.length;
  const ruleIds = new Map<Rule, number>();
  const idOf = (rule: Rule) => {
    let id = ruleIds.get(rule);
    if (id === undefined) {
      id = ruleIds.size;
      ruleIds.set(rule, id);
    }
    return id;
  };
  // the rules whose peers match each workload, by rule id
  const peerOf: number[][] = Array.from({ length: n }, () => []);
  for (const [rule, workloads] of matching.workloadsOf) {
    const id = idOf(rule);
    for (const w of workloads) peerOf[w]?.push(id);
  }
  // named ports tell workloads apart only where some rule names a port
  const named = [...matching.workloadsOf.keys()].some((rule) => hasNamedPorts(rule.ports));
  const groupOf = new Int32Array(n);
  const members: number[][] = [];
  const bySignature = new Map<string, number>();
  for (let w = 0; w < n; w++) {
    const side = (direction: 'ingress' | 'egress') =>
      `${(matching.policiesOf[direction][w] ?? []).length > 0 ? 'i' : 'o'}${(matching.rulesOf[direction][w] ?? []).map(idOf).join(',')}`;
    const signature = `${side('ingress')}|${side('egress')}|${(peerOf[w] ?? []).join(',')}|${named ? namedPortsKey(model.workloads[w] as Workload) : ''}`;
    let group = bySignature.get(signature);
    if (group === undefined) {
      group = members.length;
      bySignature.set(signature, group);
      members.push([]);
    }
    groupOf[w] = group;
    members[group]?.push(w);
  }
  return { groupOf, members };
}

/**
 * The connectivity-list name of a group: `ns/name[Kind]` for one workload, `ns/*` for every
 * workload of a namespace, and several of these in braces, `{ns/a[Deployment], ns/b[Deployment]}`.
 */
export function groupName(
  model: NetpolModel,
  members: readonly number[],
  namespaceSizes: ReadonlyMap<string, number>,
): string {
  const first = model.workloads[members[0] as number];
  if (members.length === 1 && first) return first.id;
  const parts: string[] = [];
  let i = 0;
  while (i < members.length) {
    const namespace = model.workloads[members[i] as number]?.namespace as string;
    let end = i;
    while (end < members.length && model.workloads[members[end] as number]?.namespace === namespace) end++;
    if (end - i === namespaceSizes.get(namespace) && end - i > 1) parts.push(`${namespace}/*`);
    else for (let k = i; k < end; k++) parts.push(model.workloads[members[k] as number]?.id as string);
    i = end;
  }
  return parts.length === 1 ? (parts[0] as string) : `{${parts.join(', ')}}`;
}

export function namespaceSizes(model: NetpolModel): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const w of model.workloads) sizes.set(w.namespace, (sizes.get(w.namespace) ?? 0) + 1);
  return sizes;
}
