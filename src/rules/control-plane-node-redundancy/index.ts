import { defineRule, NOT_APPLICABLE, type Report } from '../../core/rule.js';
import { clusterScope, firstByName, isControlPlaneNode } from '../control-plane-topology.js';

type MessageId = 'oneNode' | 'twoNodes';

/**
 * Counts the Nodes labelled as control plane. A cluster whose control plane runs elsewhere
 * (managed offerings, external control planes) has none, and then nothing is judged: zero says
 * nothing about the API servers this rule cannot see.
 */
export const controlPlaneNodeRedundancy = defineRule<MessageId>({
  meta: {
    id: 'control-plane-node-redundancy',
    title: 'The control plane runs on at least three nodes',
    description:
      'Counts the Nodes labelled `node-role.kubernetes.io/control-plane` (or the older `node-role.kubernetes.io/master`) and reports one (high availability is absent) or two (kubeadm stacks an etcd member on each control-plane node, and two members tolerate no failure). Judged in a cluster scan or its snapshot only, on the first control-plane Node by name; a cluster without labelled control-plane Nodes (managed, or a control plane outside the cluster) gets no result, nor does a file scan.',
    rationale:
      'The control-plane nodes run the API servers, the scheduler, the controller managers and, stacked, the etcd members. One node is a single point of failure for all of them; with two stacked members etcd needs both for a quorum, so losing either node stops every write to the cluster. Three is the smallest count that survives the loss of one.',
    remediation:
      'Add control-plane nodes up to three (or five), in different failure domains (`kubeadm join --control-plane`, or the node count of the installer), with a load balancer in front of their API servers. If etcd runs outside these nodes and two API servers are enough for you, record that with an exception.',
    stage: 'runtime',
    severity: 'medium',
    owner: 'platform',
    frameworks: { mitre: ['T1499'] },
    kinds: ['Node'],
    messages: {
      oneNode: 'one node carries the control-plane role: the control plane has no other node to fail over to',
      twoNodes:
        'two nodes carry the control-plane role: with etcd stacked on them, as kubeadm does, losing either one loses the etcd quorum',
    },
    references: [
      'https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/ha-topology/',
      'https://kubernetes.io/docs/setup/best-practices/multiple-zones/',
    ],
  },
  check({ object, inventory }) {
    if (!isControlPlaneNode(object) || !clusterScope(inventory)) return NOT_APPLICABLE;
    const controlPlane = inventory
      .ofKind('Node')
      .map((r) => r.object)
      .filter(isControlPlaneNode);
    if (object !== firstByName(controlPlane)) return NOT_APPLICABLE;
    const path = ['metadata', 'labels'];
    const reports: Report<MessageId>[] = [];
    if (controlPlane.length === 1) reports.push({ path, messageId: 'oneNode' });
    else if (controlPlane.length === 2) reports.push({ path, messageId: 'twoNodes', severity: 'low' });
    return reports;
  },
});
