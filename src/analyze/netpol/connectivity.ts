import type { NetpolModel } from './build-model.js';
import { ConnTable } from './conn-table.js';
import { disjointBlocks, externalFamilies, externalName } from './external.js';
import { type Groups, groupName, groupWorkloads, namespaceSizes } from './groups.js';
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

/** The analysis would need more memory than the bound: too many workloads that policies tell apart. */
export class AnalysisTooLarge extends Error {}

/**
 * Cells of the group-by-group matrix allowed (4 bytes each): 25 million is 100 MB, about 5,000
 * groups of workloads that policies tell apart. Groups (groups.ts) make ordinary inputs tiny.
 */
export const MAX_MATRIX_CELLS = 25_000_000;

/**
 * The allowed connections between every pair of workloads, and between workloads and the
 * outside. A connection needs both the source's egress and the destination's ingress; a side
 * that no policy isolates allows everything. Workloads that no policy tells apart share one
 * group (groups.ts), and the matrix is kept per group: connection-set ids in flat typed arrays,
 * so a thousand groups take 4 MB and the pairs are listed in sorted order without a sort.
 */
export class Connectivity {
  readonly table = new ConnTable();
  readonly matching: Matching;
  readonly groups: Groups;
  /** Outside blocks as sources (cut by ingress ipBlocks) and as destinations (cut by egress ipBlocks). */
  readonly srcBlocks: readonly IpSet[];
  readonly dstBlocks: readonly IpSet[];
  private readonly pairs: Int32Array;
  private readonly fromBlocks: Int32Array;
  private readonly toBlocks: Int32Array;
  private readonly portCache = new Map<Rule, Map<string, number>>();
  private readonly blockCache = new Map<Rule, number[]>();
  private readonly groupCache = new Map<Rule, Int32Array>();

  constructor(
    readonly model: NetpolModel,
    options: AnalyzeOptions = {},
  ) {
    this.matching = matchingOf(model);
    this.groups = groupWorkloads(model, this.matching);
    const blocks = referencedBlocks(model);
    const extra = options.extraBlocks ?? { ingress: [], egress: [] };
    const families = externalFamilies([...blocks.ingress, ...blocks.egress, ...extra.ingress, ...extra.egress]);
    this.srcBlocks = disjointBlocks([...blocks.ingress, ...extra.ingress], families);
    this.dstBlocks = disjointBlocks([...blocks.egress, ...extra.egress], families);
    const g = this.groups.members.length;
    const cells = g * g + (this.srcBlocks.length + this.dstBlocks.length) * g;
    if (cells > MAX_MATRIX_CELLS) {
      throw new AnalysisTooLarge(
        `the policies tell ${g.toLocaleString('en')} groups of workloads apart (and cut the outside into ${(this.srcBlocks.length + this.dstBlocks.length).toLocaleString('en')} blocks): their connectivity would take ${Math.ceil((cells * 4) / 1024 / 1024)} MB, above the ${(MAX_MATRIX_CELLS * 4) / 1024 / 1024} MB bound; analyse fewer namespaces at a time`,
      );
    }
    this.pairs = new Int32Array(g * g);
    this.fromBlocks = new Int32Array(this.srcBlocks.length * g);
    this.toBlocks = new Int32Array(g * this.dstBlocks.length);
    this.computeIngress();
    this.computeEgress();
  }

  /** Connections allowed from workload `src` to workload `dst` (ids are workload indices). */
  between(src: number, dst: number): number {
    const { groupOf, members } = this.groups;
    return this.pairs[(groupOf[src] as number) * members.length + (groupOf[dst] as number)] as number;
  }

  fromBlock(block: number, dst: number): number {
    return this.fromBlocks[block * this.groups.members.length + (this.groups.groupOf[dst] as number)] as number;
  }

  toBlock(src: number, block: number): number {
    return this.toBlocks[(this.groups.groupOf[src] as number) * this.dstBlocks.length + block] as number;
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

  /** The groups a rule's peers match (a group is matched whole or not at all). */
  private groupsOf(rule: Rule): Int32Array {
    let cached = this.groupCache.get(rule);
    if (!cached) {
      const seen = new Set<number>();
      for (const w of this.matching.workloadsOf.get(rule) ?? []) seen.add(this.groups.groupOf[w] as number);
      cached = Int32Array.from(seen);
      this.groupCache.set(rule, cached);
    }
    return cached;
  }

  /** Ingress side, written transposed into `pairs` (row = source group) so egress can combine in place. */
  private computeIngress(): void {
    const { workloads } = this.model;
    const { members } = this.groups;
    const g = members.length;
    const { table } = this;
    members.forEach((group, d) => {
      const dst = group[0] as number; // any member stands for its group
      const rules = this.matching.rulesOf.ingress[dst] ?? [];
      const isolated = (this.matching.policiesOf.ingress[dst] ?? []).length > 0;
      for (let s = 0; s < g; s++) this.pairs[s * g + d] = isolated ? ConnTable.EMPTY : ConnTable.ALL;
      for (let b = 0; b < this.srcBlocks.length; b++)
        this.fromBlocks[b * g + d] = isolated ? ConnTable.EMPTY : ConnTable.ALL;
      for (const rule of rules) {
        const conn = this.ruleConn(rule, workloads[dst]);
        if (conn === ConnTable.EMPTY) continue;
        for (const s of this.groupsOf(rule)) {
          const at = s * g + d;
          this.pairs[at] = table.union(this.pairs[at] as number, conn);
        }
        for (const b of this.blocksOf(rule, this.srcBlocks)) {
          const at = b * g + d;
          this.fromBlocks[at] = table.union(this.fromBlocks[at] as number, conn);
        }
      }
    });
  }

  /** Egress side: one row per source group, intersected with the ingress already in `pairs`. */
  private computeEgress(): void {
    const { workloads } = this.model;
    const { members } = this.groups;
    const g = members.length;
    const { table } = this;
    const row = new Int32Array(g);
    const blocks = this.dstBlocks.length;
    members.forEach((group, s) => {
      const src = group[0] as number;
      const rules = this.matching.rulesOf.egress[src] ?? [];
      const isolated = (this.matching.policiesOf.egress[src] ?? []).length > 0;
      row.fill(isolated ? ConnTable.EMPTY : ConnTable.ALL);
      for (let b = 0; b < blocks; b++) this.toBlocks[s * blocks + b] = isolated ? ConnTable.EMPTY : ConnTable.ALL;
      for (const rule of rules) {
        const named = hasNamedPorts(rule.ports);
        const constant = named ? -1 : this.ruleConn(rule, undefined);
        for (const d of this.groupsOf(rule)) {
          const conn = named ? this.ruleConn(rule, workloads[members[d]?.[0] as number]) : constant;
          row[d] = table.union(row[d] as number, conn);
        }
        const outside = this.ruleConn(rule, undefined);
        if (outside === ConnTable.EMPTY) continue;
        for (const b of this.blocksOf(rule, this.dstBlocks)) {
          const at = s * blocks + b;
          this.toBlocks[at] = table.union(this.toBlocks[at] as number, outside);
        }
      }
      for (let d = 0; d < g; d++)
        this.pairs[s * g + d] = table.intersect(row[d] as number, this.pairs[s * g + d] as number);
    });
  }

  /**
   * The allowed connections sorted by source then destination name (byte order, like the
   * netpol-analyzer), without self-pairs and without outside-to-outside pairs: one per pair of
   * workloads, so as many as the square of the workloads. `groupedConnections` is the short form.
   */
  *connections(): Generator<Connection> {
    const nodes = (blocks: readonly IpSet[]) =>
      [
        ...this.model.workloads.map((w, i) => ({ name: w.id, workload: i })),
        ...blocks.map((b, i) => ({ name: externalName(b), block: i })),
      ].sort((a, b) => compare(a.name, b.name));
    yield* this.pairsOf(nodes(this.srcBlocks), nodes(this.dstBlocks), (src, dst) =>
      src === dst ? ConnTable.EMPTY : this.between(src, dst),
    );
  }

  /**
   * The allowed connections between groups of workloads that no policy tells apart (groups.ts),
   * sorted by name: `shop/* => shop/* : All Connections` stands for every pair of distinct
   * workloads of `shop`. A group of one is named as its workload, so where no two workloads
   * are alike this is `connections()`.
   */
  *groupedConnections(): Generator<Connection> {
    const { members } = this.groups;
    const sizes = namespaceSizes(this.model);
    const nodes = (blocks: readonly IpSet[]) =>
      [
        ...members.map((group, i) => ({ name: groupName(this.model, group, sizes), workload: i })),
        ...blocks.map((b, i) => ({ name: externalName(b), block: i })),
      ].sort((a, b) => compare(a.name, b.name));
    const g = members.length;
    yield* this.pairsOf(
      nodes(this.srcBlocks),
      nodes(this.dstBlocks),
      (src, dst) =>
        src === dst && (members[src] as number[]).length < 2 ? ConnTable.EMPTY : (this.pairs[src * g + dst] as number),
      (block, group) => this.fromBlocks[block * g + group] as number,
      (group, block) => this.toBlocks[group * this.dstBlocks.length + block] as number,
    );
  }

  private *pairsOf(
    sources: readonly Node[],
    destinations: readonly Node[],
    inside: (src: number, dst: number) => number,
    fromOutside: (block: number, dst: number) => number = (b, d) => this.fromBlock(b, d),
    toOutside: (src: number, block: number) => number = (s, b) => this.toBlock(s, b),
  ): Generator<Connection> {
    for (const src of sources) {
      for (const dst of destinations) {
        let conn: number;
        if (src.workload !== undefined && dst.workload !== undefined) conn = inside(src.workload, dst.workload);
        else if (src.workload !== undefined && dst.block !== undefined) conn = toOutside(src.workload, dst.block);
        else if (src.block !== undefined && dst.workload !== undefined) conn = fromOutside(src.block, dst.workload);
        else continue;
        if (conn !== ConnTable.EMPTY) yield { src: src.name, dst: dst.name, conn };
      }
    }
  }
}

/** A source or destination of the list: a workload (or group) index, or an outside block. */
type Node = { name: string; workload?: number; block?: number };

export function analyze(model: NetpolModel, options: AnalyzeOptions = {}): Connectivity {
  return new Connectivity(model, options);
}
