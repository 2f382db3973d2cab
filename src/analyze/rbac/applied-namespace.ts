import { type AppliedNamespace, UNKNOWN_APPLIED } from '../../core/applied-namespace.js';
import type { Inventory } from '../../core/inventory.js';
import { isRecord, podTemplate } from '../../core/pod-spec.js';

export { type AppliedNamespace, describeNamespace } from '../../core/applied-namespace.js';

const DEFAULT = UNKNOWN_APPLIED;
const cache = new WeakMap<Inventory, AppliedNamespace>();

/**
 * Manifests without metadata.namespace (Argo CD's install.yaml, many kustomize bases) land in the
 * namespace they are applied to, and their ClusterRoleBindings must name it for their
 * ServiceAccounts: `kubectl apply -n argocd` leaves a subject's namespace as written. When every
 * ServiceAccount subject that names one of the input's namespace-less ServiceAccounts (or a
 * namespace-less workload's) names the same namespace, that is where the manifests go, as a
 * reviewer would read them; otherwise they are analysed together in a namespace that stands for
 * the one they are applied to (core/applied-namespace.ts), which no message calls `default`.
 */
export function appliedNamespace(inventory: Inventory): AppliedNamespace {
  let known = cache.get(inventory);
  if (known) return known;
  const accounts = new Set<string>();
  for (const sa of inventory.ofKind('ServiceAccount')) {
    const name = sa.object.metadata?.name;
    if (!sa.object.metadata?.namespace && typeof name === 'string') accounts.add(name);
  }
  for (const resource of inventory.resources) {
    if (resource.object.metadata?.namespace) continue;
    const account = podTemplate(resource.object)?.spec.serviceAccountName;
    if (typeof account === 'string') accounts.add(account);
  }
  const named = new Map<string, string>();
  if (accounts.size > 0) {
    for (const kind of ['ClusterRoleBinding', 'RoleBinding']) {
      for (const binding of inventory.ofKind(kind)) {
        const subjects = binding.object.subjects;
        if (!Array.isArray(subjects)) continue;
        for (const subject of subjects) {
          if (!isRecord(subject) || subject.kind !== 'ServiceAccount') continue;
          const { name, namespace } = subject;
          if (typeof name !== 'string' || typeof namespace !== 'string' || namespace === '') continue;
          if (accounts.has(name) && !named.has(namespace))
            named.set(namespace, `${kind} ${binding.object.metadata?.name ?? ''}`);
        }
      }
    }
  }
  const [only] = named;
  known = named.size === 1 && only ? { namespace: only[0], reason: 'bindings', evidence: only[1] } : DEFAULT;
  cache.set(inventory, known);
  return known;
}

/** The namespace an object lives in: its own, else the one its manifests are applied to. */
export function namespaceOf(
  object: { metadata?: { namespace?: unknown } },
  applied: AppliedNamespace = DEFAULT,
): string {
  const own = object.metadata?.namespace;
  return typeof own === 'string' && own !== '' ? own : applied.namespace;
}
