import type { NetpolModel } from './build-model.js';
import { connLines } from './conn-lines.js';
import { NO_CONNECTIONS } from './conn-set.js';
import { analyze } from './connectivity.js';
import { referencedBlocks } from './matching.js';
import { compare } from './workloads.js';

export type DiffType = 'changed' | 'added' | 'removed';

export interface DiffLine {
  type: DiffType;
  src: string;
  dst: string;
  /** Connections in the reference (before) and in the new version (after). */
  ref1: string;
  ref2: string;
  /** `workload ns/name[Kind] added` when a connection comes or goes with a workload. */
  info?: string;
}

/**
 * Connections added, removed and changed from `before` to `after`. Both versions are analysed
 * with the outside cut by the ipBlocks of both, so an outside block means the same addresses on
 * each side and a narrowed ipBlock shows as changed connections, not as unrelated blocks. Lines
 * come changed first, then added, then removed, each sorted by source and destination, as the
 * netpol-analyzer prints its diff.
 */
export function diffModels(before: NetpolModel, after: NetpolModel): DiffLine[] {
  const a0 = referencedBlocks(before);
  const b0 = referencedBlocks(after);
  const extraBlocks = { ingress: [...a0.ingress, ...b0.ingress], egress: [...a0.egress, ...b0.egress] };
  const lines = (m: NetpolModel) => {
    const out = new Map<string, string>();
    for (const l of connLines(analyze(m, { extraBlocks }))) out.set(`${l.src}\u0000${l.dst}`, l.conn);
    return out;
  };
  const a = lines(before);
  const b = lines(after);
  const inBefore = new Set(before.workloads.map((w) => w.id));
  const inAfter = new Set(after.workloads.map((w) => w.id));
  const info = (src: string, dst: string): string | undefined => {
    for (const peer of [src, dst]) {
      if (inAfter.has(peer) && !inBefore.has(peer)) return `workload ${peer} added`;
      if (inBefore.has(peer) && !inAfter.has(peer)) return `workload ${peer} removed`;
    }
    return undefined;
  };
  const out: DiffLine[] = [];
  const push = (type: DiffType, key: string, ref1: string, ref2: string) => {
    const [src, dst] = key.split('\u0000') as [string, string];
    const line: DiffLine = { type, src, dst, ref1, ref2 };
    const note = info(src, dst);
    if (note) line.info = note;
    out.push(line);
  };
  for (const [key, conn] of b) {
    const old = a.get(key);
    if (old === undefined) push('added', key, NO_CONNECTIONS, conn);
    else if (old !== conn) push('changed', key, old, conn);
  }
  for (const [key, conn] of a) if (!b.has(key)) push('removed', key, conn, NO_CONNECTIONS);
  const order: Record<DiffType, number> = { changed: 0, added: 1, removed: 2 };
  return out.sort((x, y) => order[x.type] - order[y.type] || compare(x.src, y.src) || compare(x.dst, y.dst));
}
