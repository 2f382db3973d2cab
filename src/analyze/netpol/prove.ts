import type { KubeObject, Resource } from '../../core/resource.js';
import { buildModel, type NetpolModel } from './build-model.js';
import { ConnSet } from './conn-set.js';
import { analyze } from './connectivity.js';
import { externalName } from './external.js';
import type { Intended } from './intended.js';
import { IpSet } from './ip-set.js';
import { isNetworkPolicy } from './policies.js';

export interface Proof {
  /** True when the policies allow exactly the intended connections, no more, no less. */
  exact: boolean;
  /** Connections counted in the re-analysis (workload pairs and outside blocks). */
  connections: number;
  /** Pairs where the policies allow more than intended, and what is extra. */
  extra: { src: string; dst: string; conn: string }[];
  /** Pairs where the policies allow less than intended, and what is missing. */
  missing: { src: string; dst: string; conn: string }[];
}

/**
 * Proves generated policies by analysing them: the input's workloads and namespaces with the
 * generated policies in place of the input's own, compared pair by pair with the intended
 * connections. Outside blocks of the re-analysis are cut by the generated ipBlocks, so each lies
 * wholly inside or outside every intended block and the comparison is exact.
 */
export function prove(
  resources: readonly Resource[],
  policies: readonly KubeObject[],
  intended: readonly Intended[],
): Proof {
  const kept = resources.filter((r) => !isNetworkPolicy(r.object));
  const generated: Resource[] = policies.map((object) => ({
    object,
    origin: { kind: 'file', file: '<generated>', document: 0, locate: () => ({ line: 1, column: 1 }) },
  }));
  const model: NetpolModel = buildModel([...kept, ...generated]);
  const connectivity = analyze(model);
  const proof: Proof = { exact: true, connections: 0, extra: [], missing: [] };
  const want = (src: (i: Intended) => boolean, dst: (i: Intended) => boolean) =>
    intended.filter((i) => src(i) && dst(i)).reduce((acc, i) => acc.union(i.conn), ConnSet.EMPTY);
  const check = (src: string, dst: string, actualId: number, wanted: ConnSet) => {
    const actual = connectivity.table.get(actualId);
    if (!actual.isEmpty()) proof.connections++;
    const extra = actual.subtract(wanted);
    const missing = wanted.subtract(actual);
    if (!extra.isEmpty()) proof.extra.push({ src, dst, conn: extra.toString() });
    if (!missing.isEmpty()) proof.missing.push({ src, dst, conn: missing.toString() });
  };
  const { workloads } = model;
  // Blocks made only of known pod addresses stand for pods, judged as workload pairs above.
  const podIps = workloads.reduce((acc, w) => (w.ips ? acc.union(w.ips) : acc), IpSet.EMPTY);
  for (const s of workloads) {
    for (const d of workloads) {
      if (s === d) continue;
      const wanted = want(
        (i) => i.src.kind === 'workload' && i.src.workload.id === s.id,
        (i) => i.dst.kind === 'workload' && i.dst.workload.id === d.id,
      );
      check(s.id, d.id, connectivity.between(s.index, d.index), wanted);
    }
    connectivity.dstBlocks.forEach((block, b) => {
      if (podIps.covers(block)) return;
      const wanted = want(
        (i) => i.src.kind === 'workload' && i.src.workload.id === s.id,
        (i) => i.dst.kind === 'external' && i.dst.addresses.intersects(block),
      );
      check(s.id, externalName(block), connectivity.toBlock(s.index, b), wanted);
    });
  }
  connectivity.srcBlocks.forEach((block, b) => {
    if (podIps.covers(block)) return;
    for (const d of workloads) {
      const wanted = want(
        (i) => i.src.kind === 'external' && i.src.addresses.intersects(block),
        (i) => i.dst.kind === 'workload' && i.dst.workload.id === d.id,
      );
      check(externalName(block), d.id, connectivity.fromBlock(b, d.index), wanted);
    }
  });
  proof.exact = proof.extra.length === 0 && proof.missing.length === 0;
  return proof;
}
