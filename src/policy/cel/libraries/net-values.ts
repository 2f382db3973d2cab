/**
 * IP addresses and prefixes with Go's net/netip rules, as the Kubernetes IP and CIDR libraries use
 * them: no zones, no IPv4-mapped IPv6, no leading zeros in IPv4 octets; RFC 5952 canonical text.
 */
import { formatIpBytes, type IpParseError, parseIp } from '../../../core/ip-address.js';
import { quoted } from '../redact.js';
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

/** Parses an address; a string describes why it is not one. */
/** Go's `ParseAddr("…"): reason (at "…")`, the input and the rest marked as data. */
function parseAddrMessage(text: string, error: IpParseError): string {
  const at = error.at === undefined ? '' : ` (at ${quoted(error.at)})`;
  return `ParseAddr(${quoted(text)}): ${error.reason}${at}`;
}

const isMapped = (bytes: Uint8Array) =>
  bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;

/** Parses an address as the API server's CEL does (netip, no zone, no IPv4-mapped IPv6); a string says why not. */
export function parseIP(text: string): IPValue | string {
  const parsed = parseIp(text, 'strict');
  if ('reason' in parsed)
    return `IP Address ${quoted(text)} parse error during conversion from string: ${parseAddrMessage(text, parsed)}`;
  if (parsed.zone !== '') return `IP address ${quoted(text)} with zone value is not allowed`;
  if (isMapped(parsed.bytes)) return `IPv4-mapped IPv6 address ${quoted(text)} is not allowed`;
  return new IPValue(parsed.bytes);
}

/** Parses a prefix as the API server's CEL does (netip.ParsePrefix); a string says why not, in its words. */
export function parseCIDR(text: string): CIDRValue | string {
  const fail = (why: string) =>
    `network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix(${quoted(text)}): ${why}`;
  const slash = text.lastIndexOf('/');
  if (slash < 0) return fail("no '/'");
  const address = text.slice(0, slash);
  const parsed = parseIp(address, 'strict');
  if ('reason' in parsed) return fail(parseAddrMessage(address, parsed));
  if (parsed.zone !== '') return fail('IPv6 zones cannot be present in a prefix');
  const bitsText = text.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,18})$/.test(bitsText)) return fail(`bad bits after slash: ${quoted(bitsText)}`);
  if (Number(bitsText) > parsed.bytes.length * 8) return fail('prefix length out of range');
  if (isMapped(parsed.bytes))
    return `network address parse error during conversion from string: IPv4-mapped IPv6 address ${quoted(text)} is not allowed`;
  return new CIDRValue(new IPValue(parsed.bytes), Number(bitsText));
}

/** Dotted quad, or RFC 5952 (the shared formatter). */
export const formatIP = formatIpBytes;

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
