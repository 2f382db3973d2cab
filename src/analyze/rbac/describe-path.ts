import { namespacedName } from '../../core/applied-namespace.js';
import { type EscalationPath, isStructural } from './paths.js';
import type { Grant } from './types.js';

/**
 * A path's steps in one line, without its subject: `creates a pod … ⇒ ServiceAccount kube-system/x,
 * then adds any rule …`. Each step is one that takes a right; what follows from it without another
 * right is named by where it leads, so every step ends at an identity or a target.
 */
export function describePath(path: EscalationPath): string {
  const parts: string[] = [];
  path.steps.forEach((step, i) => {
    if (!isStructural(step) || parts.length === 0) parts.push(step.text);
    else if (!path.steps[i + 1] || !isStructural(path.steps[i + 1] as EscalationPath['steps'][number]))
      // a run of structural steps ends here: say where it led
      parts[parts.length - 1] += ` ⇒ ${path.nodes[i]?.label ?? step.to}`;
  });
  return parts.join(', then ');
}

/** The grants behind a step, in short: `RoleBinding ns/x → ClusterRole edit`. */
export function describeEvidence(grants: readonly Grant[], limit = 3): string {
  const seen = new Set<string>();
  for (const grant of grants) {
    const { binding, role } = grant;
    const where = binding.namespace ? namespacedName(binding.namespace, binding.name) : binding.name;
    const roleName = role.namespace ? namespacedName(role.namespace, role.name) : role.name;
    seen.add(`${binding.kind} ${where} → ${role.kind} ${roleName}`);
  }
  const list = [...seen];
  return list.length > limit ? `${list.slice(0, limit).join('; ')}; and ${list.length - limit} more` : list.join('; ');
}
