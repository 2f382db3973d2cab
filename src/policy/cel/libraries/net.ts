/** The Kubernetes IP (1.30+) and CIDR (1.30+) libraries. */
import { BOOL, INT, opaque, STRING } from '../checker/types.js';
import { doubleTraversal, nominal, traversal } from '../functions/costs.js';
import { globals, members, type Overload } from '../functions/registry.js';
import { ErrorVal, type Result, type Val } from '../values.js';
import {
  type CIDRValue,
  type IPValue,
  isGlobalUnicast,
  isLinkLocalMulticast,
  isLinkLocalUnicast,
  isLoopback,
  isUnspecified,
  parseCIDR,
  parseIP,
} from './net-values.js';

export const IP_TYPE = opaque('net.IP');
export const CIDR_TYPE = opaque('net.CIDR');

const orError = (value: IPValue | CIDRValue | string): Result =>
  typeof value === 'string' ? new ErrorVal(value, 0) : value;
const ip = (args: Val[], i = 0) => args[i] as IPValue;
const cidr = (args: Val[]) => args[0] as CIDRValue;

const CIDR_COMPARE = { cost: () => 4, estimate: () => ({ cost: { min: 1, max: 4 } }) };

function predicate(name: string, test: (ip: IPValue) => boolean): Overload[] {
  return members('ip', [
    { id: `ip_${name}`, name, params: [IP_TYPE], result: BOOL, impl: (args) => test(ip(args)), ...nominal(1) },
  ]);
}

export function ipOverloads(): Overload[] {
  return [
    ...globals('ip', [
      {
        id: 'string_to_ip',
        name: 'ip',
        params: [STRING],
        result: IP_TYPE,
        impl: (args) => orError(parseIP(args[0] as string)),
        ...traversal(0),
      },
      {
        id: 'is_ip',
        name: 'isIP',
        params: [STRING],
        result: BOOL,
        impl: (args) => typeof parseIP(args[0] as string) !== 'string',
        ...traversal(0),
      },
      {
        id: 'ip_is_canonical',
        name: 'ip.isCanonical',
        params: [STRING],
        result: BOOL,
        impl: (args) => {
          const parsed = parseIP(args[0] as string);
          return typeof parsed === 'string' ? new ErrorVal(parsed, 0) : parsed.toString() === args[0];
        },
        ...doubleTraversal(0),
      },
      {
        id: 'ip_to_string',
        name: 'string',
        params: [IP_TYPE],
        result: STRING,
        impl: (args) => ip(args).toString(),
        ...nominal(1),
      },
    ]),
    ...members('ip', [
      {
        id: 'ip_family',
        name: 'family',
        params: [IP_TYPE],
        result: INT,
        impl: (args) => BigInt(ip(args).family),
        ...nominal(1),
      },
    ]),
    ...predicate('isUnspecified', isUnspecified),
    ...predicate('isLoopback', isLoopback),
    ...predicate('isLinkLocalMulticast', isLinkLocalMulticast),
    ...predicate('isLinkLocalUnicast', isLinkLocalUnicast),
    ...predicate('isGlobalUnicast', isGlobalUnicast),
  ];
}

function containsCIDR(outer: CIDRValue, inner: CIDRValue): boolean {
  return inner.ip.family === outer.ip.family && outer.bits <= inner.bits && outer.contains(inner.ip);
}

export function cidrOverloads(): Overload[] {
  return [
    ...globals('cidr', [
      {
        id: 'string_to_cidr',
        name: 'cidr',
        params: [STRING],
        result: CIDR_TYPE,
        impl: (args) => orError(parseCIDR(args[0] as string)),
        ...traversal(0),
      },
      {
        id: 'is_cidr',
        name: 'isCIDR',
        params: [STRING],
        result: BOOL,
        impl: (args) => typeof parseCIDR(args[0] as string) !== 'string',
        ...traversal(0),
      },
      {
        id: 'cidr_to_string',
        name: 'string',
        params: [CIDR_TYPE],
        result: STRING,
        impl: (args) => cidr(args).toString(),
        ...nominal(1),
      },
    ]),
    ...members('cidr', [
      {
        id: 'cidr_contains_ip_ip',
        name: 'containsIP',
        params: [CIDR_TYPE, IP_TYPE],
        result: BOOL,
        impl: (args) => cidr(args).contains(ip(args, 1)),
        ...CIDR_COMPARE,
      },
      {
        id: 'cidr_contains_ip_string',
        name: 'containsIP',
        params: [CIDR_TYPE, STRING],
        result: BOOL,
        impl: (args) => {
          const parsed = parseIP(args[1] as string);
          return typeof parsed === 'string' ? new ErrorVal(parsed, 0) : cidr(args).contains(parsed);
        },
        ...traversal(1),
      },
      {
        id: 'cidr_contains_cidr',
        name: 'containsCIDR',
        params: [CIDR_TYPE, CIDR_TYPE],
        result: BOOL,
        impl: (args) => containsCIDR(cidr(args), args[1] as CIDRValue),
        ...CIDR_COMPARE,
      },
      {
        id: 'cidr_contains_cidr_string',
        name: 'containsCIDR',
        params: [CIDR_TYPE, STRING],
        result: BOOL,
        impl: (args) => {
          const parsed = parseCIDR(args[1] as string);
          return typeof parsed === 'string' ? new ErrorVal(parsed, 0) : containsCIDR(cidr(args), parsed);
        },
        ...traversal(1),
      },
      { id: 'cidr_ip', name: 'ip', params: [CIDR_TYPE], result: IP_TYPE, impl: (args) => cidr(args).ip, ...nominal(1) },
      {
        id: 'cidr_prefix_length',
        name: 'prefixLength',
        params: [CIDR_TYPE],
        result: INT,
        impl: (args) => BigInt(cidr(args).bits),
        ...nominal(1),
      },
      {
        id: 'cidr_masked',
        name: 'masked',
        params: [CIDR_TYPE],
        result: CIDR_TYPE,
        impl: (args) => cidr(args).masked(),
        ...nominal(1),
      },
    ]),
  ];
}
