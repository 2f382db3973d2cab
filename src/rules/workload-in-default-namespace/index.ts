import { apiGroup, POD_SPEC_KINDS, podTemplate } from '../../core/pod-spec.js';
import { defineRule } from '../../core/rule.js';

const KINDS: readonly string[] = [...POD_SPEC_KINDS, 'Service', 'Ingress'];
const INGRESS_GROUPS = new Set(['networking.k8s.io', 'extensions']);

/**
 * CIS 5.7.4. Only an explicit `namespace: default` is reported: a manifest without a namespace
 * lands wherever `kubectl apply -n` or the Helm release puts it, which the manifest cannot know.
 */
export const workloadInDefaultNamespace = defineRule({
  meta: {
    id: 'workload-in-default-namespace',
    title: 'Workloads do not run in the default namespace',
    description:
      'Reports workloads, Services and Ingresses whose metadata.namespace is `default`. Objects without a namespace are not reported (they go where they are applied), nor is the `kubernetes` Service the API server maintains there.',
    rationale:
      'The default namespace is where everything lands by accident, so it tends to collect unrelated applications that share one set of RBAC grants, network policies and quotas. Applications there cannot be isolated from each other, and any permission granted in it reaches all of them.',
    remediation:
      'Give each application its own namespace and set it explicitly:\n\n```yaml\nmetadata:\n  name: web\n  namespace: shop\n```\n\nor leave `namespace` out of the manifest and apply it with `kubectl apply -n shop` / `helm install -n shop`.',
    stage: 'deploy',
    severity: 'low',
    owner: 'developer',
    frameworks: { nsa: ['Network separation and hardening: namespaces'], cis: ['5.7.4'] },
    kinds: KINDS,
    messages: { defaultNamespace: '{{kind}} {{name}} is in the default namespace' },
    references: [
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/',
      'https://kubernetes.io/docs/concepts/security/multi-tenancy/',
    ],
  },
  check({ object }) {
    if (object.metadata?.namespace !== 'default') return [];
    const name = typeof object.metadata.name === 'string' ? object.metadata.name : '';
    if (object.kind === 'Service' && name === 'kubernetes') return [];
    const known =
      object.kind === 'Service'
        ? object.apiVersion === 'v1'
        : object.kind === 'Ingress'
          ? INGRESS_GROUPS.has(apiGroup(object.apiVersion))
          : podTemplate(object) !== undefined;
    if (!known) return { skip: `${object.apiVersion} ${object.kind} is not a Kubernetes workload, Service or Ingress` };
    return [{ path: ['metadata', 'namespace'], messageId: 'defaultNamespace', data: { kind: object.kind, name } }];
  },
});
