/**
 * The Kubernetes URL library (all versions). A string is a URL when Go's url.ParseRequestURI accepts
 * it (an absolute URI or an absolute path); its parts are those of url.Parse. The parsing rules
 * below follow Go's net/url, which the API server uses, not the WHATWG URL standard.
 */

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

/** Characters a host may not hold unescaped (ASCII outside Go's shouldEscape exceptions for hosts). */
const HOST_INVALID = /[^A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"%\u0080-\uffff]/;
const ESCAPE = /%(?![0-9a-fA-F]{2})/;
const UTF8_DECODER = new TextDecoder();

/**
 * Go's unescape: %XX sequences decoded as UTF-8 bytes (invalid ones become U+FFFD), `+` a space in
 * queries, undefined when an escape is malformed or a host holds a character it may not. One pass
 * over runs of text and runs of escapes.
 */
function percentDecode(text: string, mode: 'path' | 'host' | 'query' | 'fragment' | 'userinfo'): string | undefined {
  if (mode === 'host' && HOST_INVALID.test(text)) return undefined;
  if (ESCAPE.test(text)) return undefined;
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

function parseHost(host: string): string | undefined {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return undefined;
    const port = host.slice(close + 1);
    if (port !== '' && !/^:\d*$/.test(port)) return undefined;
    return percentDecode(host.slice(0, close + 1), 'host') === undefined ? undefined : host;
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && !/^:\d*$/.test(host.slice(colon))) return undefined;
  return percentDecode(host, 'host') === undefined ? undefined : host;
}

/** Go's url.parse: `viaRequest` is ParseRequestURI's mode (no fragment, absolute only). */
function parse(rawInput: string, viaRequest: boolean): ParsedURL | string {
  if (/[\u0000-\u001f\u007f]/.test(rawInput)) return 'invalid control character in URL';
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
      const fragment = percentDecode(raw.slice(hash + 1), 'fragment');
      if (fragment === undefined) return 'invalid URL escape in fragment';
      url.fragment = fragment;
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
    const hostPart = at < 0 ? authority : authority.slice(at + 1);
    if (at >= 0) {
      const userinfo = percentDecode(authority.slice(0, at), 'userinfo');
      if (userinfo === undefined) return 'invalid userinfo';
      url.userinfo = userinfo;
    }
    const host = parseHost(hostPart);
    if (host === undefined) return `invalid host or port in ${quoted(hostPart)}`;
    url.host = host;
  }
  const path = percentDecode(rest, 'path');
  if (path === undefined) return 'invalid URL escape in path';
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

export function toURL(text: string): URLValue | string {
  const request = parse(text, true);
  if (typeof request === 'string')
    return `URL parse error during conversion from string: parse ${quoted(text)}: ${request}`;
  const parsed = parse(text, false);
  if (typeof parsed === 'string')
    return `URL parse error during conversion from string: parse ${quoted(text)}: ${parsed}`;
  return new URLValue(parsed, text);
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
        impl: (args) => typeof parse(args[0] as string, true) !== 'string',
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
