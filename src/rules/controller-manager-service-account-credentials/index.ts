import { settingRule } from '../node-config-rule.js';

/** CIS 1.3.3: Controllers run with their own service accounts. */
export const controllerManagerServiceAccountCredentials = settingRule(
  {
    id: 'controller-manager-service-account-credentials',
    title: 'Controllers run with their own service accounts',
    description:
      'Reports a controller manager whose `--use-service-account-credentials` is not true (false by default).',
    rationale:
      "Without it every controller acts with the controller manager's own, very broad credentials instead of a narrow role per controller.",
    remediation:
      "Edit the controller manager's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-controller-manager.yaml). Set `--use-service-account-credentials=true`.",
    severity: 'medium',
    frameworks: { cis: ['1.3.3'] },
  },
  'KubeControllerManager',
  [{ key: 'use-service-account-credentials', equals: 'true' }],
);
