import type { Rule } from '../core/rule.js';
import { containerCpuLimit } from './container-cpu-limit/index.js';
import { containerCpuRequest } from './container-cpu-request/index.js';
import { containerDangerousCapabilities } from './container-dangerous-capabilities/index.js';
import { containerEphemeralStorageLimit } from './container-ephemeral-storage-limit/index.js';
import { containerLivenessProbe } from './container-liveness-probe/index.js';
import { containerLowUidGid } from './container-low-uid-gid/index.js';
import { containerMemoryLimit } from './container-memory-limit/index.js';
import { containerMemoryRequest } from './container-memory-request/index.js';
import { containerNetRawNotDropped } from './container-net-raw-not-dropped/index.js';
import { containerReadOnlyRootFilesystem } from './container-read-only-root-filesystem/index.js';
import { containerReadinessProbe } from './container-readiness-probe/index.js';
import { imageAllowedRegistries } from './image-allowed-registries/index.js';
import { imageDigestPinning } from './image-digest-pinning/index.js';
import { imageLatestTag } from './image-latest-tag/index.js';
import { imagePullPolicy } from './image-pull-policy/index.js';
import { podAutomountServiceAccountToken } from './pod-automount-service-account-token/index.js';
import { podControlPlaneToleration } from './pod-control-plane-toleration/index.js';
import { podDefaultServiceAccount } from './pod-default-service-account/index.js';
import { podEmptyDirSizeLimit } from './pod-empty-dir-size-limit/index.js';
import { podHostAliases } from './pod-host-aliases/index.js';
import { podRuntimeClassUntrusted } from './pod-runtime-class-untrusted/index.js';
import { podSensitiveHostPath } from './pod-sensitive-host-path/index.js';
import { podShareProcessNamespace } from './pod-share-process-namespace/index.js';
import { podTerminationGracePeriodZero } from './pod-termination-grace-period-zero/index.js';
import { podWithoutController } from './pod-without-controller/index.js';
import { workloadPodDisruptionBudget } from './workload-pod-disruption-budget/index.js';
import { workloadReplicasWithHpa } from './workload-replicas-with-hpa/index.js';
import { workloadSingleReplica } from './workload-single-replica/index.js';

/** Workload hardening beyond the Pod Security Standards; spread into the catalogue in ./index.ts. */
export const WORKLOAD_RULES: readonly Rule[] = [
  containerCpuLimit,
  containerCpuRequest,
  containerDangerousCapabilities,
  containerEphemeralStorageLimit,
  containerLivenessProbe,
  containerLowUidGid,
  containerMemoryLimit,
  containerMemoryRequest,
  containerNetRawNotDropped,
  containerReadOnlyRootFilesystem,
  containerReadinessProbe,
  imageAllowedRegistries,
  imageDigestPinning,
  imageLatestTag,
  imagePullPolicy,
  podAutomountServiceAccountToken,
  podControlPlaneToleration,
  podDefaultServiceAccount,
  podEmptyDirSizeLimit,
  podHostAliases,
  podRuntimeClassUntrusted,
  podSensitiveHostPath,
  podShareProcessNamespace,
  podTerminationGracePeriodZero,
  podWithoutController,
  workloadPodDisruptionBudget,
  workloadReplicasWithHpa,
  workloadSingleReplica,
];
