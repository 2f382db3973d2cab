import { defineRule, type Report } from '../../core/rule.js';
import {
  CLUSTER_INFO_API_VERSION,
  endOfLife,
  minorOf,
  NEWEST_KNOWN_MINOR,
  NOW_OPTION,
  nowOption,
} from '../kubernetes-releases.js';

type MessageId = 'endOfLife' | 'endingSoon';

const DAY = 86_400_000;

/**
 * Judges the API server's version a cluster scan records in its ClusterInfo object (a snapshot
 * keeps it too). A file scan has no ClusterInfo, so this rule judges only live clusters and snapshots.
 */
export const clusterVersionEndOfLife = defineRule<MessageId>({
  meta: {
    id: 'cluster-version-end-of-life',
    title: 'The cluster runs a Kubernetes release that still gets security fixes',
    description: `Reports a cluster whose API server runs a minor release past its end-of-life date (no more patches, security fixes included), and one within \`warnDays\` (option, default 90) of it. Dates from kubernetes.io/releases; minors newer than v1.${NEWEST_KNOWN_MINOR} are not judged. Managed offerings (EKS, GKE, AKS) support some minors longer under their own policies: suppress the finding with their date as the exception's \`expires\`. Option \`now\` judges at that date instead of the clock.`,
    rationale:
      'Once a minor release ends, vulnerabilities found in the API server, the kubelet or their Go runtime are fixed only in newer releases. An end-of-life cluster keeps every such vulnerability, and upgrades across several minors at once are riskier than one at a time.',
    remediation:
      'Upgrade the control plane one minor release at a time (then the nodes, within the skew the kubelet allows) to a release that is still supported; `rampart scan` with `--kubernetes-version` shows what the newer release no longer serves before you upgrade.',
    stage: 'runtime',
    severity: 'high',
    owner: 'platform',
    frameworks: { nsa: ['Upgrading and application security practices'], mitre: ['T1190'] },
    kinds: ['ClusterInfo'],
    messages: {
      endOfLife: 'the API server runs Kubernetes {{version}}, whose release reached end of life on {{date}}',
      endingSoon:
        'the API server runs Kubernetes {{version}}, whose release reaches end of life on {{date}}, in {{days}} days',
    },
    options: {
      warnDays: {
        type: 'integer',
        minimum: 0,
        default: 90,
        description: 'report releases ending within this many days',
      },
      now: NOW_OPTION,
    },
    references: ['https://kubernetes.io/releases/', 'https://kubernetes.io/releases/version-skew-policy/'],
  },
  check({ object, options, now: scanTime }) {
    if (object.apiVersion !== CLUSTER_INFO_API_VERSION) return [];
    const server = (object.serverVersion ?? {}) as { gitVersion?: unknown };
    const minor = minorOf(server.gitVersion);
    if (minor === undefined) return { skip: 'the server version is not a Kubernetes version (v1.N)' };
    const date = endOfLife(minor);
    if (date === undefined)
      return { skip: `v1.${minor} is newer than the releases Rampart knows (up to v1.${NEWEST_KNOWN_MINOR})` };
    const version = `v1.${minor}`;
    const path = ['serverVersion', 'gitVersion'];
    if (date === 'ended') return [{ path, messageId: 'endOfLife', data: { version, date: 'before 2022-12-08' } }];
    const now = nowOption(options.now, scanTime);
    const warnDays = typeof options.warnDays === 'number' && options.warnDays >= 0 ? options.warnDays : 90;
    const end = Date.parse(`${date}T00:00:00Z`);
    if (end <= now) return [{ path, messageId: 'endOfLife', data: { version, date } }];
    const days = Math.floor((end - now) / DAY);
    if (days > warnDays) return [];
    const report: Report<MessageId> = {
      path,
      messageId: 'endingSoon',
      data: { version, date, days },
      severity: 'medium',
    };
    return [report];
  },
});
