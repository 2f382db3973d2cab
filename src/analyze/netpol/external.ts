import { type Family, IpSet } from './ip-set.js';

/**
 * Splits the outside world into disjoint blocks so that each block is, for every ipBlock of
 * every policy, either wholly inside it or wholly outside it: then one verdict per block is exact.
 * This is the netpol-analyzer's algorithm (smallest blocks first; each new block is cut by the
 * blocks already placed, and its remainder is split into single ranges), so the two tools print
 * the same `[External]` peers and their outputs can be diffed.
 */
export function disjointBlocks(blocks: readonly IpSet[], families: readonly Family[]): IpSet[] {
  const out: IpSet[] = [];
  for (const family of families) {
    const all = IpSet.all(family);
    const ofFamily = blocks.map((b) => b.intersect(all)).filter((b) => !b.isEmpty());
    ofFamily.push(all);
    // Stable for equal sizes (by lowest address), where Go's sort.Slice is not: same input, same output.
    ofFamily.sort((a, b) => {
      const sa = a.size();
      const sb = b.size();
      if (sa !== sb) return sa < sb ? -1 : 1;
      const la = a.lowest()?.value ?? 0n;
      const lb = b.lowest()?.value ?? 0n;
      return la < lb ? -1 : la > lb ? 1 : 0;
    });
    let placed: IpSet[] = [];
    for (const block of ofFamily) placed = place(block, placed);
    for (const block of placed) out.push(block);
  }
  return out;
}

function place(incoming: IpSet, placed: IpSet[]): IpSet[] {
  let rest = incoming;
  const added: IpSet[] = [];
  const list = [...placed];
  for (let i = 0; i < list.length; i++) {
    const existing = list[i] as IpSet;
    if (!existing.intersects(rest)) continue;
    const common = existing.intersect(rest);
    rest = rest.subtract(common);
    if (!existing.equals(common)) {
      added.push(common);
      list[i] = existing.subtract(common);
    }
    if (rest.isEmpty()) break;
  }
  return [...list, ...rest.split(), ...added];
}

/** The families the outside is shown in: IPv4 always; IPv6 once any policy names an IPv6 block. */
export function externalFamilies(blocks: readonly IpSet[]): Family[] {
  return blocks.some((b) => b.v6.length > 0) ? [4, 6] : [4];
}

/**
 * `0.0.0.0-255.255.255.255`: the connectivity-list name of an outside block, as the
 * netpol-analyzer writes it (a range, never containing the `/` of a workload's `ns/name`).
 */
export function externalName(block: IpSet): string {
  return block.toRanges();
}
