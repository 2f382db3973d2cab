import type { Inventory } from '../../core/inventory.js';
import { matchesSelector } from '../../core/inventory.js';
import { isRecord, podTemplate } from '../../core/pod-spec.js';
import type { KubeObject } from '../../core/resource.js';
import { defineRule, type Report } from '../../core/rule.js';
import { publicEntryPoint } from '../infrastructure.js';

type MessageId = 'loadBalancer' | 'openSourceRanges' | 'nodePort' | 'entryPoint';

const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const EVERYWHERE = new Set(['0.0.0.0/0', '::/0']);

/** Annotations with which cloud controllers provision an internal (VPC-only) load balancer. */
const INTERNAL_LB: readonly [string, (value: string) => boolean][] = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', (v) => v === 'true' || v === '0.0.0.0/0'],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', (v) => v === 'internal'],
  ['networking.gke.io/load-balancer-type', (v) => v.toLowerCase() === 'internal'],
  ['cloud.google.com/load-balancer-type', (v) => v.toLowerCase() === 'internal'],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', (v) => v === 'true'],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', (v) => v === 'true'],
  ['service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', (v) => v === 'private'],
];

/**
 * A LoadBalancer or NodePort Service opens its pods to networks outside the cluster. Reported
 * unless the load balancer is internal or its source ranges exclude the internet.
 */
export const serviceExposedExternally = defineRule<MessageId>({
  meta: {
    id: 'service-exposed-externally',
    title: 'Services are not exposed outside the cluster without a source restriction',
    description:
      'Reports Services of type LoadBalancer (medium) unless the cloud load balancer is internal (the AWS, GKE, Azure, OCI and IBM internal annotations) or `spec.loadBalancerSourceRanges` (or the `service.beta.kubernetes.io/load-balancer-source-ranges` annotation) limits who may connect; ranges that include `0.0.0.0/0` or `::/0` restrict nothing. Reports Services of type NodePort (low), which open a port on every node. A LoadBalancer in front of pods that are meant to be public (an ingress controller, an Istio ingress gateway, a Gateway API gateway, recognised by their arguments, images, labels or an IngressClass of the input) is reported as `info`, saying so.',
    rationale:
      'An external load balancer puts the pods in front of the whole internet, where they are scanned within minutes and every unpatched vulnerability or unauthenticated endpoint is found. A NodePort opens the port on every node address, bypassing the ingress layer (TLS, authentication, WAF) and reaching nodes from any network that can route to them.',
    remediation:
      'Keep Services ClusterIP and publish HTTP through an Ingress or Gateway. When a LoadBalancer is needed, make it internal or restrict its sources:\n\n```yaml\nspec:\n  type: LoadBalancer\n  loadBalancerSourceRanges:\n  - 203.0.113.0/24   # office egress\n  - 10.0.0.0/8       # VPC\n```',
    stage: 'deploy',
    severity: 'medium',
    owner: 'platform',
    frameworks: { nsa: ['Network separation and hardening'], mitre: ['T1190'] },
    kinds: ['Service'],
    messages: {
      loadBalancer: 'LoadBalancer Service exposes ports {{ports}} to any source address',
      openSourceRanges: 'LoadBalancer Service allows {{range}} in its source ranges, which lets any address connect',
      nodePort: 'NodePort Service opens ports {{ports}} on every node',
      entryPoint:
        'LoadBalancer Service exposes ports {{ports}} to any source address, as expected: it selects {{what}}, the public entry point of the cluster, whose routes, TLS and authentication decide what is reachable',
    },
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer',
      'https://kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/',
      'https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport',
    ],
  },
  check({ object, inventory }) {
    if (object.apiVersion !== 'v1') return [];
    const spec = isRecord(object.spec) ? object.spec : {};
    const annotations = object.metadata?.annotations ?? {};
    if (spec.type === 'NodePort') {
      return [
        { path: ['spec', 'type'], messageId: 'nodePort', data: { ports: ports(spec, 'nodePort') }, severity: 'low' },
      ];
    }
    if (spec.type !== 'LoadBalancer') return [];
    if (INTERNAL_LB.some(([key, internal]) => typeof annotations[key] === 'string' && internal(annotations[key])))
      return [];
    const reports: Report<MessageId>[] = [];
    const ranges = spec.loadBalancerSourceRanges;
    if (Array.isArray(ranges) && ranges.length > 0) {
      ranges.forEach((range, index) => {
        if (typeof range === 'string' && EVERYWHERE.has(range.trim()))
          reports.push({
            path: ['spec', 'loadBalancerSourceRanges', index],
            messageId: 'openSourceRanges',
            data: { range },
          });
      });
      return reports;
    }
    const annotated = annotations[SOURCE_RANGES_ANNOTATION];
    if (typeof annotated === 'string' && annotated.trim() !== '') {
      const open = annotated
        .split(',')
        .map((r) => r.trim())
        .find((r) => EVERYWHERE.has(r));
      if (!open) return [];
      return [
        {
          path: ['metadata', 'annotations', SOURCE_RANGES_ANNOTATION],
          messageId: 'openSourceRanges',
          data: { range: open },
        },
      ];
    }
    const what = entryPointSelected(object, spec, inventory);
    if (what)
      return [
        {
          path: ['spec', 'type'],
          messageId: 'entryPoint',
          severity: 'info',
          data: { ports: ports(spec, 'port'), what },
        },
      ];
    return [{ path: ['spec', 'type'], messageId: 'loadBalancer', data: { ports: ports(spec, 'port') } }];
  },
});

function ports(spec: Record<string, unknown>, field: 'port' | 'nodePort'): string {
  const list = Array.isArray(spec.ports) ? spec.ports : [];
  const numbers = list.map((p) => (isRecord(p) && p[field] !== undefined ? String(p[field]) : '(allocated)'));
  return numbers.length > 0 ? numbers.join(', ') : '(none listed)';
}

/** What public entry point the Service's selector picks among the workloads of the input, if any. */
function entryPointSelected(
  service: KubeObject,
  spec: Record<string, unknown>,
  inventory: Inventory,
): string | undefined {
  const selector = isRecord(spec.selector) ? (spec.selector as Record<string, string>) : undefined;
  if (!selector || Object.keys(selector).length === 0) return undefined;
  const namespace = service.metadata?.namespace ?? '';
  for (const resource of inventory.inNamespace(typeof namespace === 'string' ? namespace : '')) {
    const pod = podTemplate(resource.object);
    if (!pod) continue;
    const labels = isRecord(pod.metadata.labels) ? (pod.metadata.labels as Record<string, string>) : {};
    if (!matchesSelector({ matchLabels: selector }, labels)) continue;
    const what = publicEntryPoint(pod, inventory);
    if (what) return what;
  }
  return undefined;
}
