/**
 * Container resource requests and limits: whether a container ends up with one once the API
 * server has defaulted it, and the rule factory the container-*-request/limit rules share.
 */
import type { Inventory } from '../core/inventory.js';
import { type ContainerRef, POD_SPEC_KINDS, type PodTemplate } from '../core/pod-spec.js';
import { defineRule, type Report, type Rule, type RuleMeta } from '../core/rule.js';
import { limitRangeDefaults } from './workload-inventory.js';
import {
  containerField,
  containerLabel,
  containersIn,
  fieldsOf,
  NO_FINDINGS,
  namespaceOf,
  podOrSkip,
} from './workload-support.js';

export type ResourceName = 'cpu' | 'memory' | 'ephemeral-storage';
export type ResourceKind = 'requests' | 'limits';

function setIn(resources: unknown, kind: ResourceKind, name: ResourceName): boolean {
  const value = fieldsOf(fieldsOf(resources)?.[kind])?.[name];
  return value !== undefined && value !== null && value !== '';
}

/**
 * Whether the container gets a `kind` for `name` after defaulting:
 * - its own value; for a request, its limit too (a request left out defaults to the limit);
 * - pod-level resources (`spec.resources`, cpu and memory only) bound every container;
 * - a LimitRange of the namespace in the input fills in a default.
 */
export function hasResource(
  pod: PodTemplate,
  ref: ContainerRef,
  kind: ResourceKind,
  name: ResourceName,
  inventory: Inventory,
  namespace: string,
): boolean {
  const own = ref.container.resources;
  if (setIn(own, kind, name) || (kind === 'requests' && setIn(own, 'limits', name))) return true;
  if (name !== 'ephemeral-storage') {
    const podLevel = pod.spec.resources;
    if (setIn(podLevel, kind, name) || (kind === 'requests' && setIn(podLevel, 'limits', name))) return true;
  }
  return limitRangeDefaults(inventory, namespace)?.[kind].has(name) ?? false;
}

const WORDS: Record<ResourceName, string> = { cpu: 'CPU', memory: 'memory', 'ephemeral-storage': 'ephemeral-storage' };

export type ResourceRuleMeta = Omit<RuleMeta<'missing'>, 'kinds' | 'messages'>;

/**
 * One rule per resource and kind, so that each can be enabled, re-rated or excepted on its own
 * (CPU limits are opt-in; memory limits are not). Init containers and sidecars count: they are
 * scheduled and can exhaust a node like any other. Ephemeral containers cannot set resources.
 */
export function resourceRule(kind: ResourceKind, name: ResourceName, meta: ResourceRuleMeta): Rule<'missing'> {
  const singular = kind === 'requests' ? 'request' : 'limit';
  return defineRule<'missing'>({
    meta: {
      ...meta,
      kinds: POD_SPEC_KINDS,
      messages: { missing: `{{container}} sets no ${WORDS[name]} ${singular}` },
    },
    check({ object, inventory }) {
      const pod = podOrSkip(object);
      if ('skip' in pod) return pod;
      const namespace = namespaceOf(object);
      let reports: Report<'missing'>[] | undefined;
      for (const ref of containersIn(pod, 'scheduled')) {
        if (hasResource(pod, ref, kind, name, inventory, namespace)) continue;
        reports ??= [];
        reports.push({
          path: containerField(ref, 'resources', kind, name),
          messageId: 'missing',
          data: { container: containerLabel(ref) },
        });
      }
      return reports ?? NO_FINDINGS;
    },
  });
}
