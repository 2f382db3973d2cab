import type { Inventory } from '../../core/inventory.js';
import { isRecord } from '../../core/pod-spec.js';
import { type AppliedNamespace, appliedNamespace, namespaceOf } from './applied-namespace.js';
import type { WorkloadFact } from './cluster-facts.js';

/**
 * How a workload's pods can be reached from outside the cluster, as far as the inputs show:
 * a LoadBalancer or NodePort Service (or one with externalIPs) selecting them, an Ingress routing
 * to such a selecting Service, or the host's network.
 */
export function exposureOf(
  workload: WorkloadFact,
  inventory: Inventory,
  applied: AppliedNamespace = appliedNamespace(inventory),
): string[] {
  const out: string[] = [];
  if (workload.spec.hostNetwork === true) out.push('hostNetwork');
  const selecting = new Set<string>();
  for (const service of inventory.ofKind('Service')) {
    if (namespaceOf(service.object, applied) !== workload.namespace) continue;
    const spec = isRecord(service.object.spec) ? service.object.spec : {};
    const selector = isRecord(spec.selector) ? (spec.selector as Record<string, string>) : undefined;
    if (!selector || Object.keys(selector).length === 0) continue;
    if (!Object.entries(selector).every(([k, v]) => workload.labels[k] === v)) continue;
    const name = service.object.metadata?.name ?? '';
    selecting.add(name);
    const type = spec.type;
    if (type === 'LoadBalancer' || type === 'NodePort') out.push(`Service ${name} (${type})`);
    else if (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0) out.push(`Service ${name} (externalIPs)`);
  }
  for (const ingress of inventory.ofKind('Ingress')) {
    if (namespaceOf(ingress.object, applied) !== workload.namespace) continue;
    const names = backendServices(ingress.object.spec);
    const hit = [...names].find((name) => selecting.has(name));
    if (hit) out.push(`Ingress ${ingress.object.metadata?.name ?? ''} → Service ${hit}`);
  }
  return out;
}

function backendServices(spec: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isRecord(node)) {
      if (isRecord(node.service) && typeof node.service.name === 'string') names.add(node.service.name);
      if (typeof node.serviceName === 'string') names.add(node.serviceName);
      for (const value of Object.values(node)) visit(value);
    }
  };
  visit(spec);
  return names;
}
