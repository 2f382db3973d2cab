import type { Inventory } from '../../core/inventory.js';
import { apiGroup, isRecord } from '../../core/pod-spec.js';
import type { Resource } from '../../core/resource.js';
import { defineRule, type Report } from '../../core/rule.js';

const GROUP = 'gateway.networking.k8s.io';

/**
 * A Gateway listener with protocol HTTP serves plaintext, unless every HTTPRoute attached to it
 * only redirects to HTTPS (the usual port-80 listener). Routes are read from the same input.
 */
export const gatewayListenerWithoutTls = defineRule({
  meta: {
    id: 'gateway-listener-without-tls',
    title: 'Gateway listeners serve HTTPS, or only redirect to it',
    description:
      "Reports Gateway API (gateway.networking.k8s.io) listeners with protocol HTTP, unless the input holds HTTPRoutes attached to the listener and every one of them only redirects to `https` (a `RequestRedirect` filter with `scheme: https` and no backends). Attachment follows `parentRefs` (name, namespace, `sectionName`, `port`) and the listener's `allowedRoutes` (Same by default).",
    rationale:
      'A plaintext listener exposes credentials, cookies and data to anyone on the network path, and lets them alter responses. The port-80 listener of a Gateway should do nothing but send clients to HTTPS.',
    remediation:
      'Serve the routes on an HTTPS listener and keep the HTTP listener for a redirect only:\n\n```yaml\n# Gateway\nlisteners:\n- name: https\n  protocol: HTTPS\n  port: 443\n  tls:\n    certificateRefs: [{name: shop-tls}]\n- name: http\n  protocol: HTTP\n  port: 80\n---\n# HTTPRoute attached to the http listener\nspec:\n  parentRefs: [{name: shop, sectionName: http}]\n  rules:\n  - filters:\n    - type: RequestRedirect\n      requestRedirect: {scheme: https, statusCode: 301}\n```',
    stage: 'deploy',
    severity: 'medium',
    owner: 'platform',
    frameworks: { nsa: ['Network separation and hardening: encryption'] },
    kinds: ['Gateway'],
    messages: {
      plaintext: 'listener "{{listener}}" on port {{port}} serves plain HTTP{{detail}}',
    },
    references: [
      'https://gateway-api.sigs.k8s.io/guides/tls/',
      'https://gateway-api.sigs.k8s.io/guides/http-redirect-rewrite/',
    ],
  },
  check({ object, inventory }) {
    if (apiGroup(object.apiVersion) !== GROUP)
      return { skip: `${object.apiVersion} Gateway is not a Gateway API Gateway` };
    const listeners = isRecord(object.spec) && Array.isArray(object.spec.listeners) ? object.spec.listeners : [];
    const namespace = object.metadata?.namespace ?? '';
    const name = object.metadata?.name ?? '';
    const routes = routesByGateway(inventory).get(`${namespace}/${name}`) ?? [];
    const reports: Report[] = [];
    listeners.forEach((listener, index) => {
      if (!isRecord(listener) || listener.protocol !== 'HTTP') return;
      const attached = routes.filter((route) => attaches(route, listener, namespace));
      const serving = attached.filter((route) => !redirectsOnly(route.object.spec));
      if (attached.length > 0 && serving.length === 0) return;
      const detail =
        serving.length > 0
          ? `: HTTPRoute ${serving.map((route) => route.object.metadata?.name).join(', ')} is served instead of redirected to HTTPS`
          : '';
      reports.push({
        path: ['spec', 'listeners', index, 'protocol'],
        messageId: 'plaintext',
        data: { listener: String(listener.name ?? index), port: String(listener.port ?? '?'), detail },
      });
    });
    return reports;
  },
});

interface AttachedRoute {
  object: Resource['object'];
  namespace: string;
  sectionName?: unknown;
  port?: unknown;
}

const indexes = new WeakMap<Inventory, Map<string, AttachedRoute[]>>();

/** HTTPRoute parent references, by `namespace/name` of the Gateway; built once per inventory. */
function routesByGateway(inventory: Inventory): Map<string, AttachedRoute[]> {
  let index = indexes.get(inventory);
  if (index) return index;
  index = new Map();
  for (const { object } of inventory.ofKind('HTTPRoute')) {
    if (apiGroup(object.apiVersion) !== GROUP || !isRecord(object.spec) || !Array.isArray(object.spec.parentRefs))
      continue;
    const namespace = object.metadata?.namespace ?? '';
    for (const ref of object.spec.parentRefs) {
      if (!isRecord(ref) || typeof ref.name !== 'string') continue;
      if ((ref.group ?? GROUP) !== GROUP || (ref.kind ?? 'Gateway') !== 'Gateway') continue;
      const key = `${typeof ref.namespace === 'string' ? ref.namespace : namespace}/${ref.name}`;
      const list = index.get(key) ?? [];
      list.push({ object, namespace, sectionName: ref.sectionName, port: ref.port });
      index.set(key, list);
    }
  }
  indexes.set(inventory, index);
  return index;
}

function attaches(route: AttachedRoute, listener: Record<string, unknown>, gatewayNamespace: string): boolean {
  if (route.sectionName !== undefined && route.sectionName !== listener.name) return false;
  if (route.port !== undefined && route.port !== listener.port) return false;
  const allowed =
    isRecord(listener.allowedRoutes) && isRecord(listener.allowedRoutes.namespaces)
      ? listener.allowedRoutes.namespaces.from
      : 'Same';
  return allowed !== 'Same' || route.namespace === gatewayNamespace;
}

function redirectsOnly(spec: unknown): boolean {
  const rules = isRecord(spec) && Array.isArray(spec.rules) ? spec.rules : [];
  if (rules.length === 0) return false;
  return rules.every((rule) => {
    if (!isRecord(rule)) return false;
    if (Array.isArray(rule.backendRefs) && rule.backendRefs.length > 0) return false;
    const filters = Array.isArray(rule.filters) ? rule.filters : [];
    return filters.some(
      (f) =>
        isRecord(f) &&
        f.type === 'RequestRedirect' &&
        isRecord(f.requestRedirect) &&
        f.requestRedirect.scheme === 'https',
    );
  });
}
