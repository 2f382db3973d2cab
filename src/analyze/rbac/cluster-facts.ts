import type { Inventory } from '../../core/inventory.js';
import { isRecord, podTemplate } from '../../core/pod-spec.js';
import type { Resource } from '../../core/resource.js';
import { namespaceOf } from './applied-namespace.js';
import type { PolicyIndex } from './policy-index.js';
import type { SubjectRef } from './types.js';

export interface WorkloadFact {
  resource: Resource;
  kind: string;
  namespace: string;
  name: string;
  serviceAccount: string;
  /** Whether the pod mounts its ServiceAccount token (pod setting, else the ServiceAccount's, else true). */
  tokenMounted: boolean;
  labels: Record<string, string>;
  spec: Record<string, unknown>;
  specPath: readonly (string | number)[];
}

export interface TokenSecretFact {
  resource: Resource;
  namespace: string;
  name: string;
  serviceAccount: string;
}

/** What the escalation analysis needs to know about the cluster besides RBAC. */
export class ClusterFacts {
  readonly namespaces: string[];
  readonly serviceAccounts = new Map<string, Set<string>>();
  readonly workloads: WorkloadFact[] = [];
  readonly tokenSecrets: TokenSecretFact[] = [];
  private readonly enforced = new Map<string, string>();

  constructor(inventory: Inventory, index: PolicyIndex) {
    const names = new Set(inventory.namespaces());
    const automount = new Map<string, boolean>();
    for (const sa of inventory.ofKind('ServiceAccount')) {
      const ns = namespaceOf(sa.object, index.applied);
      const name = sa.object.metadata?.name;
      if (!name) continue;
      this.addServiceAccount(ns, name);
      if (typeof sa.object.automountServiceAccountToken === 'boolean')
        automount.set(`${ns}/${name}`, sa.object.automountServiceAccountToken);
    }
    for (const binding of index.bindings) {
      if (binding.namespace) names.add(binding.namespace);
      for (const subject of binding.subjects) {
        if (subject?.kind === 'ServiceAccount' && subject.namespace)
          this.addServiceAccount(subject.namespace, subject.name);
      }
    }
    for (const resource of inventory.resources) {
      const pod = podTemplate(resource.object);
      if (!pod) continue;
      const namespace = namespaceOf(resource.object, index.applied);
      const spec = pod.spec;
      const serviceAccount = str(spec.serviceAccountName) || str(spec.serviceAccount) || 'default';
      const own =
        typeof spec.automountServiceAccountToken === 'boolean' ? spec.automountServiceAccountToken : undefined;
      this.addServiceAccount(namespace, serviceAccount);
      this.workloads.push({
        resource,
        kind: resource.object.kind,
        namespace,
        name: resource.object.metadata?.name ?? '',
        serviceAccount,
        tokenMounted: own ?? automount.get(`${namespace}/${serviceAccount}`) ?? true,
        labels: isRecord(pod.metadata.labels) ? (pod.metadata.labels as Record<string, string>) : {},
        spec,
        specPath: pod.specPath,
      });
    }
    for (const secret of inventory.ofKind('Secret')) {
      if (secret.object.type !== 'kubernetes.io/service-account-token') continue;
      const serviceAccount = secret.object.metadata?.annotations?.['kubernetes.io/service-account.name'];
      const name = secret.object.metadata?.name;
      if (typeof serviceAccount !== 'string' || !name) continue;
      const namespace = namespaceOf(secret.object, index.applied);
      this.addServiceAccount(namespace, serviceAccount);
      this.tokenSecrets.push({ resource: secret, namespace, name, serviceAccount });
    }
    for (const ns of inventory.ofKind('Namespace')) {
      const level = ns.object.metadata?.labels?.['pod-security.kubernetes.io/enforce'];
      if (ns.object.metadata?.name && typeof level === 'string') this.enforced.set(ns.object.metadata.name, level);
    }
    for (const ns of this.serviceAccounts.keys()) names.add(ns);
    this.namespaces = [...names].sort();
  }

  private addServiceAccount(namespace: string, name: string): void {
    let set = this.serviceAccounts.get(namespace);
    if (!set) {
      set = new Set();
      this.serviceAccounts.set(namespace, set);
    }
    set.add(name);
  }

  serviceAccountsIn(namespace: string): SubjectRef[] {
    return [...(this.serviceAccounts.get(namespace) ?? [])]
      .sort()
      .map((name) => ({ kind: 'ServiceAccount', namespace, name }));
  }

  /**
   * Whether Pod Security Admission would let a privileged pod into the namespace: unless its
   * Namespace object enforces baseline or restricted (the inputs may not hold it: then assume yes,
   * since privileged is the default level).
   */
  privilegedPodsAllowed(namespace: string): boolean {
    const level = this.enforced.get(namespace);
    return level !== 'baseline' && level !== 'restricted';
  }

  enforcedLevel(namespace: string): string | undefined {
    return this.enforced.get(namespace);
  }
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
