import type { KubeObject } from '../../core/resource.js';
import type { NetpolModel } from './build-model.js';
import { ConnSet } from './conn-set.js';
import type { Intended, IntendedPeer } from './intended.js';
import { IpSet, parseCidr } from './ip-set.js';
import { policiesApplyTo } from './matching.js';
import { NAMESPACE_NAME_LABEL, type Workload } from './model.js';
import { uniqueSelector } from './selectors.js';
import { compare } from './workloads.js';

export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'rampart' } as const;

export interface GenerateOptions {
  /** Let every workload resolve names through cluster DNS (kube-system, k8s-app=kube-dns, port 53). */
  allowDns?: boolean;
}

export interface Generated {
  policies: KubeObject[];
  /** Connections the generated policies must allow (the intended ones, plus DNS when asked). */
  intended: Intended[];
  /** Why the result may allow more than intended: workloads no selector can single out. */
  notes: string[];
}

const DNS = ConnSet.ports('TCP', 53).union(ConnSet.ports('UDP', 53));
const DNS_SELECTOR = { 'k8s-app': 'kube-dns' };

/**
 * Least-privilege policies for a list of intended connections: a default deny (both directions)
 * in every namespace that runs workloads, then per workload one ingress policy admitting exactly
 * its intended sources and one egress policy allowing exactly its intended destinations, each
 * rule grouping the peers that share the same ports. Peers are named by their most specific
 * stable labels and, across namespaces, by kubernetes.io/metadata.name.
 */
export function generatePolicies(
  model: NetpolModel,
  wanted: readonly Intended[],
  options: GenerateOptions = {},
): Generated {
  const notes: string[] = [];
  const intended = [...wanted];
  const policies: KubeObject[] = [];
  const namespaces = [...new Set(model.workloads.map((w) => w.namespace))].sort(compare);
  for (const ns of namespaces) {
    policies.push(policy(ns, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
  }
  if (options.allowDns) {
    const dnsPods = model.workloads.filter((w) => w.namespace === 'kube-system' && w.labels['k8s-app'] === 'kube-dns');
    for (const ns of namespaces) {
      policies.push(
        policy(ns, 'allow-dns', {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [
            {
              to: [
                {
                  namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } },
                  podSelector: { matchLabels: DNS_SELECTOR },
                },
              ],
              ports: ports(DNS),
            },
          ],
        }),
      );
    }
    if (dnsPods.length > 0) {
      policies.push(
        policy('kube-system', 'allow-dns-from-cluster', {
          podSelector: { matchLabels: DNS_SELECTOR },
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ namespaceSelector: {} }], ports: ports(DNS) }],
        }),
      );
    }
    for (const src of model.workloads) {
      for (const dst of dnsPods)
        if (src !== dst)
          intended.push({
            src: { kind: 'workload', workload: src },
            dst: { kind: 'workload', workload: dst },
            conn: DNS,
            line: 0,
          });
    }
  }

  for (const w of model.workloads) {
    if (policiesApplyTo(w)) continue;
    notes.push(
      `${w.id} uses hostNetwork: NetworkPolicy neither isolates it nor matches it by selectors, so no generated policy changes its connections; protect the node (host firewall) instead`,
    );
  }

  const selectors = new Map<Workload, Record<string, string>>();
  const selectorOf = (w: Workload) => {
    let selector = selectors.get(w);
    if (!selector) {
      const found = uniqueSelector(w, model.workloads);
      if (!found.unique)
        notes.push(
          `no label selector singles out ${w.id} in its namespace (labels ${JSON.stringify(w.labels)}); policies naming it also apply to or admit its look-alikes`,
        );
      selector = found.matchLabels;
      selectors.set(w, selector);
    }
    return selector;
  };
  const podIps = model.workloads.reduce((acc, w) => (w.ips ? acc.union(w.ips) : acc), IpSet.EMPTY);
  const peerOf = (peer: IntendedPeer, home: string): Record<string, unknown>[] => {
    if (peer.kind === 'external') return ipBlocks(peer.addresses, podIps);
    const labels = { matchLabels: selectorOf(peer.workload) };
    if (peer.workload.namespace === home) return [{ podSelector: labels }];
    return [
      { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.workload.namespace } }, podSelector: labels },
    ];
  };

  for (const direction of ['ingress', 'egress'] as const) {
    const bySubject = new Map<Workload, Intended[]>();
    for (const item of wanted) {
      const subject = direction === 'ingress' ? item.dst : item.src;
      if (subject.kind !== 'workload') continue;
      bySubject.set(subject.workload, [...(bySubject.get(subject.workload) ?? []), item]);
    }
    const subjects = [...bySubject.keys()].sort((a, b) => compare(a.id, b.id));
    for (const subject of subjects) {
      const items = bySubject.get(subject) ?? [];
      const byConn = new Map<string, { conn: ConnSet; peers: IntendedPeer[] }>();
      for (const item of items) {
        const other = direction === 'ingress' ? item.src : item.dst;
        const group = byConn.get(item.conn.key()) ?? { conn: item.conn, peers: [] };
        group.peers.push(other);
        byConn.set(item.conn.key(), group);
      }
      const rules = [...byConn.values()]
        .sort((a, b) => compare(a.conn.toString(), b.conn.toString()))
        .map(({ conn, peers }) => {
          const external = peers
            .filter((p) => p.kind === 'external')
            .reduce((acc, p) => acc.union(p.addresses), IpSet.EMPTY);
          const pods = peers.filter((p) => p.kind === 'workload').sort((a, b) => compare(a.workload.id, b.workload.id));
          const list = [
            ...pods.flatMap((p) => peerOf(p, subject.namespace)),
            ...(external.isEmpty() ? [] : peerOf({ kind: 'external', addresses: external }, subject.namespace)),
          ];
          const rule: Record<string, unknown> = { [direction === 'ingress' ? 'from' : 'to']: list };
          if (!conn.isAll()) rule.ports = ports(conn);
          return rule;
        });
      const name = `allow-${direction}-${policyName(subject, model.workloads)}`;
      policies.push(
        policy(subject.namespace, name, {
          podSelector: { matchLabels: selectorOf(subject) },
          policyTypes: [direction === 'ingress' ? 'Ingress' : 'Egress'],
          [direction]: rules,
        }),
      );
    }
  }
  return { policies, intended, notes: [...new Set(notes)] };
}

function policy(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels: { ...MANAGED_BY } },
    spec,
  };
}

function ports(conn: ConnSet): Record<string, unknown>[] {
  return conn.entries().map(({ protocol, start, end }) => {
    const port: Record<string, unknown> = { protocol };
    if (start === 1 && end === 65535) return port;
    port.port = start;
    if (end !== start) port.endPort = end;
    return port;
  });
}

/**
 * ipBlock peers for outside addresses. Pods whose IPs are known fall inside blocks too, so they
 * are excepted: an ipBlock meant for the outside must not admit a pod by its address.
 */
function ipBlocks(addresses: IpSet, podIps: IpSet): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const cidr of addresses.toCidrs()) {
    const block = parseCidr(cidr) as IpSet; // a CIDR of the set, so it parses and lies inside it
    const inside = podIps.intersect(block);
    if (inside.equals(block)) continue;
    const except = inside.toCidrs();
    out.push({ ipBlock: except.length ? { cidr, except } : { cidr } });
  }
  return out;
}

/** The workload's name, suffixed with its kind when another workload of the namespace shares it. */
function policyName(workload: Workload, all: readonly Workload[]): string {
  const twins = all.filter((w) => w.namespace === workload.namespace && w.name === workload.name);
  return twins.length > 1 ? `${workload.name}-${workload.kind.toLowerCase()}` : workload.name;
}
