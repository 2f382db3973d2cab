/**
 * IP addresses and prefixes with Go's net/netip rules, as the Kubernetes IP and CIDR libraries use
 * them: no zones, no IPv4-mapped IPv6, no leading zeros in IPv4 octets; RFC 5952 canonical text.
 */
import { OpaqueValue, type Val } from '../values.js';

export class IPValue extends OpaqueValue {
  readonly typeName = 'net.IP';
  /** 4 or 16 bytes. */
  constructor(readonly bytes: Uint8Array) {
    super();
  }
  get family(): 4 | 6 {
    return this.bytes.length === 4 ? 4 : 6;
  }
  equals(other: Val): boolean {
    return other instanceof IPValue && sameBytes(this.bytes, other.bytes);
  }
  override costSize(): number {
    return this.bytes.length;
  }
  toJs(): unknown {
    return formatIP(this.bytes);
  }
  override toString(): string {
    return formatIP(this.bytes);
  }
}

export class CIDRValue extends OpaqueValue {
  readonly typeName = 'net.CIDR';
  constructor(
    readonly ip: IPValue,
    readonly bits: number,
  ) {
    super();
  }
  equals(other: Val): boolean {
    return other instanceof CIDRValue && other.bits === this.bits && this.ip.equals(other.ip);
  }
  override costSize(): number {
    return this.ip.bytes.length;
  }
  toJs(): unknown {
    return this.toString();
  }
  override toString(): string {
    return `${formatIP(this.ip.bytes)}/${this.bits}`;
  }
  masked(): CIDRValue {
    return new CIDRValue(new IPValue(maskBytes(this.ip.bytes, this.bits)), this.bits);
  }
  contains(ip: IPValue): boolean {
    return (
      ip.family === this.ip.family && sameBytes(maskBytes(ip.bytes, this.bits), maskBytes(this.ip.bytes, this.bits))
    );
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export function maskBytes(bytes: Uint8Array, bits: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    out[i] = bytes[i]! & (0xff << (8 - keep)) & 0xff;
  }
  return out;
}

function parseIPv4(text: string): Uint8Array | string {
  const parts = text.split('.');
  if (parts.length !== 4) return 'IPv4 address must have four fields';
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    if (!/^\d{1,3}$/.test(part)) return `invalid IPv4 field '${part}'`;
    if (part.length > 1 && part.startsWith('0')) return 'IPv4 field has octet with leading zero';
    const value = Number(part);
    if (value > 255) return 'IPv4 field has value >255';
    out[i] = value;
  }
  return out;
}

function parseIPv6(text: string): Uint8Array | string {
  if (text.includes('%')) return 'zone';
  let head = text;
  let tail = '';
  const doubleColon = text.indexOf('::');
  if (doubleColon >= 0) {
    if (text.indexOf('::', doubleColon + 1) >= 0) return 'multiple :: in address';
    head = text.slice(0, doubleColon);
    tail = text.slice(doubleColon + 2);
  }
  const groups = (part: string): number[] | string => {
    if (part === '') return [];
    const out: number[] = [];
    const fields = part.split(':');
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      if (i === fields.length - 1 && field.includes('.')) {
        const v4 = parseIPv4(field);
        if (typeof v4 === 'string') return v4;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(field)) return `invalid IPv6 field '${field}'`;
      out.push(Number.parseInt(field, 16));
    }
    return out;
  };
  const first = groups(head);
  const last = groups(tail);
  if (typeof first === 'string') return first;
  if (typeof last === 'string') return last;
  const count = first.length + last.length;
  if (doubleColon < 0 ? count !== 8 : count > 7) return 'IPv6 address must have eight 16-bit fields';
  const all = [...first, ...new Array(8 - count).fill(0), ...last];
  const out = new Uint8Array(16);
  all.forEach((group, i) => {
    out[2 * i] = group >> 8;
    out[2 * i + 1] = group & 0xff;
  });
  return out;
}

/** Parses an address; a string describes why it is not one. */
export function parseIP(text: string): IPValue | string {
  const fail = (why: string) => `IP Address '${text}' parse error during conversion from string: ${why}`;
  if (text.includes(':')) {
    if (text.includes('%')) return `IP address '${text}' with zone value is not allowed`;
    const bytes = parseIPv6(text);
    if (typeof bytes === 'string') return fail(bytes);
    if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
      return `IPv4-mapped IPv6 address '${text}' is not allowed`;
    }
    return new IPValue(bytes);
  }
  const bytes = parseIPv4(text);
  return typeof bytes === 'string' ? fail(bytes) : new IPValue(bytes);
}

export function parseCIDR(text: string): CIDRValue | string {
  const fail = (why: string) => `network address parse error during conversion from string: ${why}`;
  const slash = text.lastIndexOf('/');
  if (slash < 0) return fail(`no '/' in '${text}'`);
  const ip = parseIP(text.slice(0, slash));
  if (typeof ip === 'string') return fail(ip);
  const bitsText = text.slice(slash + 1);
  const max = ip.family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(bitsText) || (bitsText.length > 1 && bitsText.startsWith('0')) || Number(bitsText) > max) {
    return fail(`bad bits after slash: '${bitsText}'`);
  }
  return new CIDRValue(ip, Number(bitsText));
}

/** Dotted quad, or RFC 5952: lowercase, no leading zeros, the first longest run of 2+ zero groups as ::. */
export function formatIP(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (list: number[]) => list.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

export function isLoopback(ip: IPValue): boolean {
  const b = ip.bytes;
  return ip.family === 4 ? b[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
}

export function isUnspecified(ip: IPValue): boolean {
  return ip.bytes.every((x) => x === 0);
}

export function isMulticast(ip: IPValue): boolean {
  return ip.family === 4 ? (ip.bytes[0]! & 0xf0) === 0xe0 : ip.bytes[0] === 0xff;
}

export function isLinkLocalMulticast(ip: IPValue): boolean {
  const b = ip.bytes;
  return ip.family === 4 ? b[0] === 224 && b[1] === 0 && b[2] === 0 : b[0] === 0xff && (b[1]! & 0x0f) === 0x02;
}

export function isLinkLocalUnicast(ip: IPValue): boolean {
  const b = ip.bytes;
  return ip.family === 4 ? b[0] === 169 && b[1] === 254 : b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
}

export function isGlobalUnicast(ip: IPValue): boolean {
  if (ip.family === 4 && (isUnspecified(ip) || ip.bytes.every((x) => x === 255))) return false;
  return !isUnspecified(ip) && !isLoopback(ip) && !isMulticast(ip) && !isLinkLocalUnicast(ip);
}
