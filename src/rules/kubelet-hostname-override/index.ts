import { settingRule } from '../node-config-rule.js';

/** CIS 4.2.7: The kubelet does not override its hostname. */
export const kubeletHostnameOverride = settingRule(
  {
    id: 'kubelet-hostname-override',
    title: 'The kubelet does not override its hostname',
    description: 'Reports a kubelet started with `--hostname-override`.',
    rationale:
      'An overridden name can break TLS between the API server and the kubelet, which then tempts operators to turn verification off.',
    remediation:
      "Remove `--hostname-override` from the kubelet's unit or env file, then `systemctl daemon-reload && systemctl restart kubelet`.",
    severity: 'low',
    frameworks: { cis: ['4.2.7'] },
  },
  'Kubelet',
  [{ key: 'hostname-override', absent: true }],
);
