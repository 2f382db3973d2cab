import type { Path } from './path.js';

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/** A parsed Kubernetes object. Only apiVersion and kind are guaranteed. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

/** 1-based line and column, as editors and SARIF count them. */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Where a resource came from. Positions are resolved on demand (`locate`), so
 * only resources that have findings pay for them.
 */
export type Origin =
  | {
      kind: 'file';
      /** The path as the user gave it (or `<stdin>`). */
      file: string;
      /** 0-based index of the YAML document in the file. */
      document: number;
      /** 0-based index in a `List`'s items, when the resource came from one. */
      item?: number;
      /** The template named by a `# Source:` comment in `helm template` output. */
      template?: string;
      locate(path: Path): SourcePosition;
    }
  | { kind: 'cluster'; context: string }
  | { kind: 'admission'; uid: string; operation: string };

export interface Resource {
  readonly object: KubeObject;
  readonly origin: Origin;
}

/** The identity of a resource as outputs print it. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export function resourceRef(object: KubeObject): ResourceRef {
  const meta = object.metadata ?? {};
  const name =
    typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? `${meta.generateName}*` : '';
  const { apiVersion, kind } = object;
  // key order is the order every output writes: apiVersion, kind, namespace, name
  return typeof meta.namespace === 'string' && meta.namespace !== ''
    ? { apiVersion, kind, namespace: meta.namespace, name }
    : { apiVersion, kind, name };
}

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects. */
export function formatRef(ref: ResourceRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/**
 * A canonical order of objects (kind, namespace, name, apiVersion), for choices that must not
 * depend on the order of files and documents: which workload stands for its namespace, say.
 */
export function compareObjects(a: KubeObject, b: KubeObject): number {
  const key = (o: KubeObject) => {
    const meta = o.metadata ?? {};
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    return [o.kind, text(meta.namespace), text(meta.name) || text(meta.generateName), o.apiVersion];
  };
  const x = key(a);
  const y = key(b);
  for (let i = 0; i < x.length; i++) {
    if ((x[i] as string) < (y[i] as string)) return -1;
    if ((x[i] as string) > (y[i] as string)) return 1;
  }
  return 0;
}

export function isKubeObject(value: unknown): value is KubeObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const { apiVersion, kind } = value as Record<string, unknown>;
  return typeof apiVersion === 'string' && apiVersion !== '' && typeof kind === 'string' && kind !== '';
}
