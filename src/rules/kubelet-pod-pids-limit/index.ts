import { settingRule } from '../node-config-rule.js';

/** CIS 4.2.13: The kubelet limits the processes of each pod. */
export const kubeletPodPidsLimit = settingRule(
  {
    id: 'kubelet-pod-pids-limit',
    title: 'The kubelet limits the processes of each pod',
    description: 'Reports a kubelet whose `podPidsLimit` is unlimited (-1, the default).',
    rationale: "One pod's fork bomb exhausts the node's process table and takes down every pod on it.",
    remediation:
      "Set it in the kubelet's config file (kubeadm: /var/lib/kubelet/config.yaml) or a drop-in, remove any command-line flag that overrides it, then `systemctl restart kubelet`. `podPidsLimit: 4096` (or a value that suits the workloads).",
    severity: 'medium',
    frameworks: { cis: ['4.2.13'] },
  },
  'Kubelet',
  [{ key: 'podPidsLimit', atLeast: 1 }],
);
