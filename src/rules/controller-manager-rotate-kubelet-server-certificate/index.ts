import { settingRule } from '../node-config-rule.js';

/** CIS 1.3.6: The controller manager does not turn off kubelet serving certificate rotation. */
export const controllerManagerRotateKubeletServerCertificate = settingRule(
  {
    id: 'controller-manager-rotate-kubelet-server-certificate',
    title: 'The controller manager does not turn off kubelet serving certificate rotation',
    description: 'Reports a controller manager whose `--feature-gates` set RotateKubeletServerCertificate=false.',
    rationale:
      'Kubelet serving certificates that are not rotated expire or stay valid for years after a node is compromised.',
    remediation:
      "Edit the controller manager's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-controller-manager.yaml). Remove RotateKubeletServerCertificate=false from `--feature-gates`.",
    severity: 'medium',
    frameworks: { cis: ['1.3.6'] },
  },
  'KubeControllerManager',
  [{ key: 'feature-gates', excludes: 'RotateKubeletServerCertificate=false' }],
);
