import type { NetpolModel } from './build-model.js';
import { ConnTable } from './conn-table.js';
import { disjointBlocks, externalFamilies, externalName } from './external.js';
import type { IpSet } from './ip-set.js';
import { type Matching, matchingOf, referencedBlocks } from './matching.js';
import type { Rule, Workload } from './model.js';
import { hasNamedPorts, namedPortsKey, resolvePorts } from './ports.js';
import { compare } from './workloads.js';

export interface AnalyzeOptions {
  /** More blocks to cut the outside by, per direction, so two analyses share one partition (`netpol diff`). */
  extraBlocks?: { ingress: readonly IpSet[]; egress: readonly IpSet[] };
}

/** One allowed connection of the list; `conn` is an id in `table`. */
export interface Connection {
  src: string;
  dst: string;
  conn: number;
}

/**
 * The allowed connections between every pair of workloads, and between workloads and the
 * outside. A connection needs both the source's egress and the destination's ingress; a side
 * that no policy isolates allows everything. Stored as connection-set ids in flat typed arrays:
 * a thousand workloads take 4 MB, and the pairs are listed in sorted order without a sort.
 */
export class Connectivity {
  readonly table = new ConnTable();
  readonly matching: Matching;
  /** Outside blocks as sources (cut by ingress ipBlocks) and as destinations (cut by egress ipBlocks). */
  readonly srcBlocks: readonly IpSet[];
  readonly dstBlocks: readonly IpSet[];
  private readonly pairs: Int32Array;
  private readonly fromBlocks: Int32Array;
  private readonly toBlocks: Int32Array;
  private readonly portCache = new Map<Rule, Map<string, number>>();
  private readonly blockCache = new Map<Rule, number[]>();

  constructor(
    readonly model: NetpolModel,
    options: AnalyzeOptions = {},
  ) {
    this.matching = matchingOf(model);
    const blocks = referencedBlocks(model);
    const extra = options.extraBlocks ?? { ingress: [], egress: [] };
    const families = externalFamilies([...blocks.ingress, ...blocks.egress, ...extra.ingress, ...extra.egress]);
    this.srcBlocks = disjointBlocks([...blocks.ingress, ...extra.ingress], families);
    this.dstBlocks = disjointBlocks([...blocks.egress, ...extra.egress], families);
    const n = model.workloads.length;
    this.pairs = new Int32Array(n * n);
    this.fromBlocks = new Int32Array(this.srcBlocks.length * n);
    this.toBlocks = new Int32Array(n * this.dstBlocks.length);
    this.computeIngress();
    this.computeEgress();
  }

  /** Connections allowed from workload `src` to workload `dst` (ids are workload indices). */
  between(src: number, dst: number): number {
    return this.pairs[src * this.model.workloads.length + dst] as number;
  }

  fromBlock(block: number, dst: number): number {
    return this.fromBlocks[block * this.model.workloads.length + dst] as number;
  }

  toBlock(src: number, block: number): number {
    return this.toBlocks[src * this.dstBlocks.length + block] as number;
  }

  /** The connections a rule's ports allow towards `destination`, as an id; cached per port profile. */
  ruleConn(rule: Rule, destination: Workload | undefined): number {
    const profile = destination && hasNamedPorts(rule.ports) ? namedPortsKey(destination) : '';
    const key = destination || !hasNamedPorts(rule.ports) ? profile : '\u0000outside';
    let cache = this.portCache.get(rule);
    if (!cache) {
      cache = new Map();
      this.portCache.set(rule, cache);
    }
    let id = cache.get(key);
    if (id === undefined) {
      id = this.table.id(resolvePorts(rule.ports, destination));
      cache.set(key, id);
    }
    return id;
  }

  /** Indices of the outside blocks a rule's peers admit; blocks never straddle an ipBlock edge. */
  blocksOf(rule: Rule, blocks: readonly IpSet[]): readonly number[] {
    let cached = this.blockCache.get(rule);
    if (!cached) {
      const addresses = this.matching.addressesOf.get(rule);
      cached = [];
      blocks.forEach((block, b) => {
        if (addresses?.intersects(block)) cached?.push(b);
      });
      this.blockCache.set(rule, cached);
    }
    return cached;
  }

  /** Ingress side, written transposed into `pairs` (row = source) so egress can combine in place. */
  private computeIngress(): void {
    const { workloads } = this.model;
    const n = workloads.length;
    const { table } = this;
    workloads.forEach((dst, d) => {
      const rules = this.matching.rulesOf.ingress[d] ?? [];
      const isolated = (this.matching.policiesOf.ingress[d] ?? []).length > 0;
      for (let s = 0; s < n; s++) this.pairs[s * n + d] = isolated ? ConnTable.EMPTY : ConnTable.ALL;
      for (let b = 0; b < this.srcBlocks.length; b++)
        this.fromBlocks[b * n + d] = isolated ? ConnTable.EMPTY : ConnTable.ALL;
      for (const rule of rules) {
        const conn = this.ruleConn(rule, dst);
        if (conn === ConnTable.EMPTY) continue;
        for (const s of this.matching.workloadsOf.get(rule) ?? []) {
          const at = s * n + d;
          this.pairs[at] = table.union(this.pairs[at] as number, conn);
        }
        for (const b of this.blocksOf(rule, this.srcBlocks)) {
          const at = b * n + d;
          this.fromBlocks[at] = table.union(this.fromBlocks[at] as number, conn);
        }
      }
    });
  }

  /** Egress side: one row per source, intersected with the ingress already in `pairs`. */
  private computeEgress(): void {
    const { workloads } = this.model;
    const n = workloads.length;
    const { table } = this;
    const row = new Int32Array(n);
    const blocks = this.dstBlocks.length;
    workloads.forEach((_, s) => {
      const rules = this.matching.rulesOf.egress[s] ?? [];
      const isolated = (this.matching.policiesOf.egress[s] ?? []).length > 0;
      row.fill(isolated ? ConnTable.EMPTY : ConnTable.ALL);
      for (let b = 0; b < blocks; b++) this.toBlocks[s * blocks + b] = isolated ? ConnTable.EMPTY : ConnTable.ALL;
      for (const rule of rules) {
        const named = hasNamedPorts(rule.ports);
        const constant = named ? -1 : this.ruleConn(rule, undefined);
        for (const d of this.matching.workloadsOf.get(rule) ?? []) {
          const conn = named ? this.ruleConn(rule, workloads[d]) : constant;
          row[d] = table.union(row[d] as number, conn);
        }
        const outside = this.ruleConn(rule, undefined);
        if (outside === ConnTable.EMPTY) continue;
        for (const b of this.blocksOf(rule, this.dstBlocks)) {
          const at = s * blocks + b;
          this.toBlocks[at] = table.union(this.toBlocks[at] as number, outside);
        }
      }
      for (let d = 0; d < n; d++)
        this.pairs[s * n + d] = table.intersect(row[d] as number, this.pairs[s * n + d] as number);
    });
  }

  /**
   * The allowed connections sorted by source then destination name (byte order, like the
   * netpol-analyzer), without self-pairs and without outside-to-outside pairs.
   */
  *connections(): Generator<Connection> {
    const { workloads } = this.model;
    type Node = { name: string; workload?: number; block?: number };
    const sources: Node[] = [
      ...workloads.map((w, i) => ({ name: w.id, workload: i })),
      ...this.srcBlocks.map((b, i) => ({ name: externalName(b), block: i })),
    ].sort((a, b) => compare(a.name, b.name));
    const destinations: Node[] = [
      ...workloads.map((w, i) => ({ name: w.id, workload: i })),
      ...this.dstBlocks.map((b, i) => ({ name: externalName(b), block: i })),
    ].sort((a, b) => compare(a.name, b.name));
    for (const src of sources) {
      for (const dst of destinations) {
        let conn: number;
        if (src.workload !== undefined && dst.workload !== undefined) {
          if (src.workload === dst.workload) continue;
          conn = this.between(src.workload, dst.workload);
        } else if (src.workload !== undefined && dst.block !== undefined) conn = this.toBlock(src.workload, dst.block);
        else if (src.block !== undefined && dst.workload !== undefined) conn = this.fromBlock(src.block, dst.workload);
        else continue;
        if (conn !== ConnTable.EMPTY) yield { src: src.name, dst: dst.name, conn };
      }
    }
  }
}

export function analyze(model: NetpolModel, options: AnalyzeOptions = {}): Connectivity {
  return new Connectivity(model, options);
}
