import type { Inventory } from '../../core/inventory.js';
import type { Resource } from '../../core/resource.js';
import { resolveAggregation } from './aggregation.js';
import { subjectKey } from './identity.js';
import { BINDING_KINDS, isRbacObject, ROLE_KINDS, readBinding, readRole } from './read-objects.js';
import type { BindingInfo, PolicyProblem, RoleInfo } from './types.js';

/** A binding subject entry, as the subject index holds it. */
export interface SubjectEntry {
  binding: BindingInfo;
  subjectIndex: number;
}

/**
 * The RBAC policy of one inventory, built once and indexed for every query: roles by
 * name, bindings by namespace, by subject and by role. Aggregated ClusterRoles hold their
 * aggregated rules. Bindings whose role is missing stay indexed (they grant nothing).
 */
export class PolicyIndex {
  readonly inventory: Inventory;
  readonly roles: RoleInfo[] = [];
  readonly bindings: BindingInfo[] = [];
  readonly clusterRoleBindings: BindingInfo[] = [];
  readonly problems: PolicyProblem[] = [];
  private readonly roleByKey = new Map<string, RoleInfo>();
  private readonly roleBindingsByNamespace = new Map<string, BindingInfo[]>();
  private readonly bySubject = new Map<string, SubjectEntry[]>();
  private readonly byRole = new Map<RoleInfo, BindingInfo[]>();

  constructor(inventory: Inventory) {
    this.inventory = inventory;
    for (const kind of ROLE_KINDS) {
      for (const resource of inventory.ofKind(kind)) {
        if (!isRbacObject(resource, ROLE_KINDS)) continue;
        const role = readRole(resource, this.reporter(resource));
        const key = roleKey(role.kind, role.namespace, role.name);
        if (this.roleByKey.has(key)) {
          this.report(
            resource,
            'warning',
            `${role.kind} ${displayName(role)} is defined twice; the first definition is used`,
            ['metadata', 'name'],
          );
          continue;
        }
        this.roleByKey.set(key, role);
        this.roles.push(role);
      }
    }
    resolveAggregation(this.roles.filter((role) => role.kind === 'ClusterRole'));
    let order = 0;
    for (const kind of BINDING_KINDS) {
      for (const resource of inventory.ofKind(kind)) {
        if (!isRbacObject(resource, BINDING_KINDS)) continue;
        const raw = readBinding(resource, this.reporter(resource));
        const binding: BindingInfo = {
          ...raw,
          roleRef: raw.roleRef ?? { kind: '', name: '' },
          resource,
          order: order++,
        };
        if (raw.roleRef) binding.role = this.resolveRoleRef(binding);
        this.addBinding(binding);
      }
    }
  }

  private resolveRoleRef(binding: BindingInfo): RoleInfo | undefined {
    const { roleRef } = binding;
    if (roleRef.kind === 'Role' && binding.kind === 'ClusterRoleBinding') {
      this.report(
        binding.resource,
        'warning',
        'a ClusterRoleBinding can only reference a ClusterRole (the API server rejects it); it grants nothing',
        ['roleRef', 'kind'],
      );
      return undefined;
    }
    if (roleRef.kind !== 'Role' && roleRef.kind !== 'ClusterRole') {
      this.report(
        binding.resource,
        'warning',
        `roleRef.kind "${roleRef.kind}" is neither Role nor ClusterRole; the binding grants nothing`,
        ['roleRef', 'kind'],
      );
      return undefined;
    }
    const role = this.role(roleRef.kind, roleRef.kind === 'Role' ? binding.namespace : '', roleRef.name);
    if (!role) {
      const where = roleRef.kind === 'Role' ? ` in namespace ${binding.namespace}` : '';
      this.report(
        binding.resource,
        'warning',
        `references ${roleRef.kind} ${roleRef.name}${where}, which the inputs do not define; it grants nothing here`,
        ['roleRef', 'name'],
      );
    }
    return role;
  }

  private addBinding(binding: BindingInfo): void {
    this.bindings.push(binding);
    if (binding.kind === 'ClusterRoleBinding') this.clusterRoleBindings.push(binding);
    else push(this.roleBindingsByNamespace, binding.namespace, binding);
    if (binding.role) push(this.byRole, binding.role, binding);
    binding.subjects.forEach((subject, subjectIndex) => {
      if (subject) push(this.bySubject, subjectKey(subject), { binding, subjectIndex });
    });
  }

  role(kind: string, namespace: string, name: string): RoleInfo | undefined {
    return this.roleByKey.get(roleKey(kind, namespace, name));
  }

  roleBindingsIn(namespace: string): readonly BindingInfo[] {
    return this.roleBindingsByNamespace.get(namespace) ?? [];
  }

  /** Namespaces that hold RoleBindings. */
  bindingNamespaces(): string[] {
    return [...this.roleBindingsByNamespace.keys()].sort();
  }

  /** Binding subject entries naming this subject key (see subjectKey). */
  entriesFor(key: string): readonly SubjectEntry[] {
    return this.bySubject.get(key) ?? [];
  }

  subjectKeys(): IterableIterator<string> {
    return this.bySubject.keys();
  }

  bindingsOf(role: RoleInfo): readonly BindingInfo[] {
    return this.byRole.get(role) ?? [];
  }

  /** Whether the inputs held any RBAC object at all. */
  get isEmpty(): boolean {
    return this.roles.length === 0 && this.bindings.length === 0;
  }

  private reporter(resource: Resource) {
    return (problem: Omit<PolicyProblem, 'resource'>) => this.problems.push({ ...problem, resource });
  }

  private report(
    resource: Resource,
    severity: PolicyProblem['severity'],
    message: string,
    path: PolicyProblem['path'],
  ) {
    this.problems.push({ severity, message, resource, path });
  }
}

function roleKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

function displayName(role: RoleInfo): string {
  return role.namespace ? `${role.namespace}/${role.name}` : role.name;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
