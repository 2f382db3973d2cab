/**
 * IP addresses and CIDR prefixes as bytes, read and written once for the whole code base: the
 * NetworkPolicy analysis and the Kubernetes CEL network library differ only in how strictly they
 * read. Written back as dotted quads and RFC 5952 text (lowercase, the first longest run of two or
 * more zero groups as `::`).
 */

/**
 * `strict` reads as Go's net/netip does (the CEL `ip()` and `cidr()` functions): no leading zeros in
 * IPv4 octets or prefix lengths. `sloppy` reads as the API server validates NetworkPolicy ipBlocks
 * (netutils.ParseIPSloppy): leading zeros are allowed and read as decimal. Zones are never allowed.
 */
export type IpStrictness = 'strict' | 'sloppy';

/** 4 bytes for IPv4, 16 for IPv6; a string says why the text is not an address. */
export function parseIpBytes(text: string, strictness: IpStrictness): Uint8Array | string {
  return text.includes(':') ? parseIPv6(text, strictness) : parseIPv4(text, strictness);
}

/** `address/bits`, the address not masked; a string says why the text is not a prefix. */
export function parseCidrParts(text: string, strictness: IpStrictness): { bytes: Uint8Array; bits: number } | string {
  const slash = text.indexOf('/');
  if (slash < 0) return `no '/' in '${text}'`;
  const bytes = parseIpBytes(text.slice(0, slash), strictness);
  if (typeof bytes === 'string') return bytes;
  const bitsText = text.slice(slash + 1);
  const max = bytes.length * 8;
  const leadingZero = strictness === 'strict' && bitsText.length > 1 && bitsText.startsWith('0');
  if (!/^\d{1,3}$/.test(bitsText) || leadingZero || Number(bitsText) > max)
    return `bad bits after slash: '${bitsText}'`;
  return { bytes, bits: Number(bitsText) };
}

function parseIPv4(text: string, strictness: IpStrictness): Uint8Array | string {
  const parts = text.split('.');
  if (parts.length !== 4) return 'IPv4 address must have four fields';
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] as string;
    if (!/^\d{1,3}$/.test(part)) return `invalid IPv4 field '${part}'`;
    if (strictness === 'strict' && part.length > 1 && part.startsWith('0'))
      return 'IPv4 field has octet with leading zero';
    const value = Number(part);
    if (value > 255) return 'IPv4 field has value >255';
    out[i] = value;
  }
  return out;
}

function parseIPv6(text: string, strictness: IpStrictness): Uint8Array | string {
  if (text.includes('%')) return 'zone';
  let head = text;
  let tail = '';
  const doubleColon = text.indexOf('::');
  if (doubleColon >= 0) {
    if (text.indexOf('::', doubleColon + 1) >= 0) return 'multiple :: in address';
    head = text.slice(0, doubleColon);
    tail = text.slice(doubleColon + 2);
  }
  const groups = (part: string, last: boolean): number[] | string => {
    if (part === '') return [];
    const out: number[] = [];
    const fields = part.split(':');
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i] as string;
      // an embedded IPv4 address may end the text: ::ffff:192.0.2.1
      if (last && i === fields.length - 1 && field.includes('.')) {
        const v4 = parseIPv4(field, strictness);
        if (typeof v4 === 'string') return v4;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(field)) return `invalid IPv6 field '${field}'`;
      out.push(Number.parseInt(field, 16));
    }
    return out;
  };
  const first = groups(head, doubleColon < 0);
  const last = groups(tail, true);
  if (typeof first === 'string') return first;
  if (typeof last === 'string') return last;
  const count = first.length + last.length;
  if (doubleColon < 0 ? count !== 8 : count > 7) return 'IPv6 address must have eight 16-bit fields';
  const all = [...first, ...new Array<number>(8 - count).fill(0), ...last];
  const out = new Uint8Array(16);
  all.forEach((group, i) => {
    out[2 * i] = group >> 8;
    out[2 * i + 1] = group & 0xff;
  });
  return out;
}

/** Dotted quad, or RFC 5952. */
export function formatIpBytes(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  let bestStart = -1;
  let bestLength = 1; // a single zero group is never compressed
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

/** The address as one number, for interval arithmetic. */
export function bytesToBigint(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

export function bigintToBytes(value: bigint, length: 4 | 16): Uint8Array {
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}
