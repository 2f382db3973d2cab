import { fileRule } from '../node-config-rule.js';

/** CIS 1.1.1: The API server static pod manifest is readable by root only. */
export const apiserverManifestPermissions = fileRule(
  {
    id: 'apiserver-manifest-permissions',
    title: 'The API server static pod manifest is readable by root only',
    description:
      'Reports the static pod manifest when its mode allows more than 600 (access by group or others, or more than the owner needs).',
    rationale:
      'A manifest others can read reveals flags and file paths; one others can write runs any command as root on the control plane at the next kubelet sync.',
    remediation: '`chmod 600 <file>` on the node (the finding names the file).',
    severity: 'medium',
    frameworks: { cis: ['1.1.1'] },
  },
  'KubeAPIServer',
  { role: 'manifest', mode: 0o600 },
);
