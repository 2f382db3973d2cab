import type { KubeObject } from '../../core/resource.js';
import type { Authorizer } from './authorizer.js';
import type { CompiledPolicy } from './compile.js';
import type { PolicyFailure } from './failures.js';
import { matchResources } from './matching.js';
import type { Binding } from './model.js';
import type { NamespaceDirectory } from './namespaces.js';
import { collectParams, type ParamStore } from './params.js';
import { type AdmissionAttributes, isNamespace } from './request.js';
import type { ResourceInfo, ResourceMapper } from './resource-mapper.js';
import type { ShapeRegistry } from './shape-registry.js';

/** Everything an offline admission evaluation knows besides the policies. */
export interface AdmissionContext {
  mapper: ResourceMapper;
  namespaces: NamespaceDirectory;
  params: ParamStore;
  shapes: ShapeRegistry;
  authorizer: Authorizer;
}

/** One policy × binding × param to evaluate for a request. */
export interface PolicyInvocation {
  compiled: CompiledPolicy;
  binding: Binding;
  param: KubeObject | null;
  matched: ResourceInfo;
}

/**
 * The invocations of the policies that match a request (the generic half of the API server's
 * dispatchers), the configuration errors on the way — unresolvable params — as failures
 * already filtered by the policy's failurePolicy, and the names of the policies that applied.
 */
export function invocationsFor(
  policies: readonly CompiledPolicy[],
  bindingsOf: (policy: string) => readonly Binding[],
  attributes: AdmissionAttributes,
  context: AdmissionContext,
): { invocations: PolicyInvocation[]; failures: PolicyFailure[]; matched: string[] } {
  const invocations: PolicyInvocation[] = [];
  const failures: PolicyFailure[] = [];
  const matched: string[] = [];
  for (const compiled of policies) {
    const { policy } = compiled;
    const match = matchResources(policy.matchConstraints, attributes, context);
    if (!match.matches) continue;
    for (const binding of bindingsOf(policy.name)) {
      if (binding.matchResources && !matchResources(binding.matchResources, attributes, context).matches) continue;
      if (matched[matched.length - 1] !== policy.name) matched.push(policy.name);
      const params = collectParams(policy, binding, attributes.namespace, context.params);
      if ('error' in params) {
        if (policy.failurePolicy === 'Fail') {
          failures.push({
            type: policy.type,
            policy: policy.name,
            binding: binding.name,
            message: `failed to configure binding: ${params.error}`,
            reason: 'Invalid',
            actions: ['Deny'],
            cause: 'configuration',
            validation: -1,
          });
        }
        continue;
      }
      for (const param of params.params) invocations.push({ compiled, binding, param, matched: match.resource });
    }
  }
  return { invocations, failures, matched };
}

/** `namespaceObject`: null for cluster-scoped requests, and for a Namespace itself. */
export function namespaceOf(attributes: AdmissionAttributes, context: AdmissionContext): KubeObject | null {
  if (attributes.namespace === '' || isNamespace(attributes.resource)) return null;
  return context.namespaces.get(attributes.namespace);
}
