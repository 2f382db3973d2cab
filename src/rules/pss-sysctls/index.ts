import { pssRule } from '../../pss/index.js';

export const pssSysctls = pssRule('sysctls', {
  id: 'pss-sysctls',
  title: 'Pod sets only safe sysctls',
  description:
    'Flags pods whose securityContext.sysctls name a sysctl outside the safe set of the configured PSS version (PSS baseline: Sysctls).',
  rationale:
    'Sysctls outside the safe set are not isolated per pod: they change kernel behaviour for every workload on the node, so one pod can weaken or break its neighbours.',
  remediation:
    'Remove the other entries from `spec.securityContext.sysctls`. Safe are kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies and net.ipv4.ping_group_range, plus net.ipv4.ip_local_reserved_ports from v1.27, net.ipv4.tcp_keepalive_time, tcp_keepalive_intvl, tcp_keepalive_probes and tcp_fin_timeout from v1.29, net.ipv4.tcp_rmem and tcp_wmem from v1.32, net.ipv4.tcp_slow_start_after_idle and tcp_notsent_lowat from v1.37. Node-wide tuning belongs in the node configuration.',
  stage: 'deploy',
  severity: 'medium',
  owner: 'developer',
  frameworks: { nsa: ['Pod security: pod security enforcement'], cis: ['5.7.3'] },
});
