import { bigintToBytes, bytesToBigint, formatIpBytes, parseCidrParts, parseIpBytes } from '../../core/ip-address.js';

/**
 * Sets of IP addresses as sorted, disjoint, non-adjacent intervals, one list per family.
 * Addresses are bigints so IPv4 and IPv6 share one arithmetic; the lists stay short
 * (a handful of CIDRs per policy), so clarity wins over bit tricks here.
 */

export type Family = 4 | 6;

/** Inclusive interval [start, end]. */
export type Interval = readonly [bigint, bigint];

const MAX: Record<Family, bigint> = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n };
const BITS: Record<Family, bigint> = { 4: 32n, 6: 128n };

export class IpSet {
  static readonly EMPTY = new IpSet([], []);
  static readonly ALL_V4 = new IpSet([[0n, MAX[4]]], []);
  static readonly ALL_V6 = new IpSet([], [[0n, MAX[6]]]);

  private constructor(
    readonly v4: readonly Interval[],
    readonly v6: readonly Interval[],
  ) {}

  static of(family: Family, intervals: readonly Interval[]): IpSet {
    const merged = normalize(intervals);
    return family === 4 ? new IpSet(merged, []) : new IpSet([], merged);
  }

  static all(family: Family): IpSet {
    return family === 4 ? IpSet.ALL_V4 : IpSet.ALL_V6;
  }

  family(family: Family): readonly Interval[] {
    return family === 4 ? this.v4 : this.v6;
  }

  isEmpty(): boolean {
    return this.v4.length === 0 && this.v6.length === 0;
  }

  union(other: IpSet): IpSet {
    return new IpSet(normalize([...this.v4, ...other.v4]), normalize([...this.v6, ...other.v6]));
  }

  intersect(other: IpSet): IpSet {
    return new IpSet(intersect(this.v4, other.v4), intersect(this.v6, other.v6));
  }

  subtract(other: IpSet): IpSet {
    return new IpSet(subtract(this.v4, other.v4), subtract(this.v6, other.v6));
  }

  /** Whether every address of `other` is in this set. */
  covers(other: IpSet): boolean {
    return other.subtract(this).isEmpty();
  }

  intersects(other: IpSet): boolean {
    return !this.intersect(other).isEmpty();
  }

  equals(other: IpSet): boolean {
    return sameIntervals(this.v4, other.v4) && sameIntervals(this.v6, other.v6);
  }

  /** Number of addresses, for ordering blocks by size. */
  size(): bigint {
    let total = 0n;
    for (const [start, end] of [...this.v4, ...this.v6]) total += end - start + 1n;
    return total;
  }

  /** The lowest address, family first (IPv4 before IPv6), for stable ordering. */
  lowest(): { family: Family; value: bigint } | undefined {
    const first = this.v4[0] ?? this.v6[0];
    if (!first) return undefined;
    return { family: this.v4.length ? 4 : 6, value: first[0] };
  }

  /** One set per interval, as np-guard splits a block's remainder. */
  split(): IpSet[] {
    return [...this.v4.map((i) => new IpSet([i], [])), ...this.v6.map((i) => new IpSet([], [i]))];
  }

  /** `start-end` ranges joined by ", ", the form the netpol-analyzer connectivity list uses. */
  toRanges(): string {
    const ranges = [
      ...this.v4.map(([s, e]) => `${formatAddress(4, s)}-${formatAddress(4, e)}`),
      ...this.v6.map(([s, e]) => `${formatAddress(6, s)}-${formatAddress(6, e)}`),
    ];
    return ranges.join(', ');
  }

  /** The smallest list of CIDRs covering exactly this set. */
  toCidrs(): string[] {
    const out: string[] = [];
    for (const family of [4, 6] as const) {
      for (const [start, end] of this.family(family)) out.push(...rangeToCidrs(family, start, end));
    }
    return out;
  }
}

function normalize(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [start, end] of sorted) {
    const last = out[out.length - 1];
    if (last && start <= last[1] + 1n) {
      if (end > last[1]) last[1] = end;
    } else out.push([start, end]);
  }
  return out;
}

function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [as, ae] = a[i] as Interval;
    const [bs, be] = b[j] as Interval;
    // the larger start and the smaller end (Math.max and Math.min do not take bigints)
    const start = as > bs ? as : bs;
    const end = ae < be ? ae : be;
    if (start <= end) out.push([start, end]);
    if (ae < be) i++;
    else j++;
  }
  return out;
}

function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const [start, end] of a) {
    let cursor = start;
    while (j < b.length && (b[j] as Interval)[1] < cursor) j++;
    let k = j;
    while (k < b.length && (b[k] as Interval)[0] <= end) {
      const [hs, he] = b[k] as Interval;
      if (hs > cursor) out.push([cursor, hs - 1n]);
      if (he + 1n > cursor) cursor = he + 1n;
      if (cursor > end) break;
      k++;
    }
    if (cursor <= end) out.push([cursor, end]);
  }
  return out;
}

function sameIntervals(a: readonly Interval[], b: readonly Interval[]): boolean {
  return a.length === b.length && a.every(([s, e], i) => s === (b[i] as Interval)[0] && e === (b[i] as Interval)[1]);
}

export interface ParsedAddress {
  family: Family;
  value: bigint;
}

/**
 * Parses a single IPv4 or IPv6 address as the API server reads ipBlocks (leading zeros allowed);
 * undefined when it is not one.
 */
export function parseAddress(text: string): ParsedAddress | undefined {
  const bytes = parseIpBytes(text, 'sloppy');
  if (typeof bytes === 'string') return undefined;
  return { family: bytes.length === 4 ? 4 : 6, value: bytesToBigint(bytes) };
}

/**
 * Parses `address/prefix` into the set it denotes. Host bits are masked, as the API server's
 * sloppy parser does, so `10.0.0.1/8` means `10.0.0.0/8`.
 */
export function parseCidr(text: string): IpSet | { error: string } {
  const slash = text.indexOf('/');
  if (slash === -1) return { error: `"${text}" is not a CIDR (expected address/prefix, e.g. 10.0.0.0/8)` };
  const parts = parseCidrParts(text, 'sloppy');
  if (typeof parts === 'string') {
    const address = parseIpBytes(text.slice(0, slash), 'sloppy');
    if (typeof address === 'string')
      return { error: `"${text}" is not a CIDR: "${text.slice(0, slash)}" is not an IP address` };
    return { error: `"${text}" is not a CIDR: the prefix must be 0 to ${address.length * 8}` };
  }
  const family: Family = parts.bytes.length === 4 ? 4 : 6;
  const hostBits = BITS[family] - BigInt(parts.bits);
  const start = (bytesToBigint(parts.bytes) >> hostBits) << hostBits;
  const end = start + (1n << hostBits) - 1n;
  return IpSet.of(family, [[start, end]]);
}

/** Dotted quad for IPv4; RFC 5952 canonical text for IPv6 (lowercase, longest zero run as `::`). */
export function formatAddress(family: Family, value: bigint): string {
  return formatIpBytes(bigintToBytes(value, family === 4 ? 4 : 16));
}

/** Splits [start, end] into aligned CIDR blocks, largest first. */
export function rangeToCidrs(family: Family, start: bigint, end: bigint): string[] {
  const out: string[] = [];
  const bits = BITS[family];
  let cursor = start;
  while (cursor <= end) {
    let size = 0n;
    while (size < bits) {
      const next = size + 1n;
      const block = 1n << next;
      if (cursor % block !== 0n || cursor + block - 1n > end) break;
      size = next;
    }
    out.push(`${formatAddress(family, cursor)}/${bits - size}`);
    cursor += 1n << size;
  }
  return out;
}

/** Parses `start-end` (as the connectivity list writes blocks) or a CIDR or a single address. */
export function parseRange(text: string): IpSet | undefined {
  const trimmed = text.trim();
  if (trimmed.includes('/')) {
    const parsed = parseCidr(trimmed);
    return parsed instanceof IpSet ? parsed : undefined;
  }
  const dash = trimmed.indexOf('-');
  if (dash === -1) {
    const single = parseAddress(trimmed);
    return single && IpSet.of(single.family, [[single.value, single.value]]);
  }
  const from = parseAddress(trimmed.slice(0, dash));
  const to = parseAddress(trimmed.slice(dash + 1));
  if (!from || !to || from.family !== to.family || from.value > to.value) return undefined;
  return IpSet.of(from.family, [[from.value, to.value]]);
}
