import { type Edge, type Graph, type GraphNode, nodeIds, TARGETS } from './graph.js';

export interface EscalationPath {
  from: GraphNode;
  target: GraphNode;
  steps: Edge[];
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
 * target, so every source costs only the walk along its path. Ties go to the edge added first,
 * which keeps answers stable from run to run.
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
    const queue = [target];
    const seen = new Set(queue);
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] as string;
      for (const edge of graph.into.get(node) ?? []) {
        if (seen.has(edge.from)) continue;
        seen.add(edge.from);
        this.next.set(edge.from, edge);
        queue.push(edge.from);
      }
    }
  }

  /** The shortest path from a node to the target, or undefined when there is none. */
  pathFrom(id: string): EscalationPath | undefined {
    const from = this.graph.nodes.get(id);
    if (!from || !this.target || id === this.target.id) return undefined;
    const steps: Edge[] = [];
    for (let edge = this.next.get(id); edge; edge = this.next.get(edge.to)) {
      steps.push(edge);
      if (edge.to === this.target.id) return { from, target: this.target, steps };
    }
    return undefined;
  }

  reaches(id: string): boolean {
    return this.next.has(id);
  }
}
