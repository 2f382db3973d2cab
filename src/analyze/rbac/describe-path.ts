import type { EscalationPath } from './paths.js';
import type { Grant } from './types.js';

/** A path's steps in one line, without its subject: `creates a pod …, then runs as …, then …`. */
export function describePath(path: EscalationPath): string {
  return path.steps.map((step) => step.text).join(', then ');
}

/** The grants behind a step, in short: `RoleBinding ns/x → ClusterRole edit`. */
export function describeEvidence(grants: readonly Grant[], limit = 3): string {
  const seen = new Set<string>();
  for (const grant of grants) {
    const { binding, role } = grant;
    const where = binding.namespace ? `${binding.namespace}/${binding.name}` : binding.name;
    const roleName = role.namespace ? `${role.namespace}/${role.name}` : role.name;
    seen.add(`${binding.kind} ${where} → ${role.kind} ${roleName}`);
  }
  const list = [...seen];
  return list.length > limit ? `${list.slice(0, limit).join('; ')}; and ${list.length - limit} more` : list.join('; ');
}
