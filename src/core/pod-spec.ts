import { own } from './lookup.js';
import type { Path } from './path.js';
import type { KubeObject, ObjectMeta } from './resource.js';

/** A pod spec is free-form to the engine; rules read the fields they need. */
export type PodSpec = Record<string, unknown>;
export type Container = Record<string, unknown>;

/** The pod an object runs (a Pod itself, or a workload's template), with paths into the object. */
export interface PodTemplate {
  metadata: ObjectMeta;
  spec: PodSpec;
  metadataPath: Path;
  specPath: Path;
}

/** Where the pod template sits in each workload kind, by API group. */
const TEMPLATE_PATHS: Record<string, { groups: readonly string[]; path: Path; metadataPath?: Path; specPath?: Path }> =
  {
    Pod: { groups: [''], path: [] },
    PodTemplate: { groups: [''], path: ['template'] },
    ReplicationController: { groups: [''], path: ['spec', 'template'] },
    Deployment: { groups: ['apps', 'extensions'], path: ['spec', 'template'] },
    ReplicaSet: { groups: ['apps', 'extensions'], path: ['spec', 'template'] },
    DaemonSet: { groups: ['apps', 'extensions'], path: ['spec', 'template'] },
    StatefulSet: { groups: ['apps'], path: ['spec', 'template'] },
    Job: { groups: ['batch'], path: ['spec', 'template'] },
    CronJob: { groups: ['batch'], path: ['spec', 'jobTemplate', 'spec', 'template'] },
  };

/** The kinds that carry a pod spec. */
export const POD_SPEC_KINDS: readonly string[] = Object.keys(TEMPLATE_PATHS);

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * The pod template of a Pod or a built-in workload, or undefined for anything
 * else — including custom resources that reuse a built-in kind name in their own
 * API group (a volcano `Job` is not a batch `Job`).
 */
export function podTemplate(object: KubeObject): PodTemplate | undefined {
  // Dozens of rules ask for the same object's pod; objects are read-only to rules, so one answer serves all.
  const cached = templates.get(object);
  if (cached !== undefined) return cached ?? undefined;
  const template = findPodTemplate(object);
  templates.set(object, template ?? null);
  return template;
}

const templates = new WeakMap<KubeObject, PodTemplate | null>();

function findPodTemplate(object: KubeObject): PodTemplate | undefined {
  const entry = own(TEMPLATE_PATHS, object.kind);
  if (!entry?.groups.includes(apiGroup(object.apiVersion))) return undefined;
  let node: unknown = object;
  for (const key of entry.path) node = isRecord(node) ? node[key] : undefined;
  if (!isRecord(node)) return undefined;
  const spec = node.spec;
  if (!isRecord(spec)) return undefined;
  const metadata = isRecord(node.metadata) ? (node.metadata as ObjectMeta) : {};
  // Paths are read-only: every pod of a kind shares its kind's two.
  entry.metadataPath ??= [...entry.path, 'metadata'];
  entry.specPath ??= [...entry.path, 'spec'];
  return { metadata, spec, metadataPath: entry.metadataPath, specPath: entry.specPath };
}

export const CONTAINER_FIELDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerField = (typeof CONTAINER_FIELDS)[number];

export interface ContainerRef {
  container: Container;
  field: ContainerField;
  index: number;
  name: string;
  /** Path from the object root to the container. */
  path: Path;
}

/** Every container of the pod, in upstream's visiting order: init, regular, ephemeral. */
export function containersOf(
  pod: PodTemplate,
  fields: readonly ContainerField[] = CONTAINER_FIELDS,
): readonly ContainerRef[] {
  if (fields === CONTAINER_FIELDS) {
    let all = containerCache.get(pod);
    if (!all) {
      all = collectContainers(pod, CONTAINER_FIELDS);
      containerCache.set(pod, all);
    }
    return all;
  }
  return collectContainers(pod, fields);
}

const containerCache = new WeakMap<PodTemplate, readonly ContainerRef[]>();

function collectContainers(pod: PodTemplate, fields: readonly ContainerField[]): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const field of fields) {
    const list = pod.spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((container, index) => {
      if (!isRecord(container)) return;
      const name = typeof container.name === 'string' ? container.name : '';
      out.push({ container, field, index, name, path: [...pod.specPath, field, index] });
    });
  }
  return out;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
