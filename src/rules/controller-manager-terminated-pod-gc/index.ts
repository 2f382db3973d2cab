import { settingRule } from '../node-config-rule.js';

/** CIS 1.3.1: The controller manager garbage-collects terminated pods early. */
export const controllerManagerTerminatedPodGc = settingRule(
  {
    id: 'controller-manager-terminated-pod-gc',
    title: 'The controller manager garbage-collects terminated pods early',
    description: 'Reports a controller manager whose `--terminated-pod-gc-threshold` is the default 12500 or unset.',
    rationale: 'Thousands of terminated pods slow the API server and etcd and can exhaust them.',
    remediation:
      "Edit the controller manager's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-controller-manager.yaml). Set `--terminated-pod-gc-threshold` to a value that suits the cluster, for example 10 per node.",
    severity: 'low',
    frameworks: { cis: ['1.3.1'] },
  },
  'KubeControllerManager',
  [{ key: 'terminated-pod-gc-threshold', notEquals: ['12500'] }],
);
