import type { Rule } from '../core/rule.js';
import { rbacAggregationExtendsDefaultRole } from './rbac-aggregation-extends-default-role/index.js';
import { rbacAnonymousAccess } from './rbac-anonymous-access/index.js';
import { rbacBindingMissingRole } from './rbac-binding-missing-role/index.js';
import { rbacBindingToAllAuthenticated } from './rbac-binding-to-all-authenticated/index.js';
import { rbacClusterAdminBinding } from './rbac-cluster-admin-binding/index.js';
import { rbacDefaultServiceAccountBinding } from './rbac-default-service-account-binding/index.js';
import { rbacNonResourceUrlWildcard } from './rbac-non-resource-url-wildcard/index.js';
import { rbacRoleApprovesCertificates } from './rbac-role-approves-certificates/index.js';
import { rbacRoleCreatesPersistentVolumes } from './rbac-role-creates-persistent-volumes/index.js';
import { rbacRoleCreatesPods } from './rbac-role-creates-pods/index.js';
import { rbacRoleCreatesTokens } from './rbac-role-creates-tokens/index.js';
import { rbacRoleDeletesSecretsOrEvents } from './rbac-role-deletes-secrets-or-events/index.js';
import { rbacRoleEscalationVerbs } from './rbac-role-escalation-verbs/index.js';
import { rbacRoleExecIntoPods } from './rbac-role-exec-into-pods/index.js';
import { rbacRoleNodesProxy } from './rbac-role-nodes-proxy/index.js';
import { rbacRolePatchesPods } from './rbac-role-patches-pods/index.js';
import { rbacRolePortForwardsToPods } from './rbac-role-port-forwards-to-pods/index.js';
import { rbacRoleReadsSecrets } from './rbac-role-reads-secrets/index.js';
import { rbacRoleWritesAdmissionConfig } from './rbac-role-writes-admission-config/index.js';
import { rbacRoleWritesKubeSystemConfigmaps } from './rbac-role-writes-kube-system-configmaps/index.js';
import { rbacRoleWritesNetworkPolicies } from './rbac-role-writes-network-policies/index.js';
import { rbacRuleGrantsNothing } from './rbac-rule-grants-nothing/index.js';
import { rbacWildcardPermissions } from './rbac-wildcard-permissions/index.js';

/** RBAC objects judged as written (roles, bindings, aggregation); spread into the catalogue in ./index.ts. */
export const RBAC_RULES: readonly Rule[] = [
  rbacAggregationExtendsDefaultRole,
  rbacAnonymousAccess,
  rbacBindingMissingRole,
  rbacBindingToAllAuthenticated,
  rbacClusterAdminBinding,
  rbacDefaultServiceAccountBinding,
  rbacNonResourceUrlWildcard,
  rbacRoleApprovesCertificates,
  rbacRoleCreatesPersistentVolumes,
  rbacRoleCreatesPods,
  rbacRoleCreatesTokens,
  rbacRoleEscalationVerbs,
  rbacRoleExecIntoPods,
  rbacRoleNodesProxy,
  rbacRoleReadsSecrets,
  rbacRoleWritesAdmissionConfig,
  rbacRoleDeletesSecretsOrEvents,
  rbacRolePatchesPods,
  rbacRolePortForwardsToPods,
  rbacRoleWritesKubeSystemConfigmaps,
  rbacRoleWritesNetworkPolicies,
  rbacRuleGrantsNothing,
  rbacWildcardPermissions,
];
