import { fileRule } from '../node-config-rule.js';

/** CIS 1.1.4: The controller manager static pod manifest is owned by root. */
export const controllerManagerManifestOwner = fileRule(
  {
    id: 'controller-manager-manifest-owner',
    title: 'The controller manager static pod manifest is owned by root',
    description: 'Reports the static pod manifest when it is not owned by root:root.',
    rationale:
      'A manifest others can read reveals flags and file paths; one others can write runs any command as root on the control plane at the next kubelet sync.',
    remediation: '`chown root:root <file>` on the node (the finding names the file).',
    severity: 'medium',
    frameworks: { cis: ['1.1.4'] },
  },
  'KubeControllerManager',
  { role: 'manifest', owner: 'root:root' },
);
