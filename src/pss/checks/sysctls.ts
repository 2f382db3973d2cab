import { isRecord } from '../../core/pod-spec.js';
import type { CheckDefinition, CheckFn, CheckOutcome, PssFinding } from '../check.js';
import { quote } from '../format.js';
import { arrayField, type PodView, specPath, stringField } from '../pod-view.js';

/*
 * The "safe" sysctls: namespaced per pod and unable to affect other pods on the node. The set
 * grows as the kernel and the kubelet make more of them safe; each growth is a new revision.
 */
const SAFE_V1_0: readonly string[] = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const SAFE_V1_27 = [...SAFE_V1_0, 'net.ipv4.ip_local_reserved_ports'];
const SAFE_V1_29 = [
  ...SAFE_V1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SAFE_V1_32 = [...SAFE_V1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SAFE_V1_37 = [...SAFE_V1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

/** Sysctls live on the pod's security context only; the API has no per-container form. */
function sysctlsRevision(safe: readonly string[]): CheckFn {
  const allowed = new Set(safe);
  return (pod: PodView): CheckOutcome | undefined => {
    const list = arrayField(pod.securityContext, 'sysctls');
    if (!list) return undefined;
    const forbidden: string[] = [];
    const findings: PssFinding[] = [];
    list.forEach((sysctl, index) => {
      const name = isRecord(sysctl) ? stringField(sysctl, 'name') : '';
      if (allowed.has(name)) return;
      forbidden.push(name);
      findings.push({
        path: specPath(pod, 'securityContext', 'sysctls', index, 'name'),
        message: `pod must not set sysctl ${quote(name)}`,
      });
    });
    if (forbidden.length === 0) return undefined;
    return { reason: 'forbidden sysctls', detail: forbidden.join(', '), findings };
  };
}

export const sysctls: CheckDefinition = {
  id: 'sysctls',
  level: 'baseline',
  versions: [
    { since: 0, run: sysctlsRevision(SAFE_V1_0) },
    { since: 27, run: sysctlsRevision(SAFE_V1_27) },
    { since: 29, run: sysctlsRevision(SAFE_V1_29) },
    { since: 32, run: sysctlsRevision(SAFE_V1_32) },
    { since: 37, run: sysctlsRevision(SAFE_V1_37) },
  ],
};
