import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.11: The API server forces image pulls. */
export const apiserverAlwaysPullImages = settingRule(
  {
    id: 'apiserver-always-pull-images',
    title: 'The API server forces image pulls',
    description: 'Reports an API server whose enabled admission plugins lack AlwaysPullImages.',
    rationale:
      'Without it a pod may use an image another tenant pulled to the node, without the credentials to pull it.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Add AlwaysPullImages to `--enable-admission-plugins` (or enable the kubelet's KubeletEnsureSecretPulledImages on 1.33+).",
    severity: 'low',
    frameworks: { cis: ['1.2.11'] },
  },
  'KubeAPIServer',
  [{ key: 'enable-admission-plugins', includes: 'AlwaysPullImages' }],
);
