import { isRecord } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import {
  CLUSTER_INFO_API_VERSION,
  CLUSTER_INFO_KIND,
  endOfLife,
  minorOf,
  NOW_OPTION,
  nowOption,
} from '../kubernetes-releases.js';

type MessageId = 'newerThanServer' | 'tooOld' | 'endOfLife';

/** The kubelet may be up to three minors older than the API server, never newer (version skew policy, since v1.28). */
const MAX_KUBELET_LAG = 3;

/**
 * Reads the kubelet version a node reports in its status. The API server's version comes from
 * the ClusterInfo object of a cluster scan or snapshot; without it (a file of Node objects) only
 * the kubelet's own end of life is judged.
 */
export const nodeVersionSkew = defineRule<MessageId>({
  meta: {
    id: 'node-version-skew',
    title: 'Node kubelets are within the supported skew of the API server and still supported',
    description: `Reads \`status.nodeInfo.kubeletVersion\` of each Node and reports a kubelet newer than the API server, a kubelet more than ${MAX_KUBELET_LAG} minor releases older than it (the version skew policy since v1.28), and a kubelet whose minor release has reached end of life. The API server's version is that of the cluster scan (or snapshot); a scan of Node files judges end of life only. Option \`now\` judges end of life at that date instead of the clock.`,
    rationale:
      'A kubelet outside the supported skew runs combinations nobody tested: API fields it does not know are dropped, security features the control plane relies on (pod-level settings, credential projection, admission-enforced fields) are silently not applied on that node. An end-of-life kubelet no longer gets security fixes, and it is the component an attacker in a container reaches first.',
    remediation:
      "Upgrade the node pools (or the nodes, drained one at a time) to the API server's minor release, or to one at most three minors older that is still supported; upgrade the control plane first, never the kubelet past it.",
    stage: 'runtime',
    severity: 'high',
    owner: 'platform',
    frameworks: { nsa: ['Upgrading and application security practices'], mitre: ['T1190'] },
    kinds: ['Node'],
    messages: {
      newerThanServer: 'kubelet {{kubelet}} is newer than the API server ({{server}}): the kubelet may never be newer',
      tooOld:
        'kubelet {{kubelet}} is {{lag}} minor releases older than the API server ({{server}}); at most 3 are supported',
      endOfLife: 'kubelet {{kubelet}} runs a release that reached end of life on {{date}}',
    },
    options: { now: NOW_OPTION },
    references: ['https://kubernetes.io/releases/version-skew-policy/#kubelet', 'https://kubernetes.io/releases/'],
  },
  check({ object, inventory, options, now: scanTime }) {
    if (object.apiVersion !== 'v1') return [];
    const status = isRecord(object.status) ? object.status : {};
    const info = isRecord(status.nodeInfo) ? status.nodeInfo : {};
    const kubeletMinor = minorOf(info.kubeletVersion);
    if (kubeletMinor === undefined)
      return { skip: 'the node reports no kubelet version (status.nodeInfo.kubeletVersion)' };
    const kubelet = `v1.${kubeletMinor}`;
    const path = ['status', 'nodeInfo', 'kubeletVersion'];
    const reports: Report<MessageId>[] = [];
    const clusterInfo = inventory
      .ofKind(CLUSTER_INFO_KIND)
      .find((r) => r.object.apiVersion === CLUSTER_INFO_API_VERSION);
    const serverMinor = minorOf(
      (clusterInfo?.object.serverVersion as { gitVersion?: unknown } | undefined)?.gitVersion,
    );
    if (serverMinor !== undefined) {
      const server = `v1.${serverMinor}`;
      if (kubeletMinor > serverMinor) reports.push({ path, messageId: 'newerThanServer', data: { kubelet, server } });
      else if (serverMinor - kubeletMinor > MAX_KUBELET_LAG)
        reports.push({ path, messageId: 'tooOld', data: { kubelet, server, lag: serverMinor - kubeletMinor } });
    }
    const date = endOfLife(kubeletMinor);
    if (date === 'ended') reports.push({ path, messageId: 'endOfLife', data: { kubelet, date: 'before 2022-12-08' } });
    else if (date && Date.parse(`${date}T00:00:00Z`) <= nowOption(options.now, scanTime))
      reports.push({ path, messageId: 'endOfLife', data: { kubelet, date } });
    return reports;
  },
});
