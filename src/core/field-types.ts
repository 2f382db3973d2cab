import type { Path, PathSegment } from './path.js';
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
    const found = located(check(metadata, METADATA), ['metadata']);
    if (found) return found;
  }
  const root = ROOTS.get(object.kind);
  if (root) {
    const found = located(check(object, root), []);
    if (found) return found;
  }
  const pod = podTemplate(object);
  if (!pod) return undefined;
  return located(check(pod.metadata, METADATA), pod.metadataPath) ?? located(check(pod.spec, POD_SPEC), pod.specPath);
}

/**
 * A wrong field, its path innermost first. Every object of a scan is checked and nearly all are
 * right, so the path is built on the way out of a failure, never for the fields that pass.
 */
interface Wrong {
  reversed: PathSegment[];
  expected: string;
}

function located(wrong: Wrong | undefined, base: Path): { path: Path; expected: string } | undefined {
  return wrong && { path: [...base, ...wrong.reversed.reverse()], expected: wrong.expected };
}

function check(value: unknown, type: FieldType): Wrong | undefined {
  if (value === null || value === undefined) return undefined; // absent, or null (as good as absent to the API server)
  if (typeof type === 'string') return matches(value, type) ? undefined : { reversed: [], expected: NAMES[type] };
  const { list, fields } = compiled(type);
  if (list) {
    if (!Array.isArray(value)) return { reversed: [], expected: NAMES.list };
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const found = isRecord(item) ? check(item, list) : { reversed: [], expected: NAMES.object };
      if (found) {
        found.reversed.push(i);
        return found;
      }
    }
    return undefined;
  }
  if (!isRecord(value)) return { reversed: [], expected: NAMES.object };
  for (const [field, fieldType] of fields) {
    if (!Object.hasOwn(value, field)) continue;
    const found = check(value[field], fieldType);
    if (found) {
      found.reversed.push(field);
      return found;
    }
  }
  return undefined;
}

/** A shape's fields, or the shape of a list's items, worked out once per shape rather than per object. */
function compiled(type: Shape | { list: Shape }): { list: Shape | undefined; fields: readonly [string, FieldType][] } {
  let found = shapes.get(type);
  if (!found) {
    found = isListShape(type)
      ? { list: type.list, fields: [] }
      : { list: undefined, fields: Object.keys(type).map((field) => [field, (type as Shape)[field] as FieldType]) };
    shapes.set(type, found);
  }
  return found;
}

const shapes = new Map<object, { list: Shape | undefined; fields: readonly [string, FieldType][] }>();

function isListShape(type: Shape | { list: Shape }): type is { list: Shape } {
  return 'list' in type && Object.keys(type).length === 1 && isRecord((type as { list?: unknown }).list);
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
