import { fileRule } from '../node-config-rule.js';

/** CIS 1.1.5: The scheduler static pod manifest is readable by root only. */
export const schedulerManifestPermissions = fileRule(
  {
    id: 'scheduler-manifest-permissions',
    title: 'The scheduler static pod manifest is readable by root only',
    description:
      'Reports the static pod manifest when its mode allows more than 600 (access by group or others, or more than the owner needs).',
    rationale:
      'A manifest others can read reveals flags and file paths; one others can write runs any command as root on the control plane at the next kubelet sync.',
    remediation: '`chmod 600 <file>` on the node (the finding names the file).',
    severity: 'medium',
    frameworks: { cis: ['1.1.5'] },
  },
  'KubeScheduler',
  { role: 'manifest', mode: 0o600 },
);
