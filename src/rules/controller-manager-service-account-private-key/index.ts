import { settingRule } from '../node-config-rule.js';

/** CIS 1.3.4: The controller manager signs service account tokens with a key file. */
export const controllerManagerServiceAccountPrivateKey = settingRule(
  {
    id: 'controller-manager-service-account-private-key',
    title: 'The controller manager signs service account tokens with a key file',
    description: 'Reports a controller manager without `--service-account-private-key-file`.',
    rationale: 'A dedicated signing key lets tokens be verified and rotated.',
    remediation:
      "Edit the controller manager's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-controller-manager.yaml). Set `--service-account-private-key-file` to the key whose public half the API server's `--service-account-key-file` holds.",
    severity: 'medium',
    frameworks: { cis: ['1.3.4'] },
  },
  'KubeControllerManager',
  [{ key: 'service-account-private-key-file', required: true }],
);
