/**
 * The Kubernetes URL library (all versions). A string is a URL when Go's url.ParseRequestURI accepts
 * it (an absolute URI or an absolute path); its parts are those of url.Parse. The parsing rules
 * below follow Go's net/url, which the API server uses, not the WHATWG URL standard.
 */

import { parseIp } from '../../../core/ip-address.js';
import { BOOL, listOf, mapOf, opaque, STRING } from '../checker/types.js';
import { traversal } from '../functions/costs.js';
import { globals, members, type Overload } from '../functions/registry.js';
import { quoted } from '../redact.js';
import { asCelMap, ErrorVal, newList, OpaqueValue, type Result, type Val, ValueMap } from '../values.js';

export const URL_TYPE = opaque('kubernetes.URL');

interface ParsedURL {
  scheme: string;
  opaque: string;
  userinfo: string | undefined;
  host: string;
  path: string;
  rawPath: string;
  rawQuery: string;
  forceQuery: boolean;
  fragment: string;
}

export class URLValue extends OpaqueValue {
  readonly typeName = 'kubernetes.URL';
  constructor(
    readonly url: ParsedURL,
    readonly text: string,
  ) {
    super();
  }
  equals(other: Val): boolean {
    return other instanceof URLValue && other.text === this.text;
  }
  override costSize(): number {
    return this.text.length;
  }
  toJs(): unknown {
    return this.text;
  }
  override toString(): string {
    return this.text;
  }
}

/** ASCII that Go's shouldEscape lets a host (or a zone) hold unescaped. */
const HOST_SAFE = /[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/;
const HEX = /^[0-9a-fA-F]{2}$/;
const UTF8_DECODER = new TextDecoder();

type Mode = 'path' | 'host' | 'zone' | 'query' | 'fragment' | 'userinfo';

/** How a value of a URL is quoted in a message: marked as data (url()), or as Go's %q (format.uri()). */
export type Show = (value: string) => string;

/**
 * Go's unescape checks: each `%` needs two hex digits, a host may escape only non-ASCII bytes (and
 * `%25`, which starts a zone), a host or zone holds no ASCII that would need escaping. The first
 * problem from the left, in Go's words; undefined when there is none.
 */
function escapeProblem(text: string, mode: Mode, show: Show): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '%') {
      const sequence = text.slice(i, i + 3);
      if (!HEX.test(text.slice(i + 1, i + 3))) return `invalid URL escape ${show(sequence)}`;
      const byte = Number.parseInt(text.slice(i + 1, i + 3), 16);
      if (mode === 'host' && byte < 0x80 && sequence !== '%25') return `invalid URL escape ${show(sequence)}`;
      const zoneSafe = byte === 0x20 || (byte < 0x80 && HOST_SAFE.test(String.fromCharCode(byte))) || byte >= 0x80;
      if (mode === 'zone' && sequence !== '%25' && !zoneSafe) return `invalid URL escape ${show(sequence)}`;
      i += 2;
    } else if ((mode === 'host' || mode === 'zone') && c.charCodeAt(0) < 0x80 && !HOST_SAFE.test(c)) {
      return `invalid character ${show(c)} in host name`;
    }
  }
  return undefined;
}

/**
 * Go's unescape: %XX sequences decoded as UTF-8 bytes (invalid ones become U+FFFD), `+` a space in
 * queries, undefined when an escape is malformed. One pass over runs of text and runs of escapes.
 */
function percentDecode(text: string, mode: Mode): string | undefined {
  if (escapeProblem(text, mode, String) !== undefined) return undefined;
  const plain = (chunk: string) => (mode === 'query' ? chunk.replaceAll('+', ' ') : chunk);
  if (!text.includes('%')) return plain(text);
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    const percent = text.indexOf('%', i);
    if (percent < 0) {
      parts.push(plain(text.slice(i)));
      break;
    }
    parts.push(plain(text.slice(i, percent)));
    const bytes: number[] = [];
    for (i = percent; text[i] === '%'; i += 3) bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
    parts.push(UTF8_DECODER.decode(Uint8Array.from(bytes)));
  }
  return parts.join('');
}

/** Each byte as escapePath writes it: unreserved and path characters as they are, others %XX. */
const PATH_BYTES = Array.from({ length: 256 }, (_, byte) => {
  const c = String.fromCharCode(byte);
  return byte < 0x80 && /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c)
    ? c
    : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
});
const UTF8_ENCODER = new TextEncoder();

function escapePath(path: string): string {
  const bytes = UTF8_ENCODER.encode(path);
  const parts = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = PATH_BYTES[bytes[i]!]!;
  return parts.join('');
}

const ENCODED = /^[A-Za-z0-9\-_.~!$&'()*+,;=:@[\]/%]*$/;

function validEncoded(text: string): boolean {
  return ENCODED.test(text);
}

function splitScheme(raw: string): [string, string] | string {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) return 'missing protocol scheme';
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

/** Go's validOptionalPort: empty, or a colon and digits. */
const validPort = (port: string) => port === '' || /^:\d*$/.test(port);

/** Go's parseHost: the host as url.Host holds it (unescaped), or why it is not one. */
function parseHost(scheme: string, host: string, show: Show): { host: string } | { error: string } {
  const open = host.lastIndexOf('[');
  if (open > 0) return { error: 'invalid IP-literal' };
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) return { error: "missing ']' in host" };
    const colonPort = host.slice(close + 1);
    if (!validPort(colonPort)) return { error: `invalid port ${show(colonPort)} after host` };
    const name = host.slice(1, close);
    const zone = name.indexOf('%25');
    const problem =
      zone < 0
        ? escapeProblem(name, 'host', show)
        : (escapeProblem(name.slice(0, zone), 'host', show) ?? escapeProblem(name.slice(zone), 'zone', show));
    if (problem) return { error: problem };
    const unescaped =
      zone < 0
        ? percentDecode(name, 'host')!
        : `${percentDecode(name.slice(0, zone), 'host')}${percentDecode(name.slice(zone), 'zone')}`;
    const address = parseIp(unescaped, 'strict');
    if ('reason' in address) {
      const at = address.at === undefined ? '' : ` (at ${show(address.at)})`;
      return { error: `invalid host: ParseAddr(${show(unescaped)}): ${address.reason}${at}` };
    }
    if (address.bytes.length === 4) return { error: 'invalid IP-literal' };
    return { host: `[${unescaped}]${colonPort}` };
  }
  let colon = host.indexOf(':');
  if (colon >= 0) {
    // Go allows several colons (host lists of databases) except in http and https URLs.
    if (scheme !== 'http' && scheme !== 'https') colon = host.lastIndexOf(':');
    const colonPort = host.slice(colon);
    if (!validPort(colonPort)) return { error: `invalid port ${show(colonPort)} after host` };
  }
  const problem = escapeProblem(host, 'host', show);
  return problem ? { error: problem } : { host: percentDecode(host, 'host')! };
}

/** Go's validUserinfo: the characters RFC 3986 allows in userinfo, and `%` and `@`. */
const USERINFO = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

/** Go's url.parse: `viaRequest` is ParseRequestURI's mode (no fragment, absolute only). */
function parse(rawInput: string, viaRequest: boolean, show: Show): ParsedURL | string {
  if (/[\u0000-\u001f\u007f]/.test(rawInput)) return 'net/url: invalid control character in URL';
  if (rawInput === '' && viaRequest) return 'empty url';
  const url: ParsedURL = {
    scheme: '',
    opaque: '',
    userinfo: undefined,
    host: '',
    path: '',
    rawPath: '',
    rawQuery: '',
    forceQuery: false,
    fragment: '',
  };
  let raw = rawInput;
  if (!viaRequest) {
    const hash = raw.indexOf('#');
    if (hash >= 0) {
      const problem = escapeProblem(raw.slice(hash + 1), 'fragment', show);
      if (problem) return problem;
      url.fragment = percentDecode(raw.slice(hash + 1), 'fragment')!;
      raw = raw.slice(0, hash);
    }
  }
  if (raw === '*') {
    url.path = '*';
    return url;
  }
  const split = splitScheme(raw);
  if (typeof split === 'string') return split;
  url.scheme = split[0].toLowerCase();
  let rest = split[1];
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      url.opaque = rest;
      return url;
    }
    if (viaRequest) return 'invalid URI for request';
    const colon = rest.indexOf(':');
    const slash = rest.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) return 'first path segment in URL cannot contain colon';
  }
  if ((url.scheme !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    rest = end < 0 ? '' : rest.slice(end);
    const at = authority.lastIndexOf('@');
    const host = parseHost(url.scheme, at < 0 ? authority : authority.slice(at + 1), show);
    if ('error' in host) return host.error;
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!USERINFO.test(userinfo)) return 'net/url: invalid userinfo';
      const colon = userinfo.indexOf(':');
      const problem =
        colon < 0
          ? escapeProblem(userinfo, 'userinfo', show)
          : (escapeProblem(userinfo.slice(0, colon), 'userinfo', show) ??
            escapeProblem(userinfo.slice(colon + 1), 'userinfo', show));
      if (problem) return problem;
      url.userinfo = percentDecode(userinfo, 'userinfo');
    }
    url.host = host.host;
  }
  const problem = escapeProblem(rest, 'path', show);
  if (problem) return problem;
  const path = percentDecode(rest, 'path')!;
  url.path = path;
  url.rawPath = escapePath(path) === rest ? '' : rest;
  return url;
}

function escapedPath(url: ParsedURL): string {
  if (url.rawPath !== '' && validEncoded(url.rawPath) && percentDecode(url.rawPath, 'path') === url.path)
    return url.rawPath;
  if (url.path === '*') return '*';
  return escapePath(url.path);
}

function hostname(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}

function port(host: string): string {
  const colon = host.lastIndexOf(':');
  if (colon < 0 || (host.startsWith('[') && colon < host.indexOf(']'))) return '';
  return host.slice(colon + 1);
}

/** url.Query(): pairs separated by &, keys and values unescaped (+ is a space); malformed pairs are dropped. */
function query(raw: string): Val {
  const out = new Map<string, string[]>();
  for (const pair of raw.split('&')) {
    if (pair === '' || pair.includes(';')) continue;
    const eq = pair.indexOf('=');
    const key = percentDecode(eq < 0 ? pair : pair.slice(0, eq), 'query');
    const value = percentDecode(eq < 0 ? '' : pair.slice(eq + 1), 'query');
    if (key === undefined || value === undefined) continue;
    const values = out.get(key);
    if (values) values.push(value);
    else out.set(key, [value]);
  }
  const map = new ValueMap();
  for (const [key, values] of out) map.set(key, newList(values));
  return asCelMap(map);
}

/**
 * A URL as the Kubernetes library reads it (ParseRequestURI to check it, Parse for its parts), or
 * Go's error (`parse "…": …`) with the values it quotes shown by `show`.
 */
export function parseURL(text: string, show: Show): URLValue | string {
  const request = parse(text, true, show);
  if (typeof request === 'string') return `parse ${show(text)}: ${request}`;
  const hash = text.indexOf('#');
  const parsed = parse(text, false, show);
  if (typeof parsed === 'string') return `parse ${show(hash < 0 ? text : text.slice(0, hash))}: ${parsed}`;
  return new URLValue(parsed, text);
}

export function toURL(text: string): URLValue | string {
  const parsed = parseURL(text, quoted);
  return typeof parsed === 'string' ? `URL parse error during conversion from string: ${parsed}` : parsed;
}

const url = (args: Val[]) => (args[0] as URLValue).url;

export function urlOverloads(): Overload[] {
  // Each accessor re-reads the URL's text (unescaping, escaping): charged as a traversal of it.
  const getter = (name: string, read: (u: ParsedURL) => string): Overload[] =>
    members('urls', [
      { id: `url_${name}`, name, params: [URL_TYPE], result: STRING, impl: (args) => read(url(args)), ...traversal(0) },
    ]);
  return [
    ...globals('urls', [
      {
        id: 'string_to_url',
        name: 'url',
        params: [STRING],
        result: URL_TYPE,
        impl: (args): Result => {
          const parsed = toURL(args[0] as string);
          return typeof parsed === 'string' ? new ErrorVal(parsed, 0) : parsed;
        },
        ...traversal(0),
      },
      {
        id: 'is_url_string',
        name: 'isURL',
        params: [STRING],
        result: BOOL,
        impl: (args) => typeof parse(args[0] as string, true, String) !== 'string',
        ...traversal(0),
      },
    ]),
    ...getter('getScheme', (u) => u.scheme),
    ...getter('getHost', (u) => u.host),
    ...getter('getHostname', (u) => hostname(u.host)),
    ...getter('getPort', (u) => port(u.host)),
    ...getter('getEscapedPath', escapedPath),
    ...members('urls', [
      {
        id: 'url_get_query',
        name: 'getQuery',
        params: [URL_TYPE],
        result: mapOf(STRING, listOf(STRING)),
        impl: (args) => query(url(args).rawQuery),
        ...traversal(0),
      },
    ]),
  ];
}
