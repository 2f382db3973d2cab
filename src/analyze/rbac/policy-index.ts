import { namespacedName, namespacePhrase } from '../../core/applied-namespace.js';
import type { Inventory } from '../../core/inventory.js';
import type { Resource } from '../../core/resource.js';
import { resolveAggregation } from './aggregation.js';
import { type AppliedNamespace, appliedNamespace } from './applied-namespace.js';
import { bootstrapPolicy, LATEST_POLICY_MINOR, policyMinor } from './bootstrap/index.js';
import { subjectKey } from './identity.js';
import { BINDING_KINDS, isRbacObject, ROLE_KINDS, readBinding, readRole } from './read-objects.js';
import type { BindingInfo, PolicyProblem, RoleInfo } from './types.js';

/** A binding subject entry, as the subject index holds it. */
export interface SubjectEntry {
  binding: BindingInfo;
  subjectIndex: number;
}

export interface PolicyOptions {
  /** The cluster's version, `v1.N`: which bootstrap roles and bindings it has (default: the newest modelled). */
  kubernetesVersion?: string;
  /** Whether the bootstrap policy's objects count where the input lacks them (default true). */
  builtIns?: boolean;
}

/**
 * The RBAC policy of one inventory, built once and indexed for every query: roles by
 * name, bindings by namespace, by subject and by role. Aggregated ClusterRoles hold their
 * aggregated rules. Bindings whose role is missing stay indexed (they grant nothing).
 *
 * Every cluster has the bootstrap policy (cluster-admin, admin/edit/view, the `system:` roles and
 * their bindings), so its objects join those of the input, as the cluster's own, wherever the
 * input does not define an object of the same kind and name: a definition in the input wins, as
 * the last one applied would. Roles aggregated into admin, edit and view from the input count.
 */
export class PolicyIndex {
  readonly inventory: Inventory;
  /** The Kubernetes minor version whose bootstrap policy is modelled, undefined when built-ins are off. */
  readonly builtInMinor: number | undefined;
  /** Where the input's objects without a namespace go. */
  readonly applied: AppliedNamespace;
  readonly roles: RoleInfo[] = [];
  readonly bindings: BindingInfo[] = [];
  readonly clusterRoleBindings: BindingInfo[] = [];
  readonly problems: PolicyProblem[] = [];
  /** How many roles and bindings the input defines (the built-in ones follow them in `roles` and `bindings`). */
  readonly inputRoles: number;
  readonly inputBindings: number;
  private readonly roleByKey = new Map<string, RoleInfo>();
  private readonly roleBindingsByNamespace = new Map<string, BindingInfo[]>();
  private readonly bySubject = new Map<string, SubjectEntry[]>();
  private readonly byRole = new Map<RoleInfo, BindingInfo[]>();

  constructor(inventory: Inventory, options: PolicyOptions = {}) {
    this.inventory = inventory;
    this.applied = appliedNamespace(inventory);
    const minor =
      options.builtIns === false ? undefined : (policyMinor(options.kubernetesVersion) ?? LATEST_POLICY_MINOR);
    this.builtInMinor = minor;
    const builtIns = minor === undefined ? [] : bootstrapPolicy(minor);
    for (const kind of ROLE_KINDS) {
      for (const resource of inventory.ofKind(kind)) {
        if (!isRbacObject(resource, ROLE_KINDS)) continue;
        const role = readRole(resource, this.reporter(resource), this.applied);
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
    this.inputRoles = this.roles.length;
    for (const template of minor === undefined ? [] : builtInRoles(minor)) {
      const key = roleKey(template.kind, template.namespace, template.name);
      if (this.roleByKey.has(key)) continue;
      // a copy per index (aggregation rewrites the aggregated roles' rules); the rule lists are shared
      const role: RoleInfo = { ...template };
      this.roleByKey.set(key, role);
      this.roles.push(role);
    }
    resolveAggregation(this.roles.filter((role) => role.kind === 'ClusterRole'));
    let order = 0;
    const defined = new Set<string>();
    const add = (resource: Resource, builtIn: boolean) => {
      const raw = readBinding(resource, this.reporter(resource), this.applied);
      const key = roleKey(raw.kind, raw.namespace, raw.name);
      if (builtIn && defined.has(key)) return;
      defined.add(key);
      const binding: BindingInfo = {
        ...raw,
        roleRef: raw.roleRef ?? { kind: '', name: '' },
        resource,
        order: order++,
        ...(builtIn ? { builtIn } : {}),
      };
      if (raw.roleRef) binding.role = this.resolveRoleRef(binding);
      this.addBinding(binding);
    };
    for (const kind of BINDING_KINDS) {
      for (const resource of inventory.ofKind(kind)) if (isRbacObject(resource, BINDING_KINDS)) add(resource, false);
    }
    this.inputBindings = this.bindings.length;
    for (const resource of builtIns) {
      if (BINDING_KINDS.includes(resource.object.kind as (typeof BINDING_KINDS)[number])) add(resource, true);
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
      const where = roleRef.kind === 'Role' ? ` in ${namespacePhrase(binding.namespace)}` : '';
      const undefinedBy =
        this.builtInMinor === undefined
          ? 'the inputs do not define'
          : `neither the inputs nor the Kubernetes v1.${this.builtInMinor} bootstrap policy define`;
      this.report(
        binding.resource,
        'warning',
        `references ${roleRef.kind} ${roleRef.name}${where}, which ${undefinedBy}; it grants nothing here`,
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

  /** Whether the inputs held any RBAC object at all (the built-in ones do not count). */
  get isEmpty(): boolean {
    return this.inputRoles === 0 && this.inputBindings === 0;
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

const templates = new Map<number, readonly RoleInfo[]>();

/** The bootstrap policy's roles of a version, read once: their rule lists (and profiles) serve every analysis. */
function builtInRoles(minor: number): readonly RoleInfo[] {
  let roles = templates.get(minor);
  if (!roles) {
    const fail = (problem: Omit<PolicyProblem, 'resource'>) => {
      throw new Error(`bootstrap policy: ${problem.message}`);
    };
    roles = bootstrapPolicy(minor)
      .filter((r) => (ROLE_KINDS as readonly string[]).includes(r.object.kind))
      .map((r) => ({ ...readRole(r, fail), builtIn: true }));
    templates.set(minor, roles);
  }
  return roles;
}

function roleKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

function displayName(role: RoleInfo): string {
  return role.namespace ? namespacedName(role.namespace, role.name) : role.name;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
