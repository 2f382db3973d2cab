import type { Rule } from '../core/rule.js';
import { admissionWebhookFailOpen } from './admission-webhook-fail-open/index.js';
import { admissionWebhookLongTimeout } from './admission-webhook-long-timeout/index.js';
import { admissionWebhookSelectorBypass } from './admission-webhook-selector-bypass/index.js';
import { clusterVersionEndOfLife } from './cluster-version-end-of-life/index.js';
import { controlPlaneApiServerRedundancy } from './control-plane-api-server-redundancy/index.js';
import { controlPlaneEtcdRedundancy } from './control-plane-etcd-redundancy/index.js';
import { controlPlaneNodeRedundancy } from './control-plane-node-redundancy/index.js';
import { deprecatedApiVersion } from './deprecated-api-version/index.js';
import { gatewayListenerWithoutTls } from './gateway-listener-without-tls/index.js';
import { hardcodedCredentials } from './hardcoded-credentials/index.js';
import { ingressNginxSnippetAnnotation } from './ingress-nginx-snippet-annotation/index.js';
import { ingressWithoutTls } from './ingress-without-tls/index.js';
import { istioMtlsNotStrict } from './istio-mtls-not-strict/index.js';
import { istioServiceEntryMetadataEgress } from './istio-service-entry-metadata-egress/index.js';
import { legacyServiceAccountTokenSecret } from './legacy-service-account-token-secret/index.js';
import { legacyTokenSecretMounted } from './legacy-token-secret-mounted/index.js';
import { namespacePodSecurityPrivileged } from './namespace-pod-security-privileged/index.js';
import { namespaceWithoutLimitRange } from './namespace-without-limit-range/index.js';
import { namespaceWithoutPodSecurityEnforce } from './namespace-without-pod-security-enforce/index.js';
import { namespaceWithoutResourceQuota } from './namespace-without-resource-quota/index.js';
import { nodeKernelVersion } from './node-kernel-version/index.js';
import { nodeSoftwareEndOfLife } from './node-software-end-of-life/index.js';
import { nodeVersionSkew } from './node-version-skew/index.js';
import { pssNamespaceEnforce } from './pss-namespace-enforce/index.js';
import { resourceQuotaLimitsNothing } from './resource-quota-limits-nothing/index.js';
import { secretInEnvVar } from './secret-in-env-var/index.js';
import { serviceExposedExternally } from './service-exposed-externally/index.js';
import { serviceExternalIps } from './service-external-ips/index.js';
import { tlsSecretCertificate } from './tls-secret-certificate/index.js';
import { workloadInDefaultNamespace } from './workload-in-default-namespace/index.js';
import { workloadInSystemNamespace } from './workload-in-system-namespace/index.js';

/** Secrets, namespaces, network exposure, platform and versions; spread into the catalogue in ./index.ts. */
export const PLATFORM_RULES: readonly Rule[] = [
  admissionWebhookFailOpen,
  admissionWebhookLongTimeout,
  admissionWebhookSelectorBypass,
  clusterVersionEndOfLife,
  controlPlaneApiServerRedundancy,
  controlPlaneEtcdRedundancy,
  controlPlaneNodeRedundancy,
  deprecatedApiVersion,
  gatewayListenerWithoutTls,
  hardcodedCredentials,
  ingressNginxSnippetAnnotation,
  ingressWithoutTls,
  istioMtlsNotStrict,
  istioServiceEntryMetadataEgress,
  legacyServiceAccountTokenSecret,
  legacyTokenSecretMounted,
  namespacePodSecurityPrivileged,
  namespaceWithoutLimitRange,
  namespaceWithoutPodSecurityEnforce,
  namespaceWithoutResourceQuota,
  nodeKernelVersion,
  nodeSoftwareEndOfLife,
  nodeVersionSkew,
  pssNamespaceEnforce,
  resourceQuotaLimitsNothing,
  secretInEnvVar,
  serviceExposedExternally,
  serviceExternalIps,
  tlsSecretCertificate,
  workloadInDefaultNamespace,
  workloadInSystemNamespace,
];
