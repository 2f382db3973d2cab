import { settingRule } from '../node-config-rule.js';

/** CIS 1.3.2: The controller manager does not expose profiling. */
export const controllerManagerProfiling = settingRule(
  {
    id: 'controller-manager-profiling',
    title: 'The controller manager does not expose profiling',
    description: 'Reports a controller manager whose `--profiling` is true, as it is by default.',
    rationale: 'Profiling endpoints reveal internals and cost CPU.',
    remediation:
      "Edit the controller manager's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-controller-manager.yaml). Set `--profiling=false`.",
    severity: 'low',
    frameworks: { cis: ['1.3.2'] },
  },
  'KubeControllerManager',
  [{ key: 'profiling', equals: 'false' }],
);
