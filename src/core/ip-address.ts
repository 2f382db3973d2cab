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

/** Why a text is not an address, in Go's net/netip words; `at` is the rest of the text where reading stopped. */
export interface IpParseError {
  reason: string;
  at?: string;
}

/**
 * Reads an address as Go's netip.ParseAddr does, with its error for every malformed text. `sloppy`
 * also reads octets with leading zeros (as decimal) and refuses zones, as the API server's
 * ParseIPSloppy does.
 */
export function parseIp(text: string, strictness: IpStrictness): { bytes: Uint8Array; zone: string } | IpParseError {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '.') {
      const bytes = new Uint8Array(4);
      const error = readIPv4(text, 0, text.length, bytes, 0, strictness);
      return error ?? { bytes, zone: '' };
    }
    if (c === ':') {
      const parsed = readIPv6(text, strictness);
      if ('reason' in parsed || strictness === 'strict' || parsed.zone === '') return parsed;
      return { reason: 'zone' };
    }
    if (c === '%') return { reason: 'missing IPv6 address' };
  }
  return { reason: 'unable to parse IP' };
}

/** 4 bytes for IPv4, 16 for IPv6; a string says why the text is not an address (zones are refused). */
export function parseIpBytes(text: string, strictness: IpStrictness): Uint8Array | string {
  const parsed = parseIp(text, strictness);
  if ('reason' in parsed) return parsed.at === undefined ? parsed.reason : `${parsed.reason} (at '${parsed.at}')`;
  return parsed.zone === '' ? parsed.bytes : 'zone';
}

/** `address/bits` as netip.ParsePrefix reads it, the address not masked; a string says why it is not a prefix. */
export function parseCidrParts(text: string, strictness: IpStrictness): { bytes: Uint8Array; bits: number } | string {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return "no '/'";
  const bytes = parseIpBytes(text.slice(0, slash), strictness);
  if (typeof bytes === 'string') return bytes;
  const bitsText = text.slice(slash + 1);
  const leadingZero = strictness === 'strict' && bitsText.length > 1 && !/^[1-9]/.test(bitsText);
  if (!/^\d{1,20}$/.test(bitsText) || leadingZero) return `bad bits after slash: '${bitsText}'`;
  if (Number(bitsText) > bytes.length * 8) return 'prefix length out of range';
  return { bytes, bits: Number(bitsText) };
}

/** netip's parseIPv4Fields: four decimal octets of `text[from, to)` into `out` at `at`. */
function readIPv4(
  text: string,
  from: number,
  to: number,
  out: Uint8Array,
  at: number,
  strictness: IpStrictness,
): IpParseError | undefined {
  const s = text.slice(from, to);
  let value = 0;
  let digits = 0;
  let field = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && value === 0 && strictness === 'strict')
        return { reason: 'IPv4 field has octet with leading zero' };
      value = value * 10 + c - 48;
      digits++;
      if (value > 255) return { reason: 'IPv4 field has value >255' };
    } else if (c === 46) {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.')
        return { reason: 'IPv4 field must have at least one digit', at: s.slice(i) };
      if (field === 3) return { reason: 'IPv4 address too long' };
      out[at + field++] = value;
      value = 0;
      digits = 0;
    } else {
      return { reason: 'unexpected character', at: s.slice(i) };
    }
  }
  if (field < 3) return { reason: 'IPv4 address too short' };
  out[at + 3] = value;
  return undefined;
}

const hexValue = (c: number) =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;

/** netip's parseIPv6: groups of up to four hex digits, one `::`, an embedded IPv4 address at the end, a zone. */
function readIPv6(text: string, strictness: IpStrictness): { bytes: Uint8Array; zone: string } | IpParseError {
  let s = text;
  let zone = '';
  const percent = s.indexOf('%');
  if (percent >= 0) {
    zone = s.slice(percent + 1);
    s = s.slice(0, percent);
    if (zone === '') return { reason: 'zone must be a non-empty string' };
  }
  const bytes = new Uint8Array(16);
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return { bytes, zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let group = 0;
    for (; off < s.length; off++) {
      const digit = hexValue(s.charCodeAt(off));
      if (digit < 0) break;
      group = group * 16 + digit;
      if (off > 3) return { reason: 'each group must have 4 or less digits', at: s };
    }
    if (off === 0) return { reason: 'each colon-separated field must have at least one digit', at: s };
    if (s[off] === '.') {
      if (ellipsis < 0 && i !== 12)
        return { reason: 'embedded IPv4 address must replace the final 2 fields of the address', at: s };
      if (i + 4 > 16) return { reason: 'too many hex fields to fit an embedded IPv4 at the end of the address', at: s };
      const end = text.length - (zone === '' ? 0 : zone.length + 1);
      const error = readIPv4(text, end - s.length, end, bytes, i, strictness);
      if (error) return error;
      s = '';
      i += 4;
      break;
    }
    bytes[i] = group >> 8;
    bytes[i + 1] = group & 0xff;
    i += 2;
    s = s.slice(off);
    if (s === '') break;
    if (s[0] !== ':') return { reason: 'unexpected character, want colon', at: s };
    if (s.length === 1) return { reason: 'colon must be followed by more characters', at: s };
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return { reason: 'multiple :: in address', at: s };
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return { reason: 'trailing garbage after address', at: s };
  if (i < 16) {
    if (ellipsis < 0) return { reason: 'address string too short' };
    const shift = 16 - i;
    bytes.copyWithin(ellipsis + shift, ellipsis, i);
    bytes.fill(0, ellipsis, ellipsis + shift);
  } else if (ellipsis >= 0) {
    return { reason: 'the :: must expand to at least one field of zeros' };
  }
  return { bytes, zone };
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
