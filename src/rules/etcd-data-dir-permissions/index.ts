import { fileRule } from '../node-config-rule.js';

/** CIS 1.1.11: The etcd data directory is accessible to its owner only. */
export const etcdDataDirPermissions = fileRule(
  {
    id: 'etcd-data-dir-permissions',
    title: 'The etcd data directory is accessible to its owner only',
    description:
      "Reports etcd's data directory when its mode allows more than 700 (access by group or others, or more than the owner needs).",
    rationale: 'The data directory holds every object of the cluster, Secrets included, often unencrypted.',
    remediation: '`chmod 700 <file>` on the node (the finding names the file).',
    severity: 'high',
    frameworks: { cis: ['1.1.11'] },
  },
  'Etcd',
  { role: 'dataDir', mode: 0o700 },
);
