import type { KubeObject } from '../../core/resource.js';
import { BUILTIN_RESOURCES, CROSS_GROUP_EQUIVALENTS, type ResourceInfo } from './builtin-resources.js';
import { isObject } from './field-reader.js';

export type { ResourceInfo } from './builtin-resources.js';

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash === -1
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * Kind ↔ resource for an offline evaluation: the built-in table, then the CustomResourceDefinitions
 * found among the inputs, then a guess (the lower-cased kind made plural, as kubectl guesses) for
 * kinds nobody described, whose scope follows from whether the object names a namespace.
 */
export class ResourceMapper {
  private readonly byKind = new Map<string, ResourceInfo>();
  private readonly byResource = new Map<string, ResourceInfo>();
  private readonly all: ResourceInfo[] = [];
  private readonly classes = new Map<string, string>();
  /** Asked for on every request a policy does not match exactly; the answer never changes. */
  private readonly equivalentsCache = new Map<string, readonly ResourceInfo[]>();

  constructor(customResourceDefinitions: readonly KubeObject[] = []) {
    for (const info of BUILTIN_RESOURCES) this.add(info);
    for (const crd of customResourceDefinitions) for (const info of crdResources(crd)) this.add(info);
    for (const group of CROSS_GROUP_EQUIVALENTS)
      for (const member of group) this.classes.set(member, group[0] as string);
  }

  private add(info: ResourceInfo): void {
    const kindKey = `${info.group}/${info.version}/${info.kind}`;
    if (this.byKind.has(kindKey)) return;
    this.byKind.set(kindKey, info);
    this.byResource.set(`${info.group}/${info.version}/${info.resource}`, info);
    this.all.push(info);
  }

  /** The resource an object of this apiVersion and kind is written to. */
  forObject(object: KubeObject): ResourceInfo & { guessed: boolean } {
    const { group, version } = splitApiVersion(object.apiVersion);
    const known = this.byKind.get(`${group}/${version}/${object.kind}`);
    if (known) return { ...known, guessed: false };
    const namespace = object.metadata?.namespace;
    return {
      group,
      version,
      kind: object.kind,
      resource: guessResource(object.kind),
      namespaced: typeof namespace === 'string' && namespace !== '',
      guessed: true,
    };
  }

  /** Whether objects of this kind live in namespaces; undefined when the kind is unknown. */
  isNamespaced(apiVersion: string, kind: string): boolean | undefined {
    const { group, version } = splitApiVersion(apiVersion);
    return this.byKind.get(`${group}/${version}/${kind}`)?.namespaced;
  }

  /**
   * The other resources that store the same objects: every other version of the group/resource,
   * and the group/resources it moved between. The request's own resource is not included.
   */
  equivalents(info: ResourceInfo): readonly ResourceInfo[] {
    const key = `${info.group}/${info.version}/${info.resource}`;
    let found = this.equivalentsCache.get(key);
    if (!found) {
      const own = this.classOf(info);
      found = this.all.filter(
        (other) =>
          this.classOf(other) === own &&
          !(other.group === info.group && other.version === info.version && other.resource === info.resource),
      );
      this.equivalentsCache.set(key, found);
    }
    return found;
  }

  private classOf(info: { group: string; resource: string }): string {
    const key = `${info.group}/${info.resource}`;
    return this.classes.get(key) ?? key;
  }
}

/** The plural the API server's discovery would not tell us; kubectl's rule of thumb, good for most CRDs. */
export function guessResource(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

function crdResources(crd: KubeObject): ResourceInfo[] {
  if (crd.kind !== 'CustomResourceDefinition' || !crd.apiVersion.startsWith('apiextensions.k8s.io/')) return [];
  const spec = isObject(crd.spec) ? crd.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  const group = typeof spec.group === 'string' ? spec.group : undefined;
  const kind = typeof names.kind === 'string' ? names.kind : undefined;
  const plural = typeof names.plural === 'string' ? names.plural : kind ? guessResource(kind) : undefined;
  if (!group || !kind || !plural) return [];
  const versions = new Set<string>();
  if (typeof spec.version === 'string') versions.add(spec.version);
  if (Array.isArray(spec.versions)) {
    for (const v of spec.versions) if (isObject(v) && typeof v.name === 'string') versions.add(v.name);
  }
  return [...versions].map((version) => ({
    group,
    version,
    kind,
    resource: plural,
    namespaced: spec.scope !== 'Cluster',
  }));
}
