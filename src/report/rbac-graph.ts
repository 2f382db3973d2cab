import type { EscalationPath } from '../analyze/rbac/index.js';

interface Drawn {
  nodes: Map<string, string>;
  edges: { from: string; to: string; label: string }[];
}

/** The union of several paths, each node and edge once. */
function union(paths: readonly EscalationPath[]): Drawn {
  const nodes = new Map<string, string>();
  const edges: Drawn['edges'] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    nodes.set(path.from.id, path.from.label);
    for (const step of path.steps) {
      const key = `${step.from}\u0000${step.to}\u0000${step.kind}`;
      if (!nodes.has(step.to)) nodes.set(step.to, step.to === path.target.id ? path.target.label : step.to);
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ from: step.from, to: step.to, label: step.kind });
    }
  }
  return { nodes, edges };
}

/** Graphviz DOT of the paths: `rampart rbac paths -o dot | dot -Tsvg`. */
export function renderDot(paths: readonly EscalationPath[], labels: ReadonlyMap<string, string>): string {
  const { nodes, edges } = union(paths);
  const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['digraph escalation {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  for (const [id, label] of nodes) lines.push(`  ${quote(id)} [label=${quote(labels.get(id) ?? label)}];`);
  for (const edge of edges) lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(edge.label)}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** A Mermaid flowchart of the paths, for Markdown that renders Mermaid (GitHub does). */
export function renderMermaid(paths: readonly EscalationPath[], labels: ReadonlyMap<string, string>): string {
  const { nodes, edges } = union(paths);
  const ids = new Map<string, string>();
  let n = 0;
  for (const id of nodes.keys()) ids.set(id, `n${n++}`);
  const text = (value: string) => value.replace(/"/g, '#quot;');
  const lines = ['flowchart LR'];
  for (const [id, label] of nodes) lines.push(`  ${ids.get(id)}["${text(labels.get(id) ?? label)}"]`);
  for (const edge of edges) lines.push(`  ${ids.get(edge.from)} -->|${text(edge.label)}| ${ids.get(edge.to)}`);
  return `${lines.join('\n')}\n`;
}
