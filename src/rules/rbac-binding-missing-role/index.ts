import { bootstrapRoleSince } from '../../analyze/rbac/index.js';
import { namespacePhrase } from '../../core/applied-namespace.js';
import type { Inventory } from '../../core/inventory.js';
import { defineRule, NOT_APPLICABLE, type Skip } from '../../core/rule.js';
import { BINDING_KINDS, bindingOf } from '../rbac-support.js';

type MessageId =
  | 'missingRole'
  | 'missingClusterRole'
  | 'clusterBindingToRole'
  | 'unknownKind'
  | 'notBootstrap'
  | 'notYetBuiltIn';

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
 * Flags bindings whose role cannot be granted: a ClusterRoleBinding naming a Role (the API server
 * rejects it), a roleRef kind that is neither, a `system:` role the bootstrap policy of the target
 * version does not have, and, when the input is a whole cluster, a role that does not exist.
 * Manifests reference roles defined elsewhere all the time, so in other inputs a missing role of
 * their own is a skip with its reason, never a guess; the built-in roles are known, by version.
 */
export const rbacBindingMissingRole = defineRule<MessageId>({
  meta: {
    id: 'rbac-binding-missing-role',
    title: 'Bindings reference roles that exist',
    description:
      "Reports ClusterRoleBindings whose roleRef is a Role (the API server rejects them), roleRef kinds other than Role and ClusterRole, bindings to a `system:` role that the bootstrap policy of the target Kubernetes version (`kubernetesVersion`, default v1.37) does not define (low: a distribution may add roles of its own, as kubeadm adds system:coredns; medium when the role appeared in a later version), and, in a whole cluster's RBAC, bindings whose role does not exist. An input counts as a whole cluster when it holds the bootstrap ClusterRoles (cluster-admin or any `kubernetes.io/bootstrapping: rbac-defaults` role), which every cluster has and no chart ships; in other inputs a role of the input's own that it does not define is a skip. The roles of the bootstrap policy (cluster-admin, admin, edit, view, the `system:` roles, kube-system's extension-apiserver-authentication-reader) exist in every cluster of their version and are never missing. Option `wholeCluster: true` judges any input as a whole cluster.",
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
        "references Role {{name}} of {{namespace}}, which the cluster does not have: whoever creates a Role of that name grants the binding's subjects its rules",
      missingClusterRole:
        "references ClusterRole {{name}}, which the cluster does not have: whoever creates a ClusterRole of that name grants the binding's subjects its rules",
      clusterBindingToRole:
        "a ClusterRoleBinding cannot reference a Role (here {{name}}): the API server rejects it; bind a ClusterRole, or use a RoleBinding in the Role's namespace",
      unknownKind: 'roleRef.kind "{{kind}}" is neither Role nor ClusterRole: the API server rejects the binding',
      notBootstrap:
        "references {{kind}} {{name}}, which is not a role of the Kubernetes {{version}} bootstrap policy: unless the distribution creates it (kubeadm creates system:coredns), the binding grants nothing, and whoever creates a {{kind}} of that name grants the binding's subjects its rules",
      notYetBuiltIn:
        'references {{kind}} {{name}}, which Kubernetes creates only from v1.{{since}} (the target is {{version}}): until then the binding grants nothing, and whoever creates a {{kind}} of that name grants its subjects its rules',
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
  check(ctx) {
    const { inventory, options } = ctx;
    const { analysis, binding } = bindingOf(ctx);
    if (!binding) return NOT_APPLICABLE;
    const { kind, name } = binding.roleRef;
    if (kind === '' && name === '') return []; // a roleRef without kind and name: the analyzer reports it as malformed input
    if (kind !== 'Role' && kind !== 'ClusterRole')
      return [{ path: ['roleRef', 'kind'], messageId: 'unknownKind', severity: 'low', data: { kind } }];
    if (kind === 'Role' && binding.kind === 'ClusterRoleBinding')
      return [{ path: ['roleRef', 'kind'], messageId: 'clusterBindingToRole', severity: 'low', data: { name } }];
    if (binding.role) return [];
    const minor = analysis.index.builtInMinor;
    const whole = options.wholeCluster === true || isWholeCluster(inventory);
    // `system:` names are the platform's: the bootstrap policy of the target version says which exist
    if (name.startsWith('system:') && minor !== undefined) {
      const since = bootstrapRoleSince(kind, binding.namespace, name);
      const data = { kind, name, version: `v1.${minor}`, since: since ?? '' };
      if (since !== undefined) return [{ path: ['roleRef', 'name'], messageId: 'notYetBuiltIn', data }];
      if (!whole) return [{ path: ['roleRef', 'name'], messageId: 'notBootstrap', severity: 'low', data }];
    }
    if (!whole) return NOT_WHOLE;
    return [
      {
        path: ['roleRef', 'name'],
        messageId: kind === 'Role' ? 'missingRole' : 'missingClusterRole',
        data: { name, namespace: namespacePhrase(binding.namespace) },
      },
    ];
  },
});

const NOT_WHOLE: Skip = {
  skip: 'the role is not in the input, which is not a whole cluster (it lacks the bootstrap ClusterRoles such as cluster-admin): the role may be defined elsewhere; set option wholeCluster: true to judge it anyway',
};
