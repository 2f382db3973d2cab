import type { Rule } from '../core/rule.js';
import { AUDIT_RULES } from './audit-rules.js';
import { netpolAllowsAllExternal } from './netpol-allows-all-external/index.js';
import { NETPOL_GAP_RULES } from './netpol-gap-rules.js';
import { netpolMetadataEgressNotBlocked } from './netpol-metadata-egress-not-blocked/index.js';
import { NODE_RULES } from './node-rules.js';
import { PLATFORM_RULES } from './platform-rules.js';
import { pssAllowPrivilegeEscalation } from './pss-allow-privilege-escalation/index.js';
import { pssAppArmorProfile } from './pss-app-armor-profile/index.js';
import { pssCapabilitiesBaseline } from './pss-capabilities-baseline/index.js';
import { pssCapabilitiesRestricted } from './pss-capabilities-restricted/index.js';
import { pssHostNamespaces } from './pss-host-namespaces/index.js';
import { pssHostPathVolumes } from './pss-host-path-volumes/index.js';
import { pssHostPorts } from './pss-host-ports/index.js';
import { pssHostProbesAndHostLifecycle } from './pss-host-probes-and-host-lifecycle/index.js';
import { pssPrivileged } from './pss-privileged/index.js';
import { pssProcMount } from './pss-proc-mount/index.js';
import { pssProcMountRestricted } from './pss-proc-mount-restricted/index.js';
import { pssRestrictedVolumes } from './pss-restricted-volumes/index.js';
import { pssRunAsNonRoot } from './pss-run-as-non-root/index.js';
import { pssRunAsUser } from './pss-run-as-user/index.js';
import { pssSeLinuxOptions } from './pss-se-linux-options/index.js';
import { pssSeccompProfileBaseline } from './pss-seccomp-profile-baseline/index.js';
import { pssSeccompProfileRestricted } from './pss-seccomp-profile-restricted/index.js';
import { pssSysctls } from './pss-sysctls/index.js';
import { pssWindowsHostProcess } from './pss-windows-host-process/index.js';
import { rbacEscalationToClusterAdmin } from './rbac-escalation-to-cluster-admin/index.js';
import { RBAC_RULES } from './rbac-rules.js';
import { rbacSecretsAccessPath } from './rbac-secrets-access-path/index.js';
import { rbacWorkloadPowerfulServiceAccount } from './rbac-workload-powerful-service-account/index.js';
import { WORKLOAD_RULES } from './workload-rules.js';

/** The built-in catalogue. Every folder under src/rules/ has exactly one entry here (a test checks it). */
export const RULES: readonly Rule[] = [
  ...AUDIT_RULES,
  netpolAllowsAllExternal,
  netpolMetadataEgressNotBlocked,
  ...NETPOL_GAP_RULES,
  pssAllowPrivilegeEscalation,
  pssAppArmorProfile,
  pssCapabilitiesBaseline,
  pssCapabilitiesRestricted,
  pssHostNamespaces,
  pssHostPathVolumes,
  pssHostPorts,
  pssHostProbesAndHostLifecycle,
  pssPrivileged,
  pssProcMount,
  pssProcMountRestricted,
  pssRestrictedVolumes,
  pssRunAsNonRoot,
  pssRunAsUser,
  pssSeLinuxOptions,
  pssSeccompProfileBaseline,
  pssSeccompProfileRestricted,
  pssSysctls,
  pssWindowsHostProcess,
  rbacEscalationToClusterAdmin,
  rbacSecretsAccessPath,
  rbacWorkloadPowerfulServiceAccount,
  ...NODE_RULES,
  ...PLATFORM_RULES,
  ...RBAC_RULES,
  ...WORKLOAD_RULES,
];

export { NETPOL_GAP_RULES } from './netpol-gap-rules.js';
