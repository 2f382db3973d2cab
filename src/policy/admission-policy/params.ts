import { labelsOf, matchesSelector } from '../../core/inventory.js';
import type { KubeObject } from '../../core/resource.js';
import type { Binding, Policy } from './model.js';
import { type ResourceMapper, splitApiVersion } from './resource-mapper.js';

/**
 * Parameter objects by kind: every object of the inputs is a candidate, since a ConfigMap or a
 * custom resource becomes a parameter only when a policy names its kind.
 */
export class ParamStore {
  private readonly byKind = new Map<string, KubeObject[]>();

  constructor(
    objects: readonly KubeObject[],
    private readonly mapper: ResourceMapper,
  ) {
    for (const object of objects) {
      const key = kindKey(object.apiVersion, object.kind);
      const list = this.byKind.get(key);
      if (list) list.push(object);
      else this.byKind.set(key, [object]);
    }
  }

  /** Objects of the param kind in any version of its group: the API server would serve them converted. */
  ofKind(paramKind: { apiVersion: string; kind: string }): readonly KubeObject[] {
    return this.byKind.get(kindKey(paramKind.apiVersion, paramKind.kind)) ?? [];
  }

  /**
   * Whether the param kind lives in namespaces. Known kinds say so; for a kind nobody described,
   * the objects found decide (any with a namespace makes it namespaced).
   */
  isNamespaced(paramKind: { apiVersion: string; kind: string }): boolean {
    const known = this.mapper.isNamespaced(paramKind.apiVersion, paramKind.kind);
    if (known !== undefined) return known;
    return this.ofKind(paramKind).some(
      (object) => typeof object.metadata?.namespace === 'string' && object.metadata.namespace !== '',
    );
  }
}

function kindKey(apiVersion: string, kind: string): string {
  return `${splitApiVersion(apiVersion).group}/${kind}`;
}

/** The params one binding evaluates its policy with: `[null]` when it uses none, or a configuration error. */
export type ParamsOutcome = { params: (KubeObject | null)[] } | { error: string };

/**
 * The parameter resolution of the API server: a policy without paramKind, or a binding without
 * paramRef, evaluates once with `params` null; a paramRef names one object or selects many (each
 * evaluated, results ANDed); finding none is an error under `parameterNotFoundAction: Deny` and
 * no evaluation at all under `Allow`.
 */
export function collectParams(
  policy: Policy,
  binding: Binding,
  requestNamespace: string,
  store: ParamStore,
): ParamsOutcome {
  const { paramKind } = policy;
  const ref = binding.paramRef;
  if (!paramKind || !ref) return { params: [null] };
  const namespaced = store.isNamespaced(paramKind);
  let namespace = '';
  if (namespaced) {
    namespace = ref.namespace ?? requestNamespace;
    if (namespace === '')
      return { error: 'cannot use namespaced paramRef in policy binding that matches cluster-scoped resources' };
  } else if (ref.namespace !== undefined) {
    return { error: 'paramRef.namespace must not be provided for a cluster-scoped `paramKind`' };
  }
  const candidates = store
    .ofKind(paramKind)
    .filter((object) => !namespaced || (object.metadata?.namespace ?? 'default') === namespace);
  const params =
    ref.name !== undefined
      ? candidates.filter((object) => object.metadata?.name === ref.name).slice(0, 1)
      : candidates.filter((object) => matchesSelector(ref.selector, labelsOf(object)));
  if (params.length === 0 && ref.parameterNotFoundAction === 'Deny') {
    // Word for word the API server's message: tools and suites compare it.
    return { error: 'no params found for policy binding with `Deny` parameterNotFoundAction' };
  }
  return { params };
}
