/**
 * Container resource requests and limits: whether a container ends up with one once the API
 * server has defaulted it, and the rule factory the container-*-request/limit rules share.
 */
import type { Inventory } from '../core/inventory.js';
import { type ContainerRef, POD_SPEC_KINDS, type PodTemplate } from '../core/pod-spec.js';
import { defineRule, type Fix, type Report, type Rule, type RuleMeta } from '../core/rule.js';
import { isPositiveQuantity } from '../core/rule-options.js';
import { limitRangeDefaults } from './workload-inventory.js';
import {
  containerField,
  containerLabel,
  containersIn,
  type Fields,
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
 *
 * With `fixValue`, the rule is fixable: `rampart fix` sets that value (or the rule's option
 * `fixValue`). Only requests get one — a request too low or too high costs scheduling accuracy,
 * while a guessed limit throttles or OOM-kills the container. A finding means no limit of the
 * container, no pod-level value and no Container LimitRange of the input (default, minimum or
 * maximum) covers it, so none of them can reject the value.
 */
export function resourceRule(
  kind: ResourceKind,
  name: ResourceName,
  meta: ResourceRuleMeta,
  fixValue?: string,
): Rule<'missing'> {
  const singular = kind === 'requests' ? 'request' : 'limit';
  return defineRule<'missing'>({
    meta: {
      ...meta,
      kinds: POD_SPEC_KINDS,
      messages: { missing: `{{container}} sets no ${WORDS[name]} ${singular}` },
      ...(fixValue !== undefined && {
        fixable: true,
        options: {
          fixValue: { type: 'quantity', default: fixValue, description: `the ${name} request \`rampart fix\` sets` },
        },
      }),
    },
    check({ object, inventory, options }) {
      const pod = podOrSkip(object);
      if ('skip' in pod) return pod;
      const namespace = namespaceOf(object);
      const value = fixValue === undefined ? undefined : quantityOption(options, meta.id, fixValue);
      let reports: Report<'missing'>[] | undefined;
      for (const ref of containersIn(pod, 'scheduled')) {
        if (hasResource(pod, ref, kind, name, inventory, namespace)) continue;
        const path = containerField(ref, 'resources', kind, name);
        const fix: Fix | undefined =
          value === undefined
            ? undefined
            : {
                description: `set resources.${kind}.${name}: ${value} (a starting point: measure what the container uses and adjust)`,
                operations: [{ op: 'set', path, value }],
              };
        reports ??= [];
        reports.push({ path, messageId: 'missing', data: { container: containerLabel(ref) }, ...(fix && { fix }) });
      }
      return reports ?? NO_FINDINGS;
    },
  });
}

/** The `fixValue` option: a positive quantity; a mistyped one is an `error` verdict naming the option. */
function quantityOption(options: Fields, ruleId: string, fallback: string): string {
  const given = options.fixValue;
  if (given === undefined || given === null) return fallback;
  const text = typeof given === 'number' ? String(given) : given;
  if (isPositiveQuantity(text)) return text;
  throw new Error(`option fixValue of rule ${ruleId} must be a positive Kubernetes quantity, such as 250m or 256Mi`);
}
