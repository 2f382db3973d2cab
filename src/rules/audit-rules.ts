import type { Rule } from '../core/rule.js';
import { auditActivity } from './audit-activity/index.js';
import { auditAdminUserActivity } from './audit-admin-user-activity/index.js';
import { auditAdmissionConfigChanged } from './audit-admission-config-changed/index.js';
import { auditAnonymousRequestAllowed } from './audit-anonymous-request-allowed/index.js';
import { auditClusterAdminBound } from './audit-cluster-admin-bound/index.js';
import { auditConfigmapCredentials } from './audit-configmap-credentials/index.js';
import { auditCsrApproved } from './audit-csr-approved/index.js';
import { auditEphemeralContainer } from './audit-ephemeral-container/index.js';
import { auditIngressWithoutTls } from './audit-ingress-without-tls/index.js';
import { auditNamespaceNotAllowed } from './audit-namespace-not-allowed/index.js';
import { auditNodeJoined } from './audit-node-joined/index.js';
import { auditPodExec } from './audit-pod-exec/index.js';
import { auditPodImageNotAllowed } from './audit-pod-image-not-allowed/index.js';
import { auditPodInSystemNamespace } from './audit-pod-in-system-namespace/index.js';
import { auditPodPortForward } from './audit-pod-port-forward/index.js';
import { auditPowerfulRoleCreated } from './audit-powerful-role-created/index.js';
import { auditPrivilegedPodCreated } from './audit-privileged-pod-created/index.js';
import { auditSecretRead } from './audit-secret-read/index.js';
import { auditServiceAccountInSystemNamespace } from './audit-service-account-in-system-namespace/index.js';
import { auditServiceAccountTokenCreated } from './audit-service-account-token-created/index.js';
import { auditServiceExposed } from './audit-service-exposed/index.js';
import { auditSystemRoleChanged } from './audit-system-role-changed/index.js';
import { auditUserNotAllowed } from './audit-user-not-allowed/index.js';

/** Rules that judge API-server audit events (`rampart audit`); spread into the catalogue in ./index.ts. */
export const AUDIT_RULES: readonly Rule[] = [
  auditActivity,
  auditAdminUserActivity,
  auditAdmissionConfigChanged,
  auditAnonymousRequestAllowed,
  auditClusterAdminBound,
  auditConfigmapCredentials,
  auditCsrApproved,
  auditEphemeralContainer,
  auditIngressWithoutTls,
  auditNamespaceNotAllowed,
  auditNodeJoined,
  auditPodExec,
  auditPodImageNotAllowed,
  auditPodInSystemNamespace,
  auditPodPortForward,
  auditPowerfulRoleCreated,
  auditPrivilegedPodCreated,
  auditSecretRead,
  auditServiceAccountInSystemNamespace,
  auditServiceAccountTokenCreated,
  auditServiceExposed,
  auditSystemRoleChanged,
  auditUserNotAllowed,
];
