import type { BindingInfo } from '../../analyze/rbac/index.js';
import type { Inventory } from '../../core/inventory.js';
import { defineRule, NOT_APPLICABLE, type Skip } from '../../core/rule.js';
import { BINDING_KINDS, bindingOf, DEFAULT_USER_ROLES } from '../rbac-support.js';

type MessageId = 'missingRole' | 'missingClusterRole' | 'clusterBindingToRole' | 'unknownKind';

const wholeCluster = new WeakMap<Inventory, boolean>();

/**
 * Whether the input is a whole cluster's RBAC rather than some manifests: it holds the bootstrap
 * ClusterRoles every cluster has and no chart ships (cluster-admin, or any role labelled
 * kubernetes.io/bootstrapping: rbac-defaults). Where a cluster read was denied ClusterRoles, they
 * are absent, and so nothing is concluded from their absence.
 */
function isWholeCluster(inventory: Inventory): boolean {
  let whole = wholeCluster.get(inventory);
  if (whole === undefined) {
    whole = inventory
      .ofKind('ClusterRole')
      .some(
        (r) =>
          r.object.metadata?.name === 'cluster-admin' ||
          r.object.metadata?.labels?.['kubernetes.io/bootstrapping'] === 'rbac-defaults',
      );
    wholeCluster.set(inventory, whole);
  }
  return whole;
}

/**
 * Roles every cluster has: the user-facing defaults and the `system:` roles of the bootstrap policy
 * and of distributions, and kube-system's extension-apiserver-authentication-reader, which
 * aggregated API servers bind.
 */
function isBuiltIn(binding: BindingInfo): boolean {
  const { kind, name } = binding.roleRef;
  if (name.startsWith('system:')) return true;
  if (kind === 'ClusterRole') return DEFAULT_USER_ROLES.includes(name);
  return binding.namespace === 'kube-system' && name === 'extension-apiserver-authentication-reader';
}

/**
 * Flags bindings whose role cannot be granted: a ClusterRoleBinding naming a Role (the API server
 * rejects it), a roleRef kind that is neither, and, when the input is a whole cluster, a role that
 * does not exist. Manifests reference roles defined elsewhere all the time, so in other inputs a
 * missing role is a skip with its reason, never a guess.
 */
export const rbacBindingMissingRole = defineRule<MessageId>({
  meta: {
    id: 'rbac-binding-missing-role',
    title: 'Bindings reference roles that exist',
    description:
      "Reports ClusterRoleBindings whose roleRef is a Role (the API server rejects them), roleRef kinds other than Role and ClusterRole, and, in a whole cluster's RBAC, bindings whose role does not exist. An input counts as a whole cluster when it holds the bootstrap ClusterRoles (cluster-admin or any `kubernetes.io/bootstrapping: rbac-defaults` role), which every cluster has and no chart ships; in other inputs an undefined role is a skip. Roles every cluster has are never missing: cluster-admin, admin, edit, view, any `system:` role, and kube-system's extension-apiserver-authentication-reader. Option `wholeCluster: true` judges any input as a whole cluster.",
    rationale:
      "A binding to a role that does not exist grants nothing today, and everything a role of that name will grant tomorrow: whoever may create roles (a namespace admin, an operator, a Helm chart) can fill the name and so grant the binding's subjects anything, without touching the binding that a review would look at. Dangling bindings are also left behind when a component is uninstalled, with subjects that may since have been reused.",
    remediation:
      'Delete the binding if its component is gone, or restore the role it names; bind ClusterRoles cluster-wide with a ClusterRoleBinding and Roles with a RoleBinding in the same namespace:\n\n```yaml\nkind: RoleBinding\nmetadata:\n  name: deployer\n  namespace: shop\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role            # a Role of namespace shop\n  name: deployer\n```',
    stage: 'runtime',
    severity: 'medium',
    owner: 'platform',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      mitre: ['T1098.006'],
    },
    kinds: BINDING_KINDS,
    messages: {
      missingRole:
        "references Role {{name}} of namespace {{namespace}}, which the cluster does not have: whoever creates a Role of that name grants the binding's subjects its rules",
      missingClusterRole:
        "references ClusterRole {{name}}, which the cluster does not have: whoever creates a ClusterRole of that name grants the binding's subjects its rules",
      clusterBindingToRole:
        "a ClusterRoleBinding cannot reference a Role (here {{name}}): the API server rejects it; bind a ClusterRole, or use a RoleBinding in the Role's namespace",
      unknownKind: 'roleRef.kind "{{kind}}" is neither Role nor ClusterRole: the API server rejects the binding',
    },
    options: {
      wholeCluster: {
        type: 'boolean',
        default: false,
        description: 'the input is the whole cluster (a snapshot), so a role it lacks does not exist',
      },
    },
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#periodic-review',
    ],
  },
  check({ resource, inventory, options }) {
    const { binding } = bindingOf(resource, inventory);
    if (!binding) return NOT_APPLICABLE;
    const { kind, name } = binding.roleRef;
    if (kind === '' && name === '') return []; // a roleRef without kind and name: the analyzer reports it as malformed input
    if (kind !== 'Role' && kind !== 'ClusterRole')
      return [{ path: ['roleRef', 'kind'], messageId: 'unknownKind', severity: 'low', data: { kind } }];
    if (kind === 'Role' && binding.kind === 'ClusterRoleBinding')
      return [{ path: ['roleRef', 'kind'], messageId: 'clusterBindingToRole', severity: 'low', data: { name } }];
    if (binding.role || isBuiltIn(binding)) return [];
    if (options.wholeCluster !== true && !isWholeCluster(inventory)) return NOT_WHOLE;
    return [
      {
        path: ['roleRef', 'name'],
        messageId: kind === 'Role' ? 'missingRole' : 'missingClusterRole',
        data: { name, namespace: binding.namespace },
      },
    ];
  },
});

const NOT_WHOLE: Skip = {
  skip: 'the role is not in the input, which is not a whole cluster (it lacks the bootstrap ClusterRoles such as cluster-admin): the role may be defined elsewhere; set option wholeCluster: true to judge it anyway',
};
