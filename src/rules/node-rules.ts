import type { Rule } from '../core/rule.js';
import { adminKubeconfigOwner } from './admin-kubeconfig-owner/index.js';
import { adminKubeconfigPermissions } from './admin-kubeconfig-permissions/index.js';
import { apiserverAlwaysPullImages } from './apiserver-always-pull-images/index.js';
import { apiserverAnonymousAuth } from './apiserver-anonymous-auth/index.js';
import { apiserverAuditLogMaxage } from './apiserver-audit-log-maxage/index.js';
import { apiserverAuditLogMaxbackup } from './apiserver-audit-log-maxbackup/index.js';
import { apiserverAuditLogMaxsize } from './apiserver-audit-log-maxsize/index.js';
import { apiserverAuditLogPath } from './apiserver-audit-log-path/index.js';
import { apiserverAuditPolicyFile } from './apiserver-audit-policy-file/index.js';
import { apiserverAuthorizationNode } from './apiserver-authorization-node/index.js';
import { apiserverAuthorizationNotAlwaysAllow } from './apiserver-authorization-not-always-allow/index.js';
import { apiserverAuthorizationRbac } from './apiserver-authorization-rbac/index.js';
import { apiserverClientCaFile } from './apiserver-client-ca-file/index.js';
import { apiserverDenyServiceExternalIps } from './apiserver-deny-service-external-ips/index.js';
import { apiserverEncryptionProviderConfig } from './apiserver-encryption-provider-config/index.js';
import { apiserverEtcdCaFile } from './apiserver-etcd-ca-file/index.js';
import { apiserverEtcdClientCertificate } from './apiserver-etcd-client-certificate/index.js';
import { apiserverEventRateLimit } from './apiserver-event-rate-limit/index.js';
import { apiserverKubeletCertificateAuthority } from './apiserver-kubelet-certificate-authority/index.js';
import { apiserverKubeletClientCertificate } from './apiserver-kubelet-client-certificate/index.js';
import { apiserverManifestOwner } from './apiserver-manifest-owner/index.js';
import { apiserverManifestPermissions } from './apiserver-manifest-permissions/index.js';
import { apiserverNamespaceLifecycleAdmission } from './apiserver-namespace-lifecycle-admission/index.js';
import { apiserverNoAlwaysAdmit } from './apiserver-no-always-admit/index.js';
import { apiserverNodeRestriction } from './apiserver-node-restriction/index.js';
import { apiserverProfiling } from './apiserver-profiling/index.js';
import { apiserverServiceAccountAdmission } from './apiserver-service-account-admission/index.js';
import { apiserverServiceAccountKeyFile } from './apiserver-service-account-key-file/index.js';
import { apiserverServiceAccountLookup } from './apiserver-service-account-lookup/index.js';
import { apiserverStrongCiphers } from './apiserver-strong-ciphers/index.js';
import { apiserverTlsCertificate } from './apiserver-tls-certificate/index.js';
import { apiserverTokenAuthFile } from './apiserver-token-auth-file/index.js';
import { certificateChain } from './certificate-chain/index.js';
import { certificateExpiry } from './certificate-expiry/index.js';
import { certificateServedNames } from './certificate-served-names/index.js';
import { certificateWeakCrypto } from './certificate-weak-crypto/index.js';
import { cniFileOwner } from './cni-file-owner/index.js';
import { cniFilePermissions } from './cni-file-permissions/index.js';
import { controllerManagerBindAddress } from './controller-manager-bind-address/index.js';
import { controllerManagerKubeconfigOwner } from './controller-manager-kubeconfig-owner/index.js';
import { controllerManagerKubeconfigPermissions } from './controller-manager-kubeconfig-permissions/index.js';
import { controllerManagerManifestOwner } from './controller-manager-manifest-owner/index.js';
import { controllerManagerManifestPermissions } from './controller-manager-manifest-permissions/index.js';
import { controllerManagerProfiling } from './controller-manager-profiling/index.js';
import { controllerManagerRootCaFile } from './controller-manager-root-ca-file/index.js';
import { controllerManagerRotateKubeletServerCertificate } from './controller-manager-rotate-kubelet-server-certificate/index.js';
import { controllerManagerServiceAccountCredentials } from './controller-manager-service-account-credentials/index.js';
import { controllerManagerServiceAccountPrivateKey } from './controller-manager-service-account-private-key/index.js';
import { controllerManagerTerminatedPodGc } from './controller-manager-terminated-pod-gc/index.js';
import { encryptionConfigPermissions } from './encryption-config-permissions/index.js';
import { encryptionIdentityFirst } from './encryption-identity-first/index.js';
import { encryptionKmsV1 } from './encryption-kms-v1/index.js';
import { encryptionLocalKeys } from './encryption-local-keys/index.js';
import { encryptionSecretsNotCovered } from './encryption-secrets-not-covered/index.js';
import { etcdClientCertAuth } from './etcd-client-cert-auth/index.js';
import { etcdDataDirOwner } from './etcd-data-dir-owner/index.js';
import { etcdDataDirPermissions } from './etcd-data-dir-permissions/index.js';
import { etcdManifestOwner } from './etcd-manifest-owner/index.js';
import { etcdManifestPermissions } from './etcd-manifest-permissions/index.js';
import { etcdNoAutoTls } from './etcd-no-auto-tls/index.js';
import { etcdNoPeerAutoTls } from './etcd-no-peer-auto-tls/index.js';
import { etcdPeerClientCertAuth } from './etcd-peer-client-cert-auth/index.js';
import { etcdPeerTls } from './etcd-peer-tls/index.js';
import { etcdPlaintextObjects } from './etcd-plaintext-objects/index.js';
import { etcdTls } from './etcd-tls/index.js';
import { etcdTrustedCaFile } from './etcd-trusted-ca-file/index.js';
import { kubeProxyKubeconfigOwner } from './kube-proxy-kubeconfig-owner/index.js';
import { kubeProxyKubeconfigPermissions } from './kube-proxy-kubeconfig-permissions/index.js';
import { kubeProxyMetricsBindAddress } from './kube-proxy-metrics-bind-address/index.js';
import { kubeletAnonymousAuth } from './kubelet-anonymous-auth/index.js';
import { kubeletAuthorizationMode } from './kubelet-authorization-mode/index.js';
import { kubeletClientCaFile } from './kubelet-client-ca-file/index.js';
import { kubeletClientCaOwner } from './kubelet-client-ca-owner/index.js';
import { kubeletClientCaPermissions } from './kubelet-client-ca-permissions/index.js';
import { kubeletConfigOwner } from './kubelet-config-owner/index.js';
import { kubeletConfigPermissions } from './kubelet-config-permissions/index.js';
import { kubeletEventQps } from './kubelet-event-qps/index.js';
import { kubeletHostnameOverride } from './kubelet-hostname-override/index.js';
import { kubeletIptablesUtilChains } from './kubelet-iptables-util-chains/index.js';
import { kubeletKubeconfigOwner } from './kubelet-kubeconfig-owner/index.js';
import { kubeletKubeconfigPermissions } from './kubelet-kubeconfig-permissions/index.js';
import { kubeletPodPidsLimit } from './kubelet-pod-pids-limit/index.js';
import { kubeletReadOnlyPort } from './kubelet-read-only-port/index.js';
import { kubeletRotateCertificates } from './kubelet-rotate-certificates/index.js';
import { kubeletRotateServerCertificate } from './kubelet-rotate-server-certificate/index.js';
import { kubeletServiceFileOwner } from './kubelet-service-file-owner/index.js';
import { kubeletServiceFilePermissions } from './kubelet-service-file-permissions/index.js';
import { kubeletStreamingIdleTimeout } from './kubelet-streaming-idle-timeout/index.js';
import { kubeletStrongCiphers } from './kubelet-strong-ciphers/index.js';
import { kubeletTlsCertificate } from './kubelet-tls-certificate/index.js';
import { pkiCertificatePermissions } from './pki-certificate-permissions/index.js';
import { pkiKeyPermissions } from './pki-key-permissions/index.js';
import { pkiOwner } from './pki-owner/index.js';
import { schedulerBindAddress } from './scheduler-bind-address/index.js';
import { schedulerKubeconfigOwner } from './scheduler-kubeconfig-owner/index.js';
import { schedulerKubeconfigPermissions } from './scheduler-kubeconfig-permissions/index.js';
import { schedulerManifestOwner } from './scheduler-manifest-owner/index.js';
import { schedulerManifestPermissions } from './scheduler-manifest-permissions/index.js';
import { schedulerProfiling } from './scheduler-profiling/index.js';

/**
 * The CIS Kubernetes Benchmark checks of sections 1–4 and the encryption-at-rest checks, judged on
 * `rampart node`'s resources (and EncryptionConfiguration files anywhere); spread into ./index.ts.
 */
export const NODE_RULES: readonly Rule[] = [
  certificateChain,
  certificateExpiry,
  certificateServedNames,
  certificateWeakCrypto,
  encryptionConfigPermissions,
  encryptionIdentityFirst,
  encryptionKmsV1,
  encryptionLocalKeys,
  encryptionSecretsNotCovered,
  etcdPlaintextObjects,
  adminKubeconfigOwner,
  adminKubeconfigPermissions,
  apiserverAlwaysPullImages,
  apiserverAnonymousAuth,
  apiserverAuditLogMaxage,
  apiserverAuditLogMaxbackup,
  apiserverAuditLogMaxsize,
  apiserverAuditLogPath,
  apiserverAuditPolicyFile,
  apiserverAuthorizationNode,
  apiserverAuthorizationNotAlwaysAllow,
  apiserverAuthorizationRbac,
  apiserverClientCaFile,
  apiserverDenyServiceExternalIps,
  apiserverEncryptionProviderConfig,
  apiserverEtcdCaFile,
  apiserverEtcdClientCertificate,
  apiserverEventRateLimit,
  apiserverKubeletCertificateAuthority,
  apiserverKubeletClientCertificate,
  apiserverManifestOwner,
  apiserverManifestPermissions,
  apiserverNamespaceLifecycleAdmission,
  apiserverNoAlwaysAdmit,
  apiserverNodeRestriction,
  apiserverProfiling,
  apiserverServiceAccountAdmission,
  apiserverServiceAccountKeyFile,
  apiserverServiceAccountLookup,
  apiserverStrongCiphers,
  apiserverTlsCertificate,
  apiserverTokenAuthFile,
  cniFileOwner,
  cniFilePermissions,
  controllerManagerBindAddress,
  controllerManagerKubeconfigOwner,
  controllerManagerKubeconfigPermissions,
  controllerManagerManifestOwner,
  controllerManagerManifestPermissions,
  controllerManagerProfiling,
  controllerManagerRootCaFile,
  controllerManagerRotateKubeletServerCertificate,
  controllerManagerServiceAccountCredentials,
  controllerManagerServiceAccountPrivateKey,
  controllerManagerTerminatedPodGc,
  etcdClientCertAuth,
  etcdDataDirOwner,
  etcdDataDirPermissions,
  etcdManifestOwner,
  etcdManifestPermissions,
  etcdNoAutoTls,
  etcdNoPeerAutoTls,
  etcdPeerClientCertAuth,
  etcdPeerTls,
  etcdTls,
  etcdTrustedCaFile,
  kubeProxyKubeconfigOwner,
  kubeProxyKubeconfigPermissions,
  kubeProxyMetricsBindAddress,
  kubeletAnonymousAuth,
  kubeletAuthorizationMode,
  kubeletClientCaFile,
  kubeletClientCaOwner,
  kubeletClientCaPermissions,
  kubeletConfigOwner,
  kubeletConfigPermissions,
  kubeletEventQps,
  kubeletHostnameOverride,
  kubeletIptablesUtilChains,
  kubeletKubeconfigOwner,
  kubeletKubeconfigPermissions,
  kubeletPodPidsLimit,
  kubeletReadOnlyPort,
  kubeletRotateCertificates,
  kubeletRotateServerCertificate,
  kubeletServiceFileOwner,
  kubeletServiceFilePermissions,
  kubeletStreamingIdleTimeout,
  kubeletStrongCiphers,
  kubeletTlsCertificate,
  pkiCertificatePermissions,
  pkiKeyPermissions,
  pkiOwner,
  schedulerBindAddress,
  schedulerKubeconfigOwner,
  schedulerKubeconfigPermissions,
  schedulerManifestOwner,
  schedulerManifestPermissions,
  schedulerProfiling,
];
