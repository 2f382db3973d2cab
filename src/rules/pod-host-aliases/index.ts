import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import { fieldsOf, NO_FINDINGS, podOrSkip } from '../workload-support.js';

/** Loopback entries point names at the pod itself (a local proxy sidecar), which sends nothing elsewhere. */
const LOOPBACK = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|0:0:0:0:0:0:0:1)$/;

export const podHostAliases = defineRule<'alias'>({
  meta: {
    id: 'pod-host-aliases',
    title: 'Pods do not override name resolution with hostAliases',
    description:
      'Flags each `spec.hostAliases` entry that maps host names to an address other than loopback. Entries pointing at 127.0.0.0/8 or ::1 (a local proxy sidecar) pass.',
    rationale:
      "hostAliases writes fixed entries into the pod's /etc/hosts, which are consulted before DNS. Anyone who can change the manifest can silently send the application's traffic for a trusted name — an identity provider, a payment API, a package mirror — to a host of their choosing, and the redirection never shows up in DNS logs or in DNS-based egress policies. Even when well meant, pinned addresses go stale when the real service moves.",
    remediation:
      'Remove the entries and publish the names in DNS: an ExternalName or headless Service inside the cluster, or a record in your DNS zone:\n\n```yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: payments\nspec:\n  type: ExternalName\n  externalName: payments.internal.example.com\n```\n\nIf an override is unavoidable, record why with an exception.',
    stage: 'deploy',
    severity: 'low',
    owner: 'developer',
    frameworks: {},
    kinds: POD_SPEC_KINDS,
    messages: { alias: 'the pod resolves {{hostnames}} to {{ip}} through /etc/hosts, bypassing DNS' },
    references: [
      'https://kubernetes.io/docs/tasks/network/customize-hosts-file-for-pods/',
      'https://kubernetes.io/docs/concepts/services-networking/service/#externalname',
    ],
  },
  check({ object }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    const aliases = pod.spec.hostAliases;
    if (!Array.isArray(aliases)) return NO_FINDINGS;
    let reports: Report<'alias'>[] | undefined;
    for (let i = 0; i < aliases.length; i++) {
      const alias = fieldsOf(aliases[i]);
      const ip = typeof alias?.ip === 'string' ? alias.ip : '';
      const hostnames = Array.isArray(alias?.hostnames) ? alias.hostnames.filter((h) => typeof h === 'string') : [];
      if (hostnames.length === 0 || LOOPBACK.test(ip)) continue;
      reports ??= [];
      reports.push({
        path: [...pod.specPath, 'hostAliases', i],
        messageId: 'alias',
        data: { hostnames: hostnames.join(', '), ip: ip || '(no ip)' },
      });
    }
    return reports ?? NO_FINDINGS;
  },
});
