import { settingRule } from '../node-config-rule.js';

/** CIS 1.3.7: The controller manager listens on loopback only. */
export const controllerManagerBindAddress = settingRule(
  {
    id: 'controller-manager-bind-address',
    title: 'The controller manager listens on loopback only',
    description:
      'Reports a controller manager whose `--bind-address` is not 127.0.0.1 (0.0.0.0 by default), unless `--secure-port=0` serves nothing.',
    rationale:
      'Its health and metrics endpoints need not be reachable from the network; every listening port is attack surface.',
    remediation:
      "Edit the controller manager's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-controller-manager.yaml). Set `--bind-address=127.0.0.1`.",
    severity: 'medium',
    frameworks: { cis: ['1.3.7'] },
  },
  'KubeControllerManager',
  [{ key: 'bind-address', equals: '127.0.0.1', moot: { key: 'secure-port', value: '0' } }],
);
