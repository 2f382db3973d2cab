/**
 * What the workload rules share: the pod of an object (or the skip every pod rule returns), which
 * containers a rule looks at, how a container is named in messages, and image references.
 * Everything here is allocation-light: the rules run on every workload of a scan.
 */
import type { Path } from '../core/path.js';
import { type ContainerRef, containersOf, isRecord, type PodTemplate, podTemplate } from '../core/pod-spec.js';
import type { KubeObject } from '../core/resource.js';
import type { Report, Skip } from '../core/rule.js';

export type Fields = Readonly<Record<string, unknown>>;

/** What a rule returns when it has nothing to say; shared so that passes allocate nothing. */
export const NO_FINDINGS: readonly Report<never>[] = Object.freeze([]);

/** The pod an object runs, or the skip every pod rule gives for objects without one. */
export function podOrSkip(object: KubeObject): PodTemplate | Skip {
  return (
    podTemplate(object) ?? {
      skip: `${object.apiVersion} ${object.kind} has no pod template to check (a custom resource named like a workload, or a workload without its pod spec)`,
    }
  );
}

/** A nested object, or undefined for absent, null or mistyped values. */
export function fieldsOf(value: unknown): Fields | undefined {
  return isRecord(value) ? value : undefined;
}

export function namespaceOf(object: KubeObject): string {
  const namespace = object.metadata?.namespace;
  return typeof namespace === 'string' ? namespace : '';
}

/** Windows pods: Linux-only settings (users, capabilities, read-only root) do not apply to them. */
export function isWindows(pod: PodTemplate): boolean {
  return fieldsOf(pod.spec.os)?.name === 'windows';
}

export const WINDOWS_SKIP: Skip = {
  skip: 'a Windows pod (spec.os.name: windows): the Linux setting this rule checks does not apply',
};

/** Jobs, CronJobs and pods that restart only on failure or never: they run to completion. */
export function runsToCompletion(object: KubeObject, pod: PodTemplate): boolean {
  if (object.kind === 'Job' || object.kind === 'CronJob') return true;
  const policy = pod.spec.restartPolicy;
  return policy === 'Never' || policy === 'OnFailure';
}

export const RUN_TO_COMPLETION_SKIP: Skip = {
  skip: 'the pod runs to completion (a Job, a CronJob, or restartPolicy Never/OnFailure): probes are for long-running containers',
};

/** An init container with restartPolicy Always: a sidecar that runs beside the app for the pod's life. */
export function isSidecar(ref: ContainerRef): boolean {
  return ref.field === 'initContainers' && ref.container.restartPolicy === 'Always';
}

/**
 * Which containers a rule looks at:
 * - `all`: init, regular and ephemeral;
 * - `scheduled`: init and regular (ephemeral containers cannot set resources, probes or ports);
 * - `long-running`: regular containers and sidecars (init containers that run to completion cannot have probes).
 */
export type ContainerScope = 'all' | 'scheduled' | 'long-running';

function inScope(ref: ContainerRef, scope: ContainerScope): boolean {
  if (scope === 'all') return true;
  if (ref.field === 'ephemeralContainers') return false;
  return scope === 'scheduled' || ref.field === 'containers' || isSidecar(ref);
}

/** The containers of `pod` in `scope`, from the shared per-pod cache. */
export function containersIn(pod: PodTemplate, scope: ContainerScope): readonly ContainerRef[] {
  const all = containersOf(pod);
  if (scope === 'all') return all;
  let subset: ContainerRef[] | undefined;
  for (let i = 0; i < all.length; i++) {
    const ref = all[i] as ContainerRef;
    if (inScope(ref, scope)) {
      if (subset) subset.push(ref);
    } else if (!subset) {
      subset = all.slice(0, i);
    }
  }
  return subset ?? all;
}

/** How messages name a container: `container "web"`, `init container "setup"`, `sidecar container "proxy"`. */
export function containerLabel(ref: ContainerRef): string {
  const name = `"${ref.name || `#${ref.index}`}"`;
  if (ref.field === 'containers') return `container ${name}`;
  if (ref.field === 'ephemeralContainers') return `ephemeral container ${name}`;
  return isSidecar(ref) ? `sidecar container ${name}` : `init container ${name}`;
}

/** Path from the object root to a field below a container. */
export function containerField(ref: ContainerRef, ...rest: (string | number)[]): Path {
  return [...ref.path, ...rest];
}

/** Capability names as runtimes read them: case-insensitive, with or without the CAP_ prefix. */
export function capabilityName(value: unknown): string {
  if (typeof value !== 'string') return '';
  const upper = value.toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

/** Reads a string-list option; throws (an `error` verdict naming the option) when it is mistyped. */
export function stringList(options: Fields, key: string, ruleId: string): readonly string[] | undefined {
  const value = options[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) {
    throw new Error(`option ${key} of rule ${ruleId} must be a list of strings`);
  }
  return value as string[];
}
