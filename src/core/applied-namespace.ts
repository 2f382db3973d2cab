/**
 * The namespace of objects whose manifests name none. `kubectl apply -n NS` puts them in NS (and
 * `--namespace` does the same here); without it, nothing in the input says where they go. They
 * are then analysed together in APPLIED_NAMESPACE, which is never a real namespace name (not a
 * DNS label): the input's objects link to each other, and to no namespace by accident, and every
 * message says "the namespace the manifests are applied to" rather than pretend it is `default`.
 */
export const APPLIED_NAMESPACE = '<applied>';

/** Where an analysis puts the input's namespace-less objects, and why. */
export interface AppliedNamespace {
  namespace: string;
  /** `unknown`: nothing in the input says (APPLIED_NAMESPACE); `bindings`: bindings name it for the input's ServiceAccounts. */
  reason: 'unknown' | 'bindings';
  /** For `bindings`: a ClusterRoleBinding or RoleBinding that names the namespace, as messages print it. */
  evidence?: string;
}

export const UNKNOWN_APPLIED: AppliedNamespace = { namespace: APPLIED_NAMESPACE, reason: 'unknown' };

/** `namespace shop`, or `the namespace the manifests are applied to`: how messages name a namespace. */
export function namespacePhrase(namespace: string): string {
  return namespace === APPLIED_NAMESPACE ? 'the namespace the manifests are applied to' : `namespace ${namespace}`;
}

/** `shop/web`, or `web (of the namespace the manifests are applied to)`. */
export function namespacedName(namespace: string, name: string): string {
  return namespace === APPLIED_NAMESPACE ? `${name} (of ${namespacePhrase(namespace)})` : `${namespace}/${name}`;
}

/**
 * `namespace argocd (the manifests name none; ClusterRoleBinding argocd-server names it for their
 * ServiceAccounts)` for a namespace an analysis inferred, else as namespacePhrase.
 */
export function describeNamespace(namespace: string, implied: boolean, applied: AppliedNamespace): string {
  if (implied && applied.reason === 'bindings' && namespace === applied.namespace)
    return `namespace ${namespace} (the manifests name none; ${applied.evidence} names it for their ServiceAccounts)`;
  return namespacePhrase(namespace);
}
