import { isRecord } from '../../core/pod-spec.js';
import type { KubeObject } from '../../core/resource.js';
import { defineRule, NOT_APPLICABLE, type Report } from '../../core/rule.js';
import { clusterScope, firstByName, isControlPlaneNode, label } from '../control-plane-topology.js';

type MessageId = 'oneMember' | 'evenMembers' | 'onWorkerNode';

/**
 * etcd is visible only when it runs as a static pod, as kubeadm's stacked topology does: the
 * kubelet then posts a mirror pod to kube-system. External etcd (and every managed offering's)
 * shows no object, and then nothing is judged.
 */
function isEtcdPod(object: KubeObject): boolean {
  if (object.kind !== 'Pod' || object.apiVersion !== 'v1' || object.metadata?.namespace !== 'kube-system') return false;
  if (label(object, 'component') === 'etcd' && label(object, 'tier') === 'control-plane') return true;
  const annotations = object.metadata.annotations;
  const mirror = isRecord(annotations) && Object.hasOwn(annotations, 'kubernetes.io/config.mirror');
  return mirror && (object.metadata.name ?? '').startsWith('etcd-');
}

const nodeNameOf = (pod: KubeObject): string | undefined => {
  const spec = isRecord(pod.spec) ? pod.spec : {};
  return typeof spec.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : undefined;
};

export const controlPlaneEtcdRedundancy = defineRule<MessageId>({
  meta: {
    id: 'control-plane-etcd-redundancy',
    title: 'etcd, where it runs in the cluster, has an odd number of members of at least three, on control-plane nodes',
    description:
      'Reads the etcd static pods in `kube-system` (labels `component=etcd`, `tier=control-plane`, or a mirror pod named `etcd-*`), counts their nodes as members, and reports a single member, an even number of members, and a member on a node that is not labelled control plane. Judged in a cluster scan or its snapshot only; external or managed etcd shows no pod and gets no result, nor does a file scan.',
    rationale:
      'etcd holds the whole state of the cluster, Secrets included. A single member loses every write, and without a recent backup the cluster, when its disk or node fails. A quorum is a majority, so four members tolerate one failure like three do, and two tolerate none. A member on a worker node shares that node with workloads: a container escape there reaches the datastore and its keys.',
    remediation:
      'Run three (or five) etcd members, each on its own control-plane node in its own failure domain (`kubeadm join --control-plane` adds a stacked member), or an external etcd cluster of that size; take regular snapshots (`etcdctl snapshot save`) either way. Keep etcd on control-plane nodes, tainted so that workloads are not scheduled there.',
    stage: 'runtime',
    severity: 'medium',
    owner: 'platform',
    frameworks: { mitre: ['T1499'] },
    kinds: ['Pod'],
    messages: {
      oneMember:
        'one etcd member runs as a pod in kube-system and no other is visible: if it is the only member, losing its node loses every write to the cluster',
      evenMembers:
        '{{count}} etcd members run as pods in kube-system: an even count tolerates no more failures than {{fewer}} members do',
      onWorkerNode: 'this etcd member runs on node {{node}}, which does not carry the control-plane role',
    },
    references: [
      'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/',
      'https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/ha-topology/',
      'https://etcd.io/docs/v3.5/faq/#what-is-failure-tolerance',
    ],
  },
  check({ object, inventory }) {
    if (!isEtcdPod(object) || !clusterScope(inventory)) return NOT_APPLICABLE;
    const reports: Report<MessageId>[] = [];
    const node = nodeNameOf(object);
    const its = node === undefined ? undefined : inventory.find('Node', node);
    if (node !== undefined && its && !isControlPlaneNode(its.object))
      reports.push({ path: ['spec', 'nodeName'], messageId: 'onWorkerNode', data: { node } });
    const members = inventory
      .inNamespace('kube-system')
      .map((r) => r.object)
      .filter(isEtcdPod);
    // the count is the cluster's, judged once: on the first member by name
    if (object === firstByName(members)) {
      const nodes = new Set(members.map((pod) => nodeNameOf(pod) ?? `pod:${pod.metadata?.name ?? ''}`));
      if (nodes.size === 1) reports.push({ path: ['metadata', 'name'], messageId: 'oneMember' });
      else if (nodes.size % 2 === 0)
        reports.push({
          path: ['metadata', 'name'],
          messageId: 'evenMembers',
          data: { count: nodes.size, fewer: nodes.size - 1 },
          severity: 'low',
        });
    }
    return reports;
  },
});
