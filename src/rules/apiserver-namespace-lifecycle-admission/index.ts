import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.13: The API server keeps the NamespaceLifecycle admission plugin. */
export const apiserverNamespaceLifecycleAdmission = settingRule(
  {
    id: 'apiserver-namespace-lifecycle-admission',
    title: 'The API server keeps the NamespaceLifecycle admission plugin',
    description: 'Reports an API server that disables the NamespaceLifecycle admission plugin (it is on by default).',
    rationale:
      'Without it objects can be created in namespaces that are being deleted or do not exist, escaping their cleanup and policies.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Remove NamespaceLifecycle from `--disable-admission-plugins`.",
    severity: 'medium',
    frameworks: { cis: ['1.2.13'] },
  },
  'KubeAPIServer',
  [{ key: 'disable-admission-plugins', excludes: 'NamespaceLifecycle' }],
);
