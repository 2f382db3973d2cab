import type { Path } from './path.js';
import { isRecord, podTemplate } from './pod-spec.js';
import type { KubeObject } from './resource.js';

/*
 * The API server refuses an object whose fields have the wrong JSON type (`containers: "x"`,
 * `privileged: "true"`), so such an object never runs. Rules read fields by type and would see
 * nothing there — a silent pass on `privileged: "true"` — so the loader checks the types of the
 * fields rules read and skips the object with a note instead. Only the pod spec and metadata
 * are checked: that is where rules look, and every workload kind carries them.
 */

type FieldType = 'boolean' | 'integer' | 'string' | 'object' | 'list' | Shape | { list: Shape };
interface Shape {
  [field: string]: FieldType;
}

const SECURITY_CONTEXT: Shape = {
  privileged: 'boolean',
  allowPrivilegeEscalation: 'boolean',
  readOnlyRootFilesystem: 'boolean',
  runAsNonRoot: 'boolean',
  runAsUser: 'integer',
  runAsGroup: 'integer',
  fsGroup: 'integer',
  procMount: 'string',
  capabilities: { add: 'list', drop: 'list' },
  seccompProfile: { type: 'string', localhostProfile: 'string' },
  seLinuxOptions: 'object',
  appArmorProfile: 'object',
  windowsOptions: { hostProcess: 'boolean' },
  sysctls: 'list',
};

const CONTAINER: Shape = {
  name: 'string',
  image: 'string',
  imagePullPolicy: 'string',
  securityContext: SECURITY_CONTEXT,
  ports: { list: { containerPort: 'integer', hostPort: 'integer', name: 'string', protocol: 'string' } },
  env: { list: { name: 'string', value: 'string' } },
  envFrom: 'list',
  resources: { limits: 'object', requests: 'object' },
  volumeMounts: 'list',
  livenessProbe: 'object',
  readinessProbe: 'object',
  startupProbe: 'object',
  lifecycle: 'object',
};

const POD_SPEC: Shape = {
  containers: { list: CONTAINER },
  initContainers: { list: CONTAINER },
  ephemeralContainers: { list: CONTAINER },
  volumes: { list: { name: 'string', hostPath: { path: 'string' } } },
  securityContext: SECURITY_CONTEXT,
  hostNetwork: 'boolean',
  hostPID: 'boolean',
  hostIPC: 'boolean',
  shareProcessNamespace: 'boolean',
  automountServiceAccountToken: 'boolean',
  serviceAccountName: 'string',
  runtimeClassName: 'string',
  terminationGracePeriodSeconds: 'integer',
  nodeSelector: 'object',
  tolerations: 'list',
  hostAliases: 'list',
};

const METADATA: Shape = { name: 'string', namespace: 'string', labels: 'object', annotations: 'object' };

const WEBHOOKS: Shape = {
  webhooks: {
    list: {
      name: 'string',
      failurePolicy: 'string',
      timeoutSeconds: 'integer',
      rules: 'list',
      namespaceSelector: 'object',
      objectSelector: 'object',
    },
  },
};

/**
 * The fields rules read at the root of other kinds (the kind alone picks them). RBAC objects and
 * NetworkPolicies are not here: their analyzers check them as the API server does, with their
 * own messages, and count them as input errors.
 */
const ROOTS = new Map<string, Shape>([
  ['ConfigMap', { data: 'object', binaryData: 'object' }],
  ['Secret', { data: 'object', stringData: 'object', type: 'string' }],
  ['Service', { spec: { type: 'string', externalIPs: 'list', ports: 'list', selector: 'object' } }],
  ['Ingress', { spec: { tls: 'list', rules: 'list' } }],
  ['ValidatingWebhookConfiguration', WEBHOOKS],
  ['MutatingWebhookConfiguration', WEBHOOKS],
  ['Namespace', {}],
]);

/** The first field of a pod-carrying object, or of any object's metadata, whose type the API server would refuse. */
export function wrongType(object: KubeObject): { path: Path; expected: string } | undefined {
  const metadata = object.metadata as unknown;
  if (metadata !== undefined && metadata !== null) {
    const found = check(metadata, METADATA, ['metadata']);
    if (found) return found;
  }
  const root = ROOTS.get(object.kind);
  if (root) {
    const found = check(object, root, []);
    if (found) return found;
  }
  const pod = podTemplate(object);
  if (!pod) return undefined;
  return check(pod.metadata, METADATA, pod.metadataPath) ?? check(pod.spec, POD_SPEC, pod.specPath);
}

function check(value: unknown, type: FieldType, path: Path): { path: Path; expected: string } | undefined {
  if (value === null || value === undefined) return undefined; // absent, or null (as good as absent to the API server)
  if (typeof type === 'string') return matches(value, type) ? undefined : { path, expected: NAMES[type] };
  if ('list' in type && isListShape(type)) {
    if (!Array.isArray(value)) return { path, expected: NAMES.list };
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const found = isRecord(item)
        ? check(item, type.list, [...path, i])
        : { path: [...path, i], expected: NAMES.object };
      if (found) return found;
    }
    return undefined;
  }
  if (!isRecord(value)) return { path, expected: NAMES.object };
  for (const field of Object.keys(type)) {
    if (!Object.hasOwn(value, field)) continue;
    const found = check(value[field], type[field] as FieldType, [...path, field]);
    if (found) return found;
  }
  return undefined;
}

function isListShape(type: Shape | { list: Shape }): type is { list: Shape } {
  return Object.keys(type).length === 1 && isRecord((type as { list?: unknown }).list);
}

function matches(value: unknown, type: 'boolean' | 'integer' | 'string' | 'object' | 'list'): boolean {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'string':
      return typeof value === 'string';
    case 'object':
      return isRecord(value);
    case 'list':
      return Array.isArray(value);
  }
}

const NAMES = {
  boolean: 'true or false',
  integer: 'an integer',
  string: 'a string',
  object: 'a mapping',
  list: 'a list',
} as const;
