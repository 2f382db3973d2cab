import { settingRule } from '../node-config-rule.js';

/** CIS 1.4.2: The scheduler listens on loopback only. */
export const schedulerBindAddress = settingRule(
  {
    id: 'scheduler-bind-address',
    title: 'The scheduler listens on loopback only',
    description:
      'Reports a scheduler whose `--bind-address` is not 127.0.0.1 (0.0.0.0 by default), unless `--secure-port=0` serves nothing.',
    rationale: 'Its health and metrics endpoints need not be reachable from the network.',
    remediation:
      "Edit the scheduler's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-scheduler.yaml). Set `--bind-address=127.0.0.1`.",
    severity: 'medium',
    frameworks: { cis: ['1.4.2'] },
  },
  'KubeScheduler',
  [{ key: 'bind-address', equals: '127.0.0.1', moot: { key: 'secure-port', value: '0' } }],
);
