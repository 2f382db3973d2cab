import type { Inventory } from '../../core/inventory.js';
import type { Resource } from '../../core/resource.js';
import type { WorkloadFact } from './cluster-facts.js';
import { buildEscalationGraph, type EscalationGraph } from './escalation.js';
import { nodeIds } from './graph.js';
import { type EscalationPath, PathFinder } from './paths.js';
import { PolicyIndex, type PolicyOptions } from './policy-index.js';
import type { BindingInfo, RoleInfo, SubjectRef } from './types.js';

/** Everything the RBAC rules of a scan share: built once per inventory, on first use. */
export class RbacAnalysis {
  readonly index: PolicyIndex;
  private escalationGraph: EscalationGraph | undefined;
  private readonly finders = new Map<string, PathFinder>();
  private bindingByResource: Map<Resource, BindingInfo> | undefined;
  private roleByResource: Map<Resource, RoleInfo> | undefined;
  private aggregators: Map<string, RoleInfo[]> | undefined;
  private workloadByResource: Map<Resource, WorkloadFact> | undefined;

  constructor(inventory: Inventory, index?: PolicyIndex | PolicyOptions) {
    this.index = index instanceof PolicyIndex ? index : new PolicyIndex(inventory, index);
  }

  get escalation(): EscalationGraph {
    this.escalationGraph ??= buildEscalationGraph(this.index);
    return this.escalationGraph;
  }

  finder(target: string): PathFinder {
    let finder = this.finders.get(target);
    if (!finder) {
      finder = new PathFinder(this.escalation.graph, target);
      this.finders.set(target, finder);
    }
    return finder;
  }

  /** Makes sure a subject the policy does not name has its node (paths are searched afresh after). */
  ensureSubject(subject: SubjectRef): void {
    if (this.escalation.graph.nodes.has(nodeIds.subject(subject))) return;
    this.escalation.addSubject(subject);
    this.finders.clear();
  }

  pathFrom(subject: SubjectRef, target: string): EscalationPath | undefined {
    return this.finder(target).pathFrom(nodeIds.subject(subject));
  }

  /** The workload facts of a resource; indexed once, since every workload of a scan asks. */
  workload(resource: Resource): WorkloadFact | undefined {
    if (!this.workloadByResource) {
      this.workloadByResource = new Map(this.escalation.facts.workloads.map((w) => [w.resource, w]));
    }
    return this.workloadByResource.get(resource);
  }

  binding(resource: Resource): BindingInfo | undefined {
    if (!this.bindingByResource) this.bindingByResource = new Map(this.index.bindings.map((b) => [b.resource, b]));
    return this.bindingByResource.get(resource);
  }

  /** The role a Role or ClusterRole resource defines (the first definition, when it is defined twice). */
  role(resource: Resource): RoleInfo | undefined {
    if (!this.roleByResource) this.roleByResource = new Map(this.index.roles.map((r) => [r.resource, r]));
    return this.roleByResource.get(resource);
  }

  /** The aggregated ClusterRoles that hold rules of this ClusterRole, directly or through other aggregated roles. */
  aggregatorsOf(role: RoleInfo): readonly RoleInfo[] {
    if (role.kind !== 'ClusterRole') return [];
    if (!this.aggregators) {
      this.aggregators = new Map();
      for (const aggregated of this.index.roles) {
        if (!aggregated.aggregation) continue;
        const sources = new Set(aggregated.rules.map((rule) => rule.aggregatedFrom));
        for (const source of sources) {
          if (source === undefined) continue;
          const list = this.aggregators.get(source);
          if (list) list.push(aggregated);
          else this.aggregators.set(source, [aggregated]);
        }
      }
    }
    return this.aggregators.get(role.name) ?? [];
  }
}

const cache = new WeakMap<Inventory, Map<string, RbacAnalysis>>();

/**
 * The analysis of an inventory for a target Kubernetes version (`v1.N`; the newest modelled when
 * absent), shared by every rule that asks (inventories are read-only to rules).
 */
export function rbacAnalysis(inventory: Inventory, kubernetesVersion?: string): RbacAnalysis {
  let byVersion = cache.get(inventory);
  if (!byVersion) {
    byVersion = new Map();
    cache.set(inventory, byVersion);
  }
  const key = kubernetesVersion ?? '';
  let analysis = byVersion.get(key);
  if (!analysis) {
    analysis = new RbacAnalysis(inventory, kubernetesVersion ? { kubernetesVersion } : {});
    byVersion.set(key, analysis);
  }
  return analysis;
}
