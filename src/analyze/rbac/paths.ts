import { type Edge, type EdgeKind, type Graph, type GraphNode, nodeIds, TARGETS } from './graph.js';

/**
 * Steps that follow from the step before without any further right: every ServiceAccount of the
 * cluster includes those of kube-system, a pod running as any ServiceAccount runs as this one. They
 * cost nothing, so the shortest path is the one with the fewest grants, not the fewest hops.
 */
const STRUCTURAL: ReadonlySet<EdgeKind> = new Set(['implies', 'run-as']);

export function isStructural(step: Edge): boolean {
  return STRUCTURAL.has(step.kind);
}

/** The steps of a path that take a right: what `rampart rbac paths` and findings count. */
export function grantSteps(path: EscalationPath): number {
  return path.steps.filter((step) => !isStructural(step)).length;
}

export interface EscalationPath {
  from: GraphNode;
  target: GraphNode;
  steps: Edge[];
  /** The node each step leads to. */
  nodes: GraphNode[];
}

/** `cluster-admin`, `secrets` (every namespace), `secrets:NS`, `nodes`: what `--to` accepts. */
export function targetId(name: string): string | undefined {
  if (name === 'cluster-admin') return TARGETS.clusterAdmin;
  if (name === 'secrets') return TARGETS.secrets;
  if (name === 'nodes') return TARGETS.nodes;
  if (name.startsWith('secrets:') && name.length > 'secrets:'.length)
    return nodeIds.secrets(name.slice('secrets:'.length));
  return undefined;
}

/**
 * Shortest paths from every node to one target: one breadth-first search backwards from the
 * target, structural steps free (a 0-1 search: they go to the front of the queue), so every source
 * costs only the walk along its path. Ties go to the edge added first, which keeps answers stable
 * from run to run.
 */
export class PathFinder {
  private readonly next = new Map<string, Edge>();
  readonly target: GraphNode | undefined;

  constructor(
    private readonly graph: Graph,
    target: string,
  ) {
    this.target = graph.nodes.get(target);
    if (!this.target) return;
    // a deque as two stacks' worth of arrays: free steps are searched before the next grant
    const distance = new Map<string, number>([[target, 0]]);
    let current = [target];
    const done = new Set<string>();
    for (let cost = 0; current.length > 0; cost++) {
      const later: string[] = [];
      for (let head = 0; head < current.length; head++) {
        const node = current[head] as string;
        if (done.has(node)) continue;
        done.add(node);
        for (const edge of graph.into.get(node) ?? []) {
          const weight = isStructural(edge) ? 0 : 1;
          const known = distance.get(edge.from);
          if (known !== undefined && known <= cost + weight) continue;
          distance.set(edge.from, cost + weight);
          this.next.set(edge.from, edge);
          (weight === 0 ? current : later).push(edge.from);
        }
      }
      current = later;
    }
  }

  /** The shortest path from a node to the target, or undefined when there is none. */
  pathFrom(id: string): EscalationPath | undefined {
    const from = this.graph.nodes.get(id);
    if (!from || !this.target || id === this.target.id) return undefined;
    const steps: Edge[] = [];
    const nodes: GraphNode[] = [];
    for (let edge = this.next.get(id); edge; edge = this.next.get(edge.to)) {
      steps.push(edge);
      nodes.push(this.graph.nodes.get(edge.to) ?? { id: edge.to, kind: 'target', label: edge.to });
      if (edge.to === this.target.id) return { from, target: this.target, steps, nodes };
    }
    return undefined;
  }

  reaches(id: string): boolean {
    return this.next.has(id);
  }
}
