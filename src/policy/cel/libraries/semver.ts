/** The Kubernetes semver library (1.33+, version 1: with the `normalize` argument). Semantic Versioning 2.0.0. */

import { BOOL, INT, opaque, STRING } from '../checker/types.js';
import { nominal, traversal } from '../functions/costs.js';
import { globals, members, type Overload } from '../functions/registry.js';
import { quoted } from '../redact.js';
import { ErrorVal, OpaqueValue, type Result, type Val } from '../values.js';

export const SEMVER_TYPE = opaque('kubernetes.Semver');

export class SemverValue extends OpaqueValue {
  readonly typeName = 'kubernetes.Semver';
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: readonly string[],
    readonly text: string,
  ) {
    super();
  }
  equals(other: Val): boolean {
    return other instanceof SemverValue && compareSemver(this, other) === 0;
  }
  toJs(): unknown {
    return this.text;
  }
  override toString(): string {
    return this.text;
  }
}

const NUMBER = /^(0|[1-9]\d*)$/;
const IDENTIFIER = /^[0-9A-Za-z-]+$/;

/** Strict SemVer 2.0.0: MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], no leading zeros. */
export function parseSemver(text: string): SemverValue | string {
  const plus = text.indexOf('+');
  const main = plus >= 0 ? text.slice(0, plus) : text;
  if (plus >= 0) {
    const build = text.slice(plus + 1).split('.');
    if (build.some((part) => !IDENTIFIER.test(part))) return `invalid build metadata in ${quoted(text)}`;
  }
  const dash = main.indexOf('-');
  const core = dash >= 0 ? main.slice(0, dash) : main;
  const pre = dash >= 0 ? main.slice(dash + 1).split('.') : [];
  const parts = core.split('.');
  if (parts.length !== 3) return `No Major.Minor.Patch elements found in ${quoted(text)}`;
  for (const part of parts) {
    if (!/^\d+$/.test(part)) return `invalid character(s) found in version ${quoted(text)}`;
    if (!NUMBER.test(part)) return `version segment starts with 0 in ${quoted(text)}`;
    // A segment is a uint64 (strconv.ParseUint), so more digits than that are out of range.
    if (part.length > 20 || BigInt(part) > 0xffffffffffffffffn)
      return `version segment out of range in ${quoted(text)}`;
  }
  for (const part of pre) {
    if (!IDENTIFIER.test(part)) return `invalid prerelease ${quoted(part)} in ${quoted(text)}`;
    if (/^\d+$/.test(part) && !NUMBER.test(part))
      return `prerelease number ${quoted(part)} starts with 0 in ${quoted(text)}`;
  }
  const [major, minor, patch] = parts.map((part) => BigInt(part)) as [bigint, bigint, bigint];
  return new SemverValue(major, minor, patch, pre, text);
}

/** Kubernetes' normalization: drop a leading v, strip leading zeros, pad MAJOR or MAJOR.MINOR with zeros. */
export function normalizeSemver(text: string): SemverValue | string {
  const parts = (text.startsWith('v') ? text.slice(1) : text).split('.');
  const head = parts.slice(0, 2);
  const rest = parts.length > 2 ? [parts.slice(2).join('.')] : [];
  const all = [...head, ...rest].map((part) => {
    if (part.length <= 1) return part;
    const trimmed = part.replace(/^0+/, '');
    return trimmed === '' || !/^\d/.test(trimmed) ? `0${trimmed}` : trimmed;
  });
  if (all.length < 3) {
    if (/[+-]/.test(all[all.length - 1]!)) return 'short version cannot contain PreRelease/Build meta data';
    while (all.length < 3) all.push('0');
  }
  return parseSemver(all.join('.'));
}

export function compareSemver(a: SemverValue, b: SemverValue): number {
  for (const key of ['major', 'minor', 'patch'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  if (a.pre.length === 0 || b.pre.length === 0)
    return b.pre.length - a.pre.length === 0 ? 0 : a.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i]!;
    const y = b.pre[i]!;
    if (x === y) continue;
    const xNum = /^\d+$/.test(x);
    const yNum = /^\d+$/.test(y);
    if (xNum && yNum) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (xNum !== yNum) return xNum ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return Math.sign(a.pre.length - b.pre.length);
}

function construct(args: Val[]): Result {
  const parsed = args[1] === true ? normalizeSemver(args[0] as string) : parseSemver(args[0] as string);
  return typeof parsed === 'string' ? new ErrorVal(parsed, 0) : parsed;
}

const v = (args: Val[], i = 0) => args[i] as SemverValue;

export function semverOverloads(): Overload[] {
  return [
    ...globals('semver', [
      {
        id: 'string_to_semver',
        name: 'semver',
        params: [STRING],
        result: SEMVER_TYPE,
        impl: construct,
        ...traversal(0),
      },
      {
        id: 'string_bool_to_semver',
        name: 'semver',
        params: [STRING, BOOL],
        result: SEMVER_TYPE,
        impl: construct,
        ...traversal(0),
      },
      {
        id: 'is_semver_string',
        name: 'isSemver',
        params: [STRING],
        result: BOOL,
        impl: (args) => !(construct(args) instanceof ErrorVal),
        ...traversal(0),
      },
      {
        id: 'is_semver_string_bool',
        name: 'isSemver',
        params: [STRING, BOOL],
        result: BOOL,
        impl: (args) => !(construct(args) instanceof ErrorVal),
        ...traversal(0),
      },
    ]),
    ...members('semver', [
      {
        id: 'semver_major',
        name: 'major',
        params: [SEMVER_TYPE],
        result: INT,
        impl: (args) => v(args).major,
        ...nominal(1),
      },
      {
        id: 'semver_minor',
        name: 'minor',
        params: [SEMVER_TYPE],
        result: INT,
        impl: (args) => v(args).minor,
        ...nominal(1),
      },
      {
        id: 'semver_patch',
        name: 'patch',
        params: [SEMVER_TYPE],
        result: INT,
        impl: (args) => v(args).patch,
        ...nominal(1),
      },
      {
        id: 'semver_is_greater_than',
        name: 'isGreaterThan',
        params: [SEMVER_TYPE, SEMVER_TYPE],
        result: BOOL,
        impl: (args) => compareSemver(v(args), v(args, 1)) > 0,
        ...nominal(1),
      },
      {
        id: 'semver_is_less_than',
        name: 'isLessThan',
        params: [SEMVER_TYPE, SEMVER_TYPE],
        result: BOOL,
        impl: (args) => compareSemver(v(args), v(args, 1)) < 0,
        ...nominal(1),
      },
      {
        id: 'semver_compare_to',
        name: 'compareTo',
        params: [SEMVER_TYPE, SEMVER_TYPE],
        result: INT,
        impl: (args) => BigInt(compareSemver(v(args), v(args, 1))),
        ...nominal(1),
      },
    ]),
  ];
}
