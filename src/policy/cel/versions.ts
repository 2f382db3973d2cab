/**
 * Which CEL libraries and language features the API server enables at each Kubernetes version
 * (k8s.io/apiserver/pkg/cel/environment/base.go). A policy compiled for `v1.N` may use only what
 * was introduced at or before 1.N, so that it also works on that API server.
 */

export type CelLibraryName =
  | 'standard'
  | 'strings'
  | 'strings-format'
  | 'lists'
  | 'regex'
  | 'urls'
  | 'authz'
  | 'cross-type-numeric-comparisons'
  | 'optional'
  | 'quantity'
  | 'sets'
  | 'literal-validators'
  | 'ip'
  | 'cidr'
  | 'format'
  | 'authz-selectors'
  | 'two-var-comprehensions'
  | 'semver'
  | 'lists-ext'
  | 'lists-includes'
  /** jsonpatch.escapeKey: only where patches are built (MutatingAdmissionPolicy mutations). */
  | 'jsonpatch'
  /** cel.bind: a cel-go extension Kubernetes does not enable; only the conformance environment has it. */
  | 'bindings';

export interface CelLibraryInfo {
  name: CelLibraryName;
  /** Kubernetes minor version that introduced it (base.go's IntroducedVersion). */
  since: number;
  description: string;
  /**
   * Enabled only in one kind of expression, not by the version alone: `patch` for the environment
   * of MutatingAdmissionPolicy mutations (the engine's `structTypes` include `JSONPatch`).
   */
  scope?: 'patch';
}

/** In base.go order. */
export const CEL_LIBRARIES: readonly CelLibraryInfo[] = [
  {
    name: 'standard',
    since: 0,
    description: 'standard functions and macros (has, all, exists, exists_one, map, filter)',
  },
  {
    name: 'strings',
    since: 0,
    description:
      'cel-go strings extension, version 0: charAt, indexOf, lastIndexOf, lowerAscii, upperAscii, replace, split, substring, trim, join',
  },
  { name: 'lists', since: 0, description: 'Kubernetes lists: isSorted, sum, min, max, indexOf, lastIndexOf' },
  { name: 'regex', since: 0, description: 'Kubernetes regex: find, findAll' },
  {
    name: 'urls',
    since: 0,
    description: 'Kubernetes URLs: url, isURL, getScheme, getHost, getHostname, getPort, getEscapedPath, getQuery',
  },
  { name: 'authz', since: 27, description: 'Kubernetes authorizer: authorizer.group().resource()…check().allowed()' },
  { name: 'cross-type-numeric-comparisons', since: 28, description: 'ordering between int, uint and double (1 < 1.5)' },
  {
    name: 'optional',
    since: 28,
    description:
      'optional types: .?field, [?key], optional.of/none/ofNonZeroValue, hasValue, value, orValue, or, optMap, optFlatMap',
  },
  {
    name: 'quantity',
    since: 28,
    description: 'Kubernetes quantity: quantity, isQuantity, compareTo, add, sub, asInteger, …',
  },
  { name: 'strings-format', since: 29, description: 'cel-go strings extension, version 2: format, strings.quote' },
  { name: 'sets', since: 29, description: 'cel-go sets extension: sets.contains, sets.equivalent, sets.intersects' },
  {
    name: 'literal-validators',
    since: 29,
    description: 'compile-time checks of duration, timestamp and regex literals and of homogeneous list/map literals',
  },
  { name: 'ip', since: 30, description: 'Kubernetes IP: ip, isIP, ip.isCanonical, family, isLoopback, …' },
  {
    name: 'cidr',
    since: 30,
    description: 'Kubernetes CIDR: cidr, isCIDR, containsIP, containsCIDR, masked, prefixLength, ip',
  },
  { name: 'format', since: 31, description: 'Kubernetes named formats: format.dns1123Label() … validate()' },
  {
    name: 'authz-selectors',
    since: 31,
    description: 'authorizer field and label selectors: fieldSelector, labelSelector',
  },
  {
    name: 'two-var-comprehensions',
    since: 32,
    description: 'all/exists/existsOne(k, v, …), transformList, transformMap, transformMapEntry',
  },
  {
    name: 'semver',
    since: 33,
    description: 'Kubernetes semver: semver, isSemver, major, minor, patch, compareTo, isGreaterThan, isLessThan',
  },
  {
    name: 'lists-ext',
    since: 34,
    description: 'cel-go lists extension, version 3: lists.range, reverse, slice, flatten, sort, sortBy, distinct',
  },
  { name: 'lists-includes', since: 37, description: 'Kubernetes lists, version 1: includes' },
  {
    name: 'jsonpatch',
    since: 0,
    scope: 'patch',
    description: 'Kubernetes JSONPatch: jsonpatch.escapeKey (in MutatingAdmissionPolicy mutations)',
  },
  {
    name: 'bindings',
    since: Number.POSITIVE_INFINITY,
    description: 'cel.bind(name, value, expr): not enabled by Kubernetes',
  },
];

/** The newest Kubernetes minor version Rampart targets (as for the Pod Security Standards); the default target. */
export const LATEST_KUBERNETES_MINOR = 37;

/** `v1.30`, `1.30`, `v1.30.2` → 30; undefined when it is not a Kubernetes 1.x version. */
export function parseKubernetesMinor(version: string): number | undefined {
  const match = /^v?1\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  return match ? Number(match[1]) : undefined;
}

/** The libraries every expression has at a Kubernetes minor version (scoped ones are added by the engine). */
export function librariesFor(minor: number): Set<CelLibraryName> {
  return new Set(
    CEL_LIBRARIES.filter((library) => library.since <= minor && !library.scope).map((library) => library.name),
  );
}

export function libraryInfo(name: CelLibraryName): CelLibraryInfo {
  return CEL_LIBRARIES.find((library) => library.name === name)!;
}
