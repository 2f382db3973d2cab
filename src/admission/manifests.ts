import type { KubeObject } from '../core/resource.js';
import { createCertificateAuthority, issueServingCertificate } from './certificates.js';
import { MODE_LABEL } from './modes.js';

export interface ManifestOptions {
  namespace: string;
  /** The container image; pin it by digest (`…@sha256:…`). */
  image: string;
  /** `self-signed`: a CA made now, its bundle in the configurations; `cert-manager`: an Issuer and a Certificate, the bundle injected. */
  certificates: 'self-signed' | 'cert-manager';
  failurePolicy: 'Fail' | 'Ignore';
  timeoutSeconds: number;
  replicas: number;
  /** rampart.yaml for the webhook, mounted from a ConfigMap. */
  config: string;
  /** Where the API server calls from: the webhook port admits only these (default: the private ranges). */
  apiServerCidrs?: readonly string[];
}

/** RFC 1918: where control planes, managed ones included, reach their webhooks from. */
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

const NAME = 'rampart-webhook';
const PORT = 8443;
const LABELS = { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/part-of': 'rampart' };

/**
 * Everything a cluster needs to run the webhook, as `rampart webhook manifests` writes it: a
 * restricted namespace closed by NetworkPolicies, least-privilege RBAC (list and watch namespaces,
 * nothing else), the certificate, three replicas spread over nodes with a disruption budget, and
 * the two webhook configurations, which never judge kube-system or the webhook's own namespace.
 */
export function webhookManifests(options: ManifestOptions): KubeObject[] {
  const ns = options.namespace;
  const meta = (name: string, namespaced = true) => ({
    name,
    ...(namespaced ? { namespace: ns } : {}),
    labels: LABELS,
  });
  const service = `${NAME}.${ns}.svc`;
  const tls = certificates(options, service);
  const clientConfig = (path: string) => ({
    service: { name: NAME, namespace: ns, path, port: 443 },
    ...(tls.caBundle ? { caBundle: tls.caBundle } : {}),
  });
  const webhook = (path: string) => ({
    name: `${path}.rampart.dev`,
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    failurePolicy: options.failurePolicy,
    timeoutSeconds: options.timeoutSeconds,
    matchPolicy: 'Equivalent',
    clientConfig: clientConfig(`/${path}`),
    rules: RULES,
    namespaceSelector: {
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', ns] }],
    },
    matchConditions: [
      // the control plane's own controllers and nodes are judged by their own admission plugins
      { name: 'not-node-or-controller', expression: "!request.userInfo.username.startsWith('system:node:')" },
      {
        name: 'not-its-own-service-account',
        expression: `request.userInfo.username != 'system:serviceaccount:${ns}:${NAME}'`,
      },
    ],
  });
  const injected = tls.injectFrom ? { annotations: { 'cert-manager.io/inject-ca-from': tls.injectFrom } } : {};
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: {
          ...LABELS,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          [MODE_LABEL]: 'off',
        },
      },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(NAME), automountServiceAccountToken: false },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta(NAME, false),
      rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(NAME, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: ns }],
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`${NAME}-config`), data: { 'rampart.yaml': options.config } },
    ...tls.objects,
    deployment(options, meta(NAME)),
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(NAME),
      spec: { maxUnavailable: 1, selector: { matchLabels: LABELS } },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(NAME),
      spec: { type: 'ClusterIP', selector: LABELS, ports: [{ name: 'https', port: 443, targetPort: 'https' }] },
    },
    ...networkPolicies(meta, options.apiServerCidrs ?? PRIVATE_RANGES),
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: NAME, labels: LABELS, ...injected },
      webhooks: [webhook('validate')],
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: { name: NAME, labels: LABELS, ...injected },
      webhooks: [{ ...webhook('mutate'), reinvocationPolicy: 'Never' }],
    },
  ];
}

/** What the catalogue judges; leases, events and other high-volume objects never reach the webhook. */
const RULES = [
  {
    apiGroups: [''],
    resources: [
      'pods',
      'pods/ephemeralcontainers',
      'services',
      'serviceaccounts',
      'secrets',
      'namespaces',
      'replicationcontrollers',
      'podtemplates',
    ],
  },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'] },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'] },
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'],
  },
].map((rule) => ({ ...rule, apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], scope: '*' }));

type Meta = (name: string, namespaced?: boolean) => Record<string, unknown>;

function deployment(options: ManifestOptions, metadata: Record<string, unknown>): KubeObject {
  const probe = (path: string) => ({ httpGet: { path, port: 'https', scheme: 'HTTPS' }, periodSeconds: 10 });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      replicas: options.replicas,
      selector: { matchLabels: LABELS },
      template: {
        metadata: { labels: LABELS },
        spec: {
          serviceAccountName: NAME,
          // the namespace watch needs the API; the token is mounted as a projected volume by name
          automountServiceAccountToken: true,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 65532,
            runAsGroup: 65532,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: LABELS } },
                },
              ],
            },
          },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: LABELS },
            },
          ],
          containers: [
            {
              name: 'webhook',
              image: options.image,
              imagePullPolicy: 'IfNotPresent',
              args: [
                'webhook',
                'serve',
                '--config',
                '/etc/rampart/rampart.yaml',
                '--cert',
                '/etc/rampart/tls/tls.crt',
                '--key',
                '/etc/rampart/tls/tls.key',
                '--port',
                String(PORT),
              ],
              ports: [{ name: 'https', containerPort: PORT }],
              readinessProbe: probe('/readyz'),
              livenessProbe: probe('/healthz'),
              resources: {
                requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '16Mi' },
                limits: { cpu: '1', memory: '512Mi', 'ephemeral-storage': '64Mi' },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'config', mountPath: '/etc/rampart/rampart.yaml', subPath: 'rampart.yaml', readOnly: true },
                { name: 'tls', mountPath: '/etc/rampart/tls', readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: `${NAME}-config` } },
            { name: 'tls', secret: { secretName: `${NAME}-tls` } },
          ],
        },
      },
    },
  };
}

/** Default deny, then in: the API server to the webhook port; out: DNS and the API server. */
function networkPolicies(meta: Meta, cidrs: readonly string[]): KubeObject[] {
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('default-deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(NAME),
      spec: {
        podSelector: { matchLabels: LABELS },
        policyTypes: ['Ingress', 'Egress'],
        // the API server is not a pod: it is admitted by address, on the webhook port only
        ingress: [{ from: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: 'TCP', port: PORT }] }],
        egress: [
          {
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
            to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          },
          {
            ports: [
              { protocol: 'TCP', port: 443 },
              { protocol: 'TCP', port: 6443 },
            ],
          },
        ],
      },
    },
  ];
}

function certificates(
  options: ManifestOptions,
  service: string,
): { objects: KubeObject[]; caBundle?: string; injectFrom?: string } {
  const ns = options.namespace;
  const sans = [service, `${NAME}.${ns}.svc.cluster.local`];
  if (options.certificates === 'cert-manager') {
    return {
      injectFrom: `${ns}/${NAME}`,
      objects: [
        {
          apiVersion: 'cert-manager.io/v1',
          kind: 'Issuer',
          metadata: { name: `${NAME}-selfsigned`, namespace: ns, labels: LABELS },
          spec: { selfSigned: {} },
        },
        {
          apiVersion: 'cert-manager.io/v1',
          kind: 'Certificate',
          metadata: { name: NAME, namespace: ns, labels: LABELS },
          spec: {
            secretName: `${NAME}-tls`,
            dnsNames: sans,
            duration: '2160h',
            renewBefore: '360h',
            privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
            issuerRef: { name: `${NAME}-selfsigned`, kind: 'Issuer' },
          },
        },
      ],
    };
  }
  const ca = createCertificateAuthority(`${NAME}-ca`);
  const leaf = issueServingCertificate({ commonName: service, sans, issuer: ca, days: 365 });
  return {
    caBundle: Buffer.from(ca.cert).toString('base64'),
    objects: [
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: `${NAME}-tls`, namespace: ns, labels: LABELS },
        type: 'kubernetes.io/tls',
        data: {
          'tls.crt': Buffer.from(leaf.cert).toString('base64'),
          'tls.key': Buffer.from(leaf.key).toString('base64'),
        },
      },
    ],
  };
}
