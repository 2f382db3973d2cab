import { isRecord } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import { endOfLife, NOW_OPTION, nowOption } from '../kubernetes-releases.js';

type MessageId = 'osEndOfLife' | 'runtimeEndOfLife';

/**
 * End of (standard, free) support of node operating systems, by the prefix of `osImage` as the
 * kubelet reports it (`/etc/os-release` PRETTY_NAME). Vendors' paid extensions (Ubuntu Pro,
 * RHEL ELS) are not counted: a node that has one can carry an exception saying so.
 */
const OPERATING_SYSTEMS: readonly { prefix: string; name: string; date: string }[] = [
  { prefix: 'Ubuntu 16.04', name: 'Ubuntu 16.04', date: '2021-04-30' },
  { prefix: 'Ubuntu 18.04', name: 'Ubuntu 18.04', date: '2023-05-31' },
  { prefix: 'Ubuntu 20.04', name: 'Ubuntu 20.04', date: '2025-05-31' },
  { prefix: 'CentOS Linux 7', name: 'CentOS Linux 7', date: '2024-06-30' },
  { prefix: 'CentOS Linux 8', name: 'CentOS Linux 8', date: '2021-12-31' },
  { prefix: 'CentOS Stream 8', name: 'CentOS Stream 8', date: '2024-05-31' },
  { prefix: 'Red Hat Enterprise Linux Server 7', name: 'RHEL 7', date: '2024-06-30' },
  { prefix: 'Debian GNU/Linux 9', name: 'Debian 9', date: '2022-06-30' },
  { prefix: 'Debian GNU/Linux 10', name: 'Debian 10', date: '2024-06-30' },
  { prefix: 'Debian GNU/Linux 11', name: 'Debian 11', date: '2026-08-31' },
  { prefix: 'Amazon Linux 2 ', name: 'Amazon Linux 2', date: '2026-06-30' },
];

/** containerd minor releases and their end of life (containerd's RELEASES.md; 1.7's is its announced September 2026). */
const CONTAINERD: Readonly<Record<string, string>> = {
  '1.3': '2021-03-04',
  '1.4': '2022-03-03',
  '1.5': '2023-02-28',
  '1.6': '2025-08-23',
  '1.7': '2026-09-30',
  '2.0': '2025-11-07',
  '2.1': '2026-05-05',
  '2.2': '2026-11-06',
};

/** Kubernetes' oldest end-of-life date Rampart knows: minors before it ended earlier still. */
const OLDEST_KUBERNETES_DATE = '2022-12-08';

/**
 * The runtime a node reports, with its release's end of life: containerd by its own table; CRI-O,
 * whose minor releases follow Kubernetes' (1.N is maintained as long as Kubernetes 1.N), by
 * Kubernetes' dates. Other runtimes (Docker Engine behind cri-dockerd, gVisor, …) are not judged.
 */
function runtimeEndOfLife(reported: unknown): { runtime: string; version: string; date: string | 'ended' } | undefined {
  if (typeof reported !== 'string' || reported.length > 128) return undefined;
  const containerd = /^containerd:\/\/v?(\d{1,2}\.\d{1,2})(?:\.|$)/.exec(reported)?.[1];
  if (containerd !== undefined) {
    const date = CONTAINERD[containerd];
    return date ? { runtime: 'containerd', version: containerd, date } : undefined;
  }
  const crio = /^cri-o:\/\/v?1\.(\d{1,3})(?:\.|$)/.exec(reported)?.[1];
  if (crio !== undefined) {
    const date = endOfLife(Number(crio));
    return date ? { runtime: 'CRI-O', version: `1.${crio}`, date } : undefined;
  }
  return undefined;
}

export const nodeSoftwareEndOfLife = defineRule<MessageId>({
  meta: {
    id: 'node-software-end-of-life',
    title: 'Nodes run an operating system and container runtime that still get security fixes',
    description:
      "Reads `status.nodeInfo.osImage` and `containerRuntimeVersion` of each Node and reports operating systems past the end of their standard support (Ubuntu 16.04–20.04, CentOS Linux 7 and 8, CentOS Stream 8, RHEL 7, Debian 9–11, Amazon Linux 2), containerd minor releases past their end of life (containerd's release table), and CRI-O minor releases past the end of life of the Kubernetes minor they follow (CRI-O 1.N is maintained as long as Kubernetes 1.N). Paid extended support is not counted; other systems and runtimes (Docker Engine behind cri-dockerd among them) are not judged. Option `now` judges at that date instead of the clock.",
    rationale:
      'The node kernel and runtime are what a container escape attacks. Once their vendor stops shipping fixes, every later kernel or runc vulnerability stays open on that node, for every pod scheduled there.',
    remediation:
      'Replace the nodes with an image of a supported release (managed node groups: update the AMI or node image version; self-managed: rebuild the image), draining them one at a time; run a containerd release that is still maintained, as the node image of your Kubernetes minor ships it, or the CRI-O minor of a supported Kubernetes minor (upgraded with the kubelet).',
    stage: 'runtime',
    severity: 'medium',
    owner: 'platform',
    frameworks: { nsa: ['Upgrading and application security practices'], mitre: ['T1611'] },
    kinds: ['Node'],
    messages: {
      osEndOfLife: 'the node runs {{os}}, whose standard support ended on {{date}}',
      runtimeEndOfLife: 'the node runs {{runtime}} {{version}}, which reached end of life on {{date}}',
    },
    options: { now: NOW_OPTION },
    references: [
      'https://containerd.io/releases/',
      'https://github.com/cri-o/cri-o#compatibility-matrix-cri-o--kubernetes',
      'https://endoflife.date/',
    ],
  },
  check({ object, options, now: scanTime }) {
    if (object.apiVersion !== 'v1') return [];
    const status = isRecord(object.status) ? object.status : {};
    const info = isRecord(status.nodeInfo) ? status.nodeInfo : {};
    const { osImage, containerRuntimeVersion } = info;
    if (typeof osImage !== 'string' && typeof containerRuntimeVersion !== 'string')
      return { skip: 'the node reports no OS image or container runtime (status.nodeInfo)' };
    const now = nowOption(options.now, scanTime);
    const ended = (date: string) => Date.parse(`${date}T00:00:00Z`) <= now;
    const reports: Report<MessageId>[] = [];
    if (typeof osImage === 'string') {
      const os = OPERATING_SYSTEMS.find((entry) => `${osImage} `.startsWith(entry.prefix));
      if (os && ended(os.date))
        reports.push({
          path: ['status', 'nodeInfo', 'osImage'],
          messageId: 'osEndOfLife',
          data: { os: os.name, date: os.date },
        });
    }
    const runtime = runtimeEndOfLife(containerRuntimeVersion);
    if (runtime && (runtime.date === 'ended' || ended(runtime.date)))
      reports.push({
        path: ['status', 'nodeInfo', 'containerRuntimeVersion'],
        messageId: 'runtimeEndOfLife',
        data: { ...runtime, date: runtime.date === 'ended' ? `before ${OLDEST_KUBERNETES_DATE}` : runtime.date },
      });
    return reports;
  },
});
