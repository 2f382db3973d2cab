import type { Path } from '../../core/path.js';
import { type ContainerRef, containersOf, type PodTemplate } from '../../core/pod-spec.js';
import type { Fix, FixOperation } from '../../core/rule.js';
import type { PssFinding } from '../../pss/index.js';
import { containerAt, runAsUserOf, securityContextOf } from '../pss-fix-support.js';
import { isWindows } from '../workload-support.js';

const DESCRIPTION =
  'set securityContext.runAsNonRoot: true (the kubelet then refuses to start a container whose image runs as root: give the image a non-root USER, or set runAsUser)';

/**
 * runAsNonRoot: true goes on the pod, where it covers every container, unless a container that
 * would inherit it is one the manifest runs as UID 0: that container would never start, so the
 * others get the field one by one and it keeps its finding for a person to choose a user.
 * Containers whose image runs as root without the manifest saying so cannot be told apart here;
 * the kubelet stops them at start with a clear error rather than let them run as root.
 */
export function fixRunAsNonRoot(finding: PssFinding, pod: PodTemplate): Fix | undefined {
  if (isWindows(pod)) return undefined; // Windows checks the user name, which the manifest rarely shows
  const podPath: Path = [...pod.specPath, 'securityContext', 'runAsNonRoot'];
  const { inheritors, onPod } = planOf(pod);
  const target = containerAt(pod, finding.path);
  const set = (path: Path): FixOperation => ({ op: 'set', path, value: true });
  if (!target) return onPod ? { description: DESCRIPTION, operations: [set(podPath)] } : undefined;
  if (runsAsRoot(pod, target)) return undefined;
  if (typeof ownValue(target) !== 'boolean')
    return { description: DESCRIPTION, operations: [set(onPod ? podPath : finding.path)] };
  // An explicit false: the check names the inheriting containers only once it is gone, so they are fixed now too.
  const operations = [set(finding.path)];
  if (securityContextOf(pod.spec)?.runAsNonRoot !== true && inheritors.length > 0) {
    if (onPod) operations.push(set(podPath));
    else
      for (const ref of inheritors)
        if (!runsAsRoot(pod, ref)) operations.push(set([...ref.path, 'securityContext', 'runAsNonRoot']));
  }
  return { description: DESCRIPTION, operations };
}

/** Which containers inherit the pod's value, and whether the pod may carry it: once per pod, not per finding. */
function planOf(pod: PodTemplate): { inheritors: ContainerRef[]; onPod: boolean } {
  let plan = plans.get(pod);
  if (!plan) {
    const inheritors = containersOf(pod).filter((ref) => typeof ownValue(ref) !== 'boolean');
    plan = { inheritors, onPod: !inheritors.some((ref) => runsAsRoot(pod, ref)) };
    plans.set(pod, plan);
  }
  return plan;
}

const plans = new WeakMap<PodTemplate, { inheritors: ContainerRef[]; onPod: boolean }>();

function ownValue(ref: ContainerRef): unknown {
  return securityContextOf(ref.container)?.runAsNonRoot;
}

function runsAsRoot(pod: PodTemplate, ref: ContainerRef): boolean {
  return runAsUserOf(pod, ref) === 0;
}
