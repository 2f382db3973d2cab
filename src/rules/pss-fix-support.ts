/**
 * What the fixes of the PSS rules share: which container a finding points into, and what the
 * manifest says about the user a container runs as. A fix is left out (the finding stays for a
 * human) where the manifest shows the API server would reject it or the kubelet refuse the pod.
 */
import type { Path } from '../core/path.js';
import { type ContainerRef, containersOf, type PodTemplate } from '../core/pod-spec.js';
import type { FixOperation } from '../core/rule.js';
import { type PssFixer, seccompType } from '../pss/index.js';
import { capabilityName, type Fields, fieldsOf, isWindows } from './workload-support.js';

/** The container a finding's path points into (`…spec.containers[i]…`); undefined for a pod-level path. */
export function containerAt(pod: PodTemplate, path: Path): ContainerRef | undefined {
  const at = pod.specPath.length;
  let byPlace = places.get(pod);
  if (!byPlace) {
    // one table per pod: a pod with 20,000 containers has a finding on each, and each asks
    byPlace = new Map(containersOf(pod).map((ref) => [`${ref.field}[${ref.index}]`, ref]));
    places.set(pod, byPlace);
  }
  return byPlace.get(`${String(path[at])}[${String(path[at + 1])}]`);
}

const places = new WeakMap<PodTemplate, Map<string, ContainerRef>>();

export function securityContextOf(fields: Fields | undefined): Fields | undefined {
  return fieldsOf(fields?.securityContext);
}

/** The UID the manifest says a container runs as: its own runAsUser, else the pod's; undefined when neither says. */
export function runAsUserOf(pod: PodTemplate, ref: ContainerRef): unknown {
  return securityContextOf(ref.container)?.runAsUser ?? securityContextOf(pod.spec)?.runAsUser;
}

/** Whether a container adds a capability, spelled as runtimes read it (any case, CAP_ or not). */
export function addsCapability(context: Fields | undefined, name: string): boolean {
  const add = fieldsOf(context?.capabilities)?.add;
  return Array.isArray(add) && add.some((entry) => capabilityName(entry) === name);
}

const SECCOMP_ANNOTATIONS = [
  'seccomp.security.alpha.kubernetes.io/',
  'container.seccomp.security.alpha.kubernetes.io/',
];

/**
 * The fix of the seccomp checks: RuntimeDefault where a bad type is set, and, when a profile is
 * required (restricted), on the pod for the containers without one of their own — one edit that
 * also covers containers the check names only once an explicit Unconfined is gone. Pods that
 * still carry the alpha seccomp annotations are left alone: the API server wants field and
 * annotation to agree. Windows pods may not set the field.
 */
export function seccompFix(requireProfile: boolean): PssFixer {
  return (finding, pod) => {
    const annotations = Object.keys(fieldsOf(pod.metadata.annotations) ?? {});
    if (
      finding.path[finding.path.length - 1] !== 'type' ||
      isWindows(pod) ||
      annotations.some((key) => SECCOMP_ANNOTATIONS.some((prefix) => key.startsWith(prefix)))
    )
      return undefined;
    const target = containerAt(pod, finding.path);
    const operations: FixOperation[] = [];
    if (!target || seccompType(securityContextOf(target.container)) !== undefined)
      operations.push({ op: 'set', path: finding.path, value: 'RuntimeDefault' });
    const inherits = (ref: ContainerRef) => seccompType(securityContextOf(ref.container)) === undefined;
    if (
      requireProfile &&
      target &&
      seccompType(securityContextOf(pod.spec)) === undefined &&
      containersOf(pod).some(inherits)
    )
      operations.push({
        op: 'set',
        path: [...pod.specPath, 'securityContext', 'seccompProfile', 'type'],
        value: 'RuntimeDefault',
      });
    if (operations.length === 0) return undefined;
    return {
      description: "use the container runtime's default seccomp profile (seccompProfile.type: RuntimeDefault)",
      operations,
    };
  };
}
