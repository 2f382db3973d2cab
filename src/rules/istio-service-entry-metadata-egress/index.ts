import { IpSet, METADATA_ADDRESSES, parseRange } from '../../analyze/netpol/index.js';
import type { Path } from '../../core/path.js';
import { apiGroup, isRecord } from '../../core/pod-spec.js';
import { defineRule, NOT_APPLICABLE, type Report } from '../../core/rule.js';

type MessageId = 'address' | 'endpoint' | 'host';

/** The metadata addresses (shared with the NetworkPolicy rules), each with the set it is. */
const METADATA = METADATA_ADDRESSES.map((address) => ({ address, set: parseRange(address) ?? IpSet.EMPTY }));
/** Names that resolve to a metadata address: Google Cloud's (the others are reached by address only). */
const METADATA_HOSTS = ['metadata.google.internal'];
/** The port every metadata service answers on. */
const HTTP_PORT = 80;

/**
 * A ServiceEntry adds a destination to Istio's registry; in a mesh whose outbound policy is
 * REGISTRY_ONLY it is what lets pods reach a host at all. Where the sidecar sends the traffic
 * depends on `resolution`: NONE passes it to the address the pod asked for (matched by
 * `addresses`, or for HTTP by the Host header against `hosts`), STATIC to the `endpoints`'
 * addresses, DNS to the endpoints' names or, without endpoints, to the `hosts`.
 */
export const istioServiceEntryMetadataEgress = defineRule<MessageId>({
  meta: {
    id: 'istio-service-entry-metadata-egress',
    title: 'Istio ServiceEntries do not open the cloud metadata service',
    description:
      'Reports Istio ServiceEntries through which meshed pods reach a cloud instance metadata service (169.254.169.254, fd00:ec2::254, or the name metadata.google.internal) on port 80: with resolution NONE (the default), an `addresses` entry whose range holds a metadata address, or a host that is or covers (`*.internal`, `*.google.internal`) a metadata name; with resolution STATIC, an endpoint at a metadata address; with resolution DNS, an endpoint at a metadata address or name, or, without endpoints, a metadata name among the hosts. Port 80 counts when a port of the entry has that number (resolution NONE), or sends to it on the endpoint (endpoint `ports`, `targetPort`, else the number). One finding per ServiceEntry.',
    rationale:
      "The metadata service hands out the node's cloud credentials over plain HTTP. Many meshes run with `outboundTrafficPolicy: REGISTRY_ONLY` precisely so that pods reach only the destinations the registry lists: a ServiceEntry for the metadata service (often a broad `0.0.0.0/0` one, or one added for a single agent and exported to every namespace) puts it back in reach, and any SSRF bug in a meshed application becomes a stolen cloud identity.",
    remediation:
      'Remove the metadata address from the entry, or narrow a broad range to the destinations the workloads need. If one workload really needs the metadata service, limit the entry to its namespace with `exportTo`, and prefer the cloud\'s workload identity (IRSA, GKE Workload Identity, Azure Workload Identity) to node credentials:\n\n```yaml\napiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: payments-api\nspec:\n  hosts: [api.payments.example.com]\n  ports:\n  - {number: 443, name: https, protocol: TLS}\n  resolution: DNS\n  exportTo: ["."]\n```',
    stage: 'runtime',
    severity: 'high',
    owner: 'platform',
    frameworks: { nsa: ['Network separation and hardening'], mitre: ['T1552.005'] },
    kinds: ['ServiceEntry'],
    messages: {
      address: 'addresses entry {{cidr}} holds the cloud metadata service {{addresses}}, on port 80{{scope}}',
      endpoint: 'endpoint {{endpoint}} is the cloud metadata service, on port 80{{scope}}',
      host: 'host {{host}} {{what}}, on port 80{{scope}}',
    },
    references: [
      'https://istio.io/latest/docs/reference/config/networking/service-entry/',
      'https://istio.io/latest/docs/tasks/traffic-management/egress/egress-control/',
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
    ],
  },
  check({ object }) {
    // another group's ServiceEntry is another kind: no result, which would also repeat its apiVersion
    if (apiGroup(object.apiVersion) !== 'networking.istio.io') return NOT_APPLICABLE;
    const spec = isRecord(object.spec) ? object.spec : {};
    const scope = scopeOf(spec.exportTo);
    const report = reportOf(spec);
    return report ? [{ ...report, data: { ...report.data, scope } }] : [];
  },
});

type Found = Omit<Report<MessageId>, 'data'> & { data: Record<string, string> };

function reportOf(spec: Record<string, unknown>): Found | undefined {
  const ports = Array.isArray(spec.ports) ? spec.ports.filter(isRecord) : [];
  const resolution = typeof spec.resolution === 'string' ? spec.resolution : 'NONE';
  if (resolution === 'NONE') {
    if (!ports.some((port) => port.number === HTTP_PORT)) return undefined;
    return inAddresses(spec.addresses) ?? inHosts(spec.hosts, true);
  }
  const endpoints = Array.isArray(spec.endpoints) ? spec.endpoints : [];
  if (resolution === 'STATIC') return inEndpoints(endpoints, ports, false);
  if (resolution !== 'DNS' && resolution !== 'DNS_ROUND_ROBIN') return undefined;
  if (endpoints.length > 0) return inEndpoints(endpoints, ports, true);
  if (!ports.some((port) => targetPort(port, undefined) === HTTP_PORT)) return undefined;
  return inHosts(spec.hosts, false);
}

function inAddresses(addresses: unknown): Found | undefined {
  if (!Array.isArray(addresses)) return undefined;
  for (let i = 0; i < addresses.length; i++) {
    const text = addresses[i];
    const set = typeof text === 'string' ? parseRange(text) : undefined;
    if (!set) continue;
    const reached = METADATA.filter((m) => set.intersects(m.set)).map((m) => m.address);
    if (reached.length === 0) continue;
    return {
      path: ['spec', 'addresses', i],
      messageId: 'address',
      data: { cidr: text as string, addresses: reached.join(', ') },
    };
  }
  return undefined;
}

function inHosts(hosts: unknown, wildcards: boolean): Found | undefined {
  if (!Array.isArray(hosts)) return undefined;
  for (let i = 0; i < hosts.length; i++) {
    const host = hosts[i];
    if (typeof host !== 'string') continue;
    const name = metadataName(host, wildcards);
    if (name === undefined) continue;
    const what =
      name === normalHost(host) ? 'is the cloud metadata service' : `covers the cloud metadata service ${name}`;
    return { path: ['spec', 'hosts', i], messageId: 'host', data: { host, what } };
  }
  return undefined;
}

function inEndpoints(endpoints: readonly unknown[], ports: readonly Record<string, unknown>[], names: boolean) {
  for (let i = 0; i < endpoints.length; i++) {
    const endpoint = endpoints[i];
    if (!isRecord(endpoint) || typeof endpoint.address !== 'string') continue;
    const address = endpoint.address;
    const set = parseRange(address);
    const metadata = set
      ? METADATA.some((m) => set.equals(m.set))
      : names && metadataName(address, false) !== undefined;
    if (!metadata || !ports.some((port) => targetPort(port, endpoint) === HTTP_PORT)) continue;
    const path: Path = ['spec', 'endpoints', i, 'address'];
    return { path, messageId: 'endpoint' as const, data: { endpoint: address } };
  }
  return undefined;
}

/** The port on the endpoint that traffic to a port of the entry is sent to. */
function targetPort(port: Record<string, unknown>, endpoint: Record<string, unknown> | undefined): unknown {
  const mapped = isRecord(endpoint?.ports) && typeof port.name === 'string' ? endpoint.ports[port.name] : undefined;
  return mapped ?? port.targetPort ?? port.number;
}

/** The metadata name a host is, or covers with a leading wildcard (`*.internal`), if any. */
function metadataName(host: string, wildcards: boolean): string | undefined {
  const lower = normalHost(host);
  for (const name of METADATA_HOSTS) {
    if (lower === name) return name;
    if (wildcards && (lower === '*' || (lower.startsWith('*.') && name.endsWith(lower.slice(1))))) return name;
  }
  return undefined;
}

/** A host name as DNS compares it: any case, with or without the root's dot. */
function normalHost(host: string): string {
  const lower = host.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** How far the entry reaches: `exportTo` of only its own namespace is worth saying. */
function scopeOf(exportTo: unknown): string {
  return Array.isArray(exportTo) && exportTo.length === 1 && exportTo[0] === '.'
    ? ', for the pods of its namespace'
    : ', for every meshed pod it is exported to';
}
