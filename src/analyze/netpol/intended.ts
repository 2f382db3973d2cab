import { redactedMessage } from '../../core/redact.js';
import type { NetpolModel } from './build-model.js';
import { ConnSet, parseConnSet } from './conn-set.js';
import { resolveEndpoint } from './endpoints.js';
import { IpSet, parseRange } from './ip-set.js';
import type { Workload } from './model.js';

/** One end of an intended connection: a workload of the input, or addresses outside. */
export type IntendedPeer = { kind: 'workload'; workload: Workload } | { kind: 'external'; addresses: IpSet };

export interface Intended {
  src: IntendedPeer;
  dst: IntendedPeer;
  conn: ConnSet;
  /** 1-based line (txt) or item (json) number, for messages. */
  line: number;
}

/**
 * Reads intended connections in `netpol list` form: txt lines `src => dst : conn` (blank lines
 * and `#` comments skipped) or the JSON array `[{src, dst, conn}]`. Every error names its line.
 */
export function parseIntended(text: string, model: NetpolModel): { intended: Intended[]; errors: string[] } {
  const intended: Intended[] = [];
  const errors: string[] = [];
  const entries: { src: string; dst: string; conn: string; line: number }[] = [];
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      return { intended, errors: [`not valid JSON: ${redactedMessage(error, 'a syntax error')}`] };
    }
    if (!Array.isArray(parsed)) return { intended, errors: ['the JSON must be an array of {src, dst, conn}'] };
    parsed.forEach((item, i) => {
      const { src, dst, conn } = (item ?? {}) as Record<string, unknown>;
      if (typeof src !== 'string' || typeof dst !== 'string' || typeof conn !== 'string')
        errors.push(`item ${i + 1}: needs string src, dst and conn`);
      else entries.push({ src, dst, conn, line: i + 1 });
    });
  } else {
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const match = /^(.+?)\s+=>\s+(.+?)\s+:\s+(.+)$/.exec(line);
      if (!match) errors.push(`line ${i + 1}: expected "src => dst : connections"`);
      else entries.push({ src: match[1] as string, dst: match[2] as string, conn: match[3] as string, line: i + 1 });
    });
  }
  for (const entry of entries) {
    const where = `line ${entry.line}`;
    const sources = peers(entry.src, model);
    const destinations = peers(entry.dst, model);
    const conn = parseConnSet(entry.conn);
    if ('error' in sources) errors.push(`${where}: ${sources.error}`);
    if ('error' in destinations) errors.push(`${where}: ${destinations.error}`);
    if (!(conn instanceof ConnSet)) errors.push(`${where}: ${conn.error}`);
    if ('error' in sources || 'error' in destinations || !(conn instanceof ConnSet)) continue;
    if (sources.every((p) => p.kind === 'external') && destinations.every((p) => p.kind === 'external')) {
      errors.push(`${where}: both ends are outside the cluster; NetworkPolicy governs only pods`);
      continue;
    }
    if (conn.isEmpty()) continue;
    // a group (`ns/*`, `{a, b}`) stands for each of its workloads; a group to itself, for distinct pairs
    for (const src of sources) {
      for (const dst of destinations) {
        if (src.kind === 'workload' && dst.kind === 'workload' && src.workload === dst.workload) continue;
        intended.push({ src, dst, conn, line: entry.line });
      }
    }
  }
  return { intended, errors };
}

/** A peer, or a group of workloads as `netpol list` prints it: `ns/*`, or names in braces. */
function peers(text: string, model: NetpolModel): IntendedPeer[] | { error: string } {
  const trimmed = text.trim();
  const parts = trimmed.startsWith('{') && trimmed.endsWith('}') ? trimmed.slice(1, -1).split(', ') : [trimmed];
  const out: IntendedPeer[] = [];
  for (const part of parts) {
    if (part.endsWith('/*')) {
      const namespace = part.slice(0, -2);
      const members = model.workloads.filter((w) => w.namespace === namespace);
      if (members.length === 0) return { error: `no workloads in namespace "${namespace}" in the input` };
      for (const workload of members) out.push({ kind: 'workload', workload });
      continue;
    }
    const one = peer(part, model);
    if ('error' in one) return one;
    out.push(one);
  }
  return out;
}

function peer(text: string, model: NetpolModel): IntendedPeer | { error: string } {
  const external = /^(.*)\[External\]$/.exec(text.trim());
  // Names like "db" or "cafe" look like hex: only text that parses as addresses throughout is the outside.
  const addresses = rangesOf(external?.[1] ?? text);
  if (external && !addresses) return { error: `"${text.trim()}" is not an outside block (addresses, CIDRs or ranges)` };
  if (addresses) return { kind: 'external', addresses };
  const endpoint = resolveEndpoint(model, text);
  if ('error' in endpoint) return endpoint;
  if (endpoint.kind === 'external') return { kind: 'external', addresses: endpoint.addresses };
  return { kind: 'workload', workload: endpoint.workload };
}

function rangesOf(text: string): IpSet | undefined {
  let addresses = IpSet.EMPTY;
  for (const part of text.split(',')) {
    const range = parseRange(part);
    if (!range) return undefined;
    addresses = addresses.union(range);
  }
  return addresses;
}
