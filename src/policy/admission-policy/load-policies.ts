import type { KubeObject, Resource } from '../../core/resource.js';
import type { PolicyProblem } from './field-reader.js';
import {
  ADMISSION_GROUP,
  type Binding,
  type MutatingPolicy,
  POLICY_KINDS,
  POLICY_VERSIONS,
  type ValidatingPolicy,
} from './model.js';
import { parseBinding } from './parse-binding.js';
import { parseMutatingPolicy, parseValidatingPolicy } from './parse-policy.js';
import { splitApiVersion } from './resource-mapper.js';

/** Policies, bindings, and every other object found beside them (params, namespaces, CRDs). */
export interface PolicySet {
  validating: ValidatingPolicy[];
  mutating: MutatingPolicy[];
  bindings: Binding[];
  objects: KubeObject[];
}

export interface PolicyLoad {
  set: PolicySet;
  /** Objects the API server would refuse: each is left out of the set. */
  problems: PolicyProblem[];
  /** Objects that are valid but have no effect (a binding to no policy, a policy without binding). */
  warnings: PolicyProblem[];
}

const ALL_KINDS: readonly string[] = Object.values(POLICY_KINDS);

export function isPolicyObject(object: KubeObject): boolean {
  return ALL_KINDS.includes(object.kind) && splitApiVersion(object.apiVersion).group === ADMISSION_GROUP;
}

/** Reads the admission policies among `resources`, validating each as the API server would on create. */
export function readPolicySet(resources: readonly Resource[]): PolicyLoad {
  const set: PolicySet = { validating: [], mutating: [], bindings: [], objects: [] };
  const problems: PolicyProblem[] = [];
  const warnings: PolicyProblem[] = [];
  const seen = new Map<string, Resource>();
  for (const resource of resources) {
    const { object } = resource;
    if (!isPolicyObject(object)) {
      set.objects.push(object);
      continue;
    }
    const { version } = splitApiVersion(object.apiVersion);
    const versions = POLICY_VERSIONS[object.kind] ?? [];
    if (!versions.includes(version)) {
      problems.push({
        resource,
        path: ['apiVersion'],
        message: `apiVersion ${object.apiVersion} does not serve ${object.kind}; use ${versions.map((v) => `${ADMISSION_GROUP}/${v}`).join(', ')}`,
      });
      continue;
    }
    const name = object.metadata?.name;
    const key = `${object.kind}/${String(name)}`;
    const earlier = seen.get(key);
    if (earlier && typeof name === 'string') {
      problems.push({
        resource,
        path: ['metadata', 'name'],
        message: `metadata.name: a ${object.kind} named "${name}" is already defined${where(earlier)}`,
      });
      continue;
    }
    seen.set(key, resource);
    switch (object.kind) {
      case POLICY_KINDS.validating: {
        const policy = parseValidatingPolicy(resource, problems);
        if (policy) set.validating.push(policy);
        break;
      }
      case POLICY_KINDS.mutating: {
        const policy = parseMutatingPolicy(resource, problems);
        if (policy) set.mutating.push(policy);
        break;
      }
      default: {
        const binding = parseBinding(
          resource,
          object.kind === POLICY_KINDS.validatingBinding ? 'validating' : 'mutating',
          problems,
        );
        if (binding) set.bindings.push(binding);
      }
    }
  }
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  set.validating.sort(byName);
  set.mutating.sort(byName);
  set.bindings.sort(byName);
  for (const binding of set.bindings) {
    const policies: readonly { name: string }[] = binding.type === 'validating' ? set.validating : set.mutating;
    if (!policies.some((policy) => policy.name === binding.policyName)) {
      const kind = binding.type === 'validating' ? POLICY_KINDS.validating : POLICY_KINDS.mutating;
      warnings.push({
        resource: binding.resource,
        path: ['spec', 'policyName'],
        message: `spec.policyName names no ${kind} "${binding.policyName}" among the policy files; the binding has no effect`,
      });
    }
  }
  for (const policy of [...set.validating, ...set.mutating]) {
    if (!set.bindings.some((binding) => binding.type === policy.type && binding.policyName === policy.name)) {
      warnings.push({
        resource: policy.resource,
        path: [],
        message: 'has no binding among the policy files, so it has no effect',
      });
    }
  }
  return { set, problems, warnings };
}

function where(resource: Resource): string {
  const { origin } = resource;
  if (origin.kind !== 'file') return '';
  return ` at ${origin.file}:${origin.locate([]).line}`;
}
