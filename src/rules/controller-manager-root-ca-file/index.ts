import { settingRule } from '../node-config-rule.js';

/** CIS 1.3.5: Pods receive the cluster CA to verify the API server. */
export const controllerManagerRootCaFile = settingRule(
  {
    id: 'controller-manager-root-ca-file',
    title: 'Pods receive the cluster CA to verify the API server',
    description: 'Reports a controller manager without `--root-ca-file`.',
    rationale: 'Without it pods get no CA bundle with their token and cannot verify the API server they talk to.',
    remediation:
      "Edit the controller manager's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-controller-manager.yaml). Set `--root-ca-file` to the cluster CA.",
    severity: 'medium',
    frameworks: { cis: ['1.3.5'] },
  },
  'KubeControllerManager',
  [{ key: 'root-ca-file', required: true }],
);
