import type { CheckDefinition, CheckOutcome, PssFinding } from '../check.js';
import { type PodView, specPath } from '../pod-view.js';

/** Upstream names them in this order in its detail. */
const NAMESPACE_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

function hostNamespacesV1Dot0(pod: PodView): CheckOutcome | undefined {
  const shared: string[] = [];
  for (const field of NAMESPACE_FIELDS) if (pod.spec[field] === true) shared.push(field);
  if (shared.length === 0) return undefined;
  const findings: PssFinding[] = shared.map((field) => ({
    path: specPath(pod, field),
    message: `pod must not set ${field}=true`,
  }));
  return {
    reason: 'host namespaces',
    detail: shared.map((field) => `${field}=true`).join(', '),
    findings,
  };
}

export const hostNamespaces: CheckDefinition = {
  id: 'hostNamespaces',
  level: 'baseline',
  versions: [{ since: 0, run: hostNamespacesV1Dot0 }],
};
