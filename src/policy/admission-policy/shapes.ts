/**
 * How server-side apply merges each field of a kind: structs and string maps field by field
 * unless marked atomic, lists atomically unless they are sets or maps keyed by some of their
 * items' fields (`x-kubernetes-list-type`, `+listType` in the Go types). A field without a shape
 * takes the default: mappings merge field by field, lists are atomic.
 *
 * Only the built-in fields that differ from that default are listed; they are transcribed from
 * the markers of k8s.io/api (core/v1, apps/v1, batch/v1, networking/v1, meta/v1).
 */
export interface Shape {
  /** Replaced as a whole; never merged. ApplyConfiguration may not set it at all. */
  atomic?: boolean;
  /** Known fields of a struct. */
  fields?: Readonly<Record<string, Shape>>;
  /** The shape of every value of a map (additionalProperties). */
  values?: Shape;
  /** `set`: merged as a union; `map`: items merged by `keys`; absent or `atomic`: replaced. */
  list?: 'atomic' | 'set' | 'map';
  keys?: readonly string[];
  items?: Shape;
}

const ATOMIC: Shape = { atomic: true };
const SET: Shape = { list: 'set' };
const mapList = (keys: readonly string[], items: Shape = {}): Shape => ({ list: 'map', keys, items });

/** metav1.LabelSelector and core LocalObjectReference are `+structType=atomic`. */
const LABEL_SELECTOR = ATOMIC;
const LOCAL_OBJECT_REFERENCE = ATOMIC;

export const OBJECT_META: Shape = {
  fields: { finalizers: SET, ownerReferences: mapList(['uid']), managedFields: { list: 'atomic' } },
};

const CONTAINER: Shape = {
  fields: {
    ports: mapList(['containerPort', 'protocol']),
    env: mapList(['name']),
    volumeMounts: mapList(['mountPath']),
    volumeDevices: mapList(['devicePath']),
    resources: { fields: { claims: mapList(['name']) } },
  },
};

const POD_AFFINITY_TERM: Shape = { fields: { labelSelector: LABEL_SELECTOR, namespaceSelector: LABEL_SELECTOR } };

export const POD_SPEC: Shape = {
  fields: {
    containers: mapList(['name'], CONTAINER),
    initContainers: mapList(['name'], CONTAINER),
    ephemeralContainers: mapList(['name'], CONTAINER),
    volumes: mapList(['name']),
    imagePullSecrets: mapList(['name'], LOCAL_OBJECT_REFERENCE),
    hostAliases: mapList(['ip']),
    topologySpreadConstraints: mapList(['topologyKey', 'whenUnsatisfiable'], {
      fields: { labelSelector: LABEL_SELECTOR },
    }),
    resourceClaims: mapList(['name']),
    schedulingGates: mapList(['name']),
    nodeSelector: ATOMIC,
    affinity: {
      fields: {
        podAffinity: {
          fields: {
            requiredDuringSchedulingIgnoredDuringExecution: { list: 'atomic', items: POD_AFFINITY_TERM },
          },
        },
      },
    },
  },
};

const POD_TEMPLATE: Shape = { fields: { metadata: OBJECT_META, spec: POD_SPEC } };

const withMeta = (fields: Record<string, Shape>): Shape => ({ fields: { metadata: OBJECT_META, ...fields } });

const WORKLOAD = withMeta({ spec: { fields: { selector: LABEL_SELECTOR, template: POD_TEMPLATE } } });

/** Shapes of the built-in kinds, by `group/Kind` (versions of one kind share their shape). */
export const BUILTIN_SHAPES: Readonly<Record<string, Shape>> = {
  '/Pod': withMeta({ spec: POD_SPEC }),
  '/PodTemplate': withMeta({ template: POD_TEMPLATE }),
  '/ReplicationController': withMeta({ spec: { fields: { selector: ATOMIC, template: POD_TEMPLATE } } }),
  'apps/Deployment': WORKLOAD,
  'apps/ReplicaSet': WORKLOAD,
  'apps/DaemonSet': WORKLOAD,
  'apps/StatefulSet': withMeta({
    spec: { fields: { selector: LABEL_SELECTOR, template: POD_TEMPLATE, volumeClaimTemplates: { list: 'atomic' } } },
  }),
  'extensions/Deployment': WORKLOAD,
  'extensions/ReplicaSet': WORKLOAD,
  'extensions/DaemonSet': WORKLOAD,
  'batch/Job': withMeta({ spec: { fields: { selector: LABEL_SELECTOR, template: POD_TEMPLATE } } }),
  'batch/CronJob': withMeta({
    spec: {
      fields: {
        jobTemplate: {
          fields: { metadata: OBJECT_META, spec: { fields: { selector: LABEL_SELECTOR, template: POD_TEMPLATE } } },
        },
      },
    },
  }),
  '/Service': withMeta({ spec: { fields: { ports: mapList(['port', 'protocol']), selector: ATOMIC } } }),
  '/Namespace': withMeta({}),
  '/ConfigMap': withMeta({}),
  '/Secret': withMeta({}),
  '/ServiceAccount': withMeta({ secrets: mapList(['name']), imagePullSecrets: { list: 'atomic' } }),
  'policy/PodDisruptionBudget': withMeta({ spec: { fields: { selector: LABEL_SELECTOR } } }),
  'networking.k8s.io/NetworkPolicy': withMeta({ spec: { fields: { podSelector: LABEL_SELECTOR } } }),
  'networking.k8s.io/Ingress': withMeta({}),
};

/** The shape of a kind when nothing is known about it: still an object with metadata. */
export const UNKNOWN_KIND_SHAPE: Shape = withMeta({});
