import { own } from '../../core/lookup.js';
import type { Path } from '../../core/path.js';
import { apiGroup, isRecord } from '../../core/pod-spec.js';
import type { KubeObject } from '../../core/resource.js';
import { defineRule, NOT_APPLICABLE, type Report } from '../../core/rule.js';

type MessageId = 'peerAuthentication' | 'portLevel' | 'destinationRule';

const WEAK_MODES = new Set(['PERMISSIVE', 'DISABLE']);
const EFFECT: Record<string, string> = {
  PERMISSIVE: 'workloads also accept plaintext connections from unauthenticated peers',
  DISABLE: 'workloads accept only plaintext, and peers are not authenticated',
};

/**
 * Istio's mTLS posture as the input states it. Judged only on the Istio objects present: with no
 * PeerAuthentication at all Istio defaults to PERMISSIVE, but the input cannot show a mesh exists.
 */
export const istioMtlsNotStrict = defineRule<MessageId>({
  meta: {
    id: 'istio-mtls-not-strict',
    title: 'Istio enforces mutual TLS',
    description:
      'Reports Istio PeerAuthentications whose `mtls.mode` is PERMISSIVE (medium) or DISABLE (high), telling mesh-wide policies (in the root namespace, option `rootNamespace`, default `istio-system`, without a selector) from namespace-wide and workload ones; per-port exceptions in `portLevelMtls` (low); and DestinationRules for in-mesh hosts (short names without dots, `*.svc`, `*.svc.cluster.local`, `*.local`, and `*`) that set `tls.mode: DISABLE` for all traffic, a port or a subset. DestinationRules for other hosts are not judged: a name like `api.example.com` is usually an external service, where mesh mTLS does not apply. Linkerd is not judged: its mTLS cannot be turned off by a resource, only bypassed per port with skip-port annotations.',
    rationale:
      'In PERMISSIVE mode a sidecar accepts plaintext as well as mTLS, so any pod in the cluster (or anything that reaches the pod network) can call the workload without an identity, and AuthorizationPolicies based on principals are bypassed. DISABLE removes encryption and authentication altogether, exposing service-to-service traffic to sniffing and spoofing.',
    remediation:
      'Once every client runs a sidecar, enforce STRICT mesh-wide and drop DestinationRule TLS overrides for in-mesh hosts:\n\n```yaml\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: istio-system\nspec:\n  mtls:\n    mode: STRICT\n```\n\nKeep PERMISSIVE only for the ports that must take plaintext (for example a metrics port scraped from outside the mesh) with `portLevelMtls`.',
    stage: 'runtime',
    severity: 'medium',
    owner: 'platform',
    frameworks: {
      nsa: ['Audit logging and threat detection: service meshes', 'Network separation and hardening: encryption'],
    },
    kinds: ['PeerAuthentication', 'DestinationRule'],
    messages: {
      peerAuthentication: '{{scope}} sets mtls.mode {{mode}}: {{effect}}',
      portLevel: 'PeerAuthentication sets port {{port}} to {{mode}}: that port accepts plaintext',
      destinationRule:
        'DestinationRule for {{host}} disables TLS{{where}}: clients send plaintext to in-mesh workloads',
    },
    options: {
      rootNamespace: {
        type: 'string',
        nonEmpty: true,
        default: 'istio-system',
        description: "Istio's root namespace, whose PeerAuthentication applies mesh-wide",
      },
    },
    references: [
      'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
      'https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/',
      'https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-TLSmode',
    ],
  },
  check({ object, options }) {
    const group = apiGroup(object.apiVersion);
    if (object.kind === 'PeerAuthentication') {
      if (group !== 'security.istio.io') return NOT_APPLICABLE;
      const root = typeof options.rootNamespace === 'string' ? options.rootNamespace : 'istio-system';
      return peerAuthentication(object, root);
    }
    // another group's kind of the same name: not this rule's (and a skip would repeat the input's apiVersion)
    if (group !== 'networking.istio.io') return NOT_APPLICABLE;
    return destinationRule(object);
  },
});

function peerAuthentication(object: KubeObject, root: string): Report<MessageId>[] {
  const spec = isRecord(object.spec) ? object.spec : {};
  const reports: Report<MessageId>[] = [];
  const mode = isRecord(spec.mtls) ? spec.mtls.mode : undefined;
  if (typeof mode === 'string' && WEAK_MODES.has(mode)) {
    const labels = isRecord(spec.selector) && isRecord(spec.selector.matchLabels) ? spec.selector.matchLabels : {};
    const selector = Object.entries(labels).map(([key, value]) => `${key}=${String(value)}`);
    const namespace = object.metadata?.namespace ?? '';
    const scope =
      selector.length > 0
        ? `PeerAuthentication for workloads ${selector.join(', ')}`
        : namespace === root
          ? 'mesh-wide PeerAuthentication'
          : `PeerAuthentication for namespace ${namespace || '(unset)'}`;
    reports.push({
      path: ['spec', 'mtls', 'mode'],
      messageId: 'peerAuthentication',
      data: { scope, mode, effect: own(EFFECT, mode) as string },
      severity: mode === 'DISABLE' ? 'high' : 'medium',
    });
  }
  if (isRecord(spec.portLevelMtls)) {
    for (const [port, setting] of Object.entries(spec.portLevelMtls)) {
      const portMode = isRecord(setting) ? setting.mode : undefined;
      if (typeof portMode === 'string' && WEAK_MODES.has(portMode))
        reports.push({
          path: ['spec', 'portLevelMtls', port, 'mode'],
          messageId: 'portLevel',
          data: { port, mode: portMode },
          severity: 'low',
        });
    }
  }
  return reports;
}

function destinationRule(object: KubeObject): Report<MessageId>[] {
  const spec = isRecord(object.spec) ? object.spec : {};
  const host = typeof spec.host === 'string' ? spec.host : '';
  if (!inMesh(host)) return [];
  const reports: Report<MessageId>[] = [];
  const judge = (policy: unknown, at: Path, subset?: string) => {
    if (!isRecord(policy)) return;
    if (isRecord(policy.tls) && policy.tls.mode === 'DISABLE')
      reports.push(report(host, [...at, 'tls', 'mode'], subset ? ` for subset ${subset}` : ''));
    if (Array.isArray(policy.portLevelSettings)) {
      policy.portLevelSettings.forEach((setting, i) => {
        if (!isRecord(setting) || !isRecord(setting.tls) || setting.tls.mode !== 'DISABLE') return;
        const port = isRecord(setting.port) ? String(setting.port.number ?? '?') : '?';
        reports.push(
          report(
            host,
            [...at, 'portLevelSettings', i, 'tls', 'mode'],
            ` on port ${port}${subset ? ` of subset ${subset}` : ''}`,
          ),
        );
      });
    }
  };
  judge(spec.trafficPolicy, ['spec', 'trafficPolicy']);
  if (Array.isArray(spec.subsets)) {
    spec.subsets.forEach((subset, i) => {
      if (isRecord(subset))
        judge(subset.trafficPolicy, ['spec', 'subsets', i, 'trafficPolicy'], String(subset.name ?? i));
    });
  }
  return reports;
}

function report(host: string, path: Path, where: string): Report<MessageId> {
  return { path, messageId: 'destinationRule', data: { host, where }, severity: 'high' };
}

/** Hosts that name workloads in the mesh rather than external services. */
function inMesh(host: string): boolean {
  if (host === '' || host === '*') return host === '*';
  const name = host.toLowerCase();
  if (name.endsWith('.svc') || name.endsWith('.svc.cluster.local') || name.endsWith('.local')) return true;
  return !name.includes('.');
}
