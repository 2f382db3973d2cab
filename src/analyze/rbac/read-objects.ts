import { type AppliedNamespace, UNKNOWN_APPLIED } from '../../core/applied-namespace.js';
import type { LabelSelector } from '../../core/inventory.js';
import { isRecord } from '../../core/pod-spec.js';
import type { Resource } from '../../core/resource.js';
import type { PolicyProblem, PolicyRule, RoleInfo, RuleSource, SubjectKind, SubjectRef } from './types.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const ROLE_KINDS = ['Role', 'ClusterRole'] as const;
export const BINDING_KINDS = ['RoleBinding', 'ClusterRoleBinding'] as const;

/** Whether the resource is an RBAC object (any served version: old snapshots hold v1beta1). */
export function isRbacObject(resource: Resource, kinds: readonly string[]): boolean {
  const { apiVersion, kind } = resource.object;
  return kinds.includes(kind) && apiVersion.startsWith(`${RBAC_GROUP}/`);
}

type Report = (problem: Omit<PolicyProblem, 'resource'>) => void;

const DEFAULT_APPLIED = UNKNOWN_APPLIED;

function noNamespace(applied: AppliedNamespace): string {
  if (applied.reason === 'unknown')
    return "has no metadata.namespace; it lands in the namespace it is applied to (-n names it), and is analysed there with the input's other namespace-less objects";
  return `has no metadata.namespace; it lands in the namespace it is applied to, and is analysed as in "${applied.namespace}", which ${applied.evidence} names for the input's ServiceAccounts`;
}

/** Reads a Role or ClusterRole; malformed rules are reported and left out, never guessed at. */
export function readRole(resource: Resource, report: Report, applied: AppliedNamespace = DEFAULT_APPLIED): RoleInfo {
  const { object } = resource;
  const kind = object.kind as RoleInfo['kind'];
  const meta = object.metadata ?? {};
  const role: RoleInfo = {
    kind,
    namespace: kind === 'Role' && typeof meta.namespace === 'string' ? meta.namespace : '',
    name: typeof meta.name === 'string' ? meta.name : '',
    labels: isRecord(meta.labels) ? (meta.labels as Record<string, string>) : {},
    rules: readRules(object.rules, report, kind),
    resource,
  };
  if (kind === 'Role' && role.namespace === '') {
    report({ severity: 'warning', message: `Role ${noNamespace(applied)}`, path: ['metadata'] });
    role.namespace = applied.namespace;
    role.namespaceImplied = true;
  }
  if (!role.name) report({ severity: 'error', message: `${kind} has no metadata.name`, path: ['metadata'] });
  if (kind === 'ClusterRole' && object.aggregationRule !== undefined && object.aggregationRule !== null) {
    const selectors = isRecord(object.aggregationRule) ? object.aggregationRule.clusterRoleSelectors : undefined;
    if (!Array.isArray(selectors) || !selectors.every(isRecord)) {
      report({
        severity: 'error',
        message: 'aggregationRule.clusterRoleSelectors must be a list of label selectors',
        path: ['aggregationRule'],
      });
    } else role.aggregation = selectors as LabelSelector[];
  }
  return role;
}

function readRules(value: unknown, report: Report, kind: string): RuleSource[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report({ severity: 'error', message: 'rules must be a list of PolicyRules', path: ['rules'] });
    return [];
  }
  const out: RuleSource[] = [];
  value.forEach((raw, index) => {
    if (!isRecord(raw)) {
      report({ severity: 'error', message: `rules[${index}] must be a mapping`, path: ['rules', index] });
      return;
    }
    const lists: Partial<Record<keyof PolicyRule, string[]>> = {};
    let broken = false;
    for (const field of ['verbs', 'apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'] as const) {
      const list = raw[field];
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
        report({
          severity: 'error',
          message: `rules[${index}].${field} must be a list of strings`,
          path: ['rules', index, field],
        });
        broken = true;
      } else lists[field] = list as string[];
    }
    if (broken) return;
    const rule: PolicyRule = {
      verbs: lists.verbs ?? [],
      apiGroups: lists.apiGroups ?? [],
      resources: lists.resources ?? [],
      resourceNames: lists.resourceNames ?? [],
      nonResourceURLs: lists.nonResourceURLs ?? [],
    };
    if (rule.verbs.length === 0)
      report({
        severity: 'warning',
        message: `rules[${index}] has no verbs, so it grants nothing`,
        path: ['rules', index],
      });
    if (rule.resources.length > 0 && rule.apiGroups.length === 0)
      report({
        severity: 'warning',
        message: `rules[${index}] names resources but no apiGroups (use "" for the core group), so it grants nothing`,
        path: ['rules', index],
      });
    if (kind === 'Role' && rule.nonResourceURLs.length > 0)
      report({
        severity: 'warning',
        message: `rules[${index}] has nonResourceURLs, which only a ClusterRole bound by a ClusterRoleBinding can grant`,
        path: ['rules', index, 'nonResourceURLs'],
      });
    const literal = rule.resources.find((r) => r.length > 2 && r.endsWith('/*'));
    if (literal)
      report({
        severity: 'warning',
        message: `rules[${index}] names "${literal}", which RBAC reads literally (no subresource wildcard); list the subresources, or use "*/<subresource>"`,
        path: ['rules', index, 'resources'],
      });
    out.push({ rule, index });
  });
  return out;
}

export interface RawBinding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  namespace: string;
  name: string;
  roleRef?: { kind: string; name: string };
  subjects: (SubjectRef | undefined)[];
}

const SUBJECT_KINDS: readonly string[] = ['User', 'Group', 'ServiceAccount'];

/** Reads a binding; subjects that can never match keep their slot (undefined) so indices stay true to the file. */
export function readBinding(
  resource: Resource,
  report: Report,
  applied: AppliedNamespace = DEFAULT_APPLIED,
): RawBinding {
  const { object } = resource;
  const kind = object.kind as RawBinding['kind'];
  const meta = object.metadata ?? {};
  let namespace = kind === 'RoleBinding' && typeof meta.namespace === 'string' ? meta.namespace : '';
  if (kind === 'RoleBinding' && namespace === '') {
    report({ severity: 'warning', message: `RoleBinding ${noNamespace(applied)}`, path: ['metadata'] });
    namespace = applied.namespace;
  }
  const binding: RawBinding = { kind, namespace, name: typeof meta.name === 'string' ? meta.name : '', subjects: [] };
  if (!binding.name) report({ severity: 'error', message: `${kind} has no metadata.name`, path: ['metadata'] });
  const ref = object.roleRef;
  if (!isRecord(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string') {
    report({
      severity: 'error',
      message: 'roleRef must name a kind (Role or ClusterRole) and a name',
      path: ['roleRef'],
    });
  } else binding.roleRef = { kind: ref.kind, name: ref.name };
  const subjects = object.subjects;
  if (subjects !== undefined && subjects !== null && !Array.isArray(subjects)) {
    report({ severity: 'error', message: 'subjects must be a list', path: ['subjects'] });
    return binding;
  }
  (subjects ?? []).forEach((raw: unknown, index: number) => {
    binding.subjects.push(readSubject(raw, index, binding, report));
  });
  return binding;
}

function readSubject(raw: unknown, index: number, binding: RawBinding, report: Report): SubjectRef | undefined {
  if (!isRecord(raw) || typeof raw.kind !== 'string' || typeof raw.name !== 'string') {
    report({ severity: 'error', message: `subjects[${index}] must have a kind and a name`, path: ['subjects', index] });
    return undefined;
  }
  if (!SUBJECT_KINDS.includes(raw.kind)) {
    report({
      severity: 'warning',
      message: `subjects[${index}] has kind "${raw.kind}", which matches nobody (User, Group or ServiceAccount)`,
      path: ['subjects', index, 'kind'],
    });
    return undefined;
  }
  const kind = raw.kind as SubjectKind;
  if (kind !== 'ServiceAccount') return { kind, name: raw.name };
  const own = typeof raw.namespace === 'string' ? raw.namespace : '';
  // the authorizer defaults a ServiceAccount subject's namespace to the RoleBinding's own
  const namespace = own || binding.namespace;
  if (!namespace) {
    report({
      severity: 'warning',
      message: `subjects[${index}] is a ServiceAccount without a namespace; in a ClusterRoleBinding it matches nobody`,
      path: ['subjects', index],
    });
    return undefined;
  }
  return { kind, name: raw.name, namespace };
}
