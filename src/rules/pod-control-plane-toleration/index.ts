import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import { nodeAgentKind } from '../infrastructure.js';
import { fieldsOf, NO_FINDINGS, podOrSkip } from '../workload-support.js';

type MessageId = 'everyTaint' | 'controlPlane' | 'nodeAgent';

const CONTROL_PLANE_TAINTS = new Set(['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master']);

/**
 * Control-plane nodes carry `node-role.kubernetes.io/control-plane:NoSchedule` (and, on older
 * clusters, `…/master`). A toleration lets the pod be scheduled there when its effect is empty or
 * NoSchedule and it matches that key — or any key, for `operator: Exists` without a key.
 * DaemonSets are rated low: node agents often have to run on every node.
 */
export const podControlPlaneToleration = defineRule<MessageId>({
  meta: {
    id: 'pod-control-plane-toleration',
    title: 'Pods do not tolerate the control-plane taint',
    description:
      'Flags tolerations that let a pod be scheduled onto control-plane nodes: a toleration of `node-role.kubernetes.io/control-plane` or `node-role.kubernetes.io/master` with effect NoSchedule or none, or `operator: Exists` without a key, which tolerates every taint. Tolerations limited to the NoExecute or PreferNoSchedule effects, or requiring a value the taint does not carry, pass. A node agent (a DaemonSet with host network, host PID or hostPath volumes, or tolerating every taint: CNI plugins, log and metrics collectors) must run on every node, control-plane nodes included, so its finding is `info` and says so; other DaemonSets are rated low.',
    rationale:
      "Control-plane nodes hold the cluster's crown jewels: etcd data, CA keys, admin kubeconfigs and the API server's credentials. The taint keeps ordinary workloads off them, so that an application compromise stays on a worker. A pod that tolerates the taint can land next to etcd, where any host mount, kernel exploit or node-level credential turns one application bug into control of the whole cluster.",
    remediation:
      'Remove the toleration, or narrow a tolerate-everything entry to the taints the workload really needs:\n\n```yaml\ntolerations:\n- key: dedicated\n  operator: Equal\n  value: batch\n  effect: NoSchedule\n```\n\nNode agents that must run on control-plane nodes belong to the platform team; record that with an exception naming the owner.',
    stage: 'deploy',
    severity: 'medium',
    owner: 'platform',
    frameworks: {},
    kinds: POD_SPEC_KINDS,
    messages: {
      everyTaint:
        'toleration {{index}} (operator Exists without a key) tolerates every taint, so the pod can be scheduled onto control-plane nodes',
      controlPlane:
        'toleration {{index}} tolerates taint {{key}}, so the pod can be scheduled onto control-plane nodes',
      nodeAgent:
        'toleration {{index}} lets the pod run on control-plane nodes too, as expected of {{what}}, which must run on every node',
    },
    references: [
      'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/',
      'https://kubernetes.io/docs/reference/labels-annotations-taints/#node-role-kubernetes-io-control-plane-taint',
    ],
  },
  check({ object }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    const agent = nodeAgentKind(object, pod);
    const tolerations = pod.spec.tolerations;
    if (!Array.isArray(tolerations)) return NO_FINDINGS;
    let reports: Report<MessageId>[] | undefined;
    for (let i = 0; i < tolerations.length; i++) {
      const toleration = fieldsOf(tolerations[i]);
      if (!toleration) continue;
      const effect = toleration.effect ?? '';
      if (effect !== '' && effect !== 'NoSchedule') continue;
      const key = typeof toleration.key === 'string' ? toleration.key : '';
      const exists = toleration.operator === 'Exists';
      let messageId: MessageId | undefined;
      if (exists && key === '') messageId = 'everyTaint';
      else if (CONTROL_PLANE_TAINTS.has(key) && (exists || (toleration.value ?? '') === '')) messageId = 'controlPlane';
      if (!messageId) continue;
      reports ??= [];
      reports.push(
        agent
          ? {
              path: [...pod.specPath, 'tolerations', i],
              messageId: 'nodeAgent',
              severity: 'info',
              data: { index: i, what: agent },
            }
          : {
              path: [...pod.specPath, 'tolerations', i],
              messageId,
              ...(object.kind === 'DaemonSet' ? { severity: 'low' as const } : {}),
              data: { index: i, key },
            },
      );
    }
    return reports ?? NO_FINDINGS;
  },
});
