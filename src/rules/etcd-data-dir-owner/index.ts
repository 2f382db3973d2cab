import { fileRule } from '../node-config-rule.js';

/** CIS 1.1.12: The etcd data directory is owned by etcd. */
export const etcdDataDirOwner = fileRule(
  {
    id: 'etcd-data-dir-owner',
    title: 'The etcd data directory is owned by etcd',
    description: "Reports etcd's data directory when it is not owned by etcd:etcd.",
    rationale: 'The data directory holds every object of the cluster, Secrets included, often unencrypted.',
    remediation: '`chown etcd:etcd <file>` on the node (the finding names the file).',
    severity: 'medium',
    frameworks: { cis: ['1.1.12'] },
  },
  'Etcd',
  { role: 'dataDir', owner: 'etcd:etcd' },
);
