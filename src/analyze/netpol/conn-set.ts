/**
 * Sets of connections: for each protocol NetworkPolicy knows (TCP, UDP, SCTP), the allowed
 * destination ports as sorted, disjoint, non-adjacent [start, end] pairs. Immutable; the
 * connectivity computation interns them (conn-table.ts) so equal sets share one object.
 */

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Flat [start0, end0, start1, end1, ...] per protocol, in PROTOCOLS order. */
export type PortRanges = readonly number[];

export const ALL_CONNECTIONS = 'All Connections';
export const NO_CONNECTIONS = 'No Connections';

export class ConnSet {
  static readonly EMPTY = new ConnSet([[], [], []]);
  static readonly ALL = new ConnSet([
    [MIN_PORT, MAX_PORT],
    [MIN_PORT, MAX_PORT],
    [MIN_PORT, MAX_PORT],
  ]);

  private constructor(readonly ranges: readonly [PortRanges, PortRanges, PortRanges]) {}

  /** Ports `start..end` of one protocol. */
  static ports(protocol: Protocol, start: number, end: number = start): ConnSet {
    const ranges: [PortRanges, PortRanges, PortRanges] = [[], [], []];
    ranges[PROTOCOLS.indexOf(protocol)] = [Math.max(start, MIN_PORT), Math.min(end, MAX_PORT)];
    return new ConnSet(ranges);
  }

  static protocol(protocol: Protocol): ConnSet {
    return ConnSet.ports(protocol, MIN_PORT, MAX_PORT);
  }

  static fromRanges(ranges: readonly [PortRanges, PortRanges, PortRanges]): ConnSet {
    return new ConnSet([normalize(ranges[0]), normalize(ranges[1]), normalize(ranges[2])]);
  }

  isEmpty(): boolean {
    return this.ranges.every((r) => r.length === 0);
  }

  isAll(): boolean {
    return this.ranges.every((r) => r.length === 2 && r[0] === MIN_PORT && r[1] === MAX_PORT);
  }

  union(other: ConnSet): ConnSet {
    return new ConnSet([
      normalize([...this.ranges[0], ...other.ranges[0]]),
      normalize([...this.ranges[1], ...other.ranges[1]]),
      normalize([...this.ranges[2], ...other.ranges[2]]),
    ]);
  }

  intersect(other: ConnSet): ConnSet {
    return new ConnSet([
      intersect(this.ranges[0], other.ranges[0]),
      intersect(this.ranges[1], other.ranges[1]),
      intersect(this.ranges[2], other.ranges[2]),
    ]);
  }

  subtract(other: ConnSet): ConnSet {
    const all: PortRanges = [MIN_PORT, MAX_PORT];
    return this.intersect(
      new ConnSet([
        subtractFrom(all, other.ranges[0]),
        subtractFrom(all, other.ranges[1]),
        subtractFrom(all, other.ranges[2]),
      ]),
    );
  }

  contains(protocol: Protocol, port: number): boolean {
    const ranges = this.ranges[PROTOCOLS.indexOf(protocol)] as PortRanges;
    for (let i = 0; i < ranges.length; i += 2) {
      if (port >= (ranges[i] as number) && port <= (ranges[i + 1] as number)) return true;
    }
    return false;
  }

  covers(other: ConnSet): boolean {
    return other.subtract(this).isEmpty();
  }

  /** A canonical key: equal sets, equal keys. */
  key(): string {
    return `${this.ranges[0].join(',')}|${this.ranges[1].join(',')}|${this.ranges[2].join(',')}`;
  }

  /**
   * The netpol-analyzer form: `All Connections`, `No Connections`, or per protocol
   * `TCP 80,8080-8090` with the protocol strings sorted and joined by commas.
   */
  toString(): string {
    if (this.isAll()) return ALL_CONNECTIONS;
    if (this.isEmpty()) return NO_CONNECTIONS;
    const parts: string[] = [];
    PROTOCOLS.forEach((protocol, index) => {
      const ranges = this.ranges[index] as PortRanges;
      if (ranges.length > 0) parts.push(`${protocol} ${portsText(ranges)}`);
    });
    return parts.sort().join(',');
  }

  /**
   * The set in words, for messages: `all ports and protocols`, `all TCP ports`, `TCP 80,443`,
   * `TCP 8000-8080 and all UDP ports`. Exact, like the list form: never "TCP 80" for a set that
   * holds more, nor "all ports" for a part of them.
   */
  describe(): string {
    if (this.isAll()) return 'all ports and protocols';
    if (this.isEmpty()) return 'no port';
    const parts: string[] = [];
    PROTOCOLS.forEach((protocol, index) => {
      const ranges = this.ranges[index] as PortRanges;
      if (ranges.length === 0) return;
      const every = ranges.length === 2 && ranges[0] === MIN_PORT && ranges[1] === MAX_PORT;
      parts.push(every ? `all ${protocol} ports` : `${protocol} ${portsText(ranges)}`);
    });
    const last = parts.pop() as string;
    return parts.length === 0 ? last : `${parts.join(', ')} and ${last}`;
  }

  /** One entry per protocol range, for generating NetworkPolicy `ports`. */
  entries(): { protocol: Protocol; start: number; end: number }[] {
    const out: { protocol: Protocol; start: number; end: number }[] = [];
    PROTOCOLS.forEach((protocol, index) => {
      const ranges = this.ranges[index] as PortRanges;
      for (let i = 0; i < ranges.length; i += 2) {
        out.push({ protocol, start: ranges[i] as number, end: ranges[i + 1] as number });
      }
    });
    return out;
  }
}

/** `80,8080-8090`: ports ascending, ranges with a dash. */
function portsText(ranges: PortRanges): string {
  const ports: string[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    const start = ranges[i] as number;
    const end = ranges[i + 1] as number;
    ports.push(start === end ? String(start) : `${start}-${end}`);
  }
  return ports.join(',');
}

function normalize(flat: PortRanges): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i] as number, flat[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [start, end] of pairs) {
    if (end < start) continue;
    const last = out.length - 1;
    if (last > 0 && start <= (out[last] as number) + 1) {
      if (end > (out[last] as number)) out[last] = end;
    } else out.push(start, end);
  }
  return out;
}

function intersect(a: PortRanges, b: PortRanges): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i] as number, b[j] as number);
    const end = Math.min(a[i + 1] as number, b[j + 1] as number);
    if (start <= end) out.push(start, end);
    if ((a[i + 1] as number) < (b[j + 1] as number)) i += 2;
    else j += 2;
  }
  return out;
}

function subtractFrom(a: PortRanges, holes: PortRanges): number[] {
  const out: number[] = [];
  let cursor = a[0] as number;
  const end = a[1] as number;
  for (let i = 0; i < holes.length && cursor <= end; i += 2) {
    const hs = holes[i] as number;
    const he = holes[i + 1] as number;
    if (hs > cursor) out.push(cursor, Math.min(hs - 1, end));
    cursor = Math.max(cursor, he + 1);
  }
  if (cursor <= end) out.push(cursor, end);
  return out;
}

/**
 * Parses the connectivity-list form back (`All Connections`, `TCP 80,8080-8090,UDP 53`), as
 * `netpol generate` reads intended connections. Returns a message on error.
 */
export function parseConnSet(text: string): ConnSet | { error: string } {
  const trimmed = text.trim();
  if (trimmed === ALL_CONNECTIONS) return ConnSet.ALL;
  if (trimmed === NO_CONNECTIONS || trimmed === '') return ConnSet.EMPTY;
  let result = ConnSet.EMPTY;
  let protocol: Protocol | undefined;
  for (const raw of trimmed.split(',')) {
    let token = raw.trim();
    const named = /^(TCP|UDP|SCTP)\s+(.*)$/i.exec(token);
    if (named) {
      protocol = (named[1] as string).toUpperCase() as Protocol;
      token = (named[2] as string).trim();
    } else if (/^(TCP|UDP|SCTP)$/i.test(token)) {
      result = result.union(ConnSet.protocol(token.toUpperCase() as Protocol));
      protocol = undefined;
      continue;
    }
    if (!protocol) return { error: `"${raw.trim()}" has no protocol; write e.g. "TCP 8080,UDP 53"` };
    const range = /^(\d+)(?:-(\d+))?$/.exec(token);
    if (!range) return { error: `"${token}" is not a port or a port range` };
    const start = Number(range[1]);
    const end = range[2] === undefined ? start : Number(range[2]);
    if (start < MIN_PORT || end > MAX_PORT || end < start) {
      return { error: `"${token}" is not a port range within ${MIN_PORT}-${MAX_PORT}` };
    }
    result = result.union(ConnSet.ports(protocol, start, end));
  }
  return result;
}
