import type { Path, PathSegment } from '../core/path.js';
import { CONTAINER_FIELDS, type ContainerField, isRecord, type PodTemplate } from '../core/pod-spec.js';

export type Fields = Readonly<Record<string, unknown>>;

export interface ContainerView {
  readonly name: string;
  readonly field: ContainerField;
  readonly index: number;
  readonly fields: Fields;
  /** Undefined when absent or null, as a nil pointer reads upstream. */
  readonly securityContext: Fields | undefined;
}

/**
 * The parts of a pod every check reads, gathered once per pod: the container walk and the
 * security contexts are shared by all nineteen checks instead of being repeated by each.
 */
export interface PodView {
  readonly template: PodTemplate;
  readonly spec: Fields;
  readonly annotations: Fields | undefined;
  readonly securityContext: Fields | undefined;
  /** Init, regular, then ephemeral containers: the order upstream visits them and names them in details. */
  readonly containers: readonly ContainerView[];
}

const views = new WeakMap<PodTemplate, PodView>();

export function viewOf(template: PodTemplate): PodView {
  let view = views.get(template);
  if (!view) {
    view = buildView(template);
    views.set(template, view);
  }
  return view;
}

function buildView(template: PodTemplate): PodView {
  const { spec } = template;
  const containers: ContainerView[] = [];
  for (const field of CONTAINER_FIELDS) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    for (let index = 0; index < list.length; index++) {
      const fields: unknown = list[index];
      if (!isRecord(fields)) continue;
      containers.push({
        name: stringField(fields, 'name'),
        field,
        index,
        fields,
        securityContext: recordField(fields, 'securityContext'),
      });
    }
  }
  return {
    template,
    spec,
    annotations: recordField(template.metadata, 'annotations'),
    securityContext: recordField(spec, 'securityContext'),
    containers,
  };
}

/** A nested object, or undefined for absent, null or mistyped values (a nil pointer upstream). */
export function recordField(parent: Fields | undefined, key: string): Fields | undefined {
  const value = parent?.[key];
  return isRecord(value) ? value : undefined;
}

/** A string field; absent or mistyped reads as the empty string, Go's zero value. */
export function stringField(parent: Fields | undefined, key: string): string {
  const value = parent?.[key];
  return typeof value === 'string' ? value : '';
}

export function arrayField(parent: Fields | undefined, key: string): readonly unknown[] | undefined {
  const value = parent?.[key];
  return Array.isArray(value) ? value : undefined;
}

/** Annotation values are strings to the API server; a scalar written unquoted in YAML reads as its text. */
export function annotationValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === null || value === undefined ? '' : String(value);
}

/** Whether a pointer field is set: present and not null. */
export function isSet(parent: Fields | undefined, key: string): boolean {
  const value = parent?.[key];
  return value !== undefined && value !== null;
}

/** `spec.os.name: windows` — upstream exempts such pods from Linux-only restricted checks from v1.25. */
export function isWindowsPod(pod: PodView): boolean {
  return stringField(recordField(pod.spec, 'os'), 'name') === 'windows';
}

/** `hostUsers: false` — the pod runs in a user namespace, so root inside it is not root on the node. */
export function isUserNamespacePod(pod: PodView): boolean {
  return pod.spec.hostUsers === false;
}

export function specPath(pod: PodView, ...rest: PathSegment[]): Path {
  return [...pod.template.specPath, ...rest];
}

export function containerPath(pod: PodView, container: ContainerView, ...rest: PathSegment[]): Path {
  return [...pod.template.specPath, container.field, container.index, ...rest];
}

export function annotationPath(pod: PodView, key: string): Path {
  return [...pod.template.metadataPath, 'annotations', key];
}
