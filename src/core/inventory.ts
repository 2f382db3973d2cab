import type { KubeObject, Resource } from './resource.js';

/** A label selector as Kubernetes writes it (matchLabels and matchExpressions). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: readonly { key: string; operator: string; values?: readonly string[] }[];
}

/**
 * Every resource of one source, indexed so cross-object rules stay cheap. Read-only
 * to rules: they receive it in their context and never change it.
 */
export class Inventory {
  readonly resources: readonly Resource[];
  private readonly kinds = new Map<string, Resource[]>();
  private namespaceIndex: Map<string, Resource[]> | undefined;
  /** kind → namespace ('' for none) → name → the first such resource. */
  private nameIndex: Map<string, Map<string, Map<string, Resource>>> | undefined;

  constructor(resources: readonly Resource[]) {
    this.resources = resources;
    for (const resource of resources) {
      const list = this.kinds.get(resource.object.kind);
      if (list) list.push(resource);
      else this.kinds.set(resource.object.kind, [resource]);
    }
  }

  get size(): number {
    return this.resources.length;
  }

  ofKind(kind: string): readonly Resource[] {
    return this.kinds.get(kind) ?? [];
  }

  /** Resources whose metadata.namespace is `namespace` (cluster-scoped objects have none). */
  inNamespace(namespace: string): readonly Resource[] {
    if (!this.namespaceIndex) {
      this.namespaceIndex = new Map();
      for (const resource of this.resources) {
        const ns = resource.object.metadata?.namespace;
        if (typeof ns !== 'string' || ns === '') continue;
        const list = this.namespaceIndex.get(ns);
        if (list) list.push(resource);
        else this.namespaceIndex.set(ns, [resource]);
      }
    }
    return this.namespaceIndex.get(namespace) ?? [];
  }

  /** The first resource of `kind` named `name` in `namespace` (omit it for cluster-scoped kinds). */
  find(kind: string, name: string, namespace?: string): Resource | undefined {
    // Nested maps rather than one joined key: rules ask many times per resource, and a joined key
    // is a new string to build and hash on every question.
    if (!this.nameIndex) {
      this.nameIndex = new Map();
      for (const resource of this.resources) {
        const { kind: itsKind, metadata } = resource.object;
        const byName = namesIn(this.nameIndex, itsKind, metadata?.namespace);
        const itsName = stringOr(metadata?.name);
        if (!byName.has(itsName)) byName.set(itsName, resource);
      }
    }
    return this.nameIndex.get(kind)?.get(stringOr(namespace))?.get(stringOr(name));
  }

  /** Namespaces named by Namespace objects or by any namespaced object, sorted. */
  namespaces(): string[] {
    const names = new Set<string>();
    for (const ns of this.ofKind('Namespace')) if (ns.object.metadata?.name) names.add(ns.object.metadata.name);
    this.inNamespace(''); // builds the index
    for (const ns of this.namespaceIndex?.keys() ?? []) names.add(ns);
    return [...names].sort();
  }
}

function stringOr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function namesIn(
  index: Map<string, Map<string, Map<string, Resource>>>,
  kind: string,
  namespace: unknown,
): Map<string, Resource> {
  let byNamespace = index.get(kind);
  if (!byNamespace) {
    byNamespace = new Map();
    index.set(kind, byNamespace);
  }
  const ns = stringOr(namespace);
  let byName = byNamespace.get(ns);
  if (!byName) {
    byName = new Map();
    byNamespace.set(ns, byName);
  }
  return byName;
}

/**
 * Whether `labels` satisfy `selector`, with Kubernetes semantics: an empty selector
 * matches everything; requirements are ANDed; an unknown operator matches nothing.
 */
export function matchesSelector(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>> = {},
): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!Object.hasOwn(labels, key) || labels[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, requirement.key);
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
        if (!has || !values.includes(labels[requirement.key] as string)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[requirement.key] as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function labelsOf(object: KubeObject): Record<string, string> {
  const labels = object.metadata?.labels;
  return labels && typeof labels === 'object' && !Array.isArray(labels) ? labels : {};
}
