import { matchesSelector } from '../../core/inventory.js';
import type { Workload } from './model.js';

/** Label keys people read as a workload's identity, tried first so generated selectors look familiar. */
const PREFERRED = ['app.kubernetes.io/name', 'app', 'k8s-app', 'name', 'app.kubernetes.io/instance', 'component'];
/** Labels that change on every rollout; a selector on them would stop matching. */
const VOLATILE = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'statefulset.kubernetes.io/pod-name',
  'batch.kubernetes.io/controller-uid',
  'controller-uid',
  'job-name',
  'batch.kubernetes.io/job-name',
]);

/**
 * The smallest set of a workload's labels that selects it and no other workload of its
 * namespace: one preferred label when it suffices, else labels dropped greedily from the full
 * set. `unique: false` means no subset singles it out (another workload carries the same labels).
 */
export function uniqueSelector(
  workload: Workload,
  all: readonly Workload[],
): { matchLabels: Record<string, string>; unique: boolean } {
  const neighbours = all.filter((w) => w.namespace === workload.namespace && w !== workload);
  const stable = Object.fromEntries(Object.entries(workload.labels).filter(([key]) => !VOLATILE.has(key)));
  const selects = (labels: Record<string, string>) =>
    neighbours.every((w) => !matchesSelector({ matchLabels: labels }, w.labels));
  for (const key of PREFERRED) {
    if (key in stable && selects({ [key]: stable[key] as string }))
      return { matchLabels: { [key]: stable[key] as string }, unique: true };
  }
  const chosen = { ...stable };
  if (Object.keys(chosen).length === 0 || !selects(chosen)) return { matchLabels: chosen, unique: false };
  for (const key of Object.keys(chosen).sort()) {
    const without = { ...chosen };
    delete without[key];
    if (Object.keys(without).length > 0 && selects(without)) delete chosen[key];
  }
  return { matchLabels: chosen, unique: true };
}
