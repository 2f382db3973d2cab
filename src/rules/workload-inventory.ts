/**
 * Cross-resource facts the workload rules need — LimitRange defaults, PodDisruptionBudgets,
 * autoscalers, ServiceAccount token settings — indexed once per inventory (a WeakMap keyed by
 * it), so that a rule asks in O(1) per workload instead of scanning the inventory each time.
 */

import { type Inventory, type LabelSelector, matchesSelector } from '../core/inventory.js';
import type { PodTemplate } from '../core/pod-spec.js';
import { apiGroup } from '../core/pod-spec.js';
import type { Resource } from '../core/resource.js';
import { type Fields, fieldsOf } from './workload-support.js';

interface WorkloadIndex {
  limitDefaults?: Map<string, LimitDefaults>;
  budgets?: Map<string, Budget[]>;
  autoscalers?: Map<string, Autoscaler>;
  /** Selectors of the Services with one, by namespace. */
  services?: Map<string, Readonly<Record<string, string>>[]>;
}

const indexes = new WeakMap<Inventory, WorkloadIndex>();

function indexOf(inventory: Inventory): WorkloadIndex {
  let index = indexes.get(inventory);
  if (!index) {
    index = {};
    indexes.set(inventory, index);
  }
  return index;
}

function namespaceKey(resource: Resource): string {
  const namespace = resource.object.metadata?.namespace;
  return typeof namespace === 'string' ? namespace : '';
}

/** Resource names a namespace's LimitRanges fill in for containers that leave them out. */
export interface LimitDefaults {
  requests: Set<string>;
  limits: Set<string>;
}

/**
 * The container defaults of the LimitRanges in `namespace`, as the API server defaults them:
 * a default limit falls back to `max`; a default request to `defaultRequest`, then the default
 * limit, then `min`. The LimitRanger admission plugin applies them to init containers too.
 */
export function limitRangeDefaults(inventory: Inventory, namespace: string): LimitDefaults | undefined {
  const index = indexOf(inventory);
  if (!index.limitDefaults) {
    index.limitDefaults = new Map();
    for (const resource of inventory.ofKind('LimitRange')) {
      if (resource.object.apiVersion !== 'v1') continue;
      const limits = fieldsOf(resource.object.spec)?.limits;
      if (!Array.isArray(limits)) continue;
      const key = namespaceKey(resource);
      for (const item of limits) {
        const fields = fieldsOf(item);
        if (fields?.type !== 'Container') continue;
        let entry = index.limitDefaults.get(key);
        if (!entry) {
          entry = { requests: new Set(), limits: new Set() };
          index.limitDefaults.set(key, entry);
        }
        for (const name of keysOf(fields.default, fields.max)) entry.limits.add(name);
        for (const name of keysOf(fields.defaultRequest, fields.default, fields.max, fields.min))
          entry.requests.add(name);
      }
    }
  }
  return index.limitDefaults.get(namespace);
}

function keysOf(...lists: unknown[]): string[] {
  const names: string[] = [];
  for (const list of lists) {
    const fields = fieldsOf(list);
    if (fields)
      for (const [name, value] of Object.entries(fields)) if (value !== null && value !== undefined) names.push(name);
  }
  return names;
}

/** A PodDisruptionBudget as the disruption controller reads it. */
export interface Budget {
  name: string;
  /** Undefined when the budget selects no pod (a null selector, or an empty one in policy/v1beta1). */
  selector: LabelSelector | undefined;
  minAvailable: unknown;
  maxUnavailable: unknown;
}

const NO_BUDGETS: readonly Budget[] = Object.freeze([]);

/** The PodDisruptionBudgets in `namespace` whose selector matches `labels`. */
export function budgetsSelecting(
  inventory: Inventory,
  namespace: string,
  labels: Readonly<Record<string, string>>,
): readonly Budget[] {
  const index = indexOf(inventory);
  if (!index.budgets) {
    index.budgets = new Map();
    for (const resource of inventory.ofKind('PodDisruptionBudget')) {
      if (apiGroup(resource.object.apiVersion) !== 'policy') continue;
      const spec = fieldsOf(resource.object.spec) ?? {};
      const selector = fieldsOf(spec.selector) as LabelSelector | undefined;
      // policy/v1 reads an empty selector as "every pod"; policy/v1beta1 read it as "no pod".
      const empty = selector !== undefined && !selector.matchLabels && !selector.matchExpressions;
      const selects = selector !== undefined && !(empty && resource.object.apiVersion === 'policy/v1beta1');
      const budget: Budget = {
        name: resource.object.metadata?.name ?? '',
        selector: selects ? selector : undefined,
        minAvailable: spec.minAvailable,
        maxUnavailable: spec.maxUnavailable,
      };
      const key = namespaceKey(resource);
      const list = index.budgets.get(key);
      if (list) list.push(budget);
      else index.budgets.set(key, [budget]);
    }
  }
  const inNamespace = index.budgets.get(namespace);
  if (!inNamespace) return NO_BUDGETS;
  const matching: Budget[] = [];
  for (const budget of inNamespace) {
    if (budget.selector && matchesSelector(budget.selector, labels)) matching.push(budget);
  }
  return matching;
}

/** A HorizontalPodAutoscaler (or a KEDA ScaledObject, which drives one) that owns a workload's replica count. */
export interface Autoscaler {
  /** `HorizontalPodAutoscaler/web`. */
  ref: string;
  minReplicas: number;
  maxReplicas: number | undefined;
}

/** The autoscaler whose scaleTargetRef names `kind`/`name` in `namespace`. */
export function autoscalerOf(
  inventory: Inventory,
  namespace: string,
  kind: string,
  name: string,
): Autoscaler | undefined {
  const index = indexOf(inventory);
  if (!index.autoscalers) {
    const autoscalers = new Map<string, Autoscaler>();
    const add = (resource: Resource, targetKind: unknown, minReplicas: number, maxReplicas: unknown) => {
      const target = fieldsOf(fieldsOf(resource.object.spec)?.scaleTargetRef);
      if (typeof target?.name !== 'string' || typeof targetKind !== 'string') return;
      const key = `${namespaceKey(resource)}\u0000${targetKind}\u0000${target.name}`;
      if (autoscalers.has(key)) return;
      autoscalers.set(key, {
        ref: `${resource.object.kind}/${resource.object.metadata?.name ?? ''}`,
        minReplicas,
        maxReplicas: typeof maxReplicas === 'number' ? maxReplicas : undefined,
      });
    };
    for (const resource of inventory.ofKind('HorizontalPodAutoscaler')) {
      if (apiGroup(resource.object.apiVersion) !== 'autoscaling') continue;
      const spec = fieldsOf(resource.object.spec) ?? {};
      const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
      add(resource, fieldsOf(spec.scaleTargetRef)?.kind, min, spec.maxReplicas);
    }
    for (const resource of inventory.ofKind('ScaledObject')) {
      if (apiGroup(resource.object.apiVersion) !== 'keda.sh') continue;
      const spec = fieldsOf(resource.object.spec) ?? {};
      const min = typeof spec.minReplicaCount === 'number' ? spec.minReplicaCount : 0;
      const target = fieldsOf(spec.scaleTargetRef);
      add(resource, target?.kind ?? 'Deployment', min, spec.maxReplicaCount ?? 100);
    }
    index.autoscalers = autoscalers;
  }
  return index.autoscalers.get(`${namespace}\u0000${kind}\u0000${name}`);
}

/** The replica count a Deployment or StatefulSet runs with at the least: its autoscaler's minimum, else spec.replicas (default 1). */
export function minimumReplicas(spec: Fields, autoscaler: Autoscaler | undefined): number {
  if (autoscaler) return autoscaler.minReplicas;
  return typeof spec.replicas === 'number' ? spec.replicas : 1;
}

/** The ServiceAccount a pod runs as: serviceAccountName, the deprecated serviceAccount, or `default`. */
export function serviceAccountOf(pod: PodTemplate): string {
  const { serviceAccountName, serviceAccount } = pod.spec;
  if (typeof serviceAccountName === 'string' && serviceAccountName !== '') return serviceAccountName;
  if (typeof serviceAccount === 'string' && serviceAccount !== '') return serviceAccount;
  return 'default';
}

/** Whether the kubelet mounts the ServiceAccount token, and which setting decides it. */
export interface TokenMount {
  mounted: boolean;
  /** `pod`: the pod's own automountServiceAccountToken; `serviceAccount`: the account's; `default`: neither is set. */
  decidedBy: 'pod' | 'serviceAccount' | 'default';
  serviceAccount: string;
  /** Whether the ServiceAccount is in the scanned input. */
  accountFound: boolean;
}

const tokenMounts = new WeakMap<Inventory, WeakMap<PodTemplate, TokenMount>>();

/** The pod's setting wins; when it has none, the ServiceAccount's; when neither is set, the token is mounted. */
export function tokenMount(pod: PodTemplate, inventory: Inventory, namespace: string): TokenMount {
  let mounts = tokenMounts.get(inventory);
  if (!mounts) {
    mounts = new WeakMap();
    tokenMounts.set(inventory, mounts);
  }
  let mount = mounts.get(pod);
  if (!mount) {
    mount = decideTokenMount(pod, inventory, namespace);
    mounts.set(pod, mount);
  }
  return mount;
}

function decideTokenMount(pod: PodTemplate, inventory: Inventory, namespace: string): TokenMount {
  const serviceAccount = serviceAccountOf(pod);
  const own = pod.spec.automountServiceAccountToken;
  const account = inventory.find('ServiceAccount', serviceAccount, namespace);
  const accountFound = account !== undefined && account.object.apiVersion === 'v1';
  if (typeof own === 'boolean') return { mounted: own, decidedBy: 'pod', serviceAccount, accountFound };
  const accountSetting = accountFound ? account.object.automountServiceAccountToken : undefined;
  if (typeof accountSetting === 'boolean') {
    return { mounted: accountSetting, decidedBy: 'serviceAccount', serviceAccount, accountFound };
  }
  return { mounted: true, decidedBy: 'default', serviceAccount, accountFound };
}

const PERCENT = /^(\d+)%$/;

/** An IntOrString of a budget resolved against `total` pods, rounding percentages up as the disruption controller does. */
function scaled(value: unknown, total: number): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const percent = PERCENT.exec(value);
  if (percent) return Math.ceil((Number(percent[1]) * total) / 100);
  const number = Number(value);
  return value.trim() !== '' && Number.isInteger(number) ? number : undefined;
}

/** Whether `budget` lets no pod of a workload running `replicas` pods be evicted voluntarily. */
export function allowsNoDisruption(budget: Budget, replicas: number): boolean {
  const minAvailable = scaled(budget.minAvailable, replicas);
  if (minAvailable !== undefined) return minAvailable >= replicas;
  const maxUnavailable = scaled(budget.maxUnavailable, replicas);
  return maxUnavailable !== undefined && maxUnavailable <= 0;
}

/** The kinds whose replica count the workload rules judge, in the apps group. */
export const REPLICATED_KINDS: readonly string[] = ['Deployment', 'StatefulSet'];

const boundAccounts = new WeakMap<Inventory, ReadonlySet<string>>();

/**
 * ServiceAccounts (`namespace/name`) that a RoleBinding or ClusterRoleBinding of the input grants
 * something: their pods call the API, so their token is needed, not forgotten.
 */
export function boundServiceAccounts(inventory: Inventory): ReadonlySet<string> {
  let bound = boundAccounts.get(inventory);
  if (bound) return bound;
  const accounts = new Set<string>();
  for (const kind of ['RoleBinding', 'ClusterRoleBinding']) {
    for (const binding of inventory.ofKind(kind)) {
      const subjects = binding.object.subjects;
      if (!Array.isArray(subjects)) continue;
      const bindingNamespace = binding.object.metadata?.namespace ?? '';
      for (const subject of subjects as Record<string, unknown>[]) {
        if (subject?.kind !== 'ServiceAccount' || typeof subject.name !== 'string') continue;
        const namespace =
          typeof subject.namespace === 'string' && subject.namespace !== '' ? subject.namespace : bindingNamespace;
        accounts.add(`${namespace}/${subject.name}`);
      }
    }
  }
  bound = accounts;
  boundAccounts.set(inventory, bound);
  return bound;
}

/**
 * Whether a Service of the input in `namespace` selects pods with `labels`. A Service without a
 * selector (endpoints managed by hand) selects none here.
 */
export function selectedByService(
  inventory: Inventory,
  namespace: string,
  labels: Readonly<Record<string, string>>,
): boolean {
  const index = indexOf(inventory);
  if (!index.services) {
    index.services = new Map();
    for (const resource of inventory.ofKind('Service')) {
      if (resource.object.apiVersion !== 'v1') continue;
      const selector = fieldsOf(fieldsOf(resource.object.spec)?.selector);
      if (!selector || Object.keys(selector).length === 0) continue;
      const key = namespaceKey(resource);
      const list = index.services.get(key) ?? [];
      list.push(selector as Record<string, string>);
      index.services.set(key, list);
    }
  }
  return (index.services.get(namespace) ?? []).some((selector) => matchesSelector({ matchLabels: selector }, labels));
}
