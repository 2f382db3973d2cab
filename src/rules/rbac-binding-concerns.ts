/**
 * One concern, one finding, for the subjects of bindings. A path to cluster-admin or to every
 * Secret that one grant opens is fixed where that grant is written, and is reported there: on the
 * rule of the role (rules judging roles as written) or on a binding to cluster-admin
 * (rbac-cluster-admin-binding). The path rules report the others, the longer stories, and the
 * rules about who a subject is (anonymous, every authenticated identity, a default
 * ServiceAccount) leave a subject to them when they report it.
 */
import {
  type BindingInfo,
  type BindingPath,
  type EscalationPath,
  formatSubject,
  isStructural,
  pathsOpenedBy,
  type RbacAnalysis,
  roleCapabilities,
  type SubjectRef,
  TARGETS,
} from '../analyze/rbac/index.js';
import { namespacePhrase } from '../core/applied-namespace.js';
import { reportedAsWritten } from './rbac-concerns.js';

export const KUBE_SYSTEM_SECRETS = 'secrets:kube-system';

/** A ClusterRoleBinding of the ClusterRole cluster-admin (as upstream defines it): rbac-cluster-admin-binding's. */
export function bindsClusterAdmin(binding: BindingInfo): boolean {
  if (binding.roleRef.kind !== 'ClusterRole' || binding.roleRef.name !== 'cluster-admin') return false;
  return !binding.role || roleCapabilities(binding.role).some((c) => c.capability.id === 'cluster-admin');
}

/**
 * Whether a path is one grant that another finding already reports where it is written (steps
 * that only follow from the first, such as every Secret implying those of kube-system, add nothing).
 */
export function reportedElsewhere(analysis: RbacAnalysis, path: EscalationPath): boolean {
  const [first, ...rest] = path.steps;
  if (!first || rest.some((step) => !isStructural(step)) || first.grants.length === 0) return false;
  return first.grants.every(
    (grant) =>
      (grant.binding.kind === 'ClusterRoleBinding' && bindsClusterAdmin(grant.binding)) ||
      reportedAsWritten(analysis, grant.role, grant.rule),
  );
}

/** The paths to `target` a binding opens that the path rules report (see pathsOpenedBy). */
export function reportedPaths(
  analysis: RbacAnalysis,
  binding: BindingInfo,
  target: string,
  ignore: readonly string[] = [],
): BindingPath[] {
  return pathsOpenedBy(analysis, binding, target, ignore).filter(({ path }) => !reportedElsewhere(analysis, path));
}

/** The subject indices of a binding the path rules report (to cluster-admin, or to Secrets for subjects that cannot reach it). */
export function pathSubjects(analysis: RbacAnalysis, binding: BindingInfo): ReadonlySet<number> {
  const out = new Set<number>();
  for (const p of reportedPaths(analysis, binding, TARGETS.clusterAdmin)) out.add(p.subjectIndex);
  for (const target of [TARGETS.secrets, KUBE_SYSTEM_SECRETS]) {
    for (const p of reportedPaths(analysis, binding, target)) {
      if (!analysis.pathFrom(p.subject, TARGETS.clusterAdmin)) out.add(p.subjectIndex);
    }
  }
  return out;
}

/** Who a subject stands for when it is everyone or a namespace's default ServiceAccount; '' otherwise. */
export function whoItIs(subject: SubjectRef): string {
  if (subject.kind === 'Group') {
    if (subject.name === 'system:unauthenticated') return ' (every unauthenticated request)';
    if (subject.name === 'system:authenticated') return ' (every authenticated identity)';
    if (subject.name === 'system:serviceaccounts') return ' (every ServiceAccount of every namespace)';
  }
  if (subject.kind === 'User' && subject.name === 'system:anonymous') return ' (every unauthenticated request)';
  if (subject.kind === 'ServiceAccount' && subject.name === 'default')
    return ` (every pod of ${namespacePhrase(subject.namespace ?? '')} that names no ServiceAccount)`;
  return '';
}

/** `Group system:authenticated (every authenticated identity)`: a path's subject as the path rules name it. */
export function subjectLabel(subject: SubjectRef): string {
  return `${formatSubject(subject)}${whoItIs(subject)}`;
}
