import { settingRule } from '../node-config-rule.js';

/** CIS 1.4.1: The scheduler does not expose profiling. */
export const schedulerProfiling = settingRule(
  {
    id: 'scheduler-profiling',
    title: 'The scheduler does not expose profiling',
    description: 'Reports a scheduler whose `--profiling` is true, as it is by default.',
    rationale: 'Profiling endpoints reveal internals and cost CPU.',
    remediation:
      "Edit the scheduler's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-scheduler.yaml). Set `--profiling=false`.",
    severity: 'low',
    frameworks: { cis: ['1.4.1'] },
  },
  'KubeScheduler',
  [{ key: 'profiling', equals: 'false' }],
);
