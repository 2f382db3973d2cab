import type { NetpolModel } from './build-model.js';
import { type IpSet, parseRange } from './ip-set.js';
import type { Workload } from './model.js';

/** One end of a connection to explain: a workload of the input, or addresses outside the cluster. */
export type Endpoint =
  | { kind: 'workload'; workload: Workload; name: string }
  | { kind: 'external'; addresses: IpSet; name: string };

/**
 * Resolves `ns/name[Kind]`, `ns/name`, a unique `name`, or an IP address / CIDR / `a-b` range
 * (the outside; a trailing `[External]`, as older lists wrote it, is accepted). A message names the candidates when the text is ambiguous or unknown.
 */
export function resolveEndpoint(model: NetpolModel, text: string): Endpoint | { error: string } {
  const trimmed = text.trim();
  const addresses = /^[0-9a-fA-F:.]+(\/\d+|-[0-9a-fA-F:.]+)?(\[External\])?$/.test(trimmed)
    ? parseRange(trimmed.replace(/\[External\]$/, ''))
    : undefined;
  if (addresses) {
    const name = addresses.size() === 1n ? trimmed.replace(/\/\d+$|\[External\]$/g, '') : addresses.toRanges();
    return { kind: 'external', addresses, name };
  }
  const exact = model.workloads.find((w) => w.id === trimmed);
  if (exact) return { kind: 'workload', workload: exact, name: exact.id };
  const slash = trimmed.indexOf('/');
  const candidates =
    slash === -1
      ? model.workloads.filter((w) => w.name === trimmed)
      : model.workloads.filter((w) => w.namespace === trimmed.slice(0, slash) && w.name === trimmed.slice(slash + 1));
  if (candidates.length === 1) {
    const [workload] = candidates as [Workload];
    return { kind: 'workload', workload, name: workload.id };
  }
  if (candidates.length > 1) {
    return { error: `"${text}" is ambiguous: it names ${candidates.map((w) => w.id).join(', ')}; give one of these` };
  }
  const near = model.workloads.filter((w) => w.name.includes(trimmed.slice(slash + 1))).slice(0, 5);
  const hint = near.length
    ? `; did you mean ${near.map((w) => w.id).join(', ')}?`
    : '; `rampart netpol list` shows the workloads';
  return { error: `no workload "${text}" in the input (give ns/name, ns/name[Kind] or an IP address)${hint}` };
}
